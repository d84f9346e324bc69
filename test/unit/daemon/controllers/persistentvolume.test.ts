import { repoPath } from '../../../helpers/paths.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { isNotFound } from '../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { persistentVolumeClaimPrinter } from '../../../../shared/printers/persistentvolumeclaims.js';
import { persistentVolumePrinter } from '../../../../shared/printers/persistentvolumes.js';
import { PersistentVolumeController } from '../../../../daemon/controllers/persistentvolume.js';
import { LocalPathProvisioner } from '../../../../daemon/controllers/local-path-provisioner.js';
import { PVCProtectionController } from '../../../../daemon/controllers/pvc-protection.js';
import { PVProtectionController } from '../../../../daemon/controllers/pv-protection.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const namespaces = { group: '', version: 'v1', resource: 'namespaces' };
const nodes = { group: '', version: 'v1', resource: 'nodes' };
const pods = { group: '', version: 'v1', resource: 'pods' };
const claims = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };
const volumes = { group: '', version: 'v1', resource: 'persistentvolumes' };
const classes = { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' };
const events = { group: '', version: 'v1', resource: 'events' };
const refs: Record<string, typeof pods> = { Namespace: namespaces, PersistentVolumeClaim: claims, Pod: pods };
/** Lab I.4's manifest (namespace hyperdata, claim pvc-db, pod db), copied into the e2e fixtures. */
const labManifest = repoPath('test', 'e2e', 'fixtures', 'controllers', 'pvc-db.yaml');
const provisionerIdentity = 'rancher.io/local-path_local-path-provisioner-7dc846544d-x8k2p_0c6c7a2e-3f1b-4d8e-9a57-2b4f6e1d9c30';

interface Cluster {
  api: TestApi;
  controller: PersistentVolumeController;
  provisioner: LocalPathProvisioner;
}

async function cluster(t: Parameters<typeof startApi>[0]): Promise<Cluster> {
  const api = await startApi(t);
  await api.client.create(nodes, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'kind-worker', labels: { 'kubernetes.io/hostname': 'kind-worker' } } });
  const controller = PersistentVolumeController.fromContext(api);
  const provisioner = new LocalPathProvisioner({
    client: api.client, clock: api.clock, identity: provisionerIdentity,
    claims: api.informers.informerFor(claims), volumes: api.informers.informerFor(volumes), classes: api.informers.informerFor(classes),
  });
  return { api, controller, provisioner };
}

/** Creates the objects of a lab manifest, in file order, as `kubectl apply -f` does. */
async function applyManifest(api: TestApi, path: string): Promise<void> {
  for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
    const obj = doc.toJSON() as KubeObject;
    await api.client.create(refs[obj.kind!]!, obj.metadata.namespace, obj);
  }
}

/** Waits until the informer holds this resourceVersion (or newer) of the object, then syncs it. */
async function syncWhenCached(api: TestApi, sync: (key: string) => Promise<void>, ref: typeof pods, key: string, fresh: KubeObject): Promise<void> {
  const informer = api.informers.informerFor(ref);
  await waitFor(() => Number(informer.get(key)?.metadata.resourceVersion ?? 0) >= Number(fresh.metadata.resourceVersion), { what: `${key} in the cache` });
  await sync(key);
}

async function claimEvents({ api, controller, provisioner }: Cluster, namespace: string, name: string): Promise<string[]> {
  await controller.recorder.flush();
  await provisioner.recorder.flush();
  const list = (await api.client.list(events, namespace)).items.filter((e) => e.involvedObject.name === name);
  return list.map((e) => `${e.type} ${e.reason} [${e.source.component}] ${e.message}`) as string[];
}

function row(printer: typeof persistentVolumePrinter, obj: KubeObject): string[] {
  return printer.cells(obj, 0).filter((_, i) => printer.columns[i]!.name !== 'Age').map(String);
}

