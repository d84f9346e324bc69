import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNotFound } from '../../../../shared/api/errors.js';
import type { KubeObject, OwnerReference } from '../../../../shared/api/meta.js';
import { GarbageCollector } from '../../../../daemon/controllers/garbage-collector.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const configmaps = { group: '', version: 'v1', resource: 'configmaps' };
const namespaces = { group: '', version: 'v1', resource: 'namespaces' };
const events = { group: '', version: 'v1', resource: 'events' };
const replicasets = { group: 'apps', version: 'v1', resource: 'replicasets' };
const deployments = { group: 'apps', version: 'v1', resource: 'deployments' };

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };

function controllerRef(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion!, kind: owner.kind!, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

async function replicaSetWithPod(api: TestApi): Promise<{ rs: KubeObject; pod: KubeObject }> {
  const rs = await api.client.create(replicasets, 'default', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d4f' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template } });
  const pod = await api.client.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-5d4f-x8k2p', labels: { app: 'web' }, ownerReferences: [controllerRef(rs)] }, spec: template.spec });
  return { rs, pod };
}

async function configMap(api: TestApi, namespace: string, name: string, owners: OwnerReference[] = []): Promise<KubeObject> {
  return api.client.create(configmaps, namespace, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ownerReferences: owners.length ? owners : undefined } });
}

async function gone(api: TestApi, ref: typeof pods, namespace: string, name: string): Promise<boolean> {
  return api.client.get(ref, namespace, name).then(() => false, (err) => isNotFound(err));
}

/** Waits until the graph has seen the object go (its informer delivered the delete). */
async function cacheForgets(api: TestApi, ref: typeof pods, key: string): Promise<void> {
  await waitFor(() => !api.informers.informerFor(ref).get(key), { what: `${key} gone from the cache` });
}

test('deletes the pods of a ReplicaSet deleted in the background', async (t) => {
  const api = await startApi(t, { gc: true });
  const gc = GarbageCollector.fromContext(api);
  const { pod } = await replicaSetWithPod(api);
  await api.syncInformers();
  await api.client.delete(replicasets, 'default', 'web-5d4f', { propagationPolicy: 'Background' });
  await cacheForgets(api, replicasets, 'default/web-5d4f');
  await gc.sync(pod.metadata.uid!);
  assert.ok(await gone(api, pods, 'default', 'web-5d4f-x8k2p'));
});

test('foreground deletion keeps the owner, deletes its blocking dependents, then lets the owner go', async (t) => {
  const api = await startApi(t, { gc: true });
  const gc = GarbageCollector.fromContext(api);
  const { rs, pod } = await replicaSetWithPod(api);
  await api.syncInformers();
  const deleting = await api.client.delete(replicasets, 'default', 'web-5d4f', { propagationPolicy: 'Foreground' });
  assert.deepEqual(deleting.metadata.finalizers, ['foregroundDeletion']);
  await waitFor(() => gc.graph.get(rs.metadata.uid!)?.deletingDependents, { what: 'the graph to see the foreground deletion' });

  await gc.sync(rs.metadata.uid!);
  assert.equal(await gone(api, replicasets, 'default', 'web-5d4f'), false, 'the owner waits for its pod');
  await gc.sync(pod.metadata.uid!);
  assert.ok(await gone(api, pods, 'default', 'web-5d4f-x8k2p'));
  await cacheForgets(api, pods, 'default/web-5d4f-x8k2p');
  await gc.sync(rs.metadata.uid!);
  assert.ok(await gone(api, replicasets, 'default', 'web-5d4f'));
});

test('orphan deletion strips the ownerReferences and keeps the pods', async (t) => {
  const api = await startApi(t, { gc: true });
  const gc = GarbageCollector.fromContext(api);
  const { rs } = await replicaSetWithPod(api);
  await api.syncInformers();
  const deleting = await api.client.delete(replicasets, 'default', 'web-5d4f', { propagationPolicy: 'Orphan' });
  assert.deepEqual(deleting.metadata.finalizers, ['orphan']);
  await waitFor(() => gc.graph.get(rs.metadata.uid!)?.orphaning, { what: 'the graph to see the orphan deletion' });
  await gc.sync(rs.metadata.uid!);
  assert.ok(await gone(api, replicasets, 'default', 'web-5d4f'));
  const pod = await api.client.get(pods, 'default', 'web-5d4f-x8k2p');
  assert.equal(pod.metadata.ownerReferences, undefined);
});

