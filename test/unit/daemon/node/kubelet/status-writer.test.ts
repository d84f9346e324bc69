import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import type { ApiClient } from '../../../../../shared/client/client.js';
import { logger } from '../../../../../shared/log.js';
import { PodStatusWriter } from '../../../../../daemon/node/kubelet/status-writer.js';
import { startApi } from '../../../../helpers/api.js';
import { waitFor } from '../../../../helpers/wait-for.js';
import { podsRef, settle } from './fake-runtime.js';

/** The client, with every update's body handed to record first. */
function recordingUpdates(client: ApiClient, record: (body: KubeObject) => void): ApiClient {
  const recording = Object.create(client) as ApiClient;
  recording.update = (ref, obj, options) => {
    record(obj);
    return client.update(ref, obj, options);
  };
  return recording;
}

async function setup(t: Parameters<typeof startApi>[0]) {
  const api = await startApi(t);
  let pod = await api.client.create(podsRef, 'default', { metadata: { name: 'p' }, spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'nginx' }] } });
  let phase = 'Running';
  const writer = new PodStatusWriter(api.client, { pod: () => pod, generate: () => ({ phase, qosClass: 'BestEffort' }) }, logger('test'));
  return { api, writer, setPod: (p: KubeObject) => void (pod = p), setPhase: (p: string) => void (phase = p), podNow: () => pod };
}

test('writes the status through pods/status, and skips a write that would change nothing', async (t) => {
  const { api, writer } = await setup(t);
  writer.request();
  await writer.flush();
  const written = await api.client.get(podsRef, 'default', 'p');
  assert.equal(written.status.phase, 'Running');
  writer.request();
  await writer.flush();
  assert.equal((await api.client.get(podsRef, 'default', 'p')).metadata.resourceVersion, written.metadata.resourceVersion);
});

test('a stale resourceVersion is a Conflict: the writer reads the pod again and writes', async (t) => {
  const { api, writer, setPhase } = await setup(t);
  const fresh = await api.client.get(podsRef, 'default', 'p');
  await api.client.update(podsRef, { ...fresh, metadata: { ...fresh.metadata, labels: { changed: 'yes' } } });
  setPhase('Succeeded');
  writer.request();
  await writer.flush();
  const after = await api.client.get(podsRef, 'default', 'p');
  assert.deepEqual([after.status.phase, after.metadata.labels], ['Succeeded', { changed: 'yes' }]);
});

test('the final delete uses grace 0 and the pod UID', async (t) => {
  const { api, writer } = await setup(t);
  await writer.deletePod();
  await assert.rejects(api.client.get(podsRef, 'default', 'p'), /not found/);
  await writer.deletePod(); // already gone: nothing to do
});

test('changes requested while a write is in flight become one more write, carrying the latest status', async (t) => {
  const api = await startApi(t);
  const pod = await api.client.create(podsRef, 'default', { metadata: { name: 'p' }, spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'nginx' }] } });
  const sent: string[] = [];
  const counting = recordingUpdates(api.client, (body) => sent.push(body.status.phase));
  let phase = 'Pending';
  let current = pod;
  const writer = new PodStatusWriter(counting, { pod: () => current, generate: () => ({ phase, qosClass: 'BestEffort' }) }, logger('test'));
  writer.request();
  phase = 'Running';
  writer.request();
  phase = 'Succeeded';
  writer.request();
  await writer.flush();
  assert.deepEqual(sent, ['Pending', 'Succeeded']);
  current = await api.client.get(podsRef, 'default', 'p');
  assert.equal(current.status.phase, 'Succeeded');
});

test('the write carries the status, the name and the UID precondition, not the spec', async (t) => {
  const api = await startApi(t);
  const pod = await api.client.create(podsRef, 'default', { metadata: { name: 'p', labels: { app: 'web' } }, spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'nginx' }] } });
  const bodies: KubeObject[] = [];
  const counting = recordingUpdates(api.client, (body) => bodies.push(body));
  const writer = new PodStatusWriter(counting, { pod: () => pod, generate: () => ({ phase: 'Running', qosClass: 'BestEffort' }) }, logger('test'));
  writer.request();
  await writer.flush();
  assert.deepEqual(bodies, [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: pod.metadata.uid, resourceVersion: pod.metadata.resourceVersion }, status: { phase: 'Running', qosClass: 'BestEffort' } }]);
  const after = await api.client.get(podsRef, 'default', 'p');
  assert.deepEqual([after.status.phase, after.metadata.labels, after.spec.containers[0].image], ['Running', { app: 'web' }, 'nginx']);
});

/** Whether unlessOwnWrite ran its comparison for the change, once any write in flight has returned. */
async function compared(writer: PodStatusWriter, old: KubeObject, pod: KubeObject): Promise<boolean> {
  let ran = false;
  writer.unlessOwnWrite(old, pod, () => (ran = true));
  await writer.flush();
  await settle();
  return ran;
}

test('knows its own writes: the pod worker compares specs for anyone else’s update only', async (t) => {
  const { api, writer, podNow, setPod, setPhase } = await setup(t);
  const before = podNow();
  writer.request();
  await writer.flush();
  const after = await api.client.get(podsRef, 'default', 'p');
  assert.equal(await compared(writer, before, after), false);
  const relabelled = await api.client.update(podsRef, { ...after, metadata: { ...after.metadata, labels: { changed: 'yes' } } });
  assert.equal(await compared(writer, after, relabelled), true);
  // Its own write, but from a version other than the one the caller saw last: compare.
  setPod(relabelled);
  setPhase('Succeeded');
  writer.request();
  await writer.flush();
  const rewritten = await api.client.get(podsRef, 'default', 'p');
  assert.equal(rewritten.status.phase, 'Succeeded');
  assert.equal(await compared(writer, before, rewritten), true);
});

test('an update seen while the write from its version is in flight is decided when the write returns', async (t) => {
  const api = await startApi(t);
  const pod = await api.client.create(podsRef, 'default', { metadata: { name: 'p' }, spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'nginx' }] } });
  let returned = false;
  const client = Object.create(api.client) as ApiClient;
  client.update = async (ref, obj, options) => {
    const written = await api.client.update(ref, obj, options);
    returned = true;
    return written;
  };
  const writer = new PodStatusWriter(client, { pod: () => pod, generate: () => ({ phase: 'Running', qosClass: 'BestEffort' }) }, logger('test'));
  const seen: { returnedBefore: boolean; compared: boolean }[] = [];
  const handle = await api.client.watch(podsRef, 'default', { resourceVersion: pod.metadata.resourceVersion }, (event) => {
    const entry = { returnedBefore: returned, compared: false };
    seen.push(entry);
    writer.unlessOwnWrite(pod, event.object as KubeObject, () => (entry.compared = true));
  });
  t.after(() => handle.stop());
  writer.request();
  await writer.flush();
  await waitFor(() => seen.length === 1, { what: 'the watch event of the write' });
  await settle();
  assert.deepEqual(seen, [{ returnedBefore: false, compared: false }]);
});
