// Preemption through the in-process API (no kubelets, so a gracefully deleted victim stays
// Terminating until the test removes it): what the preemptor, the victim and the events show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { Scheduler } from '../../../../daemon/scheduler/scheduler.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { createLabNodes } from '../../../helpers/nodes.js';
import { waitFor } from '../../../helpers/wait-for.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const events = { group: '', version: 'v1', resource: 'events' };
const priorityClasses = { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses' };
const taint = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';

function podObject(name: string, cpu: string, spec: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu } } }], ...spec } };
}

async function setUp(t: Parameters<typeof startApi>[0]): Promise<{ api: TestApi; scheduler: Scheduler }> {
  const api = await startApi(t);
  const scheduler = Scheduler.fromContext(api);
  await createLabNodes(api.client, 1);
  await api.client.create(priorityClasses, undefined, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000000 });
  await api.syncInformers();
  await waitFor(() => scheduler.cache.nodes.length === 2, { what: 'the scheduler to see the nodes' });
  return { api, scheduler };
}

async function attempt(api: TestApi, scheduler: Scheduler, name: string): Promise<KubeObject> {
  await scheduler.sync(`default/${name}`);
  await scheduler.recorder.flush();
  return api.client.get(pods, 'default', name);
}

function condition(pod: KubeObject, type: string): Record<string, unknown> | undefined {
  return pod.status?.conditions?.find((c: { type: string }) => c.type === type);
}

test('a high-priority pod evicts a low-priority one, is nominated, and runs there once the victim is gone', async (t) => {
  const { api, scheduler } = await setUp(t);
  const podsInformer = api.informers.informerFor(pods);
  await api.client.create(pods, 'default', podObject('low', '1500m', { nodeName: 'node1' }));
  await waitFor(() => scheduler.cache.get('node1')?.pods.size === 1, { what: 'the low pod in the cache' });

  const high = await api.client.create(pods, 'default', podObject('high', '1', { priorityClassName: 'high' }));
  await waitFor(() => podsInformer.get('default/high'), { what: 'the informer to see the high pod' });
  let preemptor = await attempt(api, scheduler, 'high');
  assert.equal(preemptor.status.nominatedNodeName, 'node1');
  assert.equal(preemptor.spec.nodeName, undefined);
  // A preemption that worked adds nothing after the reasons.
  assert.equal(condition(preemptor, 'PodScheduled')?.message, `0/2 nodes are available: 1 Insufficient cpu, 1 ${taint}.`);

  const victim = await api.client.get(pods, 'default', 'low');
  assert.ok(victim.metadata.deletionTimestamp, 'the victim is deleted gracefully');
  assert.deepEqual(condition(victim, 'DisruptionTarget'), {
    type: 'DisruptionTarget',
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: '2026-01-01T00:00:00Z',
    reason: 'PreemptionByScheduler',
    message: 'default-scheduler: preempting to accommodate a higher priority pod',
  });
  const preempted = (await api.client.list(events, 'default')).items.filter((e) => e.reason === 'Preempted');
  assert.deepEqual(
    preempted.map((e) => ({ object: e.involvedObject.name, type: e.type, message: e.message, action: e.action, related: e.related?.name, by: e.reportingComponent })),
    [{ object: 'low', type: 'Normal', message: `Preempted by pod ${high.metadata.uid} on node node1`, action: 'Preempting', related: 'high', by: 'default-scheduler' }],
  );

  // Retried while the victim terminates: it waits instead of preempting more.
  await waitFor(() => podsInformer.get('default/low')?.metadata.deletionTimestamp && podsInformer.get('default/high')?.status?.nominatedNodeName, { what: 'the informer to see both writes' });
  preemptor = await attempt(api, scheduler, 'high');
  assert.equal(condition(preemptor, 'PodScheduled')?.message, `0/2 nodes are available: 1 Insufficient cpu, 1 ${taint}. preemption: not eligible due to a terminating pod on the nominated node.`);
  assert.equal(preemptor.status.nominatedNodeName, 'node1');

  // The victim goes; a priority-0 pod that comes first (1.5 cpu: node1 fits it alone, not beside
  // the nominated pod's 1 cpu) cannot take the room kept for the nominated pod.
  await api.client.delete(pods, 'default', 'low', { gracePeriodSeconds: 0 });
  await waitFor(() => scheduler.cache.get('node1')?.pods.size === 0, { what: 'the deletion in the cache' });
  await api.client.create(pods, 'default', podObject('sneaky', '1500m'));
  await waitFor(() => podsInformer.get('default/sneaky'), { what: 'the informer to see the sneaky pod' });
  const sneaky = await attempt(api, scheduler, 'sneaky');
  assert.equal(
    condition(sneaky, 'PodScheduled')?.message,
    `0/2 nodes are available: 1 Insufficient cpu, 1 ${taint}. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.`,
  );

  assert.equal(scheduler.queue.where('default/high'), 'backoff');
  api.clock.step(10_000);
  scheduler.queue.flushBackoffCompleted();
  preemptor = await attempt(api, scheduler, 'high');
  assert.equal(preemptor.spec.nodeName, 'node1');
  // v1.32 leaves the nomination on a bound pod (clearing it at binding came with KEP-5278, alpha in v1.34).
  assert.equal(preemptor.status.nominatedNodeName, 'node1');
  assert.equal(scheduler.nominator.size, 0);
});

