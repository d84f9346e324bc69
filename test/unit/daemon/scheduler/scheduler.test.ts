import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { Scheduler } from '../../../../daemon/scheduler/scheduler.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { createLabNodes, nodeObject, nodesRef } from '../../../helpers/nodes.js';
import { waitFor } from '../../../helpers/wait-for.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const events = { group: '', version: 'v1', resource: 'events' };
const replicaSets = { group: 'apps', version: 'v1', resource: 'replicasets' };

function podObject(name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, ...metadata }, spec: { containers: [{ name: 'nginx', image: 'nginx' }], ...spec } };
}

async function setUp(t: Parameters<typeof startApi>[0], workers = 3): Promise<{ api: TestApi; scheduler: Scheduler }> {
  const api = await startApi(t);
  const scheduler = Scheduler.fromContext(api);
  await createLabNodes(api.client, workers);
  await api.syncInformers();
  await waitFor(() => scheduler.cache.nodes.length === workers + 1, { what: 'the scheduler to see the nodes' });
  return { api, scheduler };
}

/** Creates the pod, waits until the scheduler's informer has it, and runs one scheduling attempt. */
async function schedule(api: TestApi, scheduler: Scheduler, pod: KubeObject): Promise<KubeObject> {
  const created = await api.client.create(pods, 'default', pod);
  const key = `default/${created.metadata.name}`;
  await waitFor(() => api.informers.informerFor(pods).get(key), { what: `the informer to see ${key}` });
  await scheduler.sync(key);
  await scheduler.recorder.flush();
  return api.client.get(pods, 'default', created.metadata.name!);
}

async function eventsOf(api: TestApi, name: string): Promise<{ type: string; reason: string; message: string; reportingComponent: string }[]> {
  const list = await api.client.list(events, 'default');
  return list.items
    .filter((e) => e.involvedObject.name === name)
    .map((e) => ({ type: e.type, reason: e.reason, message: e.message, reportingComponent: e.reportingComponent }));
}

function podScheduled(pod: KubeObject): Record<string, unknown> | undefined {
  const condition = pod.status?.conditions?.find((c: { type: string }) => c.type === 'PodScheduled');
  if (!condition) return undefined;
  const { type, status, reason, message } = condition;
  return { type, status, reason, message };
}

