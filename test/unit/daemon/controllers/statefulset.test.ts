import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { StatefulSetController } from '../../../../daemon/controllers/statefulset.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const claims = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };
const events = { group: '', version: 'v1', resource: 'events' };
const statefulSets = { group: 'apps', version: 'v1', resource: 'statefulsets' };
const revisions = { group: 'apps', version: 'v1', resource: 'controllerrevisions' };

function statefulSet(spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      serviceName: 'nginx',
      replicas: 3,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] },
      },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...spec,
    },
  };
}

interface Harness {
  api: TestApi;
  sync: () => Promise<void>;
  /** Waits until the controller's caches hold what the API holds, as the next event would. */
  settle: () => Promise<void>;
}

async function setup(t: Parameters<typeof startApi>[0], sts: KubeObject): Promise<Harness> {
  const api = await startApi(t);
  const controller = StatefulSetController.fromContext(api);
  await api.syncInformers();
  await api.client.create(statefulSets, 'default', sts);
  const settle = async (): Promise<void> => {
    for (const ref of [pods, claims, statefulSets, revisions]) {
      const want = (await api.client.list(ref, 'default')).items.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort().join(',');
      await waitFor(() => api.informers.informerFor(ref).list().map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort().join(',') === want, { what: `the ${ref.resource} cache` });
    }
  };
  await settle();
  const sync = async (): Promise<void> => {
    await controller.sync('default/web');
    await controller.recorder.flush();
    await settle();
  };
  return { api, sync, settle };
}

async function podNames(api: TestApi): Promise<string[]> {
  return (await api.client.list(pods, 'default')).items.map((p) => p.metadata.name!).sort();
}

async function eventMessages(api: TestApi): Promise<string[]> {
  const list = (await api.client.list(events, 'default')).items.filter((e) => e.involvedObject.kind === 'StatefulSet');
  return list.sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!)).map((e) => `${e.type} ${e.reason} ${e.source.component}: ${e.message}`);
}

/** What a kubelet would report once the containers run and the readiness probe passes. */
async function markReady(api: TestApi, name: string): Promise<void> {
  const pod = await api.client.get(pods, 'default', name);
  const now = new Date(api.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  pod.status = { ...pod.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }] };
  await api.client.update(pods, pod, { subresource: 'status' });
}

async function scale(h: Harness, replicas: number): Promise<void> {
  const sts = await h.api.client.get(statefulSets, 'default', 'web');
  sts.spec.replicas = replicas;
  await h.api.client.update(statefulSets, sts);
  await h.settle();
}

test('OrderedReady creates web-0 with its claim, and web-1 only once web-0 is Running and Ready', async (t) => {
  const h = await setup(t, statefulSet());
  await h.sync();
  assert.deepEqual(await podNames(h.api), ['web-0']);
  assert.deepEqual(await eventMessages(h.api), [
    'Normal SuccessfulCreate statefulset-controller: create Claim www-web-0 Pod web-0 in StatefulSet web success',
    'Normal SuccessfulCreate statefulset-controller: create Pod web-0 in StatefulSet web successful',
  ]);
  const sts = await h.api.client.get(statefulSets, 'default', 'web');
  const [revision] = (await h.api.client.list(revisions, 'default')).items;
  const pod = await h.api.client.get(pods, 'default', 'web-0');
  assert.deepEqual(pod.metadata.labels, {
    app: 'nginx',
    'controller-revision-hash': revision!.metadata.name,
    'statefulset.kubernetes.io/pod-name': 'web-0',
    'apps.kubernetes.io/pod-index': '0',
  });
  assert.equal(pod.metadata.generateName, 'web-');
  assert.deepEqual([pod.spec.hostname, pod.spec.subdomain], ['web-0', 'nginx']);
  // The claim's volume first, then the kube-api-access one ServiceAccount admission appends.
  assert.deepEqual(pod.spec.volumes[0], { name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } });
  assert.match(pod.spec.volumes[1].name, /^kube-api-access-[a-z0-9]{5}$/);
  assert.deepEqual(pod.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: sts.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  const claim = await h.api.client.get(claims, 'default', 'www-web-0');
  assert.deepEqual([claim.metadata.labels, claim.metadata.ownerReferences], [{ app: 'nginx' }, undefined]);

  // Pending: nothing more happens. Ready: the next ordinal comes.
  await h.sync();
  assert.deepEqual(await podNames(h.api), ['web-0']);
  await markReady(h.api, 'web-0');
  await h.settle();
  await h.sync();
  assert.deepEqual(await podNames(h.api), ['web-0', 'web-1']);
  await h.sync(); // web-1's add event: the status now counts it
  const status = (await h.api.client.get(statefulSets, 'default', 'web')).status;
  assert.deepEqual(status, {
    availableReplicas: 1,
    collisionCount: 0,
    currentReplicas: 2,
    currentRevision: revision!.metadata.name,
    observedGeneration: 1,
    readyReplicas: 1,
    replicas: 2,
    updateRevision: revision!.metadata.name,
    updatedReplicas: 2,
  });
});

