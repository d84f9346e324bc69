// kind's CNI addon, created through the in-process API as `kind create cluster` v0.26 leaves it,
// and left alone when it exists (a restart, or a user's edit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapKindnet } from '../../../../daemon/apiserver/bootstrap-kindnet.js';
import { startApi } from '../../../helpers/api.js';

const ref = (group: string, resource: string) => ({ group, version: 'v1', resource });

test('creates the kindnet ClusterRole, binding, ServiceAccount and DaemonSet as kind v0.26 does', async (t) => {
  const { client } = await startApi(t);
  await bootstrapKindnet(client);
  const role = await client.get(ref('rbac.authorization.k8s.io', 'clusterroles'), undefined, 'kindnet');
  assert.deepEqual(role.rules, [
    { apiGroups: ['policy'], resources: ['podsecuritypolicies'], verbs: ['use'], resourceNames: ['kindnet'] },
    { apiGroups: [''], resources: ['nodes', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
    { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['list', 'watch'] },
  ]);
  const binding = await client.get(ref('rbac.authorization.k8s.io', 'clusterrolebindings'), undefined, 'kindnet');
  assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kindnet' });
  assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'kindnet', namespace: 'kube-system' }]);
  assert.equal((await client.get(ref('', 'serviceaccounts'), 'kube-system', 'kindnet')).metadata.name, 'kindnet');

  const ds = await client.get(ref('apps', 'daemonsets'), 'kube-system', 'kindnet');
  assert.deepEqual(ds.metadata.labels, { tier: 'node', app: 'kindnet', 'k8s-app': 'kindnet' });
  assert.deepEqual(ds.spec.selector, { matchLabels: { app: 'kindnet' } });
  // Defaulted by the API server: kind's manifest sets no strategy.
  assert.deepEqual(ds.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  const pod = ds.spec.template.spec;
  assert.deepEqual([pod.hostNetwork, pod.serviceAccountName, pod.priorityClassName], [true, 'kindnet', undefined]);
  assert.deepEqual(pod.tolerations, [{ operator: 'Exists' }]);
  assert.deepEqual(pod.nodeSelector, { 'kubernetes.io/os': 'linux' });
  const container = pod.containers[0];
  assert.deepEqual([container.name, container.image], ['kindnet-cni', 'docker.io/kindest/kindnetd:v20241212-9f82dd49']);
  assert.deepEqual(container.env, [
    { name: 'HOST_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.hostIP' } } },
    { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
    { name: 'POD_SUBNET', value: '10.244.0.0/16' },
    { name: 'CONTROL_PLANE_ENDPOINT', value: 'control-plane:6443' },
  ]);
  assert.deepEqual(container.resources, { requests: { cpu: '100m', memory: '50Mi' }, limits: { cpu: '100m', memory: '50Mi' } });
  assert.deepEqual(container.volumeMounts, [
    { name: 'cni-cfg', mountPath: '/etc/cni/net.d' },
    { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
    { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
  ]);
  assert.deepEqual(container.securityContext, { privileged: false, capabilities: { add: ['NET_RAW', 'NET_ADMIN'] } });
  assert.deepEqual(pod.volumes, [
    { name: 'cni-cfg', hostPath: { path: '/etc/cni/net.d', type: '' } },
    { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
    { name: 'lib-modules', hostPath: { path: '/lib/modules', type: '' } },
  ]);
});

test('leaves an existing kindnet DaemonSet as the user left it', async (t) => {
  const { client } = await startApi(t);
  await bootstrapKindnet(client);
  const ds = await client.get(ref('apps', 'daemonsets'), 'kube-system', 'kindnet');
  ds.metadata.labels = { ...ds.metadata.labels, edited: 'yes' };
  await client.update(ref('apps', 'daemonsets'), ds);
  await bootstrapKindnet(client);
  assert.equal((await client.get(ref('apps', 'daemonsets'), 'kube-system', 'kindnet')).metadata.labels?.edited, 'yes');
});
