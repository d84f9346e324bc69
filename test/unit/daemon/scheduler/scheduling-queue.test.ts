import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { ManualClock } from '../../../../shared/clock.js';
import type { ClusterEvent } from '../../../../daemon/scheduler/framework.js';
import { SchedulingQueue } from '../../../../daemon/scheduler/scheduling-queue.js';
import { nodeObject } from '../../../helpers/nodes.js';

function pod(name: string, spec: Record<string, unknown> = {}, resourceVersion = '1'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', resourceVersion }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } };
}

/** A queue whose only plugin, NodeAffinity, says a node labelled disk=ssd may help. */
function newQueue(): { queue: SchedulingQueue; clock: ManualClock } {
  const clock = new ManualClock();
  const queue = new SchedulingQueue({
    clock,
    isSchedulableAfter: (_pod, plugin, event) => plugin === 'NodeAffinity' && event.type === 'NodeAdd' && event.node.metadata.labels?.disk === 'ssd',
  });
  return { queue, clock };
}

const ssdNode: ClusterEvent = { type: 'NodeAdd', node: nodeObject('node9', { labels: { disk: 'ssd' } }) };
const plainNode: ClusterEvent = { type: 'NodeAdd', node: nodeObject('node8') };

test('higher priority pops first, then the oldest', async () => {
  const { queue, clock } = newQueue();
  queue.add(pod('old'));
  clock.step(10);
  queue.add(pod('new'));
  queue.add(pod('urgent', { priority: 1000 }));
  const order = [(await queue.pop())!.key, (await queue.pop())!.key, (await queue.pop())!.key];
  assert.deepEqual(order, ['default/urgent', 'default/old', 'default/new']);
});

test('back-off after each failed attempt: 1 s doubling to 10 s', async () => {
  const { queue, clock } = newQueue();
  queue.add(pod('p'));
  const waits: number[] = [];
  for (let attempt = 1; attempt <= 6; attempt++) {
    const info = (await queue.pop())!;
    queue.addUnschedulable(info, new Set()); // an error, not a plugin: back-off then retry
    let waited = 0;
    while (queue.where('default/p') === 'backoff') {
      clock.step(100);
      waited += 100;
      queue.flushBackoffCompleted();
    }
    waits.push(waited);
  }
  assert.deepEqual(waits, [1000, 2000, 4000, 8000, 10_000, 10_000]);
});

test('an unschedulable pod waits for an event its rejecting plugin says may help', async () => {
  const { queue, clock } = newQueue();
  queue.add(pod('p'));
  queue.addUnschedulable((await queue.pop())!, new Set(['NodeAffinity']));
  assert.equal(queue.where('default/p'), 'unschedulable');
  queue.onClusterEvent(plainNode);
  assert.equal(queue.where('default/p'), 'unschedulable', 'a node without the label does not help');
  clock.step(2000);
  queue.onClusterEvent(ssdNode);
  assert.equal(queue.where('default/p'), 'active', 'its 1 s back-off is over');
});

test('a pod rejected by other plugins ignores the event', async () => {
  const { queue } = newQueue();
  queue.add(pod('p'));
  queue.addUnschedulable((await queue.pop())!, new Set(['NodeResourcesFit']));
  queue.onClusterEvent(ssdNode);
  assert.equal(queue.where('default/p'), 'unschedulable');
});

test('unschedulable pods are retried after 5 minutes anyway', async () => {
  const { queue, clock } = newQueue();
  queue.add(pod('p'));
  queue.addUnschedulable((await queue.pop())!, new Set(['NodeAffinity']));
  const timers = queue.startTimers();
  clock.step(5 * 60_000);
  assert.equal(queue.where('default/p'), 'unschedulable', 'not before the 5 minutes are over');
  clock.step(30_000);
  assert.equal(queue.where('default/p'), 'active');
  timers.cancel();
});

test('a spec change brings an unschedulable pod back; a status change does not', async () => {
  const { queue, clock } = newQueue();
  const original = pod('p', { nodeSelector: { disk: 'ssd' } });
  queue.add(original);
  queue.addUnschedulable((await queue.pop())!, new Set(['NodeAffinity']));
  clock.step(1000);
  const withStatus = { ...original, metadata: { ...original.metadata, resourceVersion: '2' }, status: { conditions: [{ type: 'PodScheduled', status: 'False' }] } };
  queue.update(original, withStatus);
  assert.equal(queue.where('default/p'), 'unschedulable');
  const relabelled = { ...withStatus, metadata: { ...withStatus.metadata, resourceVersion: '3', labels: { app: 'web' } } };
  queue.update(withStatus, relabelled);
  assert.equal(queue.where('default/p'), 'active');
});

test('a pod with scheduling gates waits until they are removed', async () => {
  const { queue } = newQueue();
  const gated = pod('p', { schedulingGates: [{ name: 'example.com/wait' }] });
  queue.add(gated);
  assert.equal(queue.where('default/p'), 'unschedulable');
  queue.onClusterEvent(ssdNode);
  assert.equal(queue.where('default/p'), 'unschedulable', 'cluster events do not ungate');
  queue.update(gated, pod('p', {}, '2'));
  assert.equal(queue.where('default/p'), 'active');
});

test('pop waits for a pod and ends at shutdown', async () => {
  const { queue } = newQueue();
  const waiting = queue.pop();
  queue.add(pod('late'));
  assert.equal((await waiting)?.key, 'default/late');
  const ended = queue.pop();
  queue.shutDown();
  assert.equal(await ended, undefined);
});
