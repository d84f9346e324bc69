// VolumeBinding through the real scheduler and in-process API: the FailedScheduling texts a
// learner sees for a missing, deleted or unbound claim, and lab I.4's pod kept on its volume's node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { Scheduler } from '../../../../../daemon/scheduler/scheduler.js';
import { startApi, type TestApi } from '../../../../helpers/api.js';
import { createLabNodes } from '../../../../helpers/nodes.js';
import { waitFor } from '../../../../helpers/wait-for.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const claims = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };
const volumes = { group: '', version: 'v1', resource: 'persistentvolumes' };
const classes = { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' };
const events = { group: '', version: 'v1', resource: 'events' };

async function setUp(t: Parameters<typeof startApi>[0]): Promise<{ api: TestApi; scheduler: Scheduler }> {
  const api = await startApi(t);
  const scheduler = Scheduler.fromContext(api);
  await createLabNodes(api.client, 3);
  await api.syncInformers();
  await waitFor(() => scheduler.cache.nodes.length === 4, { what: 'the scheduler to see the nodes' });
  return { api, scheduler };
}

function podWithClaim(name: string, claimName: string): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: { containers: [{ name: 'db', image: 'busybox' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] },
  };
}

async function schedule(api: TestApi, scheduler: Scheduler, pod: KubeObject): Promise<KubeObject> {
  await api.client.create(pods, 'default', pod);
  const key = `default/${pod.metadata.name}`;
  await waitFor(() => api.informers.informerFor(pods).get(key), { what: `the informer to see ${key}` });
  await scheduler.sync(key);
  await scheduler.recorder.flush();
  return api.client.get(pods, 'default', pod.metadata.name!);
}

async function messages(api: TestApi, name: string): Promise<string[]> {
  return (await api.client.list(events, 'default')).items.filter((e) => e.involvedObject.name === name).map((e) => `${e.reason}: ${e.message}`);
}

async function createClaim(api: TestApi, name: string, spec: Record<string, unknown> = {}): Promise<KubeObject> {
  const claim = await api.client.create(claims, 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec } });
  await waitFor(() => api.informers.informerFor(claims).get(`default/${name}`), { what: `${name} in the cache` });
  return claim;
}

test('a pod naming a claim that does not exist stays Pending: persistentvolumeclaim "missing" not found', async (t) => {
  const { api, scheduler } = await setUp(t);
  const pod = await schedule(api, scheduler, podWithClaim('nopvc', 'missing'));
  assert.equal(pod.spec.nodeName, undefined);
  assert.deepEqual(await messages(api, 'nopvc'), [
    'FailedScheduling: 0/4 nodes are available: persistentvolumeclaim "missing" not found. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
  ]);
  assert.equal(scheduler.queue.where('default/nopvc'), 'unschedulable');
  // The claim's arrival sends the pod back to be tried again.
  await createClaim(api, 'missing', { storageClassName: 'standard' });
  assert.equal(scheduler.queue.where('default/nopvc'), 'backoff');
});

test('an unbound claim of an Immediate class, and a claim being deleted, keep the pod Pending', async (t) => {
  const { api, scheduler } = await setUp(t);
  await api.client.create(classes, undefined, { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'example.com/fast', volumeBindingMode: 'Immediate' });
  await waitFor(() => api.informers.informerFor(classes).get('fast'), { what: 'the class in the cache' });
  await createClaim(api, 'now', { storageClassName: 'fast' });
  await schedule(api, scheduler, podWithClaim('immediate', 'now'));
  await createClaim(api, 'going', { storageClassName: 'standard' });
  await api.client.delete(claims, 'default', 'going');
  await waitFor(() => api.informers.informerFor(claims).get('default/going')?.metadata.deletionTimestamp, { what: 'the claim terminating in the cache' });
  await schedule(api, scheduler, podWithClaim('deleting', 'going'));
  assert.deepEqual(await messages(api, 'immediate'), [
    'FailedScheduling: 0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
  ]);
  assert.deepEqual(await messages(api, 'deleting'), [
    'FailedScheduling: 0/4 nodes are available: persistentvolumeclaim "going" is being deleted. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
  ]);
});

