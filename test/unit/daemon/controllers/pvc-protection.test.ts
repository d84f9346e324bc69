import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNotFound } from '../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { PVCProtectionController } from '../../../../daemon/controllers/pvc-protection.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const claims = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };

async function setUp(t: Parameters<typeof startApi>[0]): Promise<{ api: TestApi; controller: PVCProtectionController }> {
  const api = await startApi(t);
  const controller = PVCProtectionController.fromContext(api);
  await api.syncInformers();
  return { api, controller };
}

async function createClaim(api: TestApi, name: string): Promise<KubeObject> {
  return api.client.create(claims, 'default', {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  });
}

async function createPod(api: TestApi, name: string, claim: string, nodeName?: string): Promise<void> {
  await api.client.create(pods, 'default', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'db', image: 'busybox' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }] },
  });
  await waitFor(() => api.informers.informerFor(pods).get(`default/${name}`), { what: `${name} in the cache` });
}

async function deleteClaim(api: TestApi, name: string): Promise<void> {
  await api.client.delete(claims, 'default', name);
  await waitFor(() => api.informers.informerFor(claims).get(`default/${name}`)?.metadata.deletionTimestamp, { what: `${name} terminating in the cache` });
}

test('a new claim carries kubernetes.io/pvc-protection, added by admission', async (t) => {
  const { api } = await setUp(t);
  const claim = await createClaim(api, 'data');
  assert.deepEqual(claim.metadata.finalizers, ['kubernetes.io/pvc-protection']);
});

test('a deleted claim stays Terminating while a scheduled pod names it, and goes with the pod', async (t) => {
  const { api, controller } = await setUp(t);
  await createClaim(api, 'data');
  await createPod(api, 'db', 'data', 'node1');
  await deleteClaim(api, 'data');
  await controller.sync('default/data');
  const kept = await api.client.get(claims, 'default', 'data');
  assert.ok(kept.metadata.deletionTimestamp);
  assert.deepEqual(kept.metadata.finalizers, ['kubernetes.io/pvc-protection']);

  await api.client.delete(pods, 'default', 'db', { gracePeriodSeconds: 0 });
  await waitFor(() => !api.informers.informerFor(pods).get('default/db'), { what: 'db gone from the cache' });
  await controller.sync('default/data');
  await assert.rejects(api.client.get(claims, 'default', 'data'), isNotFound);
});

test('a pod not yet scheduled does not hold a deleted claim', async (t) => {
  const { api, controller } = await setUp(t);
  await createClaim(api, 'data');
  await createPod(api, 'pending', 'data');
  await deleteClaim(api, 'data');
  await controller.sync('default/data');
  await assert.rejects(api.client.get(claims, 'default', 'data'), isNotFound);
});
