// kind's storage addon, created through the in-process API as `kind create cluster` v0.26 leaves
// it, left alone when it exists, and skipped while its namespace terminates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapLocalPathStorage } from '../../../../daemon/apiserver/bootstrap-local-path-storage.js';
import { startApi } from '../../../helpers/api.js';

const ref = (group: string, resource: string) => ({ group, version: 'v1', resource });
const rbac = (resource: string) => ref('rbac.authorization.k8s.io', resource);

test('creates the local-path-storage namespace, RBAC, ConfigMap and Deployment as kind v0.26 does', async (t) => {
  const { client } = await startApi(t);
  await bootstrapLocalPathStorage(client);
  const ns = await client.get(ref('', 'namespaces'), undefined, 'local-path-storage');
  assert.deepEqual(ns.metadata.labels, { 'kubernetes.io/metadata.name': 'local-path-storage' });
  assert.ok(await client.get(ref('', 'serviceaccounts'), 'local-path-storage', 'local-path-provisioner-service-account'));
  const subjects = [{ kind: 'ServiceAccount', name: 'local-path-provisioner-service-account', namespace: 'local-path-storage' }];
  const role = await client.get(rbac('roles'), 'local-path-storage', 'local-path-provisioner-role');
  assert.deepEqual(role.rules, [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'] }]);
  const clusterRole = await client.get(rbac('clusterroles'), undefined, 'local-path-provisioner-role');
  assert.deepEqual(clusterRole.rules.map((r: { resources: string[] }) => r.resources.join(',')), ['nodes,persistentvolumeclaims,configmaps,pods,pods/log', 'persistentvolumes', 'events', 'storageclasses']);
  const roleBinding = await client.get(rbac('rolebindings'), 'local-path-storage', 'local-path-provisioner-bind');
  assert.deepEqual([roleBinding.roleRef.kind, roleBinding.roleRef.name, roleBinding.subjects], ['Role', 'local-path-provisioner-role', subjects]);
  const clusterBinding = await client.get(rbac('clusterrolebindings'), undefined, 'local-path-provisioner-bind');
  assert.deepEqual([clusterBinding.roleRef.kind, clusterBinding.roleRef.name, clusterBinding.subjects], ['ClusterRole', 'local-path-provisioner-role', subjects]);

  const cm = await client.get(ref('', 'configmaps'), 'local-path-storage', 'local-path-config');
  assert.deepEqual(Object.keys(cm.data), ['config.json', 'helperPod.yaml', 'setup', 'teardown']);
  assert.equal(cm.data['config.json'], '{\n        "nodePathMap":[\n        {\n                "node":"DEFAULT_PATH_FOR_NON_LISTED_NODES",\n                "paths":["/var/local-path-provisioner"]\n        }\n        ]\n}');
  assert.equal(cm.data.setup, '#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"');
  assert.equal(cm.data.teardown, '#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"');
  assert.match(cm.data['helperPod.yaml'], /\n  - name: helper-pod\n    image: docker\.io\/kindest\/local-path-helper:v20241212-8ac705d0\n    imagePullPolicy: IfNotPresent$/);

  const deploy = await client.get(ref('apps', 'deployments'), 'local-path-storage', 'local-path-provisioner');
  assert.equal(deploy.metadata.labels, undefined);
  assert.deepEqual([deploy.spec.replicas, deploy.spec.selector], [1, { matchLabels: { app: 'local-path-provisioner' } }]);
  const pod = deploy.spec.template.spec;
  assert.deepEqual(pod.nodeSelector, { 'kubernetes.io/os': 'linux' });
  assert.deepEqual(pod.tolerations, [
    { key: 'node-role.kubernetes.io/control-plane', operator: 'Equal', effect: 'NoSchedule' },
    { key: 'node-role.kubernetes.io/master', operator: 'Equal', effect: 'NoSchedule' },
  ]);
  assert.equal(pod.serviceAccountName, 'local-path-provisioner-service-account');
  const container = pod.containers[0];
  assert.equal(container.image, 'docker.io/kindest/local-path-provisioner:v20241212-8ac705d0');
  assert.deepEqual(container.command, ['local-path-provisioner', '--debug', 'start', '--helper-image', 'docker.io/kindest/local-path-helper:v20241212-8ac705d0', '--config', '/etc/config/config.json']);
  assert.deepEqual(container.env, [
    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
    { name: 'CONFIG_MOUNT_PATH', value: '/etc/config/' },
  ]);
  assert.deepEqual(container.volumeMounts, [{ name: 'config-volume', mountPath: '/etc/config/' }]);
  assert.equal(pod.volumes[0].configMap.name, 'local-path-config');
});

test('the standard StorageClass comes from the cluster bootstrap, once', async (t) => {
  const { client } = await startApi(t);
  await bootstrapLocalPathStorage(client);
  const classes = (await client.list(ref('storage.k8s.io', 'storageclasses'), undefined)).items;
  assert.deepEqual(classes.map((c) => [c.metadata.name, c.provisioner, c.volumeBindingMode, c.reclaimPolicy]), [['standard', 'rancher.io/local-path', 'WaitForFirstConsumer', 'Delete']]);
});

test('leaves an existing Deployment and ConfigMap as the user left them', async (t) => {
  const { client } = await startApi(t);
  await bootstrapLocalPathStorage(client);
  const cm = await client.get(ref('', 'configmaps'), 'local-path-storage', 'local-path-config');
  cm.data.setup = '#!/bin/sh\necho mine';
  await client.update(ref('', 'configmaps'), cm);
  const deploy = await client.get(ref('apps', 'deployments'), 'local-path-storage', 'local-path-provisioner');
  deploy.spec.replicas = 0;
  await client.update(ref('apps', 'deployments'), deploy);
  await bootstrapLocalPathStorage(client);
  assert.equal((await client.get(ref('', 'configmaps'), 'local-path-storage', 'local-path-config')).data.setup, '#!/bin/sh\necho mine');
  assert.equal((await client.get(ref('apps', 'deployments'), 'local-path-storage', 'local-path-provisioner')).spec.replicas, 0);
});

test('a terminating local-path-storage namespace is left to finish: nothing is created in it', async (t) => {
  const { client } = await startApi(t);
  await client.create(ref('', 'namespaces'), undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'local-path-storage' } });
  // The namespace controller does not run here, so the kubernetes finalizer keeps it Terminating.
  await client.delete(ref('', 'namespaces'), undefined, 'local-path-storage');
  await bootstrapLocalPathStorage(client);
  assert.equal((await client.get(ref('', 'namespaces'), undefined, 'local-path-storage')).status.phase, 'Terminating');
  assert.deepEqual((await client.list(ref('apps', 'deployments'), 'local-path-storage')).items, []);
});
