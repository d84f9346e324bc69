import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { logger } from '../../../../../shared/log.js';
import { PodStatusWriter } from '../../../../../daemon/node/kubelet/status-writer.js';
import { startApi } from '../../../../helpers/api.js';
import { podsRef } from './fake-runtime.js';

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