test('lab I.4: the claim waits for its pod, is provisioned on the pod\'s node by local-path, and ends Bound', async (t) => {
  const c = await cluster(t);
  const { api, controller, provisioner } = c;
  await applyManifest(api, labManifest);
  await api.syncInformers();
  const key = 'hyperdata/pvc-db';

  await controller.sync(key); // no class was given: the default one is filled in
  let claim = await api.client.get(claims, 'hyperdata', 'pvc-db');
  assert.equal(claim.spec.storageClassName, 'standard');
  await syncWhenCached(api, (k) => controller.sync(k), claims, key, claim);
  assert.deepEqual(await claimEvents(c, 'hyperdata', 'pvc-db'), ['Normal WaitForPodScheduled [persistentvolume-controller] waiting for pod db to be scheduled']);

  // The scheduler places the pod (spec.nodeName through pods/binding).
  await api.client.createSubresource(pods, 'hyperdata', 'db', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'db' }, target: { apiVersion: 'v1', kind: 'Node', name: 'kind-worker' } });
  await waitFor(() => api.informers.informerFor(pods).get('hyperdata/db')?.spec.nodeName, { what: 'the bound pod in the cache' });
  await controller.sync(key);
  claim = await api.client.get(claims, 'hyperdata', 'pvc-db');
  assert.equal(claim.metadata.annotations?.['volume.kubernetes.io/selected-node'], 'kind-worker');

  await syncWhenCached(api, (k) => controller.sync(k), claims, key, claim);
  claim = await api.client.get(claims, 'hyperdata', 'pvc-db');
  assert.equal(claim.metadata.annotations?.['volume.kubernetes.io/storage-provisioner'], 'rancher.io/local-path');
  assert.equal(claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-provisioner'], 'rancher.io/local-path');

  api.clock.step(1000); // the provisioner acts a moment later (and its Event names must not clash)
  await syncWhenCached(api, (k) => provisioner.sync(k), claims, key, claim);
  const pvName = `pvc-${claim.metadata.uid}`;
  let pv = await api.client.get(volumes, undefined, pvName);
  await syncWhenCached(api, (k) => controller.sync(k), volumes, pvName, pv); // pre-bound: the claim is queued
  await controller.sync(key);

  claim = await api.client.get(claims, 'hyperdata', 'pvc-db');
  pv = await api.client.get(volumes, undefined, pvName);
  assert.deepEqual(claim.metadata.annotations, {
    'pv.kubernetes.io/bind-completed': 'yes',
    'pv.kubernetes.io/bound-by-controller': 'yes',
    'volume.beta.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
    'volume.kubernetes.io/selected-node': 'kind-worker',
    'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
  });
  assert.deepEqual(claim.status, { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } });
  assert.deepEqual(row(persistentVolumeClaimPrinter, claim), ['pvc-db', 'Bound', pvName, '1Gi', 'RWO', 'standard', '<unset>', 'Filesystem']);
  assert.deepEqual(row(persistentVolumePrinter, pv).slice(0, 7), [pvName, '1Gi', 'RWO', 'Delete', 'Bound', 'hyperdata/pvc-db', 'standard']);
  assert.deepEqual(pv.metadata.annotations, { 'local.path.provisioner/selected-node': 'kind-worker', 'pv.kubernetes.io/provisioned-by': 'rancher.io/local-path' });
  assert.deepEqual(pv.spec.claimRef, { kind: 'PersistentVolumeClaim', namespace: 'hyperdata', name: 'pvc-db', uid: claim.metadata.uid, apiVersion: 'v1', resourceVersion: pv.spec.claimRef.resourceVersion });
  assert.deepEqual(pv.spec.hostPath, { path: `/var/local-path-provisioner/${pvName}_hyperdata_pvc-db`, type: 'DirectoryOrCreate' });
  assert.deepEqual(pv.spec.nodeAffinity.required.nodeSelectorTerms, [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['kind-worker'] }] }]);
  assert.deepEqual(await claimEvents(c, 'hyperdata', 'pvc-db'), [
    'Normal WaitForPodScheduled [persistentvolume-controller] waiting for pod db to be scheduled',
    "Normal ExternalProvisioning [persistentvolume-controller] Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
    `Normal Provisioning [${provisionerIdentity}] External provisioner is provisioning volume for claim "hyperdata/pvc-db"`,
    `Normal ProvisioningSucceeded [${provisionerIdentity}] Successfully provisioned volume ${pvName}`,
  ]);
});