test('records the template in a revision named by the FNV hash of its data', async (t) => {
  const h = await setup(t, statefulSet());
  await h.sync();
  const [revision] = (await h.api.client.list(revisions, 'default')).items;
  const hash = revision!.metadata.labels!['controller.kubernetes.io/hash'];
  assert.equal(revision!.metadata.name, `web-${hash}`);
  assert.deepEqual(revision!.metadata.labels, { app: 'nginx', 'controller.kubernetes.io/hash': hash });
  assert.equal(revision!.revision, 1);
  assert.equal(revision!.metadata.annotations, undefined);
  assert.equal(revision!.data.spec.template.$patch, 'replace');
  assert.equal(revision!.data.spec.template.spec.containers[0].image, 'nginx:1.27');
});

test('Parallel scale-down deletes every surplus pod at once and keeps the claims', async (t) => {
  const h = await setup(t, statefulSet({ replicas: 3, podManagementPolicy: 'Parallel' }));
  await h.sync();
  assert.deepEqual(await podNames(h.api), ['web-0', 'web-1', 'web-2']);
  for (const name of ['web-0', 'web-1', 'web-2']) await markReady(h.api, name);
  await h.settle();
  await scale(h, 1);
  await h.sync();
  assert.deepEqual(await podNames(h.api), ['web-0']);
  const messages = await eventMessages(h.api);
  assert.ok(messages.includes('Normal SuccessfulDelete statefulset-controller: delete Pod web-2 in StatefulSet web successful'));
  assert.ok(messages.includes('Normal SuccessfulDelete statefulset-controller: delete Pod web-1 in StatefulSet web successful'));
  const claimNames = (await h.api.client.list(claims, 'default')).items.map((c) => c.metadata.name).sort();
  assert.deepEqual(claimNames, ['www-web-0', 'www-web-1', 'www-web-2']);
});

test('OrderedReady scale-down deletes web-2 before web-1', async (t) => {
  const h = await setup(t, statefulSet({ replicas: 1 }));
  for (let i = 0; i < 3; i++) {
    if (i > 0) await scale(h, i + 1);
    await h.sync();
    await markReady(h.api, `web-${i}`);
    await h.settle();
  }
  assert.deepEqual(await podNames(h.api), ['web-0', 'web-1', 'web-2']);
  await scale(h, 1);
  await h.sync();
  assert.deepEqual(await podNames(h.api), ['web-0', 'web-1']);
  await h.sync();
  assert.deepEqual(await podNames(h.api), ['web-0']);
});

test('Parallel creates every ordinal at once', async (t) => {
  const h = await setup(t, statefulSet({ podManagementPolicy: 'Parallel' }));
  await h.sync();
  assert.deepEqual(await podNames(h.api), ['web-0', 'web-1', 'web-2']);
  assert.equal((await h.api.client.list(claims, 'default')).items.length, 3);
});

test('a rolling update replaces pods from the highest ordinal down to the partition', async (t) => {
  const h = await setup(t, statefulSet({ podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }));
  await h.sync();
  for (const name of ['web-0', 'web-1', 'web-2']) await markReady(h.api, name);
  await h.settle();
  await h.sync();
  const first = (await h.api.client.get(statefulSets, 'default', 'web')).status.currentRevision;

  const sts = await h.api.client.get(statefulSets, 'default', 'web');
  sts.spec.template.spec.containers[0].image = 'nginx:1.28';
  await h.api.client.update(statefulSets, sts);
  await h.settle();
  await h.sync();
  assert.deepEqual(await podNames(h.api), ['web-0', 'web-1'], 'web-2 is deleted first');
  await h.sync();
  const web2 = await h.api.client.get(pods, 'default', 'web-2');
  assert.equal(web2.spec.containers[0].image, 'nginx:1.28');
  const status = (await h.api.client.get(statefulSets, 'default', 'web')).status;
  assert.equal(status.currentRevision, first);
  assert.notEqual(status.updateRevision, first);
  assert.equal(web2.metadata.labels?.['controller-revision-hash'], status.updateRevision);

  // web-1 waits until web-2 is ready; web-0 is below the partition and stays.
  await h.sync();
  assert.equal((await h.api.client.get(pods, 'default', 'web-1')).spec.containers[0].image, 'nginx:1.27');
  await markReady(h.api, 'web-2');
  await h.settle();
  await h.sync();
  assert.deepEqual(await podNames(h.api), ['web-0', 'web-2']);
  await h.sync();
  await markReady(h.api, 'web-1');
  await h.settle();
  await h.sync();
  assert.equal((await h.api.client.get(pods, 'default', 'web-0')).spec.containers[0].image, 'nginx:1.27');
  assert.deepEqual((await h.api.client.list(revisions, 'default')).items.map((r) => r.revision).sort(), [1, 2]);
});

