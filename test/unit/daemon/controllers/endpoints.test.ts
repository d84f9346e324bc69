import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNotFound } from '../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { EndpointsController } from '../../../../daemon/controllers/endpoints.js';
import { formatEndpoints } from '../../../../shared/printers/endpoints.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const services = { group: '', version: 'v1', resource: 'services' };
const endpoints = { group: '', version: 'v1', resource: 'endpoints' };
const events = { group: '', version: 'v1', resource: 'events' };

interface PodSpec {
  ip?: string;
  ready?: boolean;
  node?: string;
  labels?: Record<string, string>;
  phase?: string;
  ports?: { name?: string; containerPort: number }[];
}

/** Creates a pod and, like a kubelet, reports its IP and readiness through the status subresource. */
async function runPod(api: TestApi, name: string, spec: PodSpec = {}): Promise<KubeObject> {
  const pod = await api.client.create(pods, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: spec.labels ?? { app: 'web' } },
    spec: { nodeName: spec.node ?? 'kind-worker', containers: [{ name: 'web', image: 'nginx', ports: spec.ports ?? [{ name: 'http', containerPort: 8080 }] }] },
  });
  if (!spec.ip) return pod;
  const ready = spec.ready ?? true;
  const conditions = [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2026-01-01T00:00:05Z' }];
  return api.client.update(pods, { ...pod, status: { phase: spec.phase ?? 'Running', podIP: spec.ip, podIPs: [{ ip: spec.ip }], conditions } }, { subresource: 'status' });
}

async function createService(api: TestApi, name: string, spec: Record<string, unknown>, labels?: Record<string, string>): Promise<KubeObject> {
  return api.client.create(services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name, labels }, spec });
}

async function setup(t: Parameters<typeof startApi>[0]): Promise<{ api: TestApi; controller: EndpointsController }> {
  const api = await startApi(t);
  const controller = EndpointsController.fromContext(api);
  return { api, controller };
}

test('lists ready pods in addresses and not-ready ones in notReadyAddresses, with the resolved port', async (t) => {
  const { api, controller } = await setup(t);
  const service = await createService(api, 'web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] }, { app: 'web' });
  const ready = await runPod(api, 'web-1', { ip: '10.244.1.5', node: 'kind-worker' });
  const notReady = await runPod(api, 'web-2', { ip: '10.244.2.3', node: 'kind-worker2', ready: false });
  await runPod(api, 'no-ip'); // not started yet: no IP, not listed
  await runPod(api, 'other', { ip: '10.244.1.9', labels: { app: 'db' } });
  await api.syncInformers();
  await controller.sync('default/web');

  const ep = await api.client.get(endpoints, 'default', 'web');
  assert.deepEqual(ep.metadata.labels, { app: 'web' });
  assert.equal(ep.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'], service.metadata.creationTimestamp);
  assert.deepEqual(ep.subsets, [
    {
      addresses: [{ ip: '10.244.1.5', nodeName: 'kind-worker', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: ready.metadata.uid } }],
      notReadyAddresses: [{ ip: '10.244.2.3', nodeName: 'kind-worker2', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-2', uid: notReady.metadata.uid } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    },
  ]);
});

test('kubectl get endpoints shows the ready addresses with their ports', async (t) => {
  const { api, controller } = await setup(t);
  await createService(api, 'web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
  await runPod(api, 'web-1', { ip: '10.244.1.5' });
  await runPod(api, 'web-2', { ip: '10.244.1.10' });
  await api.syncInformers();
  await controller.sync('default/web');
  const ep = await api.client.get(endpoints, 'default', 'web');
  // Sorted as Go compares the IP strings byte by byte.
  assert.deepEqual(ep.subsets[0].addresses.map((a: { ip: string }) => a.ip), ['10.244.1.10', '10.244.1.5']);
  assert.deepEqual(ep.subsets[0].ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  assert.equal(formatEndpoints(ep), '10.244.1.10:8080,10.244.1.5:8080');
});

const cases: { name: string; given: { service: Record<string, unknown>; pods: [string, PodSpec][] }; want: unknown }[] = [
  {
    name: 'a Service matching no pods has an Endpoints object with no subsets',
    given: { service: { selector: { app: 'none' }, ports: [{ port: 80 }] }, pods: [['web-1', { ip: '10.244.1.5' }]] },
    want: undefined,
  },
  {
    name: 'publishNotReadyAddresses lists not-ready pods as addresses',
    given: { service: { selector: { app: 'web' }, ports: [{ port: 80 }], publishNotReadyAddresses: true }, pods: [['web-1', { ip: '10.244.1.5', ready: false }]] },
    want: [['10.244.1.5'], undefined],
  },
  {
    name: 'terminal pods are left out',
    given: { service: { selector: { app: 'web' }, ports: [{ port: 80 }] }, pods: [['done', { ip: '10.244.1.5', phase: 'Succeeded', ready: false }]] },
    want: undefined,
  },
  {
    name: 'pods whose named targetPort cannot be resolved are left out',
    given: { service: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'metrics' }] }, pods: [['web-1', { ip: '10.244.1.5' }]] },
    want: undefined,
  },
];

for (const { name, given, want } of cases) {
  test(name, async (t) => {
    const { api, controller } = await setup(t);
    await createService(api, 'web', given.service);
    for (const [podName, spec] of given.pods) await runPod(api, podName, spec);
    await api.syncInformers();
    await controller.sync('default/web');
    const ep = await api.client.get(endpoints, 'default', 'web');
    const got = ep.subsets?.map((s: { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[] }) => [s.addresses?.map((a) => a.ip), s.notReadyAddresses?.map((a) => a.ip)])[0];
    assert.deepEqual(got, want);
  });
}

test('a headless Service gets the headless label; one with several ports lists each', async (t) => {
  const { api, controller } = await setup(t);
  await createService(api, 'db', { clusterIP: 'None', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'admin', port: 9000 }] });
  await runPod(api, 'web-1', { ip: '10.244.1.5' });
  await api.syncInformers();
  await controller.sync('default/db');
  const ep = await api.client.get(endpoints, 'default', 'db');
  assert.deepEqual(ep.metadata.labels, { 'service.kubernetes.io/headless': '' });
  assert.deepEqual(ep.subsets[0].ports, [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'admin', port: 9000, protocol: 'TCP' }]);
});

