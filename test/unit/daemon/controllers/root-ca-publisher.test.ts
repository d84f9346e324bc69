import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNotFound } from '../../../../shared/api/errors.js';
import { RootCAPublisher } from '../../../../daemon/controllers/root-ca-publisher.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const namespaces = { group: '', version: 'v1', resource: 'namespaces' };
const configMaps = { group: '', version: 'v1', resource: 'configmaps' };
const events = { group: '', version: 'v1', resource: 'events' };
const caPem = '-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIQ\n-----END CERTIFICATE-----\n';
const description =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service (kubernetes.default.svc). No other usage is guaranteed across distributions of Kubernetes clusters.';

function publisher(api: TestApi): RootCAPublisher {
  return RootCAPublisher.fromContext({ ...api, rootCA: caPem }) as RootCAPublisher;
}

/** Takes every queued key, as a worker would, and returns them. */
async function drain(queue: RootCAPublisher['queue']): Promise<string[]> {
  const keys: string[] = [];
  while (queue.len() > 0) {
    const key = (await queue.get())!;
    keys.push(key);
    queue.done(key);
  }
  return keys;
}

test('publishes kube-root-ca.crt with the CA and the description in every namespace', async (t) => {
  const api = await startApi(t);
  const controller = publisher(api);
  await api.client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab' } });
  await api.syncInformers();
  const queued = (await drain(controller.queue)).sort();
  assert.deepEqual(queued, ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'lab']);
  for (const ns of queued) await controller.sync(ns);

  const cm = await api.client.get(configMaps, 'lab', 'kube-root-ca.crt');
  assert.deepEqual(cm.data, { 'ca.crt': caPem });
  assert.deepEqual(cm.metadata.annotations, { 'kubernetes.io/description': description });
  assert.equal(cm.metadata.labels, undefined);
  assert.equal(cm.metadata.ownerReferences, undefined);
  const all = await api.client.list(configMaps, undefined);
  assert.deepEqual(all.items.map((c) => `${c.metadata.namespace}/${c.metadata.name}`).sort(), [
    'default/kube-root-ca.crt', 'kube-node-lease/kube-root-ca.crt', 'kube-public/kube-root-ca.crt', 'kube-system/kube-root-ca.crt', 'lab/kube-root-ca.crt',
  ]);
  assert.deepEqual((await api.client.list(events, undefined)).items, [], 'the real controller records no events');
});

test('recreates the ConfigMap when it is deleted', async (t) => {
  const api = await startApi(t);
  const controller = publisher(api);
  await api.syncInformers();
  await controller.sync('default');
  const first = await api.client.get(configMaps, 'default', 'kube-root-ca.crt');
  await waitFor(() => api.informers.informerFor(configMaps).get('default/kube-root-ca.crt'), { what: 'the ConfigMap in the cache' });
  await drain(controller.queue);

  await api.client.delete(configMaps, 'default', 'kube-root-ca.crt');
  await waitFor(() => !api.informers.informerFor(configMaps).get('default/kube-root-ca.crt'), { what: 'the deletion in the cache' });
  assert.deepEqual(await drain(controller.queue), ['default']);
  await controller.sync('default');
  const again = await api.client.get(configMaps, 'default', 'kube-root-ca.crt');
  assert.notEqual(again.metadata.uid, first.metadata.uid);
  assert.deepEqual(again.data, { 'ca.crt': caPem });
});

test('puts back edited data and a removed description, and leaves other annotations', async (t) => {
  const api = await startApi(t);
  const controller = publisher(api);
  await api.syncInformers();
  await controller.sync('default');
  const cm = await api.client.get(configMaps, 'default', 'kube-root-ca.crt');
  cm.data = { 'ca.crt': 'tampered', extra: 'x' };
  cm.metadata.annotations = { team: 'blue' };
  const edited = await api.client.update(configMaps, cm);
  await waitFor(() => api.informers.informerFor(configMaps).get('default/kube-root-ca.crt')?.metadata.resourceVersion === edited.metadata.resourceVersion, { what: 'the edit in the cache' });
  assert.ok((await drain(controller.queue)).includes('default'), 'an update of the ConfigMap queues its namespace');
  await controller.sync('default');
  const restored = await api.client.get(configMaps, 'default', 'kube-root-ca.crt');
  assert.deepEqual(restored.data, { 'ca.crt': caPem });
  assert.deepEqual(restored.metadata.annotations, { team: 'blue', 'kubernetes.io/description': description });
});

test('leaves an up-to-date ConfigMap alone', async (t) => {
  const api = await startApi(t);
  const controller = publisher(api);
  await api.syncInformers();
  await controller.sync('default');
  const cm = await api.client.get(configMaps, 'default', 'kube-root-ca.crt');
  await waitFor(() => api.informers.informerFor(configMaps).get('default/kube-root-ca.crt'), { what: 'the ConfigMap in the cache' });
  await controller.sync('default');
  assert.equal((await api.client.get(configMaps, 'default', 'kube-root-ca.crt')).metadata.resourceVersion, cm.metadata.resourceVersion);
});

test('creates nothing in a terminating namespace, and does not retry', async (t) => {
  const api = await startApi(t);
  const controller = publisher(api);
  await api.client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab' } });
  await api.client.delete(namespaces, undefined, 'lab');
  await api.syncInformers();
  await controller.sync('lab');
  await assert.rejects(api.client.get(configMaps, 'lab', 'kube-root-ca.crt'), isNotFound);
});

test('without a CA bundle in the context the controller does nothing', async (t) => {
  const api = await startApi(t);
  const controller = RootCAPublisher.fromContext(api);
  assert.equal(controller.name, 'root-ca-cert-publisher');
  await controller.start(new AbortController().signal);
  assert.deepEqual((await api.client.list(configMaps, undefined)).items, []);
});
