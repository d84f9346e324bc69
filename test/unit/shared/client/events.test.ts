import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventRecorder } from '../../../../shared/client/events.js';
import { startApi } from '../../../helpers/api.js';

const eventsRef = { group: '', version: 'v1', resource: 'events' };
const podsRef = { group: '', version: 'v1', resource: 'pods' };

test('records an Event on the object with the reference fields set, and counts a repeat in the same Event', async (t) => {
  const api = await startApi(t);
  const pod = await api.client.create(podsRef, 'default', { metadata: { name: 'web' }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } });
  const recorder = new EventRecorder({ client: api.client, clock: api.clock, component: 'kubelet', host: 'node1' });
  recorder.event(pod, 'Normal', 'Pulled', 'Container image "nginx" already present on machine', 'spec.containers{nginx}');
  recorder.event(pod, 'Normal', 'Created', 'Created container nginx', 'spec.containers{nginx}');
  api.clock.step(5000);
  recorder.event(pod, 'Normal', 'Pulled', 'Container image "nginx" already present on machine', 'spec.containers{nginx}');
  await recorder.flush();
  const items = (await api.client.list(eventsRef, 'default')).items.sort((a, b) => a.reason.localeCompare(b.reason));
  assert.deepEqual(
    items.map((e) => [e.reason, e.count, e.firstTimestamp, e.lastTimestamp]),
    [
      ['Created', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
      ['Pulled', 2, '2026-01-01T00:00:00Z', '2026-01-01T00:00:05Z'],
    ],
  );
  assert.deepEqual(items[1].involvedObject, { kind: 'Pod', namespace: 'default', name: 'web', uid: pod.metadata.uid, apiVersion: 'v1', resourceVersion: pod.metadata.resourceVersion, fieldPath: 'spec.containers{nginx}' });
  assert.deepEqual(items[1].source, { component: 'kubelet', host: 'node1' });
  assert.match(items[1].metadata.name ?? '', /^web\.[0-9a-f]+$/);
});

