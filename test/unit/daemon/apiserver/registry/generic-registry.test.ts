// The generic registry's semantics as a real v1.32 apiserver has them, through the in-process client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, WatchEvent } from '../../../../../shared/api/meta.js';
import { isNotFound, StatusError } from '../../../../../shared/api/errors.js';
import { startApi } from '../../../../helpers/api.js';
import { waitFor } from '../../../../helpers/wait-for.js';

const configmaps = { group: '', version: 'v1', resource: 'configmaps' };
const namespaces = { group: '', version: 'v1', resource: 'namespaces' };
const pods = { group: '', version: 'v1', resource: 'pods' };
const deployments = { group: 'apps', version: 'v1', resource: 'deployments' };

const pod = (name: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, ...extra }, spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'nginx' }] },
});

test('a server dry-run delete leaves the object in place', async (t) => {
  const api = await startApi(t);
  await api.client.create(configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep' } });
  await api.client.delete(configmaps, 'default', 'keep', { dryRun: true });
  assert.equal((await api.client.get(configmaps, 'default', 'keep')).metadata.name, 'keep');
});

test('a second delete of a terminating namespace is refused with the real Conflict', async (t) => {
  const api = await startApi(t);
  await api.client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab' } });
  await api.client.delete(namespaces, undefined, 'lab');
  await assert.rejects(api.client.delete(namespaces, undefined, 'lab'), (err: StatusError) =>
    err.code === 409 && err.message === 'Operation cannot be fulfilled on namespaces "lab": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.');
});

test('a force delete shortens a terminating pod\'s grace period, and the pod goes with its last finalizer', async (t) => {
  const api = await startApi(t);
  await api.client.create(pods, 'default', pod('p', { finalizers: ['example.com/hold'] }));
  const first = await api.client.delete(pods, 'default', 'p');
  assert.equal(first.metadata.deletionGracePeriodSeconds, 30);
  assert.equal(first.metadata.deletionTimestamp, '2026-01-01T00:00:30Z');
  const forced = await api.client.delete(pods, 'default', 'p', { gracePeriodSeconds: 0 });
  assert.equal(forced.metadata.deletionGracePeriodSeconds, 0);
  assert.equal(forced.metadata.deletionTimestamp, '2026-01-01T00:00:00Z');
  await api.client.patch(pods, 'default', 'p', 'merge', { metadata: { finalizers: null } });
  await assert.rejects(api.client.get(pods, 'default', 'p'), isNotFound);
});

test('marking an object for deletion bumps its generation', async (t) => {
  const api = await startApi(t);
  const d: KubeObject = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', finalizers: ['example.com/hold'] },
    spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  };
  assert.equal((await api.client.create(deployments, 'default', d)).metadata.generation, 1);
  assert.equal((await api.client.delete(deployments, 'default', 'd')).metadata.generation, 2);
});

test('an update that changes nothing is not written, whatever the key order', async (t) => {
  const api = await startApi(t);
  const created = await api.client.create(configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same' }, data: { a: '1', b: '2' } });
  const reordered = { data: { b: '2', a: '1' }, metadata: created.metadata, kind: 'ConfigMap', apiVersion: 'v1' } as KubeObject;
  const updated = await api.client.update(configmaps, reordered);
  assert.equal(updated.metadata.resourceVersion, created.metadata.resourceVersion);
});

test('an update carrying another object\'s uid is a precondition Conflict', async (t) => {
  const api = await startApi(t);
  const created = await api.client.create(configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'u' } });
  const stale = { ...created, metadata: { ...created.metadata, uid: '00000000-0000-0000-0000-000000000000', resourceVersion: undefined } };
  await assert.rejects(api.client.update(configmaps, stale), (err: StatusError) =>
    err.code === 409 && err.message === `Operation cannot be fulfilled on configmaps "u": Precondition failed: UID in precondition: 00000000-0000-0000-0000-000000000000, UID in object meta: ${created.metadata.uid}`);
});

