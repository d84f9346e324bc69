import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { SeriesEventRecorder } from '../../../../daemon/scheduler/event-recorder.js';
import { startApi } from '../../../helpers/api.js';

const events = { group: '', version: 'v1', resource: 'events' };
const pods = { group: '', version: 'v1', resource: 'pods' };

function at(resourceVersion: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'u-1', resourceVersion } };
}

test('repeats become a series: written at the second, counted in memory after, flushed when the series ends', async (t) => {
  const api = await startApi(t);
  const recorder = new SeriesEventRecorder({ client: api.client, clock: api.clock, reportingController: 'default-scheduler', reportingInstance: 'default-scheduler-control-plane' });
  const timers = recorder.startTimers();
  t.after(() => timers.cancel());
  const list = async (): Promise<KubeObject[]> => {
    await recorder.flush();
    return (await api.client.list(events, 'default')).items;
  };

  recorder.event(at('7'), 'Warning', 'FailedScheduling', 'Scheduling', 'first note');
  const [created] = await list();
  assert.deepEqual(
    { reason: created.reason, message: created.message, type: created.type, action: created.action, source: created.source, series: created.series, count: created.count, firstTimestamp: created.firstTimestamp, lastTimestamp: created.lastTimestamp },
    { reason: 'FailedScheduling', message: 'first note', type: 'Warning', action: 'Scheduling', source: {}, series: undefined, count: undefined, firstTimestamp: null, lastTimestamp: null },
  );
  assert.equal(created.eventTime, '2026-01-01T00:00:00.000000Z');
  assert.deepEqual(created.involvedObject, { kind: 'Pod', namespace: 'default', name: 'web', uid: 'u-1', apiVersion: 'v1', resourceVersion: '7' });

  api.clock.step(60_000);
  recorder.event(at('7'), 'Warning', 'FailedScheduling', 'Scheduling', 'another note, same object version');
  let [event] = await list();
  assert.deepEqual({ message: event.message, series: event.series }, { message: 'first note', series: { count: 2, lastObservedTime: '2026-01-01T00:01:00.000000Z' } });

  api.clock.step(60_000);
  recorder.event(at('7'), 'Warning', 'FailedScheduling', 'Scheduling', 'third');
  [event] = await list();
  assert.equal(event.series.count, 2, 'later repeats wait for the end of the series');

  api.clock.step(12 * 60_000);
  [event] = await list();
  assert.deepEqual(event.series, { count: 3, lastObservedTime: '2026-01-01T00:02:00.000000Z' });

  recorder.event(at('8'), 'Warning', 'FailedScheduling', 'Scheduling', 'a newer version of the pod is another object');
  assert.equal((await list()).length, 2);
});

test('events about a pod are found by the field selector kubectl describe uses', async (t) => {
  const api = await startApi(t);
  const pod = await api.client.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  const recorder = new SeriesEventRecorder({ client: api.client, clock: api.clock, reportingController: 'default-scheduler', reportingInstance: 'default-scheduler-control-plane' });
  recorder.event(pod, 'Normal', 'Scheduled', 'Binding', 'Successfully assigned default/web to node1');
  await recorder.flush();
  const selector = `involvedObject.name=web,involvedObject.namespace=default,involvedObject.uid=${pod.metadata.uid}`;
  const found = await api.client.list(events, 'default', { fieldSelector: selector });
  assert.deepEqual(found.items.map((e) => e.message), ['Successfully assigned default/web to node1']);
});
