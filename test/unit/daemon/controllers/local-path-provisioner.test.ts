// Whose name the in-process local-path provisioner signs its Events with: the running pod of
// kind's local-path-provisioner Deployment (as its logs name itself), else a made-up pod.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalPathProvisioner } from '../../../../daemon/controllers/local-path-provisioner.js';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const ref = (group: string, resource: string) => ({ group, version: 'v1', resource });
const pods = ref('', 'pods');
const claims = ref('', 'persistentvolumeclaims');

async function provisioner(t: Parameters<typeof startApi>[0]): Promise<{ api: TestApi; provisioner: LocalPathProvisioner }> {
  const api = await startApi(t);
  const { client, informers } = api;
  await client.create(ref('', 'nodes'), undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'kind-worker', labels: { 'kubernetes.io/hostname': 'kind-worker' } } });
  await client.create(ref('', 'namespaces'), undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'local-path-storage' } });
  const p = new LocalPathProvisioner({
    client, clock: api.clock, claims: informers.informerFor(claims), volumes: informers.informerFor(ref('', 'persistentvolumes')),
    classes: informers.informerFor(ref('storage.k8s.io', 'storageclasses')), pods: informers.informerFor(pods),
  });
  await api.syncInformers();
  return { api, provisioner: p };
}

async function runningPod(api: TestApi, name: string, labels: Record<string, string>): Promise<void> {
  const pod = await api.client.create(pods, 'local-path-storage', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'local-path-storage', labels },
    spec: { nodeName: 'kind-worker', containers: [{ name: 'local-path-provisioner', image: 'docker.io/kindest/local-path-provisioner:v20241212-8ac705d0' }] },
  });
  await api.client.update(pods, { ...pod, status: { phase: 'Running' } }, { subresource: 'status' });
  await waitFor(() => api.informers.informerFor(pods).get(`local-path-storage/${name}`)?.status?.phase === 'Running', { what: `${name} Running in the cache` });
}

/** Provisions one claim and returns the From of its first Event. */
async function provisionedBy(api: TestApi, p: LocalPathProvisioner, name: string): Promise<string> {
  const claim: KubeObject = await api.client.create(claims, 'default', {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default', annotations: { 'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path', 'volume.kubernetes.io/selected-node': 'kind-worker' } },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard' },
  });
  await waitFor(() => api.informers.informerFor(claims).get(`default/${name}`), { what: `${name} in the cache` });
  await p.sync(`default/${name}`);
  await p.recorder.flush();
  const list = (await api.client.list(ref('', 'events'), 'default')).items.filter((e) => e.involvedObject.uid === claim.metadata.uid);
  return list[0]!.source.component as string;
}

test('the Events name the provisioner pod of local-path-storage, with the UUID its logs print', async (t) => {
  const { api, provisioner: p } = await provisioner(t);
  await runningPod(api, 'unrelated', { app: 'something-else' });
  await runningPod(api, 'local-path-provisioner-7dc846544d-x8k2p', { app: 'local-path-provisioner' });
  assert.match(await provisionedBy(api, p, 'data'), /^rancher\.io\/local-path_local-path-provisioner-7dc846544d-x8k2p_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('without a provisioner pod the Events still come, from a made-up instance', async (t) => {
  const { api, provisioner: p } = await provisioner(t);
  assert.match(await provisionedBy(api, p, 'data'), /^rancher\.io\/local-path_local-path-provisioner-7dc846544d-[a-z0-9]{5}_[0-9a-f-]{36}$/);
});
