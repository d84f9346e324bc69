// `kubectl api-resources` as on kind v1.32, and the resources that list adds beyond the everyday
// kinds, through the real kubectl: the aggregator's APIServices, the delegated access and token
// reviews, the legacy bindings resource, the kubelets' CSINodes and the API Priority and Fairness
// bootstrap objects.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { startDaemon } from '../helpers/daemon.js';
import { columns, withoutAge } from '../helpers/kubectl.js';
import { repoPath } from '../helpers/paths.js';
import { waitFor } from '../helpers/wait-for.js';

const fixture = (name: string): string => join(repoPath('test', 'e2e', 'fixtures', 'api-resources'), name);

test('kubectl api-resources and the resources kind lists beyond the everyday kinds', async (t) => {
  const daemon = await startDaemon(t, { nodes: 1 });
  const k = daemon.kubectl;
  assert.equal((await k('create', 'namespace', 'api-resources-e2e')).code, 0);

  await t.test('api-resources lists what a kind v1.32 cluster lists', async () => {
    const out = await k('api-resources');
    assert.equal(out.code, 0, out.stderr);
    const rows = columns(out.stdout);
    assert.deepEqual(rows, [
      ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'],
      ['bindings', '', 'v1', 'true', 'Binding'],
      ['componentstatuses', 'cs', 'v1', 'false', 'ComponentStatus'],
      ['configmaps', 'cm', 'v1', 'true', 'ConfigMap'],
      ['endpoints', 'ep', 'v1', 'true', 'Endpoints'],
      ['events', 'ev', 'v1', 'true', 'Event'],
      ['limitranges', 'limits', 'v1', 'true', 'LimitRange'],
      ['namespaces', 'ns', 'v1', 'false', 'Namespace'],
      ['nodes', 'no', 'v1', 'false', 'Node'],
      ['persistentvolumeclaims', 'pvc', 'v1', 'true', 'PersistentVolumeClaim'],
      ['persistentvolumes', 'pv', 'v1', 'false', 'PersistentVolume'],
      ['pods', 'po', 'v1', 'true', 'Pod'],
      ['podtemplates', '', 'v1', 'true', 'PodTemplate'],
      ['replicationcontrollers', 'rc', 'v1', 'true', 'ReplicationController'],
      ['resourcequotas', 'quota', 'v1', 'true', 'ResourceQuota'],
      ['secrets', '', 'v1', 'true', 'Secret'],
      ['serviceaccounts', 'sa', 'v1', 'true', 'ServiceAccount'],
      ['services', 'svc', 'v1', 'true', 'Service'],
      ['mutatingwebhookconfigurations', '', 'admissionregistration.k8s.io/v1', 'false', 'MutatingWebhookConfiguration'],
      ['validatingadmissionpolicies', '', 'admissionregistration.k8s.io/v1', 'false', 'ValidatingAdmissionPolicy'],
      ['validatingadmissionpolicybindings', '', 'admissionregistration.k8s.io/v1', 'false', 'ValidatingAdmissionPolicyBinding'],
      ['validatingwebhookconfigurations', '', 'admissionregistration.k8s.io/v1', 'false', 'ValidatingWebhookConfiguration'],
      ['customresourcedefinitions', 'crd,crds', 'apiextensions.k8s.io/v1', 'false', 'CustomResourceDefinition'],
      ['apiservices', '', 'apiregistration.k8s.io/v1', 'false', 'APIService'],
      ['controllerrevisions', '', 'apps/v1', 'true', 'ControllerRevision'],
      ['daemonsets', 'ds', 'apps/v1', 'true', 'DaemonSet'],
      ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment'],
      ['replicasets', 'rs', 'apps/v1', 'true', 'ReplicaSet'],
      ['statefulsets', 'sts', 'apps/v1', 'true', 'StatefulSet'],
      ['selfsubjectreviews', '', 'authentication.k8s.io/v1', 'false', 'SelfSubjectReview'],
      ['tokenreviews', '', 'authentication.k8s.io/v1', 'false', 'TokenReview'],
      ['localsubjectaccessreviews', '', 'authorization.k8s.io/v1', 'true', 'LocalSubjectAccessReview'],
      ['selfsubjectaccessreviews', '', 'authorization.k8s.io/v1', 'false', 'SelfSubjectAccessReview'],
      ['selfsubjectrulesreviews', '', 'authorization.k8s.io/v1', 'false', 'SelfSubjectRulesReview'],
      ['subjectaccessreviews', '', 'authorization.k8s.io/v1', 'false', 'SubjectAccessReview'],
      ['horizontalpodautoscalers', 'hpa', 'autoscaling/v2', 'true', 'HorizontalPodAutoscaler'],
      ['cronjobs', 'cj', 'batch/v1', 'true', 'CronJob'],
      ['jobs', '', 'batch/v1', 'true', 'Job'],
      ['certificatesigningrequests', 'csr', 'certificates.k8s.io/v1', 'false', 'CertificateSigningRequest'],
      ['leases', '', 'coordination.k8s.io/v1', 'true', 'Lease'],
      ['endpointslices', '', 'discovery.k8s.io/v1', 'true', 'EndpointSlice'],
      ['events', 'ev', 'events.k8s.io/v1', 'true', 'Event'],
      ['flowschemas', '', 'flowcontrol.apiserver.k8s.io/v1', 'false', 'FlowSchema'],
      ['prioritylevelconfigurations', '', 'flowcontrol.apiserver.k8s.io/v1', 'false', 'PriorityLevelConfiguration'],
      ['ingressclasses', '', 'networking.k8s.io/v1', 'false', 'IngressClass'],
      ['ingresses', 'ing', 'networking.k8s.io/v1', 'true', 'Ingress'],
      ['networkpolicies', 'netpol', 'networking.k8s.io/v1', 'true', 'NetworkPolicy'],
      ['runtimeclasses', '', 'node.k8s.io/v1', 'false', 'RuntimeClass'],
      ['poddisruptionbudgets', 'pdb', 'policy/v1', 'true', 'PodDisruptionBudget'],
      ['clusterrolebindings', '', 'rbac.authorization.k8s.io/v1', 'false', 'ClusterRoleBinding'],
      ['clusterroles', '', 'rbac.authorization.k8s.io/v1', 'false', 'ClusterRole'],
      ['rolebindings', '', 'rbac.authorization.k8s.io/v1', 'true', 'RoleBinding'],
      ['roles', '', 'rbac.authorization.k8s.io/v1', 'true', 'Role'],
      ['priorityclasses', 'pc', 'scheduling.k8s.io/v1', 'false', 'PriorityClass'],
      ['csidrivers', '', 'storage.k8s.io/v1', 'false', 'CSIDriver'],
      ['csinodes', '', 'storage.k8s.io/v1', 'false', 'CSINode'],
      ['csistoragecapacities', '', 'storage.k8s.io/v1', 'true', 'CSIStorageCapacity'],
      ['storageclasses', 'sc', 'storage.k8s.io/v1', 'false', 'StorageClass'],
      ['volumeattachments', '', 'storage.k8s.io/v1', 'false', 'VolumeAttachment'],
    ]);
  });

  await t.test('/apis lists the aggregator\'s group first, then by group priority', async () => {
    const out = await k('get', '--raw', '/apis');
    assert.equal(out.code, 0, out.stderr);
    const groups = (JSON.parse(out.stdout) as { groups: { name: string }[] }).groups.map((g) => g.name);
    assert.deepEqual(groups, [
      'apiregistration.k8s.io',
      'apps',
      'events.k8s.io',
      'authentication.k8s.io',
      'authorization.k8s.io',
      'autoscaling',
      'batch',
      'certificates.k8s.io',
      'networking.k8s.io',
      'policy',
      'rbac.authorization.k8s.io',
      'storage.k8s.io',
      'admissionregistration.k8s.io',
      'apiextensions.k8s.io',
      'scheduling.k8s.io',
      'coordination.k8s.io',
      'node.k8s.io',
      'discovery.k8s.io',
      'flowcontrol.apiserver.k8s.io',
    ]);
  });

  await t.test('get apiservices: one local, available APIService per served group-version', async () => {
    const out = await k('get', 'apiservices');
    assert.equal(out.code, 0, out.stderr);
    const rows = withoutAge(columns(out.stdout));
    const local = (name: string) => [name, 'Local', 'True', 'AGE'];
    assert.deepEqual(rows, [
      ['NAME', 'SERVICE', 'AVAILABLE', 'AGE'],
      local('v1.'),
      local('v1.admissionregistration.k8s.io'),
      local('v1.apiextensions.k8s.io'),
      local('v1.apps'),
      local('v1.authentication.k8s.io'),
      local('v1.authorization.k8s.io'),
      local('v1.autoscaling'),
      local('v1.batch'),
      local('v1.certificates.k8s.io'),
      local('v1.coordination.k8s.io'),
      local('v1.discovery.k8s.io'),
      local('v1.events.k8s.io'),
      local('v1.flowcontrol.apiserver.k8s.io'),
      local('v1.networking.k8s.io'),
      local('v1.node.k8s.io'),
      local('v1.policy'),
      local('v1.rbac.authorization.k8s.io'),
      local('v1.scheduling.k8s.io'),
      local('v1.storage.k8s.io'),
      local('v2.autoscaling'),
    ]);
    const apps = await k('get', 'apiservice', 'v1.apps', '-o', 'jsonpath={.metadata.labels}{"\\n"}{.spec}{"\\n"}{.status.conditions[0].reason}: {.status.conditions[0].message}');
    assert.equal(
      apps.stdout,
      '{"kube-aggregator.kubernetes.io/automanaged":"onstart"}\n{"group":"apps","groupPriorityMinimum":17800,"version":"v1","versionPriority":15}\nLocal: Local APIServices are always available',
    );
  });

  await t.test('an APIService backed by a missing Service is not available', async () => {
    const created = await k('create', '-f', fixture('apiservice.yaml'));
    assert.equal(created.stdout, 'apiservice.apiregistration.k8s.io/v1beta1.metrics.k8s.io created\n', created.stderr);
    const rows = await waitFor(
      async () => {
        const table = withoutAge(columns((await k('get', 'apiservice', 'v1beta1.metrics.k8s.io')).stdout));
        return table[1]?.[2] === 'False (ServiceNotFound)' && table;
      },
      { what: 'the available controller to write the condition' },
    );
    assert.deepEqual(rows, [
      ['NAME', 'SERVICE', 'AVAILABLE', 'AGE'],
      ['v1beta1.metrics.k8s.io', 'kube-system/metrics-server', 'False (ServiceNotFound)', 'AGE'],
    ]);
    assert.equal((await k('delete', 'apiservice', 'v1beta1.metrics.k8s.io')).code, 0);
  });

  await t.test('create -f a SubjectAccessReview answers from RBAC', async () => {
    const out = await k('create', '-f', fixture('subject-access-review.yaml'), '-o', 'yaml');
    assert.equal(out.code, 0, out.stderr);
    assert.equal(
      out.stdout,
      [
        'apiVersion: authorization.k8s.io/v1',
        'kind: SubjectAccessReview',
        'metadata:',
        '  creationTimestamp: null',
        'spec:',
        '  resourceAttributes:',
        '    namespace: default',
        '    resource: bindings',
        '    verb: create',
        '  user: system:kube-scheduler',
        'status:',
        '  allowed: true',
        '  reason: \'RBAC: allowed by ClusterRoleBinding "system:kube-scheduler" of ClusterRole',
        '    "system:kube-scheduler" to User "system:kube-scheduler"\'',
        '',
      ].join('\n'),
    );
    const invalid = await k('create', '-f', fixture('subject-access-review-no-user.yaml'));
    assert.equal(invalid.code, 1);
    assert.equal(invalid.stderr, 'The request is invalid: spec.user: Invalid value: "": at least one of user or group must be specified\n');
  });

  await t.test('only the delegators of the bootstrap policy may ask about others', async () => {
    const denied = await k('create', '-f', fixture('subject-access-review.yaml'), '--as=bob');
    assert.equal(
      denied.stderr,
      'Error from server (Forbidden): error when creating "' + fixture('subject-access-review.yaml') + '": subjectaccessreviews.authorization.k8s.io is forbidden: User "bob" cannot create resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope\n',
    );
    const delegator = await k('auth', 'can-i', 'create', 'tokenreviews', '--as=system:kube-controller-manager');
    assert.equal(delegator.stdout, 'yes\n', delegator.stderr);
  });

  await t.test('a LocalSubjectAccessReview must stay in its namespace', async () => {
    const out = await k('create', '-f', fixture('local-subject-access-review.yaml'));
    assert.equal(out.stderr, 'The request is invalid: spec.resourceAttributes.namespace: Invalid value: "default": must match metadata.namespace\n');
  });

  await t.test('create -f a TokenReview names the token\'s service account', async () => {
    const token = (await k('create', 'token', 'default', '-n', 'api-resources-e2e')).stdout.trim();
    const review = JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } });
    const out = await daemon.kubectlWithInput(review, 'create', '-f', '-', '-o', 'jsonpath={.status.authenticated} {.status.user.username} {.status.audiences}');
    assert.equal(out.stdout, 'true system:serviceaccount:api-resources-e2e:default ["https://kubernetes.default.svc.cluster.local"]', out.stderr);
  });

  await t.test('a Binding posted to bindings binds the pod it is named after', async () => {
    const pod = await k('run', 'unscheduled', '--image=nginx', '-n', 'api-resources-e2e', '--overrides={"spec":{"schedulerName":"no-scheduler"}}');
    assert.equal(pod.code, 0, pod.stderr);
    const bound = await k('create', '-f', fixture('binding.yaml'), '-n', 'api-resources-e2e');
    assert.equal(bound.code, 0, bound.stderr);
    assert.equal((await k('get', 'pod', 'unscheduled', '-n', 'api-resources-e2e', '-o', 'jsonpath={.spec.nodeName}')).stdout, 'node1');
    const again = await k('create', '-f', fixture('binding.yaml'), '-n', 'api-resources-e2e');
    assert.equal(again.stderr, 'Error from server (Conflict): error when creating "' + fixture('binding.yaml') + '": Operation cannot be fulfilled on pods/binding "unscheduled": pod unscheduled is already assigned to node "node1"\n');
  });

  await t.test('get csinodes: one per node, no drivers; the other CSI kinds are empty', async () => {
    const out = await k('get', 'csinodes');
    assert.deepEqual(withoutAge(columns(out.stdout)), [
      ['NAME', 'DRIVERS', 'AGE'],
      ['control-plane', '0', 'AGE'],
      ['node1', '0', 'AGE'],
    ]);
    const owner = await k('get', 'csinode', 'node1', '-o', 'jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {.spec}');
    assert.equal(owner.stdout, 'Node/node1 {"drivers":null}');
    for (const kind of ['csidrivers', 'volumeattachments']) {
      const empty = await k('get', kind);
      assert.equal(empty.stderr, 'No resources found\n', kind);
    }
    assert.equal((await k('get', 'csistoragecapacities', '-A')).stderr, 'No resources found\n');
  });

  await t.test('get flowschemas and prioritylevelconfigurations: the v1.32 bootstrap configuration', async () => {
    const schemas = await k('get', 'flowschemas');
    assert.deepEqual(withoutAge(columns(schemas.stdout)), [
      ['NAME', 'PRIORITYLEVEL', 'MATCHINGPRECEDENCE', 'DISTINGUISHERMETHOD', 'AGE', 'MISSINGPL'],
      ['exempt', 'exempt', '1', '<none>', 'AGE', 'False'],
      ['probes', 'exempt', '2', '<none>', 'AGE', 'False'],
      ['system-leader-election', 'leader-election', '100', 'ByUser', 'AGE', 'False'],
      ['endpoint-controller', 'workload-high', '150', 'ByUser', 'AGE', 'False'],
      ['workload-leader-election', 'leader-election', '200', 'ByUser', 'AGE', 'False'],
      ['system-node-high', 'node-high', '400', 'ByUser', 'AGE', 'False'],
      ['system-nodes', 'system', '500', 'ByUser', 'AGE', 'False'],
      ['kube-controller-manager', 'workload-high', '800', 'ByNamespace', 'AGE', 'False'],
      ['kube-scheduler', 'workload-high', '800', 'ByNamespace', 'AGE', 'False'],
      ['kube-system-service-accounts', 'workload-high', '900', 'ByNamespace', 'AGE', 'False'],
      ['service-accounts', 'workload-low', '9000', 'ByUser', 'AGE', 'False'],
      ['global-default', 'global-default', '9900', 'ByUser', 'AGE', 'False'],
      ['catch-all', 'catch-all', '10000', 'ByUser', 'AGE', 'False'],
    ]);
    const levels = await k('get', 'prioritylevelconfigurations');
    assert.deepEqual(withoutAge(columns(levels.stdout)), [
      ['NAME', 'TYPE', 'NOMINALCONCURRENCYSHARES', 'QUEUES', 'HANDSIZE', 'QUEUELENGTHLIMIT', 'AGE'],
      ['catch-all', 'Limited', '5', '<none>', '<none>', '<none>', 'AGE'],
      ['exempt', 'Exempt', '<none>', '<none>', '<none>', '<none>', 'AGE'],
      ['global-default', 'Limited', '20', '128', '6', '50', 'AGE'],
      ['leader-election', 'Limited', '10', '16', '4', '50', 'AGE'],
      ['node-high', 'Limited', '40', '64', '6', '50', 'AGE'],
      ['system', 'Limited', '30', '64', '6', '50', 'AGE'],
      ['workload-high', 'Limited', '40', '128', '6', '50', 'AGE'],
      ['workload-low', 'Limited', '100', '128', '6', '50', 'AGE'],
    ]);
    const annotation = await k('get', 'flowschema', 'catch-all', '-o', 'jsonpath={.metadata.annotations}');
    assert.equal(annotation.stdout, '{"apf.kubernetes.io/autoupdate-spec":"true"}');
  });

  await t.test('explain describes the new kinds from the v1.32 API docs', async () => {
    const out = await k('explain', 'flowschemas.spec.matchingPrecedence');
    assert.equal(out.code, 0, out.stderr);
    assert.equal(
      out.stdout,
      [
        'GROUP:      flowcontrol.apiserver.k8s.io',
        'KIND:       FlowSchema',
        'VERSION:    v1',
        '',
        'FIELD: matchingPrecedence <integer>',
        '',
        '',
        'DESCRIPTION:',
        '    `matchingPrecedence` is used to choose among the FlowSchemas that match a',
        '    given request. The chosen FlowSchema is among those with the numerically',
        '    lowest (which we take to be logically highest) MatchingPrecedence.  Each',
        '    MatchingPrecedence value must be ranged in [1,10000]. Note that if the',
        '    precedence is not specified, it will be set to 1000 as default.',
        '    ',
        '',
        '',
      ].join('\n'),
    );
  });
});
