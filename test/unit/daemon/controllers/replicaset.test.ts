import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forbidden } from '../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../shared/api/meta.js';
import type { ApiClient } from '../../../../shared/client/client.js';
import { ReplicaSetController, optionsFromContext, replicaSetKind } from '../../../../daemon/controllers/replicaset.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const replicasets = { group: 'apps', version: 'v1', resource: 'replicasets' };
const pods = { group: '', version: 'v1', resource: 'pods' };
const events = { group: '', version: 'v1', resource: 'events' };
const namespaces = { group: '', version: 'v1', resource: 'namespaces' };
const generatedName = (base: string): RegExp => new RegExp(`^${base}-[bcdfghjklmnpqrstvwxz2456789]{5}$`);

function replicaSet(name: string, replicas: number, extra: { selector?: unknown; labels?: Record<string, string>; minReadySeconds?: number } = {}): KubeObject {
  const labels = extra.labels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas,
      minReadySeconds: extra.minReadySeconds,
      selector: extra.selector ?? { matchLabels: labels },
      template: { metadata: { labels, annotations: { note: 'from the template' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    },
  };
}

function pod(name: string, labels: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
}

async function setup(t: Parameters<typeof startApi>[0], options: { client?: (client: ApiClient) => ApiClient; burstReplicas?: number } = {}) {
  const api = await startApi(t);
  const context = { ...api, client: options.client ? options.client(api.client) : api.client };
  const controller = new ReplicaSetController({ ...optionsFromContext(context, replicaSetKind), burstReplicas: options.burstReplicas });
  await api.syncInformers();
  return { api, controller };
}

/** The client with a check before every pod create, standing in for an admission plugin such as ResourceQuota. */
function interceptPodCreates(client: ApiClient, check: (namespace: string | undefined, pod: KubeObject) => void): ApiClient {
  const wrapped: ApiClient = Object.create(client);
  wrapped.create = async (ref, namespace, obj, options) => {
    if (ref.resource === 'pods') check(namespace, obj);
    return client.create(ref, namespace, obj, options);
  };
  return wrapped;
}

async function podsIn(api: TestApi, namespace = 'default'): Promise<KubeObject[]> {
  return (await api.client.list(pods, namespace)).items;
}

/** Waits until the informer holds exactly `count` live pods, so that the next sync sees them. */
async function cacheSees(api: TestApi, count: number, namespace = 'default'): Promise<void> {
  const informer = api.informers.informerFor(pods);
  await waitFor(() => informer.list().filter((p) => p.metadata.namespace === namespace && !p.metadata.deletionTimestamp).length === count, { what: `${count} pods in the cache` });
}

async function cachedRs(api: TestApi, name: string, check: (rs: KubeObject) => boolean, namespace = 'default'): Promise<void> {
  await waitFor(() => {
    const rs = api.informers.informerFor(replicasets).get(`${namespace}/${name}`);
    return rs && check(rs);
  }, { what: `replicaset ${name} in the cache` });
}

async function eventsOf(controller: ReplicaSetController, api: TestApi, namespace = 'default'): Promise<string[]> {
  await controller.recorder.flush();
  return (await api.client.list(events, namespace)).items.map((e) => `${e.type} ${e.reason} ${e.source.component} ${e.involvedObject.kind}/${e.involvedObject.name}: ${e.message}`);
}

test('creates the missing pods from the template and reports each one', async (t) => {
  const { api, controller } = await setup(t);
  const rs = await api.client.create(replicasets, 'default', replicaSet('web', 3));
  await cachedRs(api, 'web', () => true);
  await controller.sync('default/web');

  const created = await podsIn(api);
  assert.equal(created.length, 3);
  for (const p of created) {
    assert.match(p.metadata.name!, generatedName('web'));
    assert.equal(p.metadata.generateName, 'web-');
    assert.deepEqual(p.metadata.labels, { app: 'web' });
    assert.deepEqual(p.metadata.annotations, { note: 'from the template' });
    assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  }
  const names = created.map((p) => p.metadata.name).sort();
  assert.deepEqual((await eventsOf(controller, api)).sort(), names.map((n) => `Normal SuccessfulCreate replicaset-controller ReplicaSet/web: Created pod: ${n}`));

  // The status counted the pods the cache held before the creates; the next sync counts them.
  assert.deepEqual((await api.client.get(replicasets, 'default', 'web')).status, { replicas: 0, observedGeneration: 1 });
  await cacheSees(api, 3);
  await controller.sync('default/web');
  assert.deepEqual((await api.client.get(replicasets, 'default', 'web')).status, { replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
});

test('never creates twice while its earlier creations are not all in the cache', async (t) => {
  const { api, controller } = await setup(t);
  await api.client.create(replicasets, 'default', replicaSet('web', 3));
  await cachedRs(api, 'web', () => true);
  await controller.sync('default/web');
  // Whether or not the watch has delivered the three pods yet, a second sync must not add more.
  await controller.sync('default/web');
  await cacheSees(api, 3);
  await controller.sync('default/web');
  assert.equal((await podsIn(api)).length, 3);
});

test('creates at most burstReplicas pods per sync, the rest once the first ones are seen', async (t) => {
  const { api, controller } = await setup(t, { burstReplicas: 5 });
  await api.client.create(replicasets, 'default', replicaSet('web', 8));
  await cachedRs(api, 'web', () => true);
  await controller.sync('default/web');
  assert.equal((await podsIn(api)).length, 5);
  await cacheSees(api, 5);
  await controller.sync('default/web');
  assert.equal((await podsIn(api)).length, 8);
});

test('creates in slow-start batches of 1, 2, 4 and stops after the batch in which a create failed', async (t) => {
  let attempts = 0;
  const failFourth = (client: ApiClient): ApiClient =>
    interceptPodCreates(client, () => {
      if (++attempts === 4) throw forbidden({ group: '', resource: 'pods' }, 'web-', 'exceeded quota: pods, requested: pods=1, used: pods=3, limited: pods=3');
    });
  const { api, controller } = await setup(t, { client: failFourth });
  await api.client.create(replicasets, 'default', replicaSet('web', 10));
  await cachedRs(api, 'web', () => true);
  await assert.rejects(controller.sync('default/web'), /exceeded quota/);
  assert.equal(attempts, 7); // 1 + 2 + 4, and no fourth batch
  assert.equal((await podsIn(api)).length, 6);
  const failures = (await eventsOf(controller, api)).filter((e) => e.startsWith('Warning'));
  assert.deepEqual(failures, ['Warning FailedCreate replicaset-controller ReplicaSet/web: Error creating: pods "web-" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=3, limited: pods=3']);
});

test('scales down through sync, reporting each deleted pod', async (t) => {
  const { api, controller } = await setup(t);
  await api.client.create(replicasets, 'default', replicaSet('web', 5));
  await cachedRs(api, 'web', () => true);
  await controller.sync('default/web');
  await cacheSees(api, 5);
  const rs = await api.client.get(replicasets, 'default', 'web');
  await api.client.update(replicasets, { ...rs, spec: { ...rs.spec, replicas: 2 } });
  await cachedRs(api, 'web', (r) => r.spec.replicas === 2);
  await controller.sync('default/web');

  const left = await podsIn(api);
  assert.equal(left.length, 2);
  const deletions = (await eventsOf(controller, api)).filter((e) => e.includes('SuccessfulDelete'));
  assert.equal(deletions.length, 3);
  for (const e of deletions) assert.match(e, /^Normal SuccessfulDelete replicaset-controller ReplicaSet\/web: Deleted pod: web-[a-z0-9]{5}$/);
  assert.ok(left.every((p) => !deletions.some((e) => e.endsWith(p.metadata.name!))), 'a surviving pod was reported deleted');
  await cacheSees(api, 2);
  await controller.sync('default/web');
  assert.deepEqual((await api.client.get(replicasets, 'default', 'web')).status, { replicas: 2, fullyLabeledReplicas: 2, observedGeneration: 2 });
});

test('adopts a matching orphan and counts it toward the replicas', async (t) => {
  const { api, controller } = await setup(t);
  await api.client.create(pods, 'default', pod('stray', { app: 'web' }));
  const rs = await api.client.create(replicasets, 'default', replicaSet('web', 2));
  await cachedRs(api, 'web', () => true);
  await cacheSees(api, 1);
  await controller.sync('default/web');

  const stray = await api.client.get(pods, 'default', 'stray');
  assert.deepEqual(stray.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  assert.equal((await podsIn(api)).length, 2); // the orphan plus one created
});

test('releases a pod whose labels stop matching, and replaces it', async (t) => {
  const { api, controller } = await setup(t);
  await api.client.create(replicasets, 'default', replicaSet('web', 1));
  await cachedRs(api, 'web', () => true);
  await controller.sync('default/web');
  await cacheSees(api, 1);
  const [owned] = await podsIn(api);
  await api.client.patch(pods, 'default', owned!.metadata.name!, 'merge', { metadata: { labels: { app: 'debug' } } });
  await waitFor(() => api.informers.informerFor(pods).get(`default/${owned!.metadata.name}`)?.metadata.labels?.app === 'debug', { what: 'the relabelled pod in the cache' });
  await controller.sync('default/web');

  const released = await api.client.get(pods, 'default', owned!.metadata.name!);
  // A real apiserver drops the emptied list (omitempty); kubelab's keeps `[]` for now.
  assert.deepEqual(released.metadata.ownerReferences ?? [], []);
  const all = await podsIn(api);
  assert.equal(all.length, 2);
  assert.ok(all.some((p) => p.metadata.name !== owned!.metadata.name && p.metadata.ownerReferences?.[0]?.name === 'web'));
});

test('owns exactly the pods its In / NotIn / Exists / DoesNotExist selector matches (lab F.5)', async (t) => {
  const { api, controller } = await setup(t);
  const given: [string, Record<string, string>, boolean][] = [
    ['both-in-and-tiered', { app: 'myweb-expr', tier: 'front' }, true],
    ['other-app-dev', { app: 'otherweb', tier: 'back', env: 'dev' }, true],
    ['no-tier', { app: 'myweb-expr' }, false],
    ['env-prod', { app: 'otherweb', tier: 'front', env: 'prod' }, false],
    ['canary', { app: 'myweb-expr', tier: 'front', canary: 'true' }, false],
    ['wrong-app', { app: 'myweb', tier: 'front' }, false],
  ];
  for (const [name, labels] of given) await api.client.create(pods, 'default', pod(name, labels));
  const selector = {
    matchExpressions: [
      { key: 'app', operator: 'In', values: ['myweb-expr', 'otherweb'] },
      { key: 'tier', operator: 'Exists' },
      { key: 'env', operator: 'NotIn', values: ['prod'] },
      { key: 'canary', operator: 'DoesNotExist' },
    ],
  };
  await api.client.create(replicasets, 'default', replicaSet('test-rs-expr', 2, { selector, labels: { app: 'myweb-expr', tier: 'front' } }));
  await cachedRs(api, 'test-rs-expr', () => true);
  await cacheSees(api, given.length);
  await controller.sync('default/test-rs-expr');

  const owned = (await podsIn(api)).filter((p) => p.metadata.ownerReferences?.length).map((p) => p.metadata.name).sort();
  assert.deepEqual(owned, given.filter(([, , matches]) => matches).map(([name]) => name).sort());
  assert.equal((await podsIn(api)).length, given.length, 'two matching pods: nothing to create or delete');
});

test('does not count finished pods or pods being deleted, and replaces them at once', async (t) => {
  const { api, controller } = await setup(t);
  await api.client.create(replicasets, 'default', replicaSet('web', 2));
  await cachedRs(api, 'web', () => true);
  await controller.sync('default/web');
  await cacheSees(api, 2);
  const [first, second] = await podsIn(api);
  await api.client.update(pods, { ...first!, status: { ...first!.status, phase: 'Succeeded' } }, { subresource: 'status' });
  await api.client.createSubresource(pods, 'default', second!.metadata.name!, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: second!.metadata.name }, target: { apiVersion: 'v1', kind: 'Node', name: 'node1' } });
  await api.client.delete(pods, 'default', second!.metadata.name!); // graceful: it stays, with a deletionTimestamp
  await cacheSees(api, 1);
  await waitFor(() => api.informers.informerFor(pods).get(`default/${first!.metadata.name}`)?.status?.phase === 'Succeeded', { what: 'the finished pod in the cache' });
  await controller.sync('default/web');
  assert.equal((await podsIn(api)).length, 4);
});

test('counts ready pods at once and available ones after minReadySeconds', async (t) => {
  const { api, controller } = await setup(t);
  await api.client.create(replicasets, 'default', replicaSet('web', 2, { minReadySeconds: 10 }));
  await cachedRs(api, 'web', () => true);
  await controller.sync('default/web');
  await cacheSees(api, 2);
  const readySince = new Date(api.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  for (const p of await podsIn(api)) {
    await api.client.update(pods, { ...p, status: { ...p.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: readySince }] } }, { subresource: 'status' });
  }
  await waitFor(() => api.informers.informerFor(pods).list().filter((p) => p.status?.phase === 'Running').length === 2, { what: 'running pods in the cache' });
  await controller.sync('default/web');
  assert.deepEqual((await api.client.get(replicasets, 'default', 'web')).status, { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, observedGeneration: 1 });

  api.clock.step(11_000);
  await cachedRs(api, 'web', (r) => r.status.readyReplicas === 2);
  await controller.sync('default/web');
  assert.deepEqual((await api.client.get(replicasets, 'default', 'web')).status, { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 });
});

test('leaves the status alone when nothing changed', async (t) => {
  const { api, controller } = await setup(t);
  await api.client.create(replicasets, 'default', replicaSet('web', 0));
  await cachedRs(api, 'web', () => true);
  await controller.sync('default/web');
  await cachedRs(api, 'web', (r) => r.status.observedGeneration === 1);
  const before = (await api.client.get(replicasets, 'default', 'web')).metadata.resourceVersion;
  await controller.sync('default/web');
  assert.equal((await api.client.get(replicasets, 'default', 'web')).metadata.resourceVersion, before);
});

test('a replica set whose creates fail retries with back-off without holding up the others', async (t) => {
  let quotaExceeded = true;
  const quota = (client: ApiClient): ApiClient =>
    interceptPodCreates(client, (namespace, obj) => {
      if (namespace === 'limited' && quotaExceeded) {
        throw forbidden({ group: '', resource: 'pods' }, `${obj.metadata.generateName}`, 'exceeded quota: pods, requested: pods=1, used: pods=0, limited: pods=0');
      }
    });
  const { api, controller } = await setup(t, { client: quota });
  await api.client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'limited' } });
  const abort = new AbortController();
  t.after(() => abort.abort());
  const running = controller.start(abort.signal);
  t.after(() => running);
  await api.client.create(replicasets, 'limited', replicaSet('web', 2));
  await api.client.create(replicasets, 'default', replicaSet('api', 2));

  await waitFor(async () => (await podsIn(api)).length === 2, { what: 'the healthy replica set to get its pods' });
  await waitFor(async () => (await api.client.get(replicasets, 'limited', 'web')).status.conditions, { what: 'the ReplicaFailure condition' });
  const failed = await api.client.get(replicasets, 'limited', 'web');
  const { lastTransitionTime, ...condition } = failed.status.conditions[0];
  assert.ok(lastTransitionTime);
  assert.deepEqual(condition, {
    type: 'ReplicaFailure',
    status: 'True',
    reason: 'FailedCreate',
    message: 'pods "web-" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=0, limited: pods=0',
  });
  assert.ok((await eventsOf(controller, api, 'limited')).includes('Warning FailedCreate replicaset-controller ReplicaSet/web: Error creating: pods "web-" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=0, limited: pods=0'));

  quotaExceeded = false;
  await waitFor(async () => {
    api.clock.step(1000); // the back-off runs on the cluster clock
    return (await podsIn(api, 'limited')).length === 2;
  }, { what: 'the retried replica set to get its pods' });
  await waitFor(async () => {
    api.clock.step(1000);
    return (await api.client.get(replicasets, 'limited', 'web')).status.conditions === undefined;
  }, { what: 'the ReplicaFailure condition to go' });
});