test('lab I.4 with the controllers running: Bound once the pod is on a node; deleting the claim deletes the volume', async (t) => {
  const c = await cluster(t);
  const { api, controller, provisioner } = c;
  await applyManifest(api, labManifest);
  const abort = new AbortController();
  t.after(() => abort.abort());
  await api.syncInformers();
  // The protection controllers release the claim and the volume from their finalizers.
  const running = [controller.start(abort.signal), provisioner.start(abort.signal), PVCProtectionController.fromContext(api).start(abort.signal), PVProtectionController.fromContext(api).start(abort.signal)];
  await api.client.createSubresource(pods, 'hyperdata', 'db', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'db' }, target: { apiVersion: 'v1', kind: 'Node', name: 'kind-worker' } });
  const bound = await waitFor(async () => {
    const claim = await api.client.get(claims, 'hyperdata', 'pvc-db');
    return claim.status.phase === 'Bound' ? claim : undefined;
  }, { what: 'the claim to be Bound' });
  const pvName = `pvc-${bound.metadata.uid}`;
  await waitFor(async () => (await api.client.get(volumes, undefined, pvName)).status.phase === 'Bound', { what: 'the volume to be Bound' });

  // kubernetes.io/pvc-protection keeps the claim Terminating while the pod db uses it.
  await api.client.delete(claims, 'hyperdata', 'pvc-db');
  await waitFor(async () => (await api.client.get(claims, 'hyperdata', 'pvc-db')).metadata.deletionTimestamp, { what: 'the claim to be Terminating' });
  assert.deepEqual((await api.client.get(claims, 'hyperdata', 'pvc-db')).metadata.finalizers, ['kubernetes.io/pvc-protection']);
  await api.client.delete(pods, 'hyperdata', 'db', { gracePeriodSeconds: 0 });
  await waitFor(() => api.client.get(volumes, undefined, pvName).then(() => false, isNotFound), { what: 'the volume to be deleted with its claim' });
  abort.abort();
  await Promise.all(running);
});

const cases: { name: string; given: { claim: Record<string, unknown>; classes?: KubeObject[] }; want: string[] }[] = [
  {
    name: 'a claim naming a class that does not exist reports it',
    given: { claim: { storageClassName: 'fast' } },
    want: ['Warning ProvisioningFailed [persistentvolume-controller] storageclass.storage.k8s.io "fast" not found'],
  },
  {
    name: 'a claim with no class and no volume says so',
    given: { claim: { storageClassName: '' } },
    want: ['Normal FailedBinding [persistentvolume-controller] no persistent volumes available for this claim and no storage class is set'],
  },
  {
    name: 'an Immediate class asks its external provisioner at once',
    given: {
      claim: { storageClassName: 'nfs' },
      classes: [{ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'nfs' }, provisioner: 'example.com/nfs', volumeBindingMode: 'Immediate' }],
    },
    want: ["Normal ExternalProvisioning [persistentvolume-controller] Waiting for a volume to be created either by the external provisioner 'example.com/nfs' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."],
  },
  {
    name: 'a WaitForFirstConsumer claim without a pod waits for its first consumer',
    given: { claim: { storageClassName: 'standard' } },
    want: ['Normal WaitForFirstConsumer [persistentvolume-controller] waiting for first consumer to be created before binding'],
  },
];

for (const { name, given, want } of cases) {
  test(name, async (t) => {
    const c = await cluster(t);
    const { api, controller } = c;
    for (const storageClass of given.classes ?? []) await api.client.create(classes, undefined, storageClass);
    await api.client.create(claims, 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...given.claim } });
    await api.syncInformers();
    await controller.sync('default/data');
    assert.deepEqual(await claimEvents(c, 'default', 'data'), want);
    assert.equal((await api.client.get(claims, 'default', 'data')).status.phase, 'Pending');
  });
}