test('a pod whose bound volume is pinned to node3 goes to node3, and with node3 cordoned nowhere (lab I.4)', async (t) => {
  const { api, scheduler } = await setUp(t);
  await api.client.create(volumes, undefined, {
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pvc-local' },
    spec: {
      capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'standard', hostPath: { path: '/var/local-path-provisioner/pvc-local' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node3'] }] }] } },
    },
  });
  await waitFor(() => api.informers.informerFor(volumes).get('pvc-local'), { what: 'the volume in the cache' });
  await createClaim(api, 'pvc-db', { storageClassName: 'standard', volumeName: 'pvc-local' });
  const claim = await api.client.get(claims, 'default', 'pvc-db');
  claim.metadata.annotations = { 'pv.kubernetes.io/bind-completed': 'yes' };
  await api.client.update(claims, claim);
  await waitFor(() => api.informers.informerFor(claims).get('default/pvc-db')?.metadata.annotations?.['pv.kubernetes.io/bind-completed'], { what: 'the bound claim in the cache' });

  for (const name of ['db-1', 'db-2', 'db-3']) assert.equal((await schedule(api, scheduler, podWithClaim(name, 'pvc-db'))).spec.nodeName, 'node3');

  const node3 = await api.client.get({ group: '', version: 'v1', resource: 'nodes' }, undefined, 'node3');
  node3.spec = { ...node3.spec, unschedulable: true };
  await api.client.update({ group: '', version: 'v1', resource: 'nodes' }, node3);
  await waitFor(() => scheduler.cache.get('node3')?.node?.spec?.unschedulable, { what: 'node3 cordoned in the cache' });
  const pod = await schedule(api, scheduler, podWithClaim('db-4', 'pvc-db'));
  assert.equal(pod.spec.nodeName, undefined);
  assert.deepEqual(await messages(api, 'db-4'), [
    'FailedScheduling: 0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable, 2 node(s) had volume node affinity conflict. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
  ]);
});

test('PreBind: a WaitForFirstConsumer claim is annotated with the chosen node and the pod is bound only once the claim is', async (t) => {
  const { api, scheduler } = await setUp(t);
  await createClaim(api, 'pvc-db', { storageClassName: 'standard' });
  await api.client.create(pods, 'default', podWithClaim('db', 'pvc-db'));
  await waitFor(() => api.informers.informerFor(pods).get('default/db'), { what: 'the pod in the cache' });
  const scheduling = scheduler.sync('default/db');
  const annotated = await waitFor(async () => {
    const claim = await api.client.get(claims, 'default', 'pvc-db');
    return claim.metadata.annotations?.['volume.kubernetes.io/selected-node'] ? claim : undefined;
  }, { what: 'the selected-node annotation' });
  const node = annotated.metadata.annotations!['volume.kubernetes.io/selected-node']!;
  assert.match(node, /^node[123]$/);
  assert.equal((await api.client.get(pods, 'default', 'db')).spec.nodeName, undefined, 'not bound while its claim is not');

  // What the provisioner and the persistentvolume controller do: a volume, and the claim bound to it.
  annotated.spec.volumeName = 'pvc-made';
  annotated.metadata.annotations = { ...annotated.metadata.annotations, 'pv.kubernetes.io/bind-completed': 'yes' };
  await api.client.update(claims, annotated);
  await scheduling;
  await scheduler.recorder.flush();
  assert.equal((await api.client.get(pods, 'default', 'db')).spec.nodeName, node);
  assert.deepEqual(await messages(api, 'db'), [`Scheduled: Successfully assigned default/db to ${node}`]);
});

test('PreBind gives up after bindTimeoutSeconds (600 s) with kube-scheduler\'s words, and the pod stays Pending', async (t) => {
  const { api, scheduler } = await setUp(t);
  await createClaim(api, 'slow', { storageClassName: 'standard' });
  await api.client.create(pods, 'default', podWithClaim('waits', 'slow'));
  await waitFor(() => api.informers.informerFor(pods).get('default/waits'), { what: 'the pod in the cache' });
  const scheduling = scheduler.sync('default/waits');
  await waitFor(async () => (await api.client.get(claims, 'default', 'slow')).metadata.annotations?.['volume.kubernetes.io/selected-node'], { what: 'the selected-node annotation' });
  let settled = false;
  void scheduling.then(() => (settled = true));
  // Each poll moves the cluster clock past the 600 s, whenever the wait's timer was set.
  await waitFor(() => {
    api.clock.step(600_000);
    return settled || undefined;
  }, { what: 'PreBind to time out' });
  await scheduling;
  await scheduler.recorder.flush();
  assert.equal((await api.client.get(pods, 'default', 'waits')).spec.nodeName, undefined);
  assert.deepEqual(await messages(api, 'waits'), ['FailedScheduling: running PreBind plugin "VolumeBinding": binding volumes: context deadline exceeded']);
});

test('PreBind stops waiting when its pod is deleted: a pod made again under the same name is bound, with no failure', async (t) => {
  const { api, scheduler } = await setUp(t);
  await createClaim(api, 'pvc-db', { storageClassName: 'standard' });
  await api.client.create(pods, 'default', podWithClaim('db', 'pvc-db'));
  await waitFor(() => api.informers.informerFor(pods).get('default/db'), { what: 'the pod in the cache' });
  let settled = false;
  const first = scheduler.sync('default/db').then(() => (settled = true));
  await waitFor(async () => (await api.client.get(claims, 'default', 'pvc-db')).metadata.annotations?.['volume.kubernetes.io/selected-node'], { what: 'the selected-node annotation' });
  await api.client.delete(pods, 'default', 'db', { gracePeriodSeconds: 0 });
  // No claim changes and no clock steps: the deletion alone ends the wait.
  await waitFor(() => settled || undefined, { what: 'the first PreBind wait to end with its pod' });
  await first;
  assert.equal(scheduler.cache.isAssumed('default/db'), false);

  const again = await api.client.create(pods, 'default', podWithClaim('db', 'pvc-db'));
  await waitFor(() => api.informers.informerFor(pods).get('default/db')?.metadata.uid === again.metadata.uid || undefined, { what: 'the new pod in the cache' });
  const second = scheduler.sync('default/db');
  const claim = await api.client.get(claims, 'default', 'pvc-db');
  const node = claim.metadata.annotations!['volume.kubernetes.io/selected-node']!;
  claim.spec.volumeName = 'pvc-made';
  claim.metadata.annotations = { ...claim.metadata.annotations, 'pv.kubernetes.io/bind-completed': 'yes' };
  await api.client.update(claims, claim);
  await second;
  await scheduler.recorder.flush();
  const bound = await api.client.get(pods, 'default', 'db');
  assert.equal(bound.metadata.uid, again.metadata.uid);
  assert.equal(bound.spec.nodeName, node);
  assert.deepEqual((await messages(api, 'db')).filter((m) => m.startsWith('FailedScheduling')), []);
});

test('PreBind: a claim gone before it could be annotated fails the attempt with its NotFound, and the pod is tried again', async (t) => {
  const { api, scheduler } = await setUp(t);
  await createClaim(api, 'pvc-db', { storageClassName: 'standard' });
  // The claim is deleted between the scheduling cycle and PreBind's write (the cache had not seen it go).
  const patch = api.client.patch.bind(api.client);
  api.client.patch = async (ref, namespace, name, type, body, options) => {
    if (ref.resource === 'persistentvolumeclaims') throw new StatusError(404, 'NotFound', `persistentvolumeclaims "${name}" not found`);
    return patch(ref, namespace, name, type, body, options);
  };
  const pod = await schedule(api, scheduler, podWithClaim('db', 'pvc-db'));
  assert.equal(pod.spec.nodeName, undefined);
  assert.deepEqual(await messages(api, 'db'), ['FailedScheduling: running PreBind plugin "VolumeBinding": persistentvolumeclaims "pvc-db" not found']);
  assert.notEqual(scheduler.queue.where('default/db'), undefined);
});
