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
