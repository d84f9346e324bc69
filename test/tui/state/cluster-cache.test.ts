// The TUI's cluster cache: informers shared per source, handlers fed from list+watch, the
// connection state that drives the "lost" banner, and informers stopped once nobody watches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../shared/api/meta.js';
import { notFound } from '../../../shared/api/errors.js';
import { ManualClock } from '../../../shared/clock.js';
import type { ApiClient } from '../../../shared/client/client.js';
import { ClusterCache, idleInformerMs, type ConnectionState } from '../../../tui/state/cluster-cache.js';
import { startApi } from '../../helpers/api.js';
import { waitFor } from '../../helpers/wait-for.js';

const configmaps = { group: '', version: 'v1', resource: 'configmaps' };
const cm = (name: string, data: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

test('a subscriber gets the list, then the changes, and onSynced between them', async (t) => {
  const api = await startApi(t);
  await api.client.create(configmaps, 'default', cm('first'));
  const cache = new ClusterCache({ client: api.client, clock: api.clock });
  t.after(() => cache.close());
  const seen: string[] = [];
  const unsubscribe = cache.subscribe({ ref: configmaps, namespace: 'default' }, {
    onAdd: (o) => seen.push(`add ${o.metadata.name}`),
    onUpdate: (_, o) => seen.push(`update ${o.metadata.name}`),
    onDelete: (o) => seen.push(`delete ${o.metadata.name}`),
    onSynced: () => seen.push('synced'),
  });
  await waitFor(() => seen.includes('synced'), { what: 'the first list' });
  assert.equal(cache.connection.status, 'connected');
  await api.client.create(configmaps, 'default', cm('second'));
  await api.client.patch(configmaps, 'default', 'second', 'merge', { data: { a: '1' } });
  await api.client.delete(configmaps, 'default', 'first');
  await waitFor(() => seen.length >= 5, { what: 'three changes' });
  assert.deepEqual(seen.filter((s) => !s.includes('kube-root-ca')), ['add first', 'synced', 'add second', 'update second', 'delete first']);
  unsubscribe();
});

test('a second subscriber to the same source shares the informer and gets the cached objects at once', async (t) => {
  const api = await startApi(t);
  await api.client.create(configmaps, 'default', cm('only'));
  const cache = new ClusterCache({ client: api.client, clock: api.clock });
  t.after(() => cache.close());
  let synced = false;
  cache.subscribe({ ref: configmaps, namespace: 'default' }, { onSynced: () => (synced = true) });
  await waitFor(() => synced, { what: 'the first subscriber synced' });
  const names: string[] = [];
  let secondSynced = false;
  cache.subscribe({ ref: configmaps, namespace: 'default' }, { onAdd: (o) => names.push(o.metadata.name!), onSynced: () => (secondSynced = true) });
  assert.ok(names.includes('only'));
  assert.equal(secondSynced, true, 'synced at once, no second list');
});

test('an informer nobody watches stops after the idle time', async (t) => {
  const api = await startApi(t);
  await api.client.create(configmaps, 'default', cm('kept'));
  const cache = new ClusterCache({ client: api.client, clock: api.clock });
  t.after(() => cache.close());
  let synced = false;
  const spec = { ref: configmaps, namespace: 'default' };
  const unsubscribe = cache.subscribe(spec, { onSynced: () => (synced = true) });
  await waitFor(() => synced, { what: 'synced' });
  unsubscribe();
  api.clock.step(idleInformerMs - 1);
  assert.ok(cache.list(spec).length > 0, 'still cached just before the idle time');
  api.clock.step(1);
  assert.deepEqual(cache.list(spec), []);
});

test('a daemon that does not answer turns the connection lost, and back when it answers', async (t) => {
  const api = await startApi(t);
  const clock = new ManualClock();
  let isDown = true;
  const flaky = new Proxy(api.client, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as (...args: unknown[]) => unknown;
      if (property !== 'list' && property !== 'watch') return value.bind(target);
      return (...args: unknown[]) => (isDown ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6443')) : value.apply(target, args));
    },
  }) as ApiClient;
  const cache = new ClusterCache({ client: flaky, clock });
  t.after(() => cache.close());
  const states: ConnectionState[] = [];
  cache.onConnection((s) => states.push(s));
  let synced = false;
  cache.subscribe({ ref: configmaps, namespace: 'default' }, { onSynced: () => (synced = true) });
  await waitFor(() => states.length === 1, { what: 'the lost state' });
  assert.deepEqual(states[0], { status: 'lost', message: 'connect ECONNREFUSED 127.0.0.1:6443' });
  isDown = false;
  await waitFor(() => {
    clock.step(1000); // the informer's back-off (800 ms, doubling)
    return synced;
  }, { what: 'the relist after the back-off' });
  assert.deepEqual(states.at(-1), { status: 'connected' });
});

test('an API error is an answer, not a lost connection', async (t) => {
  const api = await startApi(t);
  const refusing = new Proxy(api.client, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as (...args: unknown[]) => unknown;
      if (property === 'list') return () => Promise.reject(notFound({ group: '', resource: 'configmaps' }, 'x'));
      return value.bind(target);
    },
  }) as ApiClient;
  const cache = new ClusterCache({ client: refusing, clock: new ManualClock() });
  t.after(() => cache.close());
  const states: ConnectionState[] = [];
  cache.onConnection((s) => states.push(s));
  cache.subscribe({ ref: configmaps }, {});
  await waitFor(() => states.length === 1, { what: 'a state' });
  assert.deepEqual(states, [{ status: 'connected' }]);
});
