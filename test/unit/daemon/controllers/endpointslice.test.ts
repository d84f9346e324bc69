import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { EndpointSliceController } from '../../../../daemon/controllers/endpointslice.js';
import { reconcileSlices } from '../../../../daemon/controllers/endpointslice-reconciler.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const services = { group: '', version: 'v1', resource: 'services' };
const endpointSlices = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };

async function runPod(api: TestApi, name: string, ip: string, ready = true): Promise<KubeObject> {
  const pod = await api.client.create(pods, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' } },
    spec: { nodeName: 'kind-worker', containers: [{ name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] },
  });
  const conditions = [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2026-01-01T00:00:05Z' }];
  return api.client.update(pods, { ...pod, status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions } }, { subresource: 'status' });
}

async function slicesOf(api: TestApi, service: string): Promise<KubeObject[]> {
  return (await api.client.list(endpointSlices, 'default', { labelSelector: `kubernetes.io/service-name=${service}` })).items;
}

/** Waits until the slice cache holds what the API holds, so the next sync sees our last write. */
async function settle(api: TestApi, service: string): Promise<void> {
  const want = JSON.stringify((await slicesOf(api, service)).map((s) => s.metadata.resourceVersion).sort());
  const informer = api.informers.informerFor(endpointSlices);
  const cached = (): string => JSON.stringify(informer.list().filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === service).map((s) => s.metadata.resourceVersion).sort());
  await waitFor(() => cached() === want, { what: 'the slice cache to catch up' });
}

test('publishes the selected pods in one slice named after the Service and owned by it', async (t) => {
  const api = await startApi(t);
  const controller = EndpointSliceController.fromContext(api);
  const service = await api.client.create(services, 'default', {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: { tier: 'front' } },
    spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] },
  });
  const ready = await runPod(api, 'web-1', '10.244.1.5');
  const starting = await runPod(api, 'web-2', '10.244.2.3', false);
  await api.syncInformers();
  await controller.sync('default/web');

  const [slice, ...more] = await slicesOf(api, 'web');
  assert.equal(more.length, 0);
  assert.match(slice!.metadata.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.deepEqual(slice!.metadata.labels, {
    tier: 'front',
    'kubernetes.io/service-name': 'web',
    'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
  });
  assert.deepEqual(slice!.metadata.annotations, { 'endpoints.kubernetes.io/last-change-trigger-time': service.metadata.creationTimestamp });
  assert.deepEqual(slice!.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: service.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  assert.equal(slice!.addressType, 'IPv4');
  assert.deepEqual(slice!.ports, [{ name: '', protocol: 'TCP', port: 8080 }]);
  assert.deepEqual(slice!.endpoints, [
    { addresses: ['10.244.1.5'], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: ready.metadata.uid }, nodeName: 'kind-worker' },
    { addresses: ['10.244.2.3'], conditions: { ready: false, serving: false, terminating: false }, targetRef: { kind: 'Pod', namespace: 'default', name: 'web-2', uid: starting.metadata.uid }, nodeName: 'kind-worker' },
  ]);
});

test('keeps one placeholder slice while no pod matches, and reuses it once one does', async (t) => {
  const api = await startApi(t);
  const controller = EndpointSliceController.fromContext(api);
  await api.client.create(services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
  await api.syncInformers();
  await controller.sync('default/web');
  const [placeholder] = await slicesOf(api, 'web');
  assert.equal(placeholder!.endpoints, null);
  assert.equal(placeholder!.ports, null);

  await settle(api, 'web');
  await controller.sync('default/web');
  assert.equal((await slicesOf(api, 'web')).length, 1, 'a second sync changes nothing');

  await runPod(api, 'web-1', '10.244.1.5');
  await waitFor(() => api.informers.informerFor(pods).get('default/web-1')?.status?.podIP, { what: 'the pod in the cache' });
  await controller.sync('default/web');
  const [slice, ...more] = await slicesOf(api, 'web');
  assert.equal(more.length, 0);
  assert.equal(slice!.metadata.name, placeholder!.metadata.name);
  assert.deepEqual(slice!.ports, [{ name: '', protocol: 'TCP', port: 80 }]);
  assert.deepEqual(slice!.endpoints.map((e: { addresses: string[] }) => e.addresses[0]), ['10.244.1.5']);
});

test('a terminating pod stays with ready false, serving as it was, and terminating true', async (t) => {
  const api = await startApi(t);
  const controller = EndpointSliceController.fromContext(api);
  await api.client.create(services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
  await runPod(api, 'web-1', '10.244.1.5');
  await api.syncInformers();
  await controller.sync('default/web');
  await settle(api, 'web');

  await api.client.delete(pods, 'default', 'web-1'); // bound to a node: it terminates with its grace period
  await waitFor(() => api.informers.informerFor(pods).get('default/web-1')?.metadata.deletionTimestamp, { what: 'the terminating pod in the cache' });
  await controller.sync('default/web');
  const [slice] = await slicesOf(api, 'web');
  assert.deepEqual(slice!.endpoints[0].conditions, { ready: false, serving: true, terminating: true });
  // Deleting the pod moved no Ready transition, so this sync has no trigger time: the annotation goes.
  assert.equal(slice!.metadata.annotations, undefined);
});

test('leaves Services without a selector alone', async (t) => {
  const api = await startApi(t);
  const controller = EndpointSliceController.fromContext(api);
  await api.client.create(services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'external' }, spec: { ports: [{ port: 80 }] } });
  await api.syncInformers();
  await controller.sync('default/external');
  await controller.sync('default/kubernetes');
  assert.deepEqual(await slicesOf(api, 'external'), []);
  const [kubernetes] = await slicesOf(api, 'kubernetes');
  assert.equal(kubernetes!.metadata.labels?.['endpointslice.kubernetes.io/managed-by'], undefined);
});

test('splits more than 100 endpoints over slices of at most 100, and fills an existing slice before making a new one', () => {
  const service: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 'svc-uid' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
  const pod = (i: number): KubeObject => ({
    metadata: { name: `web-${String(i).padStart(3, '0')}`, namespace: 'default', uid: `uid-${i}`, labels: { app: 'web' } },
    spec: { nodeName: 'kind-worker', containers: [] },
    status: { phase: 'Running', podIP: `10.244.${Math.floor(i / 250)}.${(i % 250) + 2}`, conditions: [{ type: 'Ready', status: 'True' }] },
  });
  const first = reconcileSlices(service, Array.from({ length: 150 }, (_, i) => pod(i)), []);
  assert.deepEqual(first.create.map((s) => s.endpoints.length), [100, 50]);
  assert.deepEqual([first.update.length, first.delete.length], [0, 0]);

  const existing = first.create.map((s, i) => ({ ...s, metadata: { ...s.metadata, name: `web-slice${i}` } }));
  const second = reconcileSlices(service, Array.from({ length: 170 }, (_, i) => pod(i)), existing);
  assert.deepEqual(second.create, []);
  assert.deepEqual(second.update.map((s) => [s.metadata.name, s.endpoints.length]), [['web-slice1', 70]]);
});