test('binds a claim to the smallest Available volume that fits, and marks both bound', async (t) => {
  const c = await cluster(t);
  const { api, controller } = c;
  for (const [name, size] of [['big', '10Gi'], ['small', '2Gi'], ['tiny', '500Mi']]) {
    await api.client.create(volumes, undefined, { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: name! }, spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], hostPath: { path: `/mnt/${name}` } } });
  }
  await api.client.create(claims, 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { storageClassName: '', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
  await api.syncInformers();
  for (const name of ['big', 'small', 'tiny']) await controller.sync(name); // Pending → Available
  await waitFor(() => api.informers.informerFor(volumes).list().every((v) => v.status.phase === 'Available'), { what: 'Available volumes in the cache' });
  await controller.sync('default/data');

  const claim = await api.client.get(claims, 'default', 'data');
  const pv = await api.client.get(volumes, undefined, 'small');
  assert.equal(claim.spec.volumeName, 'small');
  assert.deepEqual(claim.status, { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '2Gi' } });
  assert.deepEqual(pv.metadata.annotations, { 'pv.kubernetes.io/bound-by-controller': 'yes' });
  assert.equal(pv.status.phase, 'Bound');
  assert.deepEqual(row(persistentVolumeClaimPrinter, claim).slice(0, 6), ['data', 'Bound', 'small', '2Gi', 'RWO', '']);

  // Retain (the default for static volumes): the volume stays, Released, when the claim goes.
  const protection = PVCProtectionController.fromContext(api);
  await api.client.delete(claims, 'default', 'data');
  await waitFor(() => api.informers.informerFor(claims).get('default/data')?.metadata.deletionTimestamp, { what: 'the claim terminating in the cache' });
  await protection.sync('default/data');
  await waitFor(() => !api.informers.informerFor(claims).get('default/data'), { what: 'the claim gone from the cache' });
  await controller.sync('small');
  assert.equal((await api.client.get(volumes, undefined, 'small')).status.phase, 'Released');
});

test('a claim naming a volume that is too small says why', async (t) => {
  const c = await cluster(t);
  const { api, controller } = c;
  await api.client.create(volumes, undefined, { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-lab' }, spec: { capacity: { storage: '2Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/mnt/data' } } });
  await api.client.create(claims, 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { storageClassName: '', volumeName: 'pv-lab', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } } });
  await api.syncInformers();
  await controller.sync('default/data');
  assert.deepEqual(await claimEvents(c, 'default', 'data'), ['Warning VolumeMismatch [persistentvolume-controller] Cannot bind to requested volume "pv-lab": requested PV is too small']);
});

test('local-path refuses ReadWriteMany, as on kind', async (t) => {
  const c = await cluster(t);
  const { api, provisioner } = c;
  await api.client.create(claims, 'default', {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: { name: 'shared', annotations: { 'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path', 'volume.kubernetes.io/selected-node': 'kind-worker' } },
    spec: { storageClassName: 'standard', accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } },
  });
  await api.syncInformers();
  await provisioner.sync('default/shared');
  assert.deepEqual(await claimEvents(c, 'default', 'shared'), [
    `Normal Provisioning [${provisionerIdentity}] External provisioner is provisioning volume for claim "default/shared"`,
    `Warning ProvisioningFailed [${provisionerIdentity}] failed to provision volume with StorageClass "standard": NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes`,
  ]);
  assert.deepEqual((await api.client.list(volumes, undefined)).items, []);
});

test('a released hostPath volume with reclaim policy Delete outside /tmp fails to delete', async (t) => {
  const c = await cluster(t);
  const { api, controller } = c;
  await api.client.create(volumes, undefined, {
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-data' },
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', hostPath: { path: '/mnt/data' }, claimRef: { namespace: 'default', name: 'gone', uid: '3b0c4f0e-0000-4000-8000-000000000001' } },
  });
  await api.syncInformers();
  await controller.sync('pv-data');
  const pv = await api.client.get(volumes, undefined, 'pv-data');
  assert.deepEqual({ phase: pv.status.phase, message: pv.status.message }, { phase: 'Failed', message: 'host_path deleter only supports /tmp/.+ but received provided /mnt/data' });
  await controller.recorder.flush();
  const [event] = (await api.client.list(events, 'default')).items.filter((e) => e.involvedObject.name === 'pv-data');
  assert.deepEqual([event!.type, event!.reason, event!.message], ['Warning', 'VolumeFailedDelete', 'host_path deleter only supports /tmp/.+ but received provided /mnt/data']);
});
