// ValidatingAdmissionPolicy as in the Kubernetes docs' example, through the real kubectl against a
// kind-v1.32-like cluster: the admissionregistration.k8s.io resources in api-resources, the
// `demo-policy.example.com` policy limiting Deployments to 5 replicas in namespaces labelled
// environment=test, a Deployment of 6 refused with kube-apiserver's exact text, a Warn binding's
// `Warning:` line, `kubectl get` columns, and the validation texts of a bad binding.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDaemon } from '../helpers/daemon.js';
import { columns, withoutAge } from '../helpers/kubectl.js';

const policy = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: "demo-policy.example.com"
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - apiGroups:   ["apps"]
      apiVersions: ["v1"]
      operations:  ["CREATE", "UPDATE"]
      resources:   ["deployments"]
  validations:
    - expression: "object.spec.replicas <= 5"
`;

const binding = (name: string, actions: string, environment: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: "${name}"
spec:
  policyName: "demo-policy.example.com"
  validationActions: [${actions}]
  matchResources:
    namespaceSelector:
      matchLabels:
        environment: ${environment}
`;

const deployment = (namespace: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
  namespace: ${namespace}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
`;

test('a ValidatingAdmissionPolicy limits Deployment replicas, as in the Kubernetes docs', async (t) => {
  const daemon = await startDaemon(t, { nodes: 1 });
  const k = daemon.kubectl;
  const apply = (manifest: string) => daemon.kubectlWithInput(manifest, 'apply', '-f', '-');

  await t.test('api-resources lists the admissionregistration.k8s.io resources as kind does', async () => {
    const out = await k('api-resources', '--api-group=admissionregistration.k8s.io');
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(columns(out.stdout), [
      ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'],
      ['mutatingwebhookconfigurations', '', 'admissionregistration.k8s.io/v1', 'false', 'MutatingWebhookConfiguration'],
      ['validatingadmissionpolicies', '', 'admissionregistration.k8s.io/v1', 'false', 'ValidatingAdmissionPolicy'],
      ['validatingadmissionpolicybindings', '', 'admissionregistration.k8s.io/v1', 'false', 'ValidatingAdmissionPolicyBinding'],
      ['validatingwebhookconfigurations', '', 'admissionregistration.k8s.io/v1', 'false', 'ValidatingWebhookConfiguration'],
    ]);
    const wide = await k('api-resources', '--api-group=admissionregistration.k8s.io', '-o', 'wide');
    assert.deepEqual(columns(wide.stdout)[2], ['validatingadmissionpolicies', '', 'admissionregistration.k8s.io/v1', 'false', 'ValidatingAdmissionPolicy', 'create,delete,deletecollection,get,list,patch,update,watch', 'api-extensions']);
  });

  await t.test('the policy and its binding are created and listed', async () => {
    for (const ns of ['test', 'prod']) {
      assert.equal((await k('create', 'namespace', ns)).code, 0);
      assert.equal((await k('label', 'namespace', ns, `environment=${ns}`)).code, 0);
    }
    const created = await apply(policy + '---\n' + binding('demo-binding-test.example.com', 'Deny', 'test'));
    assert.equal(created.code, 0, created.stderr);
    assert.equal(
      created.stdout,
      'validatingadmissionpolicy.admissionregistration.k8s.io/demo-policy.example.com created\nvalidatingadmissionpolicybinding.admissionregistration.k8s.io/demo-binding-test.example.com created\n',
    );
    const policies = await k('get', 'validatingadmissionpolicies');
    assert.deepEqual(withoutAge(columns(policies.stdout)), [
      ['NAME', 'VALIDATIONS', 'PARAMKIND', 'AGE'],
      ['demo-policy.example.com', '1', '<unset>', 'AGE'],
    ]);
    const bindings = await k('get', 'validatingadmissionpolicybindings');
    assert.deepEqual(withoutAge(columns(bindings.stdout)), [
      ['NAME', 'POLICYNAME', 'PARAMREF', 'AGE'],
      ['demo-binding-test.example.com', 'demo-policy.example.com', '<unset>', 'AGE'],
    ]);
  });

  await t.test('a Deployment of 6 replicas in a test namespace is refused', async () => {
    const out = await apply(deployment('test', 6));
    assert.equal(out.code, 1);
    assert.equal(
      out.stderr,
      `The deployments "nginx" is invalid: : ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object.spec.replicas <= 5\n`,
    );
    const created = await k('create', 'deployment', 'nginx', '--image=nginx', '--replicas=6', '-n', 'test');
    assert.equal(
      created.stderr,
      `error: failed to create deployment: deployments.apps "nginx" is forbidden: ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object.spec.replicas <= 5\n`,
    );
    // Within the limit, or in another namespace, it passes.
    assert.equal((await apply(deployment('test', 5))).code, 0);
    assert.equal((await apply(deployment('prod', 6))).code, 0);
    // Applying more replicas is an UPDATE the policy refuses too.
    const updated = await apply(deployment('test', 7));
    assert.equal(updated.code, 1);
    assert.match(updated.stderr, /^The deployments "nginx" is invalid: : ValidatingAdmissionPolicy .* denied request: failed expression: object\.spec\.replicas <= 5\n$/);
    // `kubectl scale` writes deployments/scale, a subresource the rule's `deployments` does not name.
    const scaled = await k('scale', 'deployment', 'nginx', '-n', 'test', '--replicas=7');
    assert.equal(scaled.code, 0, scaled.stderr);
    assert.equal(scaled.stdout, 'deployment.apps/nginx scaled\n');
  });

  await t.test('a Warn binding admits and prints the warning', async () => {
    const out = await apply(binding('demo-binding-prod.example.com', 'Warn', 'prod'));
    assert.equal(out.code, 0, out.stderr);
    const updated = await apply(deployment('prod', 8));
    assert.equal(updated.code, 0, updated.stderr);
    assert.equal(updated.stdout, 'deployment.apps/nginx configured\n');
    assert.equal(
      updated.stderr,
      "Warning: Validation failed for ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-prod.example.com': failed expression: object.spec.replicas <= 5\n",
    );
  });

  await t.test('a webhook kubelab cannot call fails the request as its failurePolicy says', async () => {
    const webhook = (failurePolicy: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: pod-policy.example.com
webhooks:
- name: pod-policy.example.com
  rules:
  - apiGroups: [""]
    apiVersions: ["v1"]
    operations: ["CREATE"]
    resources: ["configmaps"]
    scope: "Namespaced"
  clientConfig:
    service:
      namespace: default
      name: example-service
      path: /validate
  admissionReviewVersions: ["v1"]
  sideEffects: None
  timeoutSeconds: 5
  failurePolicy: ${failurePolicy}
`;
    const fail = await apply(webhook('Fail'));
    assert.equal(fail.code, 0, fail.stderr);
    const listed = await k('get', 'validatingwebhookconfigurations');
    assert.deepEqual(withoutAge(columns(listed.stdout)), [
      ['NAME', 'WEBHOOKS', 'AGE'],
      ['pod-policy.example.com', '1', 'AGE'],
    ]);
    const refused = await apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: test\n');
    assert.equal(refused.code, 1);
    assert.equal(
      refused.stderr,
      'Error from server (InternalError): error when creating "STDIN": Internal error occurred: failed calling webhook "pod-policy.example.com": failed to call webhook: Post "https://example-service.default.svc:443/validate?timeout=5s": service "example-service" not found\n',
    );
    const ignore = await apply(webhook('Ignore'));
    assert.equal(ignore.code, 0, ignore.stderr);
    assert.equal((await apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: test\n')).code, 0);
    assert.equal((await k('delete', 'validatingwebhookconfiguration', 'pod-policy.example.com')).code, 0);
  });

  await t.test('a binding with both Deny and Warn, or an unknown field, is refused', async () => {
    const out = await apply(binding('both.example.com', 'Deny, Warn', 'test'));
    assert.equal(out.code, 1);
    assert.equal(
      out.stderr,
      'The ValidatingAdmissionPolicyBinding "both.example.com" is invalid: spec.validationActions: Invalid value: []string{"Deny", "Warn"}: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)\n',
    );
    // Unknown fields are refused by kubectl's strict field validation, as for every built-in kind.
    const typo = await apply(binding('typo.example.com', 'Deny', 'test').replace('validationActions', 'validationAction'));
    assert.equal(typo.code, 1);
    assert.equal(
      typo.stderr,
      'Error from server (BadRequest): error when creating "STDIN": ValidatingAdmissionPolicyBinding in version "v1" cannot be handled as a ValidatingAdmissionPolicyBinding: strict decoding error: unknown field "spec.validationAction"\n',
    );
  });
});