test('leaves empty reference fields out, as Go does for a cluster-scoped object', async (t) => {
  const api = await startApi(t);
  const recorder = new EventRecorder({ client: api.client, clock: api.clock, component: 'node-controller' });
  recorder.event({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node1', uid: 'u-1' } }, 'Normal', 'RegisteredNode', 'Node node1 event: Registered Node node1 in Controller');
  await recorder.flush();
  const [event] = (await api.client.list(eventsRef, 'default')).items;
  assert.deepEqual(event.involvedObject, { kind: 'Node', name: 'node1', uid: 'u-1', apiVersion: 'v1' });
  assert.deepEqual(event.source, { component: 'node-controller' });
});

test('a ReplicaSet creating 12 pods: nine Events and one `(combined from similar events)` Event whose message follows the latest', async (t) => {
  const api = await startApi(t);
  const recorder = new EventRecorder({ client: api.client, clock: api.clock, component: 'replicaset-controller' });
  const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d4f8', namespace: 'default', uid: 'u-rs' } };
  for (let i = 0; i < 12; i++) {
    recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: web-5d4f8-${i}`);
    api.clock.step(100);
  }
  await recorder.flush();
  const items = (await api.client.list(eventsRef, 'default')).items;
  assert.equal(items.length, 10);
  const combined = items.filter((e) => e.message.startsWith('(combined'));
  assert.deepEqual(
    combined.map((e) => [e.message, e.count, e.firstTimestamp, e.lastTimestamp, e.reason, e.involvedObject.name]),
    [['(combined from similar events): Created pod: web-5d4f8-11', 3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', 'SuccessfulCreate', 'web-5d4f8']],
  );
});

test('a kubelet sends 100 events at once, then 50 a second, queues 1,000 and drops the rest (eventRecordQPS 50, eventBurst 100)', async (t) => {
  const api = await startApi(t);
  const recorder = new EventRecorder({ client: api.client, clock: api.clock, component: 'kubelet', host: 'node1', rateLimit: { qps: 50, burst: 100 } });
  for (let i = 0; i < 1200; i++) recorder.event({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: 'default', uid: `u-${i}` } }, 'Normal', 'Started', 'Started container app', 'spec.containers{app}');
  const count = async (): Promise<number> => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    return (await api.client.list(eventsRef, 'default')).items.length;
  };
  assert.equal(await count(), 100);
  for (let ms = 0; ms < 1000; ms += 20) {
    api.clock.step(20);
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.equal(await count(), 150);
  const drained = recorder.flush();
  for (let i = 0; i < 1200 && (await count()) < 1101; i++) api.clock.step(20);
  await drained;
  const names = new Set((await api.client.list(eventsRef, 'default')).items.map((e) => e.involvedObject.name));
  assert.equal(names.size, 1101);
  assert.ok(names.has('p1100') && !names.has('p1101'), 'the first 1,101 are sent (100 at once, one waiting, 1,000 queued), the rest dropped');
});

test('the combined Event has no reporting controller or instance, as client-go builds it; the others have the source', async (t) => {
  const api = await startApi(t);
  const recorder = new EventRecorder({ client: api.client, clock: api.clock, component: 'kubelet', host: 'node1' });
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'u-web' } };
  for (let i = 0; i < 10; i++) recorder.event(pod, 'Warning', 'FailedMount', `MountVolume.SetUp failed for volume "v${i}" : configmap "c${i}" not found`);
  await recorder.flush();
  const items = (await api.client.list(eventsRef, 'default')).items;
  const combined = items.find((e) => e.message.startsWith('(combined'));
  assert.deepEqual([combined?.reportingComponent, combined?.reportingInstance, combined?.source], ['', '', { component: 'kubelet', host: 'node1' }]);
  const single = items.find((e) => !e.message.startsWith('(combined'));
  assert.deepEqual([single?.reportingComponent, single?.reportingInstance], ['kubelet', 'node1']);
});

test('a repeat of a deleted Event creates it again under its name, with the count reached and its first time', async (t) => {
  const api = await startApi(t);
  const recorder = new EventRecorder({ client: api.client, clock: api.clock, component: 'kubelet', host: 'node1' });
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'u-web' } };
  recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container app in pod web_default(u-web)', 'spec.containers{app}');
  api.clock.step(10_000);
  recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container app in pod web_default(u-web)', 'spec.containers{app}');
  await recorder.flush();
  const [first] = (await api.client.list(eventsRef, 'default')).items;
  await api.client.delete(eventsRef, 'default', first.metadata.name!);
  api.clock.step(10_000);
  recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container app in pod web_default(u-web)', 'spec.containers{app}');
  await recorder.flush();
  const items = (await api.client.list(eventsRef, 'default')).items;
  assert.deepEqual(
    items.map((e) => [e.metadata.name, e.count, e.firstTimestamp, e.lastTimestamp]),
    [[first.metadata.name, 3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:20Z']],
  );
});

test('events the spam filter holds back take no token of the kubelet client: the next event goes out at once', async (t) => {
  const api = await startApi(t);
  const recorder = new EventRecorder({ client: api.client, clock: api.clock, component: 'kubelet', host: 'node1', rateLimit: { qps: 50, burst: 100 } });
  const crash = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'crash', namespace: 'default', uid: 'u-crash' } };
  // 25 BackOff Events go out, the next 200 are held back by the spam filter (same pod, Warning).
  for (let i = 0; i < 225; i++) recorder.event(crash, 'Warning', 'BackOff', 'Back-off restarting failed container app in pod crash_default(u-crash)', 'spec.containers{app}');
  await recorder.flush();
  // 75 tokens left: 75 other pods' events are sent at once, the 76th waits for the next token.
  for (let i = 0; i < 76; i++) recorder.event({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: 'default', uid: `u-${i}` } }, 'Normal', 'Started', 'Started container app', 'spec.containers{app}');
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  const items = (await api.client.list(eventsRef, 'default')).items;
  assert.deepEqual([items.filter((e) => e.reason === 'BackOff').map((e) => e.count), items.filter((e) => e.reason === 'Started').length], [[25], 75]);
  const drained = recorder.flush();
  api.clock.step(20);
  await drained;
  assert.equal((await api.client.list(eventsRef, 'default')).items.length, 77);
});

test('a pod crash-looping for 16 minutes as a kubelet reports it: Created and Started stop at the sixth start, BackOff is sent every 5 minutes with the count reached', async (t) => {
  const api = await startApi(t);
  const recorder = new EventRecorder({ client: api.client, clock: api.clock, component: 'kubelet', host: 'node1', rateLimit: { qps: 50, burst: 100 } });
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hw', namespace: 'default', uid: 'u-hw' } };
  const fieldPath = 'spec.containers{hello-world-container}';
  // hello-world exits at once: restarted at once after its first exit, then after back-offs of
  // 10 s, 20 s, … 5 min; each start under pull policy Always records four Normal events; every held
  // sync (each 10 s) records BackOff.
  const starts = new Set([0, 1, 11, 31, 71, 151, 311, 611, 911]);
  const table = async (): Promise<string[]> => {
    await recorder.flush();
    const items = (await api.client.list(eventsRef, 'default')).items;
    return items.map((e) => `${e.type} ${e.reason} x${e.count} ${e.firstTimestamp.slice(14, 19)}..${e.lastTimestamp.slice(14, 19)}`);
  };
  const runUntil = async (from: number, to: number): Promise<void> => {
    for (let s = from; s < to; s++) {
      if (starts.has(s)) {
        recorder.event(pod, 'Normal', 'Pulling', 'Pulling image "hello-world"', fieldPath);
        recorder.event(pod, 'Normal', 'Pulled', 'Successfully pulled image "hello-world" in 0s (0s including waiting). Image size: 62958873 bytes.', fieldPath);
        recorder.event(pod, 'Normal', 'Created', 'Created container: hello-world-container', fieldPath);
        recorder.event(pod, 'Normal', 'Started', 'Started container hello-world-container', fieldPath);
      }
      if (s % 10 === 5) recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container hello-world-container in pod hw_default(u-hw)', fieldPath);
      api.clock.step(1000);
    }
  };
  await runUntil(0, 600);
  // Six starts spent 24 of the 25 Normal events; the seventh (5:11) has the last one and the one
  // refilled since 0:00, for Pulling and Pulled. BackOff's 25th went at 4:05, the refill's at 5:05.
  // describe: `Warning BackOff 4m55s (x31 over 9m55s)`, `Normal Created 7m29s (x6 over 10m)`.
  assert.deepEqual(await table(), [
    'Normal Pulling x7 00:00..05:11',
    'Normal Pulled x7 00:00..05:11',
    'Normal Created x6 00:00..02:31',
    'Normal Started x6 00:00..02:31',
    'Warning BackOff x31 00:05..05:05',
  ]);
  await runUntil(600, 960);
  // One Normal token per 5 minutes: Pulling's; one BackOff at 10:05 and 15:05, each carrying the count.
  assert.deepEqual(await table(), [
    'Normal Pulling x9 00:00..15:11',
    'Normal Pulled x7 00:00..05:11',
    'Normal Created x6 00:00..02:31',
    'Normal Started x6 00:00..02:31',
    'Warning BackOff x91 00:05..15:05',
  ]);
});

test('a discarded recorder (its kubelet killed) sends nothing of its queue and records nothing more', async (t) => {
  const api = await startApi(t);
  const recorder = new EventRecorder({ client: api.client, clock: api.clock, component: 'kubelet', host: 'node1', rateLimit: { qps: 50, burst: 100 } });
  const pod = (i: number) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: 'default', uid: `u-${i}` } });
  for (let i = 0; i < 150; i++) recorder.event(pod(i), 'Normal', 'Started', 'Started container app', 'spec.containers{app}');
  recorder.discard();
  recorder.event(pod(200), 'Normal', 'Started', 'Started container app', 'spec.containers{app}');
  for (let ms = 0; ms < 2000; ms += 20) {
    api.clock.step(20);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await recorder.flush();
  assert.equal((await api.client.list(eventsRef, 'default')).items.length, 100);
});