test('leaves Services without a selector alone, the kubernetes Service included', async (t) => {
  const { api, controller } = await setup(t);
  await createService(api, 'external', { ports: [{ port: 80 }] });
  await api.syncInformers();
  await controller.sync('default/external');
  await controller.sync('default/kubernetes');
  await assert.rejects(api.client.get(endpoints, 'default', 'external'), isNotFound);
  const kubernetes = await api.client.get(endpoints, 'default', 'kubernetes');
  assert.deepEqual(kubernetes.subsets[0].ports, [{ name: 'https', port: 6443, protocol: 'TCP' }]);
});

test('follows a pod becoming ready, and deletes the Endpoints with the Service', async (t) => {
  const { api, controller } = await setup(t);
  await createService(api, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
  const pod = await runPod(api, 'web-1', { ip: '10.244.1.5', ready: false });
  await api.syncInformers();
  await controller.sync('default/web');
  const informer = api.informers.informerFor(endpoints);
  await waitFor(() => informer.get('default/web'), { what: 'the Endpoints in the cache' });

  const conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:01:00Z' }];
  await api.client.update(pods, { ...pod, metadata: { ...pod.metadata, resourceVersion: undefined }, status: { ...pod.status, conditions } }, { subresource: 'status' });
  await waitFor(() => api.informers.informerFor(pods).get('default/web-1')?.status?.conditions?.[0]?.status === 'True', { what: 'the ready pod in the cache' });
  assert.ok(controller.queue.len() > 0, 'the pod change queued the Service');
  await controller.sync('default/web');
  const ep = await api.client.get(endpoints, 'default', 'web');
  assert.deepEqual(ep.subsets[0].addresses.map((a: { ip: string }) => a.ip), ['10.244.1.5']);
  assert.equal(ep.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'], '2026-01-01T00:01:00Z');

  await api.client.delete(services, 'default', 'web');
  await waitFor(() => !api.informers.informerFor(services).get('default/web'), { what: 'the Service gone from the cache' });
  await controller.sync('default/web');
  await assert.rejects(api.client.get(endpoints, 'default', 'web'), isNotFound);
  assert.deepEqual((await api.client.list(events, 'default')).items.map((e) => e.reason), []);
});
