/**
 * LocalClient's results: a write answers with the store's own version (deep-frozen, the very
 * object a watcher receives, equal to what a get returns next); reads answer with fresh copies a
 * caller may change.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApi } from '../../../helpers/api.js';
import type { KubeObject } from '../../../../shared/api/meta.js';

const configMaps = { group: '', version: 'v1', resource: 'configmaps' };
const pods = { group: '', version: 'v1', resource: 'pods' };
const events = { group: 'events.k8s.io', version: 'v1', resource: 'events' };

const configMap = (name: string, data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });

function assertDeepFrozen(value: unknown, path = 'result'): void {
  if (typeof value !== 'object' || value === null) return;
  assert.ok(Object.isFrozen(value), `${path} is frozen`);
  for (const [key, member] of Object.entries(value)) assertDeepFrozen(member, `${path}.${key}`);
}

test('create, update and patch answer with the stored version, frozen, equal to a later get', async (t) => {
  const api = await startApi(t);
  const created = await api.client.create(configMaps, 'default', configMap('app', { a: '1' }));
  assertDeepFrozen(created);
  assert.deepEqual(created, await api.client.get(configMaps, 'default', 'app'));
  assert.equal(created.metadata.name, 'app');
  assert.equal(created.data.a, '1');

  const updated = await api.client.update(configMaps, { ...created, data: { a: '2' } });
  assertDeepFrozen(updated);
  assert.notEqual(updated.metadata.resourceVersion, created.metadata.resourceVersion);
  assert.deepEqual(updated, await api.client.get(configMaps, 'default', 'app'));

  const patched = await api.client.patch(configMaps, 'default', 'app', 'merge', { data: { b: '3' } });
  assertDeepFrozen(patched);
  assert.deepEqual(patched.data, { a: '2', b: '3' });
  assert.deepEqual(patched, await api.client.get(configMaps, 'default', 'app'));
});

test('a status update answers with the stored pod, frozen', async (t) => {
  const api = await startApi(t);
  const pod = await api.client.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  const written = await api.client.update(pods, { ...pod, status: { ...pod.status, phase: 'Running' } }, { subresource: 'status' });
  assertDeepFrozen(written);
  assert.equal(written.status.phase, 'Running');
  assert.deepEqual(written, await api.client.get(pods, 'default', 'web'));
});

test('changing a write result throws instead of changing what other readers see', async (t) => {
  const api = await startApi(t);
  const created = await api.client.create(configMaps, 'default', configMap('app', { a: '1' }));
  assert.throws(() => {
    (created.data as Record<string, string>).a = 'changed';
  }, TypeError);
  assert.throws(() => {
    (created.metadata as { labels?: Record<string, string> }).labels = {};
  }, TypeError);
  assert.equal((await api.client.get(configMaps, 'default', 'app')).data.a, '1');
});

test('a write result is the object the watchers receive, not a copy of it', async (t) => {
  const api = await startApi(t);
  const { metadata } = await api.client.list(configMaps, 'default');
  let seen: (value: Readonly<KubeObject>) => void = () => {};
  const event = new Promise<Readonly<KubeObject>>((resolve) => (seen = resolve));
  const watch = await api.client.watch(configMaps, 'default', { resourceVersion: metadata.resourceVersion }, (e) => {
    if (e.type === 'ADDED') seen(e.object);
  });
  t.after(() => watch.stop());
  const created = await api.client.create(configMaps, 'default', configMap('app', { a: '1' }));
  assert.equal(await event, created);
});

test('get and list answer with fresh copies the caller may change', async (t) => {
  const api = await startApi(t);
  await api.client.create(configMaps, 'default', configMap('app', { a: '1' }));
  const got = await api.client.get(configMaps, 'default', 'app');
  assert.ok(!Object.isFrozen(got));
  got.data.a = 'local';
  const [listed] = (await api.client.list(configMaps, 'default')).items;
  assert.ok(!Object.isFrozen(listed));
  assert.equal(listed!.data.a, '1');
});

test('a dry-run create answers with a frozen copy and stores nothing', async (t) => {
  const api = await startApi(t);
  const created = await api.client.create(configMaps, 'default', configMap('dry', { a: '1' }), { dryRun: true });
  assertDeepFrozen(created);
  assert.equal(created.data.a, '1');
  await assert.rejects(api.client.get(configMaps, 'default', 'dry'), { message: 'configmaps "dry" not found' });
});

test('a write through a storage alias (events.k8s.io/v1 Event) answers with a frozen object equal to a get', async (t) => {
  const api = await startApi(t);
  const created = await api.client.create(events, 'default', {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name: 'web.1', namespace: 'default' },
    eventTime: '2026-01-01T00:00:00.000000Z',
    reportingController: 'default-scheduler',
    reportingInstance: 'default-scheduler-kubelab',
    action: 'Binding',
    reason: 'Scheduled',
    regarding: { kind: 'Pod', namespace: 'default', name: 'web' },
    note: 'Successfully assigned default/web to kubelab-worker',
    type: 'Normal',
  });
  assertDeepFrozen(created);
  assert.equal(created.note, 'Successfully assigned default/web to kubelab-worker');
  assert.deepEqual(created, await api.client.get(events, 'default', 'web.1'));
});
