// RBAC objects, PriorityClasses, IngressClasses and RuntimeClasses through the real kubectl: the
// api-resources rows, the create subcommands (protobuf bodies), get/describe/explain output and
// the apiserver's messages, as a kubeadm v1.32 cluster prints them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { startDaemon } from '../helpers/daemon.js';
import { columns, withoutAge } from '../helpers/kubectl.js';
import { repoPath } from '../helpers/paths.js';

test('RBAC, PriorityClass, IngressClass and RuntimeClass', async (t) => {
  const daemon = await startDaemon(t, { nodes: 1 });
  const k = daemon.kubectl;
  assert.equal((await k('create', 'namespace', 'rbac-e2e')).code, 0);

  await t.test('api-resources lists the new resources as a 1.32 cluster does', async () => {
    const out = await k('api-resources');
    const rows = columns(out.stdout);
    const wanted = ['ingressclasses', 'runtimeclasses', 'clusterrolebindings', 'clusterroles', 'rolebindings', 'roles', 'priorityclasses'];
    assert.deepEqual(
      rows.filter((r) => wanted.includes(r[0])),
      [
        ['ingressclasses', '', 'networking.k8s.io/v1', 'false', 'IngressClass'],
        ['runtimeclasses', '', 'node.k8s.io/v1', 'false', 'RuntimeClass'],
        ['clusterrolebindings', '', 'rbac.authorization.k8s.io/v1', 'false', 'ClusterRoleBinding'],
        ['clusterroles', '', 'rbac.authorization.k8s.io/v1', 'false', 'ClusterRole'],
        ['rolebindings', '', 'rbac.authorization.k8s.io/v1', 'true', 'RoleBinding'],
        ['roles', '', 'rbac.authorization.k8s.io/v1', 'true', 'Role'],
        ['priorityclasses', 'pc', 'scheduling.k8s.io/v1', 'false', 'PriorityClass'],
      ],
    );
  });

  await t.test('create role and rolebinding, get -o wide, describe', async () => {
    const role = await k('create', 'role', 'pod-reader', '--verb=get,list', '--resource=pods', '-n', 'rbac-e2e');
    assert.equal(role.stdout, 'role.rbac.authorization.k8s.io/pod-reader created\n', role.stderr);
    const binding = await k('create', 'rolebinding', 'read-pods', '--role=pod-reader', '--user=jane', '--serviceaccount=rbac-e2e:default', '-n', 'rbac-e2e');
    assert.equal(binding.stdout, 'rolebinding.rbac.authorization.k8s.io/read-pods created\n', binding.stderr);

    const roles = await k('get', 'roles', '-n', 'rbac-e2e');
    assert.equal(roles.stdout.split('\n')[0], 'NAME         CREATED AT');
    assert.match(roles.stdout.split('\n')[1], /^pod-reader {3}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const wide = await k('get', 'rolebindings', '-o', 'wide', '-n', 'rbac-e2e');
    assert.deepEqual(withoutAge(columns(wide.stdout)), [
      ['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS'],
      ['read-pods', 'Role/pod-reader', 'AGE', 'jane', '', 'rbac-e2e/default'],
    ]);

    const describe = await k('describe', 'role', 'pod-reader', '-n', 'rbac-e2e');
    assert.equal(
      describe.stdout,
      [
        'Name:         pod-reader',
        'Labels:       <none>',
        'Annotations:  <none>',
        'PolicyRule:',
        '  Resources  Non-Resource URLs  Resource Names  Verbs',
        '  ---------  -----------------  --------------  -----',
        '  pods       []                 []              [get list]',
        '',
      ].join('\n'),
    );
    const describeBinding = await k('describe', 'rolebinding', 'read-pods', '-n', 'rbac-e2e');
    assert.deepEqual(
      describeBinding.stdout.split('\n').map((line) => line.trimEnd()),
      [
        'Name:         read-pods',
        'Labels:       <none>',
        'Annotations:  <none>',
        'Role:',
        '  Kind:  Role',
        '  Name:  pod-reader',
        'Subjects:',
        '  Kind            Name     Namespace',
        '  ----            ----     ---------',
        '  User            jane',
        '  ServiceAccount  default  rbac-e2e',
        '',
      ],
    );
  });

  await t.test('create clusterrole and clusterrolebinding; the bootstrap bindings are there', async () => {
    assert.equal((await k('create', 'clusterrole', 'node-viewer', '--verb=get,list,watch', '--resource=nodes')).stdout, 'clusterrole.rbac.authorization.k8s.io/node-viewer created\n');
    const created = await k('create', 'clusterrolebinding', 'view-nodes', '--clusterrole=node-viewer', '--group=devs');
    assert.equal(created.stdout, 'clusterrolebinding.rbac.authorization.k8s.io/view-nodes created\n', created.stderr);
    const wide = await k('get', 'clusterrolebindings', 'view-nodes', 'cluster-admin', 'kubeadm:cluster-admins', 'system:public-info-viewer', '-o', 'wide');
    assert.deepEqual(withoutAge(columns(wide.stdout)), [
      ['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS'],
      ['view-nodes', 'ClusterRole/node-viewer', 'AGE', '', 'devs', ''],
      ['cluster-admin', 'ClusterRole/cluster-admin', 'AGE', '', 'system:masters', ''],
      ['kubeadm:cluster-admins', 'ClusterRole/cluster-admin', 'AGE', '', 'kubeadm:cluster-admins', ''],
      ['system:public-info-viewer', 'ClusterRole/system:public-info-viewer', 'AGE', '', 'system:authenticated, system:unauthenticated', ''],
    ]);
    const leaderLocking = await k('get', 'rolebindings', 'system::leader-locking-kube-scheduler', '-n', 'kube-system', '-o', 'wide');
    assert.deepEqual(withoutAge(columns(leaderLocking.stdout)), [
      ['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS'],
      ['system::leader-locking-kube-scheduler', 'Role/system::leader-locking-kube-scheduler', 'AGE', 'system:kube-scheduler', '', 'kube-system/kube-scheduler'],
    ]);
    const names = (await k('get', 'clusterroles', '-o', 'name')).stdout.split('\n');
    for (const name of ['admin', 'cluster-admin', 'edit', 'view', 'system:basic-user', 'system:discovery', 'system:public-info-viewer', 'system:node', 'system:kube-scheduler', 'system:kube-controller-manager']) {
      assert.ok(names.includes(`clusterrole.rbac.authorization.k8s.io/${name}`), name);
    }
  });

  await t.test('describe clusterrole view prints the aggregated PolicyRule table', async () => {
    const lines = (await k('describe', 'clusterrole', 'view')).stdout.split('\n');
    assert.deepEqual(lines.slice(0, 10), [
      'Name:         view',
      'Labels:       kubernetes.io/bootstrapping=rbac-defaults',
      '              rbac.authorization.k8s.io/aggregate-to-edit=true',
      'Annotations:  rbac.authorization.kubernetes.io/autoupdate: true',
      'PolicyRule:',
      '  Resources                                    Non-Resource URLs  Resource Names  Verbs',
      '  ---------                                    -----------------  --------------  -----',
      '  bindings                                     []                 []              [get list watch]',
      '  configmaps                                   []                 []              [get list watch]',
      '  endpoints                                    []                 []              [get list watch]',
    ]);
    assert.ok(lines.includes('  namespaces/status                            []                 []              [get list watch]'));
    assert.ok(lines.includes('  deployments.apps/scale                       []                 []              [get list watch]'));
    assert.equal(lines.at(-2), '  poddisruptionbudgets.policy                  []                 []              [get list watch]');
  });

  await t.test('explain role.rules', async () => {
    const out = await k('explain', 'role.rules');
    assert.deepEqual(out.stdout.split('\n').slice(0, 10), [
      'GROUP:      rbac.authorization.k8s.io',
      'KIND:       Role',
      'VERSION:    v1',
      '',
      'FIELD: rules <[]PolicyRule>',
      '',
      '',
      'DESCRIPTION:',
      '    Rules holds all the PolicyRules for this Role',
      '    PolicyRule holds information that describes a policy rule, but does not',
    ]);
    assert.match(out.stdout, /\n {2}verbs\t<\[\]string> -required-\n/);
  });

  await t.test('the apiserver refuses a changed roleRef and an invalid rule', async () => {
    const patch = await k('patch', 'rolebinding', 'read-pods', '-n', 'rbac-e2e', '--type=merge', '-p', '{"roleRef":{"name":"other"}}');
    assert.equal(
      patch.stderr,
      'The RoleBinding "read-pods" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"other"}: cannot change roleRef\n',
    );
    const bad = await daemon.kubectlWithInput('{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"bad","namespace":"rbac-e2e"},"rules":[{"apiGroups":[""],"resources":["pods"]}]}', 'create', '-f', '-');
    assert.equal(bad.stderr, 'The Role "bad" is invalid: rules[0].verbs: Required value: verbs must contain at least one value\n');
  });

  await t.test('priority classes: the system ones, create, and pod admission', async () => {
    const created = await k('create', 'priorityclass', 'high-priority', '--value=1000', '--description=for important pods');
    assert.equal(created.stdout, 'priorityclass.scheduling.k8s.io/high-priority created\n', created.stderr);
    assert.deepEqual(withoutAge(columns((await k('get', 'pc')).stdout)), [
      ['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY'],
      ['high-priority', '1000', 'false', 'AGE', 'PreemptLowerPriority'],
      ['system-cluster-critical', '2000000000', 'false', 'AGE', 'PreemptLowerPriority'],
      ['system-node-critical', '2000001000', 'false', 'AGE', 'PreemptLowerPriority'],
    ]);
    const tooHigh = await k('create', 'priorityclass', 'too-high', '--value=2000000000');
    assert.equal(tooHigh.stderr, 'error: failed to create priorityclass: PriorityClass.scheduling.k8s.io "too-high" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000\n');
    const describe = await k('describe', 'pc', 'system-node-critical');
    assert.equal(
      describe.stdout,
      [
        'Name:              system-node-critical',
        'Value:             2000001000',
        'GlobalDefault:     false',
        'PreemptionPolicy:  PreemptLowerPriority',
        'Description:       Used for system critical pods that must not be moved from their current node.',
        'Annotations:       <none>',
        'Events:            <none>',
        '',
      ].join('\n'),
    );

    const unknown = await k('run', 'x', '--image=nginx', '-n', 'rbac-e2e', '--overrides={"spec":{"priorityClassName":"y"}}');
    assert.equal(unknown.stderr, 'Error from server (Forbidden): pods "x" is forbidden: no PriorityClass with name y was found\n');
    assert.equal((await k('run', 'important', '--image=nginx', '-n', 'rbac-e2e', '--overrides={"spec":{"priorityClassName":"high-priority"}}')).code, 0);
    assert.equal((await k('run', 'plain', '--image=nginx', '-n', 'rbac-e2e')).code, 0);
    const pods = await k('get', 'pods', 'important', 'plain', '-n', 'rbac-e2e', '-o', 'custom-columns=NAME:.metadata.name,CLASS:.spec.priorityClassName,PRIORITY:.spec.priority,POLICY:.spec.preemptionPolicy');
    assert.deepEqual(columns(pods.stdout), [
      ['NAME', 'CLASS', 'PRIORITY', 'POLICY'],
      ['important', 'high-priority', '1000', 'PreemptLowerPriority'],
      ['plain', '<none>', '0', 'PreemptLowerPriority'],
    ]);
  });

  await t.test('ingress and runtime classes: apply, get, describe, validation', async () => {
    const applied = await k('apply', '-f', join(repoPath('test', 'e2e', 'fixtures', 'rbac-and-classes'), 'classes.yaml'));
    assert.equal(
      applied.stdout,
      'ingressclass.networking.k8s.io/nginx created\ningressclass.networking.k8s.io/external-lb created\nruntimeclass.node.k8s.io/gvisor created\n',
      applied.stderr,
    );
    assert.deepEqual(withoutAge(columns((await k('get', 'ingressclasses')).stdout)), [
      ['NAME', 'CONTROLLER', 'PARAMETERS', 'AGE'],
      ['external-lb', 'example.com/ingress-controller', 'IngressParameters.k8s.example.com/external-lb', 'AGE'],
      ['nginx', 'k8s.io/ingress-nginx', '<none>', 'AGE'],
    ]);
    assert.deepEqual(withoutAge(columns((await k('get', 'runtimeclasses')).stdout)), [
      ['NAME', 'HANDLER', 'AGE'],
      ['gvisor', 'runsc', 'AGE'],
    ]);
    const describe = await k('describe', 'ingressclass', 'external-lb');
    assert.equal(
      describe.stdout,
      [
        'Name:         external-lb',
        'Labels:       <none>',
        'Annotations:  <none>',
        'Controller:   example.com/ingress-controller',
        'Parameters:',
        '  APIGroup:  k8s.example.com',
        '  Kind:      IngressParameters',
        '  Name:      external-lb',
        'Events:      <none>',
        '',
      ].join('\n'),
    );
    const badClass = await daemon.kubectlWithInput('apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: bad\nspec:\n  controller: nginx\n', 'apply', '-f', '-');
    assert.equal(badClass.stderr, 'The IngressClass "bad" is invalid: spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")\n');
    const badHandler = await daemon.kubectlWithInput('apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata:\n  name: bad\nhandler: Run_SC\n', 'apply', '-f', '-');
    assert.match(badHandler.stderr, /^The RuntimeClass "bad" is invalid: handler: Invalid value: "Run_SC": a lowercase RFC 1123 label must consist of/);
  });
});