test('an object that stops matching a watch\'s selector leaves it as it was last seen', async (t) => {
  const api = await startApi(t);
  await api.client.create(configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm', labels: { keep: 'yes' } }, data: { v: 'old' } });
  const events: WatchEvent[] = [];
  const handle = await api.client.watch(configmaps, 'default', { labelSelector: 'keep=yes' }, (e) => events.push(e));
  const changed = await api.client.update(configmaps, { ...(await api.client.get(configmaps, 'default', 'm')), data: { v: 'new' }, metadata: { name: 'm', namespace: 'default', labels: { keep: 'no' } } });
  await waitFor(() => events.length === 2, { what: 'ADDED then DELETED' });
  handle.stop();
  assert.deepEqual(events.map((e) => [e.type, e.object.data.v, e.object.metadata.labels?.keep, e.object.metadata.resourceVersion]), [
    ['ADDED', 'old', 'yes', events[0].object.metadata.resourceVersion],
    ['DELETED', 'old', 'yes', changed.metadata.resourceVersion],
  ]);
});

test('a watch whose handler throws ends, so its informer re-lists instead of going deaf', async (t) => {
  const api = await startApi(t);
  const handle = await api.client.watch(configmaps, 'default', { resourceVersion: (await api.client.list(configmaps, 'default')).metadata.resourceVersion }, () => {
    throw new Error('handler bug');
  });
  await api.client.create(configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'boom' } });
  await handle.done;
});

test('a generated name that is taken is generated again (RetryGenerateName), and refused after 8 tries', async (t) => {
  const suffixes = ['aaaaa', 'aaaaa', 'bbbbb', ...Array(8).fill('aaaaa')];
  const api = await startApi(t, { nameSuffix: () => suffixes.shift()! });
  const cm = (): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cm-' } });
  assert.equal((await api.client.create(configmaps, 'default', cm())).metadata.name, 'cm-aaaaa');
  assert.equal((await api.client.create(configmaps, 'default', cm())).metadata.name, 'cm-bbbbb');
  await assert.rejects(api.client.create(configmaps, 'default', cm()), (err: StatusError) => err.code === 409 && err.message === 'configmaps "cm-aaaaa" already exists');
  assert.equal(suffixes.length, 0);
});

test('in-process watchers share one frozen object per stored version; get and list return copies of their own', async (t) => {
  const api = await startApi(t);
  const seen: KubeObject[][] = [[], []];
  const handles = await Promise.all(seen.map((events) => api.client.watch(configmaps, 'default', {}, (e: WatchEvent) => events.push(e.object))));
  t.after(() => handles.forEach((h) => h.stop()));
  await api.client.create(configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared' }, data: { a: '1' } });
  await waitFor(() => seen.every((events) => events.some((o) => o.metadata.name === 'shared')), { what: 'both watchers to see the ConfigMap' });
  const [a, b] = seen.map((events) => events.find((o) => o.metadata.name === 'shared')!);
  assert.equal(a, b);
  assert.ok(Object.isFrozen(a) && Object.isFrozen(a.metadata) && Object.isFrozen(a.data));
  assert.throws(() => {
    (a.data as Record<string, string>).a = '2';
  }, TypeError);
  const got = await api.client.get(configmaps, 'default', 'shared');
  got.data!.a = '2';
  const listed = (await api.client.list(configmaps, 'default')).items.find((o) => o.metadata.name === 'shared')!;
  listed.metadata.labels = { changed: 'yes' };
  assert.deepEqual((await api.client.get(configmaps, 'default', 'shared')).data, { a: '1' });
  assert.equal((await api.client.get(configmaps, 'default', 'shared')).metadata.labels, undefined);
});

test('a second globalDefault PriorityClass is refused as the priority admission plugin does; re-saving the default is fine', async (t) => {
  const api = await startApi(t);
  const priorityClasses = { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses' };
  const pc = (name: string): KubeObject => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value: 100, globalDefault: true } as KubeObject);
  const first = await api.client.create(priorityClasses, undefined, pc('first'));
  await assert.rejects(api.client.create(priorityClasses, undefined, pc('second')), (err: StatusError) =>
    err.code === 403 && err.message === 'priorityclasses.scheduling.k8s.io "second" is forbidden: PriorityClass first is already marked as default. Only one default can exist');
  const relabelled = { ...first, metadata: { ...first.metadata, labels: { tier: 'x' } } };
  assert.deepEqual((await api.client.update(priorityClasses, relabelled)).metadata.labels, { tier: 'x' });
});

test('an absurd grace period gives the deletion time Go\'s wrapping Duration gives, not a 500', async (t) => {
  const api = await startApi(t);
  await api.client.create(pods, 'default', pod('p'));
  // 9999999999999 s in int64 nanoseconds wraps to 1864712048.423 s: 2026-01-01 + 59 years.
  const deleted = await api.client.delete(pods, 'default', 'p', { gracePeriodSeconds: 9_999_999_999_999 });
  assert.equal(deleted.metadata.deletionGracePeriodSeconds, 9_999_999_999_999);
  assert.equal(deleted.metadata.deletionTimestamp, '2085-02-02T07:34:08Z');
});