test('a pod that cannot be helped by preemption loses an old nomination', async (t) => {
  const { api, scheduler } = await setUp(t);
  await api.client.create(pods, 'default', podObject('same', '1500m', { nodeName: 'node1', priorityClassName: 'high' }));
  await waitFor(() => scheduler.cache.get('node1')?.pods.size === 1, { what: 'the pod in the cache' });
  await api.client.create(pods, 'default', podObject('high', '1', { priorityClassName: 'high' }));
  await api.client.patch(pods, 'default', 'high', 'merge', { status: { nominatedNodeName: 'node1' } }, { subresource: 'status' });
  await waitFor(() => api.informers.informerFor(pods).get('default/high')?.status?.nominatedNodeName, { what: 'the nomination in the informer' });
  const pod = await attempt(api, scheduler, 'high');
  assert.equal(condition(pod, 'PodScheduled')?.message, `0/2 nodes are available: 1 Insufficient cpu, 1 ${taint}. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.`);
  assert.equal(pod.status.nominatedNodeName, undefined);
});

test('lower-priority pods nominated to the chosen node lose their nomination', async (t) => {
  const { api, scheduler } = await setUp(t);
  const podsInformer = api.informers.informerFor(pods);
  await api.client.create(priorityClasses, undefined, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'mid' }, value: 1000 });
  await api.client.create(pods, 'default', podObject('busy', '1500m', { nodeName: 'node1' }));
  await api.client.create(pods, 'default', podObject('mid', '1', { priorityClassName: 'mid' }));
  await api.client.patch(pods, 'default', 'mid', 'merge', { status: { nominatedNodeName: 'node1' } }, { subresource: 'status' });
  await waitFor(() => scheduler.cache.get('node1')?.pods.size === 1 && scheduler.nominator.nominatedNodeOf('default/mid'), { what: 'the cache and the nomination' });
  await api.client.create(pods, 'default', podObject('high', '1', { priorityClassName: 'high' }));
  await waitFor(() => podsInformer.get('default/high'), { what: 'the informer to see the high pod' });
  const high = await attempt(api, scheduler, 'high');
  assert.equal(high.status.nominatedNodeName, 'node1');
  assert.equal((await api.client.get(pods, 'default', 'mid')).status.nominatedNodeName, undefined);
  assert.ok((await api.client.get(pods, 'default', 'busy')).metadata.deletionTimestamp);
  await waitFor(() => !podsInformer.get('default/mid')?.status?.nominatedNodeName, { what: 'the cleared nomination in the informer' });
  assert.deepEqual(scheduler.nominator.nominatedPodsForNode('node1').map((p) => p.key), ['default/high']);
});