test('a nodeSelector no node matches leaves the pod Pending with the exact FailedScheduling text (lab E.4)', async (t) => {
  const { api, scheduler } = await setUp(t);
  const pod = await schedule(api, scheduler, podObject('node-selector', { nodeSelector: { 'kubernetes.io/hostname': 'node9' } }));
  const message =
    "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.";
  assert.deepEqual(await eventsOf(api, 'node-selector'), [{ type: 'Warning', reason: 'FailedScheduling', message, reportingComponent: 'default-scheduler' }]);
  assert.deepEqual(podScheduled(pod), { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message });
  const condition = pod.status.conditions.find((c: { type: string }) => c.type === 'PodScheduled');
  assert.deepEqual({ lastProbeTime: condition.lastProbeTime, lastTransitionTime: condition.lastTransitionTime }, { lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' });
  assert.equal(pod.spec.nodeName, undefined);
  assert.equal(pod.status.phase, 'Pending');
  assert.equal(pod.status.nominatedNodeName, undefined);
  assert.equal(scheduler.queue.where('default/node-selector'), 'unschedulable');
});

test('requests no worker can hold give Insufficient cpu and memory (lab I.1)', async (t) => {
  const cases = [
    {
      name: 'more cpu than any worker has',
      given: { cpu: '3', memory: '500Mi' },
      want: '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
    },
    {
      name: 'more cpu and memory than any worker has',
      given: { cpu: '3', memory: '9Gi' },
      want: '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu, 3 Insufficient memory. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
    },
  ];
  const { api, scheduler } = await setUp(t);
  for (const [i, c] of cases.entries()) {
    const resources = { requests: c.given };
    const pod = await schedule(api, scheduler, podObject(`requests-${i}`, { containers: [{ name: 'nginx', image: 'nginx', resources }] }));
    assert.deepEqual(podScheduled(pod), { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: c.want }, c.name);
  }
});

test('a pod that fits is bound through pods/binding with a Scheduled event', async (t) => {
  const { api, scheduler } = await setUp(t);
  const pod = await schedule(api, scheduler, podObject('requests', { containers: [{ name: 'nginx', image: 'nginx', resources: { requests: { cpu: '250m', memory: '500Mi' } } }] }));
  assert.match(pod.spec.nodeName, /^node[123]$/);
  assert.deepEqual(await eventsOf(api, 'requests'), [
    { type: 'Normal', reason: 'Scheduled', message: `Successfully assigned default/requests to ${pod.spec.nodeName}`, reportingComponent: 'default-scheduler' },
  ]);
  assert.equal(podScheduled(pod)?.status, 'True');
  const [event] = (await api.client.list(events, 'default')).items;
  assert.deepEqual(
    { action: event.action, source: event.source, firstTimestamp: event.firstTimestamp, instance: event.reportingInstance, hasEventTime: typeof event.eventTime === 'string' },
    { action: 'Binding', source: {}, firstTimestamp: null, instance: 'default-scheduler-control-plane', hasEventTime: true },
  );
});

test('four replicas of one ReplicaSet on three equal workers land 2/1/1', async (t) => {
  const { api, scheduler } = await setUp(t);
  const rs = await api.client.create(replicaSets, 'default', {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web' },
    spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
  });
  await waitFor(() => api.informers.informerFor(replicaSets).get('default/web'), { what: 'the ReplicaSet in the cache' });
  const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true };
  const placed: string[] = [];
  for (let i = 0; i < 4; i++) {
    const pod = await schedule(api, scheduler, podObject(`web-${i}`, {}, { labels: { app: 'web' }, ownerReferences: [owner] }));
    placed.push(pod.spec.nodeName);
  }
  const perNode = ['node1', 'node2', 'node3'].map((n) => placed.filter((p) => p === n).length).sort();
  assert.deepEqual(perNode, [1, 1, 2], `placed on ${placed.join(', ')}`);
});

test('taints and tolerations decide which nodes a pod may use', async (t) => {
  const { api, scheduler } = await setUp(t);
  const node1 = await api.client.get(nodesRef, undefined, 'node1');
  await api.client.update(nodesRef, { ...node1, spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } });
  await waitFor(() => scheduler.cache.get('node1')?.node?.spec?.taints, { what: 'the taint in the cache' });
  const cases = [
    {
      name: 'an untolerated taint rejects the only node the selector allows',
      given: { nodeSelector: { 'kubernetes.io/hostname': 'node1' } },
      want: {
        nodeName: undefined,
        message:
          "0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.",
      },
    },
    {
      name: 'an Exists toleration for the key admits the pod',
      given: { nodeSelector: { 'kubernetes.io/hostname': 'node1' }, tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] },
      want: { nodeName: 'node1', message: undefined },
    },
    {
      name: 'tolerating the control-plane taint allows the control plane',
      given: { nodeSelector: { 'node-role.kubernetes.io/control-plane': '' }, tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] },
      want: { nodeName: 'control-plane', message: undefined },
    },
    {
      name: 'an Equal toleration with another value does not tolerate',
      given: { nodeSelector: { 'kubernetes.io/hostname': 'node1' }, tolerations: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }] },
      want: {
        nodeName: undefined,
        message:
          "0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.",
      },
    },
  ];
  for (const [i, c] of cases.entries()) {
    const pod = await schedule(api, scheduler, podObject(`tolerations-${i}`, c.given));
    assert.deepEqual({ nodeName: pod.spec.nodeName, message: podScheduled(pod)?.message }, c.want, c.name);
  }
});

