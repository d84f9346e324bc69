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
