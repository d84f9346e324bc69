import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNotFound } from '../../../../shared/api/errors.js';
import { PodGCController } from '../../../../daemon/controllers/pod-gc.js';
import { createLabNodes, nodesRef } from '../../../helpers/nodes.js';
import { startApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const pods = { group: '', version: 'v1', resource: 'pods' };

test('pods of a deleted node are failed with DeletionByPodGC and removed after the 40 s quarantine', async (t) => {
  const api = await startApi(t);
  await createLabNodes(api.client, 2);
  await api.client.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { nodeName: 'node2', containers: [{ name: 'c', image: 'nginx' }] } });
  const controller = PodGCController.fromContext(api);
  await api.syncInformers();
  await api.client.delete(nodesRef, undefined, 'node2');
  await waitFor(() => !api.informers.informerFor(nodesRef).get('node2') && api.informers.informerFor(pods).get('default/web'), { what: 'the cache' });

  const seen: unknown[] = [];
  await api.client.watch(pods, 'default', {}, (event) => seen.push(event.object));
  await controller.gc();
  api.clock.step(39_000);
  await controller.gc();
  assert.ok(await api.client.get(pods, 'default', 'web'), 'still quarantined at 39 s');

  api.clock.step(1_000);
  await controller.gc();
  await assert.rejects(api.client.get(pods, 'default', 'web'), isNotFound);
  const failed = seen.map((o) => (o as { status: { phase: string; conditions?: object[] } }).status).find((s) => s.phase === 'Failed');
  assert.deepEqual(failed?.conditions?.find((c) => (c as { type: string }).type === 'DisruptionTarget'), {
    type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:40Z',
  });
});

test('pods of nodes that exist are left alone', async (t) => {
  const api = await startApi(t);
  await createLabNodes(api.client, 2);
  await api.client.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'nginx' }] } });
  const controller = PodGCController.fromContext(api);
  await api.syncInformers();
  await controller.gc();
  api.clock.step(60_000);
  await controller.gc();
  assert.equal((await api.client.get(pods, 'default', 'web')).status.phase, 'Pending');
});