test('a full node says Too many pods', async (t) => {
  const api = await startApi(t);
  const scheduler = Scheduler.fromContext(api);
  await api.client.create(nodesRef, undefined, nodeObject('node1', { pods: '1' }));
  await api.client.create(pods, 'default', podObject('running', { nodeName: 'node1' }));
  await api.syncInformers();
  await waitFor(() => scheduler.cache.get('node1')?.pods.size === 1, { what: 'the bound pod in the cache' });
  const pod = await schedule(api, scheduler, podObject('extra'));
  assert.equal(podScheduled(pod)?.message, '0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
});

test('an unschedulable pod is retried when a node it may fit is added, not for other nodes', async (t) => {
  const { api, scheduler } = await setUp(t);
  const key = 'default/ssd';
  // Tolerating the control plane leaves NodeAffinity the only plugin that rejected the pod.
  const tolerations = [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }];
  await schedule(api, scheduler, podObject('ssd', { nodeSelector: { disk: 'ssd' }, tolerations }));
  assert.equal(scheduler.queue.where(key), 'unschedulable');
  await api.client.create(nodesRef, undefined, nodeObject('node4'));
  await waitFor(() => scheduler.cache.get('node4'), { what: 'node4 in the cache' });
  assert.equal(scheduler.queue.where(key), 'unschedulable', 'a node without the label is no reason to retry');
  await api.client.create(nodesRef, undefined, nodeObject('node5', { labels: { disk: 'ssd' } }));
  await waitFor(() => scheduler.cache.get('node5'), { what: 'node5 in the cache' });
  assert.equal(scheduler.queue.where(key), 'backoff', 'retried after its 1 s back-off');
  api.clock.step(1000);
  scheduler.queue.flushBackoffCompleted();
  assert.equal(scheduler.queue.where(key), 'active');
  await scheduler.sync(key);
  await scheduler.recorder.flush();
  assert.equal((await api.client.get(pods, 'default', 'ssd')).spec.nodeName, 'node5');
  assert.deepEqual(
    (await eventsOf(api, 'ssd')).map((e) => `${e.reason}: ${e.message}`),
    [
      "FailedScheduling: 0/4 nodes are available: 4 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.",
      'Scheduled: Successfully assigned default/ssd to node5',
    ],
  );
});

test('a pod waiting for cpu is retried when a bound pod goes away', async (t) => {
  const { api, scheduler } = await setUp(t, 1);
  const cpu = (amount: string): Record<string, unknown> => ({ containers: [{ name: 'nginx', image: 'nginx', resources: { requests: { cpu: amount } } }] });
  await api.client.create(pods, 'default', podObject('hog', { ...cpu('1500m'), nodeName: 'node1' }));
  await waitFor(() => scheduler.cache.get('node1')?.pods.size === 1, { what: 'the bound pod in the cache' });
  const waiting = await schedule(api, scheduler, podObject('waiting', cpu('1')));
  assert.equal(
    podScheduled(waiting)?.message,
    '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
  );
  assert.equal(scheduler.queue.where('default/waiting'), 'unschedulable');
  await api.client.delete(pods, 'default', 'hog', { gracePeriodSeconds: 0 });
  await waitFor(() => scheduler.cache.get('node1')?.pods.size === 0, { what: 'the deletion in the cache' });
  assert.equal(scheduler.queue.where('default/waiting'), 'backoff');
  api.clock.step(1000);
  scheduler.queue.flushBackoffCompleted();
  await scheduler.sync('default/waiting');
  assert.equal((await api.client.get(pods, 'default', 'waiting')).spec.nodeName, 'node1');
});

test('running, the scheduler places pending pods by itself', async (t) => {
  const { api, scheduler } = await setUp(t);
  const abort = new AbortController();
  const running = scheduler.start(abort.signal);
  for (let i = 0; i < 20; i++) await api.client.create(pods, 'default', podObject(`auto-${i}`));
  await waitFor(async () => (await api.client.list(pods, 'default')).items.every((p) => p.spec.nodeName), { what: 'every pod bound' });
  abort.abort();
  await running; // stops before the store closes, with its events written
  const bound = (await api.client.list(pods, 'default')).items.map((p) => p.spec.nodeName);
  assert.ok(!bound.includes('control-plane'), 'nothing lands on the tainted control plane');
  assert.equal((await api.client.list(events, 'default')).items.filter((e) => e.reason === 'Scheduled').length, 20);
});