test('OnDelete leaves pods on the old template until they are deleted', async (t) => {
  const h = await setup(t, statefulSet({ replicas: 1, updateStrategy: { type: 'OnDelete' } }));
  await h.sync();
  await markReady(h.api, 'web-0');
  await h.settle();
  const sts = await h.api.client.get(statefulSets, 'default', 'web');
  sts.spec.template.spec.containers[0].image = 'nginx:1.28';
  await h.api.client.update(statefulSets, sts);
  await h.settle();
  await h.sync();
  assert.equal((await h.api.client.get(pods, 'default', 'web-0')).spec.containers[0].image, 'nginx:1.27');
  await h.api.client.delete(pods, 'default', 'web-0');
  await h.settle();
  await h.sync();
  assert.equal((await h.api.client.get(pods, 'default', 'web-0')).spec.containers[0].image, 'nginx:1.28');
});

test('a rollback to the first template renumbers its revision instead of adding one', async (t) => {
  const h = await setup(t, statefulSet({ replicas: 1, updateStrategy: { type: 'OnDelete' } }));
  await h.sync();
  for (const image of ['nginx:1.28', 'nginx:1.27']) {
    const sts = await h.api.client.get(statefulSets, 'default', 'web');
    sts.spec.template.spec.containers[0].image = image;
    await h.api.client.update(statefulSets, sts);
    await h.settle();
    await h.sync();
  }
  const list = (await h.api.client.list(revisions, 'default')).items.sort((a, b) => a.revision - b.revision);
  assert.deepEqual(list.map((r) => [r.revision, r.data.spec.template.spec.containers[0].image]), [[2, 'nginx:1.28'], [3, 'nginx:1.27']]);
});

test('a claim still being deleted stops its pod, reported as FailedCreate', async (t) => {
  const api = await startApi(t);
  const controller = StatefulSetController.fromContext(api);
  await api.syncInformers();
  await api.client.create(claims, 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'www-web-0', finalizers: ['example.com/hold'] }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
  await api.client.delete(claims, 'default', 'www-web-0');
  await api.client.create(statefulSets, 'default', statefulSet({ replicas: 1 }));
  await waitFor(() => api.informers.informerFor(claims).get('default/www-web-0')?.metadata.deletionTimestamp && api.informers.informerFor(statefulSets).get('default/web'), { what: 'the caches' });
  await assert.rejects(controller.sync('default/web'), /pvc www-web-0 is being deleted/);
  await controller.recorder.flush();
  assert.deepEqual(await podNames(api), []);
  assert.deepEqual(await eventMessages(api), ['Warning FailedCreate statefulset-controller: create Pod web-0 in StatefulSet web failed error: pvc www-web-0 is being deleted']);
});

test('the Delete retention policies hand claims to the set, and a condemned pod its own', async (t) => {
  const h = await setup(t, statefulSet({ replicas: 2, podManagementPolicy: 'Parallel', persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' } }));
  await h.sync();
  const sts = await h.api.client.get(statefulSets, 'default', 'web');
  const owners = async (name: string): Promise<string[]> => ((await h.api.client.get(claims, 'default', name)).metadata.ownerReferences ?? []).map((r: { kind: string; name: string }) => `${r.kind}/${r.name}`);
  assert.deepEqual([await owners('www-web-0'), await owners('www-web-1')], [['StatefulSet/web'], ['StatefulSet/web']]);
  assert.equal((await h.api.client.get(claims, 'default', 'www-web-0')).metadata.ownerReferences?.[0]?.uid, sts.metadata.uid);

  await scale(h, 1);
  await h.sync();
  assert.deepEqual(await podNames(h.api), ['web-0']);
  assert.deepEqual([await owners('www-web-0'), await owners('www-web-1')], [['StatefulSet/web'], ['Pod/web-1']]);
});
