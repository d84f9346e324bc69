// The kube-proxy addon, created through the in-process API as `kubeadm init` leaves it, and left
// alone when it exists (a restart, or a user's edit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapKubeProxy } from '../../../../daemon/apiserver/bootstrap-kube-proxy.js';
import { startApi } from '../../../helpers/api.js';

const ref = (group: string, resource: string) => ({ group, version: 'v1', resource });
test('creates the kube-proxy ServiceAccount, ConfigMap and DaemonSet as kubeadm does', async (t) => {
  const { client } = await startApi(t);
  await bootstrapKubeProxy(client);
  const sa = await client.get(ref('', 'serviceaccounts'), 'kube-system', 'kube-proxy');
  assert.equal(sa.metadata.name, 'kube-proxy');
  const cm = await client.get(ref('', 'configmaps'), 'kube-system', 'kube-proxy');
  assert.deepEqual(cm.metadata.labels, { app: 'kube-proxy' });
  assert.deepEqual(Object.keys(cm.data).sort(), ['config.conf', 'kubeconfig.conf']);
  assert.match(cm.data['config.conf'], /^apiVersion: kubeproxy\.config\.k8s\.io\/v1alpha1\n/);
  assert.match(cm.data['config.conf'], /\nclusterCIDR: 10\.244\.0\.0\/16\n/);
  assert.match(cm.data['config.conf'], /\nmode: iptables\n/);
  assert.match(cm.data['kubeconfig.conf'], /\n    server: https:\/\/control-plane:6443\n/);
  const ds = await client.get(ref('apps', 'daemonsets'), 'kube-system', 'kube-proxy');
  assert.deepEqual(ds.metadata.labels, { 'k8s-app': 'kube-proxy' });
  assert.deepEqual(ds.spec.selector, { matchLabels: { 'k8s-app': 'kube-proxy' } });
  assert.deepEqual(ds.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  const pod = ds.spec.template.spec;
  assert.deepEqual([pod.hostNetwork, pod.priorityClassName, pod.serviceAccountName], [true, 'system-node-critical', 'kube-proxy']);
  assert.deepEqual(pod.tolerations, [{ operator: 'Exists' }]);
  assert.deepEqual(pod.nodeSelector, { 'kubernetes.io/os': 'linux' });
  assert.equal(pod.containers[0].image, 'registry.k8s.io/kube-proxy:v1.32.4');
  assert.deepEqual(pod.containers[0].command, ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)']);
  assert.deepEqual(pod.volumes.map((v: { name: string }) => v.name), ['kube-proxy', 'xtables-lock', 'lib-modules']);
});

test('leaves an existing kube-proxy DaemonSet as the user left it', async (t) => {
  const { client } = await startApi(t);
  await bootstrapKubeProxy(client);
  const ds = await client.get(ref('apps', 'daemonsets'), 'kube-system', 'kube-proxy');
  ds.metadata.labels = { ...ds.metadata.labels, edited: 'yes' };
  await client.update(ref('apps', 'daemonsets'), ds);
  await bootstrapKubeProxy(client);
  assert.equal((await client.get(ref('apps', 'daemonsets'), 'kube-system', 'kube-proxy')).metadata.labels?.edited, 'yes');
});
