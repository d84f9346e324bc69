import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNotFound } from '../../../../shared/api/errors.js';
import { PVProtectionController } from '../../../../daemon/controllers/pv-protection.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const volumes = { group: '', version: 'v1', resource: 'persistentvolumes' };

async function setUp(t: Parameters<typeof startApi>[0]): Promise<{ api: TestApi; controller: PVProtectionController }> {
  const api = await startApi(t);
  const controller = PVProtectionController.fromContext(api);
  await api.syncInformers();
  return { api, controller };
}

async function createVolume(api: TestApi, name: string, phase: string): Promise<void> {
  const pv = await api.client.create(volumes, undefined, {
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: `/data/${name}` } },
  });
  assert.deepEqual(pv.metadata.finalizers, ['kubernetes.io/pv-protection']);
  await api.client.update(volumes, { ...pv, status: { phase } }, { subresource: 'status' });
  await api.client.delete(volumes, undefined, name);
  await waitFor(() => api.informers.informerFor(volumes).get(name)?.metadata.deletionTimestamp, { what: `${name} terminating in the cache` });
}

test('a deleted Bound volume keeps kubernetes.io/pv-protection and stays Terminating', async (t) => {
  const { api, controller } = await setUp(t);
  await createVolume(api, 'pv1', 'Bound');
  await controller.sync('pv1');
  const kept = await api.client.get(volumes, undefined, 'pv1');
  assert.ok(kept.metadata.deletionTimestamp);
  assert.deepEqual(kept.metadata.finalizers, ['kubernetes.io/pv-protection']);
});

test('a deleted volume that is not Bound loses the finalizer and is gone', async (t) => {
  const { api, controller } = await setUp(t);
  await createVolume(api, 'pv2', 'Released');
  await controller.sync('pv2');
  await assert.rejects(api.client.get(volumes, undefined, 'pv2'), isNotFound);
});
