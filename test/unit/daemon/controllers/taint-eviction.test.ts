import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNotFound } from '../../../../shared/api/errors.js';
import { TaintEvictionController } from '../../../../daemon/controllers/taint-eviction.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const nodes = { group: '', version: 'v1', resource: 'nodes' };
const pods = { group: '', version: 'v1', resource: 'pods' };
const events = { group: '', version: 'v1', resource: 'events' };

const unreachable = [
  { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: '2026-01-01T00:00:00Z' },
  { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' },
];

async function setup(t: Parameters<typeof startApi>[0], taints: object[], podSpec: object = {}): Promise<{ api: TestApi; controller: TaintEvictionController }> {
  const api = await startApi(t);
  const controller = TaintEvictionController.fromContext(api);
  await api.client.create(nodes, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node2' }, spec: { taints } });
  await api.client.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { nodeName: 'node2', containers: [{ name: 'c', image: 'nginx' }], ...podSpec } });
  await api.syncInformers();
  await waitFor(() => api.informers.informerFor(pods).get('default/web'), { what: 'the pod in the cache' });
  return { api, controller };
}

async function podEvents(api: TestApi): Promise<string[]> {
  const list = await api.client.list(events, 'default');
  return list.items.filter((e) => e.involvedObject.name === 'web').map((e) => `${e.type} ${e.reason} ${e.source.component}: ${e.message}`);
}

test('evicts a pod 300 s after the unreachable taint was added, as its default toleration allows', async (t) => {
  const { api, controller } = await setup(t, unreachable);
  await controller.sync('default/web');
  assert.equal((await api.client.get(pods, 'default', 'web')).metadata.deletionTimestamp, undefined, 'tolerated for now');

  api.clock.step(299_000);
  await controller.sync('default/web');
  assert.equal((await api.client.get(pods, 'default', 'web')).metadata.deletionTimestamp, undefined, 'still tolerated at 299 s');

  api.clock.step(1_000);
  await controller.sync('default/web');
  const pod = await api.client.get(pods, 'default', 'web');
  assert.equal(pod.metadata.deletionTimestamp, '2026-01-01T00:05:30Z', 'deleted with its 30 s grace period');
  assert.deepEqual(pod.status.conditions.find((c: { type: string }) => c.type === 'DisruptionTarget'), {
    type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:05:00Z',
  });
  await controller.recorder.flush();
  assert.deepEqual(await podEvents(api), ['Normal TaintManagerEviction taint-eviction-controller: Marking for deletion Pod default/web']);
});

test('deletes at once a pod that does not tolerate a NoExecute taint', async (t) => {
  const { api, controller } = await setup(t, [{ key: 'dedicated', value: 'db', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' }]);
  await controller.sync('default/web');
  assert.ok((await api.client.get(pods, 'default', 'web')).metadata.deletionTimestamp);
  await controller.recorder.flush();
  assert.deepEqual(await podEvents(api), ['Normal TaintManagerEviction taint-eviction-controller: Marking for deletion Pod default/web']);
});

test('leaves alone a pod not yet bound to a node', async (t) => {
  const { api, controller } = await setup(t, [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }], { nodeName: undefined });
  await controller.sync('default/web');
  assert.equal((await api.client.get(pods, 'default', 'web')).metadata.deletionTimestamp, undefined);
});

test('leaves a pod that tolerates the taint forever', async (t) => {
  const { api, controller } = await setup(t, [{ key: 'dedicated', value: 'db', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' }], {
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoExecute' }],
  });
  api.clock.step(3_600_000);
  await controller.sync('default/web');
  assert.equal((await api.client.get(pods, 'default', 'web')).metadata.deletionTimestamp, undefined);
});

test('cancels a pending eviction when the taint goes away', async (t) => {
  const { api, controller } = await setup(t, unreachable);
  await controller.sync('default/web');
  const node = await api.client.get(nodes, undefined, 'node2');
  const updated = await api.client.update(nodes, { ...node, spec: { ...node.spec, taints: [] } });
  await waitFor(() => api.informers.informerFor(nodes).get('node2')?.metadata.resourceVersion === updated.metadata.resourceVersion, { what: 'the untainted node in the cache' });
  await controller.sync('default/web');
  api.clock.step(301_000);
  await controller.sync('default/web');
  assert.equal((await api.client.get(pods, 'default', 'web')).metadata.deletionTimestamp, undefined);
  await controller.recorder.flush();
  assert.deepEqual(await podEvents(api), ['Normal TaintManagerEviction taint-eviction-controller: Cancelling deletion of Pod default/web']);
});

test('a pod deleted while its eviction is pending has it cancelled, as k/k reports it', async (t) => {
  const { api, controller } = await setup(t, unreachable);
  await controller.sync('default/web');
  await api.client.delete(pods, 'default', 'web', { gracePeriodSeconds: 0 });
  await waitFor(() => !api.informers.informerFor(pods).get('default/web'), { what: 'the pod gone from the cache' });
  await controller.sync('default/web');
  await assert.rejects(api.client.get(pods, 'default', 'web'), isNotFound);
  await controller.recorder.flush();
  assert.deepEqual(await podEvents(api), ['Normal TaintManagerEviction taint-eviction-controller: Cancelling deletion of Pod default/web']);
});