test('deletes an object created with an owner that does not exist', async (t) => {
  const api = await startApi(t, { gc: true });
  const gc = GarbageCollector.fromContext(api);
  const missing: OwnerReference = { apiVersion: 'v1', kind: 'ConfigMap', name: 'gone', uid: '5c2b7e1a-0000-4000-8000-000000000001' };
  const dependent = await configMap(api, 'default', 'child', [missing]);
  await api.syncInformers();
  await gc.sync(missing.uid); // the virtual owner is checked against the API
  await gc.sync(dependent.metadata.uid!);
  assert.ok(await gone(api, configmaps, 'default', 'child'));
});

test('keeps an object that still has an owner, dropping the reference to the one that went', async (t) => {
  const api = await startApi(t, { gc: true });
  const gc = GarbageCollector.fromContext(api);
  const first = await configMap(api, 'default', 'first');
  const second = await configMap(api, 'default', 'second');
  const ref = (o: KubeObject): OwnerReference => ({ apiVersion: 'v1', kind: 'ConfigMap', name: o.metadata.name!, uid: o.metadata.uid! });
  const dependent = await configMap(api, 'default', 'child', [ref(first), ref(second)]);
  await api.syncInformers();
  await api.client.delete(configmaps, 'default', 'first');
  await cacheForgets(api, configmaps, 'default/first');
  await gc.sync(dependent.metadata.uid!);
  const child = await api.client.get(configmaps, 'default', 'child');
  assert.deepEqual(child.metadata.ownerReferences, [ref(second)]);
});

test('warns about an owner in another namespace and collects the dependent', async (t) => {
  const api = await startApi(t, { gc: true });
  const gc = GarbageCollector.fromContext(api);
  await api.client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
  const owner = await configMap(api, 'other', 'owner');
  const dependent = await configMap(api, 'default', 'child', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid! }]);
  await api.syncInformers();
  await waitFor(async () => (await api.client.list(events, 'default')).items.length > 0, { what: 'the warning' });
  const [event] = (await api.client.list(events, 'default')).items;
  assert.deepEqual(
    { type: event!.type, reason: event!.reason, message: event!.message, source: event!.source, object: event!.involvedObject.name },
    {
      type: 'Warning',
      reason: 'OwnerRefInvalidNamespace',
      message: `ownerRef [v1/ConfigMap, namespace: default, name: owner, uid: ${owner.metadata.uid}] does not exist in namespace "default"`,
      source: { component: 'garbage-collector-controller' },
      object: 'child',
    },
  );
  await gc.sync(dependent.metadata.uid!);
  assert.ok(await gone(api, configmaps, 'default', 'child'));
});

test('running, it collects a whole Deployment: ReplicaSet, then pods', async (t) => {
  const api = await startApi(t, { gc: true });
  const gc = GarbageCollector.fromContext(api);
  const deployment = await api.client.create(deployments, 'default', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template } });
  const rs = await api.client.create(replicasets, 'default', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d4f', ownerReferences: [controllerRef(deployment)] }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template } });
  for (const name of ['web-5d4f-x8k2p', 'web-5d4f-q7wzm']) {
    await api.client.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'web' }, ownerReferences: [controllerRef(rs)] }, spec: template.spec });
  }
  const abort = new AbortController();
  t.after(() => abort.abort());
  await api.syncInformers();
  const running = gc.start(abort.signal);
  await api.client.delete(deployments, 'default', 'web');
  await waitFor(async () => (await api.client.list(pods, 'default')).items.length === 0 && (await gone(api, replicasets, 'default', 'web-5d4f')), { what: 'the ReplicaSet and its pods to be collected' });
  abort.abort();
  await running;
});
