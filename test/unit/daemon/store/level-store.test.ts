import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LevelStore } from '../../../../daemon/store/level-store.js';
import type { StoreEvent } from '../../../../daemon/store/store.js';
import { isExpired } from '../../../../shared/api/errors.js';

async function openStore(t: { after: (fn: () => Promise<void>) => void }, windowCapacity?: number): Promise<LevelStore> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-store-'));
  const store = await LevelStore.open(join(dir, 'db'), { windowCapacity });
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

const obj = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } });
const key = (name: string) => `/registry/core/configmaps/default/${name}`;

test('commits awaited one after another all land (the write loop restarts after it drained)', async (t) => {
  const store = await openStore(t);
  await store.commit([{ type: 'put', key: key('a'), object: obj('a') }]);
  await store.commit([{ type: 'put', key: key('b'), object: obj('b') }]);
  await store.commit([{ type: 'put', key: key('c'), object: obj('c') }]);
  assert.deepEqual(store.list('/registry/core/configmaps/').map((e) => [e.key, e.revision]), [[key('a'), 1], [key('b'), 2], [key('c'), 3]]);
});

test('a watch never repeats a change its list already contained, even one still being written', async (t) => {
  const store = await openStore(t);
  await store.commit([{ type: 'put', key: key('a'), object: obj('a') }]);
  const pending = store.commit([{ type: 'put', key: key('b'), object: obj('b') }]);
  const listed = store.list('/registry/core/configmaps/');
  const listRevision = store.revision;
  assert.deepEqual(listed.map((e) => e.key), [key('a'), key('b')]);
  const seen: StoreEvent[] = [];
  store.watch('/registry/core/configmaps/', listRevision, (events) => seen.push(...events));
  await pending;
  await store.commit([{ type: 'put', key: key('c'), object: obj('c') }]);
  assert.deepEqual(seen.map((e) => [e.type, e.key, e.revision]), [['ADDED', key('c'), 3]]);
});

test('a watch from before the window is 410 Expired with the real message', async (t) => {
  const store = await openStore(t, 2);
  for (const n of ['a', 'b', 'c', 'd']) await store.commit([{ type: 'put', key: key(n), object: obj(n) }]);
  assert.throws(() => store.watch('/registry/', 1, () => {}), (err: Error) => isExpired(err) && err.message === 'too old resource version: 1 (3)');
});

test('preconditions are checked before anything is written', async (t) => {
  const store = await openStore(t);
  await store.commit([{ type: 'put', key: key('a'), object: obj('a') }]);
  assert.throws(() => store.commit([{ type: 'put', key: key('b'), object: obj('b') }, { type: 'put', key: key('a'), object: obj('a'), mustNotExist: true }]));
  assert.equal(store.get(key('b')), undefined);
  assert.equal(store.revision, 1);
});

test('the watch window forgets changes older than 5 minutes, as etcd compaction does', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-window-'));
  let now = 0;
  const store = await LevelStore.open(join(dir, 'db'), { now: () => now });
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const first = (await store.commit([{ type: 'put', key: key('a'), object: obj('a') }])).revision;
  now = 4 * 60_000;
  await store.commit([{ type: 'put', key: key('b'), object: obj('b') }]);
  store.watch('/registry/core/configmaps/', first - 1, () => {}).cancel();
  now = 5 * 60_000 + 1;
  await store.commit([{ type: 'put', key: key('c'), object: obj('c') }]);
  assert.throws(() => store.watch('/registry/core/configmaps/', first - 1, () => {}), (err: unknown) => isExpired(err));
  store.watch('/registry/core/configmaps/', first, () => {}).cancel();
});

test('commits made while watchers run are written next and delivered in revision order, each acknowledged once written', async (t) => {
  const store = await openStore(t);
  const delivered: number[] = [];
  const acknowledged: number[] = [];
  let chained = 0;
  store.watch('/registry/', 0, (events) => {
    for (const e of events) {
      delivered.push(e.revision);
      // A watcher that writes from its callback (a controller reacting): its write joins the next batch.
      if (chained < 5) {
        chained++;
        void store.commit([{ type: 'put', key: key(`chain-${chained}`), object: obj(`chain-${chained}`) }]).then(({ revision }) => acknowledged.push(revision));
      }
    }
  });
  const firsts = await Promise.all(['a', 'b', 'c'].map((n) => store.commit([{ type: 'put', key: key(n), object: obj(n) }])));
  acknowledged.push(...firsts.map((r) => r.revision));
  while (acknowledged.length < 8) await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(delivered, [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual([...acknowledged].sort((x, y) => x - y), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(store.list('/registry/core/configmaps/').length, 8);
});

test('a superseded version keeps its content for late watchers; the current one is parsed once and frozen', async (t) => {
  const store = await openStore(t);
  await store.commit([{ type: 'put', key: key('v'), object: { ...obj('v'), data: { n: '1' } } }]);
  await store.commit([{ type: 'put', key: key('v'), object: { ...obj('v'), data: { n: '2' } } }]);
  const current = store.get(key('v'))!;
  assert.equal(current.object, current.object);
  assert.ok(Object.isFrozen(current.object.data));
  const replayed: StoreEvent[] = [];
  store.watch('/registry/', 0, (events) => replayed.push(...events));
  assert.deepEqual(replayed.map((e) => [e.type, e.entry.object.data, e.previous?.object.data]), [['ADDED', { n: '1' }, undefined], ['MODIFIED', { n: '2' }, { n: '1' }]]);
  assert.equal(replayed[1].entry.object.metadata.resourceVersion, '2');
});

test('under a disk-only prefix, once the watchers have had it, the current version keeps its parse only while a reader holds it (an Event nobody reads costs no parse)', async (t) => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-store-'));
  const store = await LevelStore.open(join(dir, 'db'), { diskOnly: ['/registry/core/configmaps/'] });
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const seen: unknown[] = [];
  store.watch('/registry/', 0, (events) => seen.push(...events.map((e) => e.entry.object)));
  const { entries } = await store.commit([{ type: 'put', key: key('held'), object: obj('held') }, { type: 'put', key: key('dropped'), object: obj('dropped') }]);
  assert.equal(store.get(key('held'))!.object, seen[0], 'the watcher and the store share one parse');
  const held = entries[0]!.object;
  let dropped: unknown = entries[1]!.object;
  const droppedId = new WeakRef(dropped as object);
  dropped = undefined;
  seen.length = 0;
  // A WeakRef's target lives until the current job ends; then a full GC may take it.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  assert.equal(droppedId.deref(), undefined, 'nothing but the store held it, and the store let it go');
  assert.equal(store.get(key('held'))!.object, held, 'a held parse is still the one readers get');
  const again = store.get(key('dropped'))!.object;
  assert.deepEqual(again.metadata, { name: 'dropped', namespace: 'default', resourceVersion: '1' });
  assert.ok(Object.isFrozen(again.metadata));
});

test('a disk-only prefix (Events) keeps the current text on disk only, reads it back, and a replaced or deleted version keeps its own text for late watchers', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const ev = (name: string, count: number) => ({ apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'default' }, reason: 'Pulled', count });
  const evKey = (name: string) => `/registry/core/events/default/${name}`;
  const textInMemory = (entry: unknown) => (entry as { text?: string }).text;
  let store = await LevelStore.open(join(dir, 'db'), { diskOnly: ['/registry/core/events/'] });
  await store.commit([{ type: 'put', key: evKey('a'), object: ev('a', 1) }, { type: 'put', key: key('cm'), object: obj('cm') }]);
  await store.commit([{ type: 'put', key: evKey('b'), object: ev('b', 1) }]);
  const a1 = store.get(evKey('a'))!;
  assert.equal(textInMemory(a1), undefined, 'the Event text is on disk only');
  assert.notEqual(textInMemory(store.get(key('cm'))), undefined, 'other resources keep theirs');
  assert.equal(a1.json, '{"apiVersion":"v1","kind":"Event","metadata":{"name":"a","namespace":"default","resourceVersion":"1"},"reason":"Pulled","count":1}');
  assert.equal(a1.object.count, 1);

  await store.commit([{ type: 'put', key: evKey('a'), object: ev('a', 2), expectRevision: 1 }]);
  await store.commit([{ type: 'delete', key: evKey('b') }]);
  const replay: StoreEvent[] = [];
  store.watch('/registry/core/events/', 0, (events) => replay.push(...events));
  assert.deepEqual(
    replay.map((e) => [e.type, e.key, e.revision, JSON.parse(e.entry.json).count, e.previous && JSON.parse(e.previous.json).count]),
    [
      ['ADDED', evKey('a'), 1, 1, undefined],
      ['ADDED', evKey('b'), 2, 1, undefined],
      ['MODIFIED', evKey('a'), 3, 2, 1],
      ['DELETED', evKey('b'), 4, 1, 1],
    ],
  );
  assert.equal(store.get(evKey('a'))!.object.count, 2);
  assert.equal(store.get(evKey('b')), undefined);
  await store.close();

  store = await LevelStore.open(join(dir, 'db'), { diskOnly: ['/registry/core/events/'] });
  const reloaded = store.get(evKey('a'))!;
  assert.equal(textInMemory(reloaded), undefined, 'loaded Events stay on disk too');
  assert.equal(reloaded.object.count, 2);
  assert.equal(reloaded.revision, 3);
  await store.commit([{ type: 'put', key: evKey('a'), object: ev('a', 3), expectRevision: 3 }]);
  assert.equal(JSON.parse(reloaded.json).count, 2, 'the replaced version took its text back before the new one was written');
  assert.equal(store.get(evKey('a'))!.object.count, 3);
  await store.close();
});

test('a watcher whose error handler throws too is cut off, and the writes go on: acknowledged, written, close() returns', async (t) => {
  const store = await openStore(t);
  const cut: string[] = [];
  store.watch('/registry/', 0, () => { throw new Error('handler broke'); }, (err) => {
    cut.push((err as Error).message);
    throw new Error('error handler broke too');
  });
  const seen: number[] = [];
  store.watch('/registry/', 0, (events) => seen.push(...events.map((e) => e.revision)));
  assert.equal((await store.commit([{ type: 'put', key: key('a'), object: obj('a') }])).revision, 1);
  assert.equal((await store.commit([{ type: 'put', key: key('b'), object: obj('b') }])).revision, 2);
  assert.deepEqual(cut, ['handler broke']);
  assert.deepEqual(seen, [1, 2]);
});

test('a commit made in the microtask after an acknowledgement starts a new write loop and is delivered', async (t) => {
  const store = await openStore(t);
  const seen: number[] = [];
  store.watch('/registry/', 0, (events) => seen.push(...events.map((e) => e.revision)));
  const second = store.commit([{ type: 'put', key: key('a'), object: obj('a') }]).then(() => store.commit([{ type: 'put', key: key('b'), object: obj('b') }]));
  assert.equal((await second).revision, 2);
  assert.deepEqual(seen, [1, 2]);
});

test('close() returns only once every write in flight or pending is acknowledged', async (t) => {
  const store = await openStore(t);
  const acknowledged: number[] = [];
  for (const n of ['a', 'b', 'c']) void store.commit([{ type: 'put', key: key(n), object: obj(n) }]).then((r) => acknowledged.push(r.revision));
  await store.close();
  assert.deepEqual(acknowledged, [1, 2, 3]);
});

test('a batch the disk refuses: its waiters and the commits queued behind it are rejected, onFatal once, later commits refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-store-'));
  const fatal: string[] = [];
  const store = await LevelStore.open(join(dir, 'db'), { onFatal: (err) => fatal.push(err.message) });
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  // The second LevelDB batch fails (a full disk): the one a watcher's write started while batch 1's watchers ran.
  // The store writes through classic-level's _batch (level-store.ts writeBatch).
  const db = (store as unknown as { db: { _batch: (...args: unknown[]) => Promise<void> } }).db;
  const batch = db._batch.bind(db);
  let batches = 0;
  db._batch = (...args: unknown[]) => (++batches === 2 ? Promise.reject(new Error('disk full')) : batch(...args));
  const outcomes: string[] = [];
  store.watch('/registry/', 0, (events) => {
    if (events.some((e) => e.revision === 1)) void store.commit([{ type: 'put', key: key('w'), object: obj('w') }]).then(() => outcomes.push('w written'), (err: Error) => outcomes.push(`w: ${err.message}`));
  });
  await store.commit([{ type: 'put', key: key('a'), object: obj('a') }]);
  await assert.rejects(store.commit([{ type: 'put', key: key('b'), object: obj('b') }]), { message: 'store: write failed: disk full' });
  assert.deepEqual(outcomes, ['w: store: write failed: disk full']);
  assert.deepEqual(fatal, ['store: write failed: disk full']);
  await assert.rejects(store.commit([{ type: 'put', key: key('c'), object: obj('c') }]), { message: 'store: a write failed earlier (disk full); restart the daemon' });
});

test('the stored object is what its text parses to, a member named __proto__ included (a ConfigMap data key may be one)', async (t) => {
  const store = await openStore(t);
  const written = JSON.parse('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"p","namespace":"default"},"data":{"__proto__":"x","a":"1"}}') as ReturnType<typeof obj>;
  const { entries } = await store.commit([{ type: 'put', key: key('p'), object: written }]);
  const entry = entries[0]!;
  assert.deepEqual(entry.object, JSON.parse(entry.json));
  assert.deepEqual(Object.keys(entry.object.data as object), ['__proto__', 'a']);
});

test('once its watchers have had it, a deleted version (the DELETED event) and the one it removed hold no object; a late reader parses the text again', async (t) => {
  const store = await openStore(t);
  const seen: StoreEvent[] = [];
  store.watch('/registry/', 0, (events) => seen.push(...events));
  await store.commit([{ type: 'put', key: key('d'), object: obj('d') }]);
  await store.commit([{ type: 'delete', key: key('d') }]);
  const deleted = seen[1]!;
  assert.equal(deleted.type, 'DELETED');
  assert.equal(deleted.previous!.heldObject, undefined, 'the removed version let its object go');
  assert.equal(deleted.entry.heldObject, undefined, 'the deleted version let its object go');
  assert.equal(deleted.entry.object.metadata.resourceVersion, '2');
});

test('a version replaced in a later batch keeps its object until that batch is notified, then lets it go', async (t) => {
  const store = await openStore(t);
  const seen: StoreEvent[] = [];
  let heldAtSecond: unknown;
  store.watch('/registry/', 0, (events) => {
    seen.push(...events);
    if (events.some((e) => e.revision === 2)) heldAtSecond = seen[0]!.entry.heldObject;
  });
  const first = store.commit([{ type: 'put', key: key('r'), object: { ...obj('r'), data: { n: '1' } } }]);
  // Committed while the first batch is being written: it goes in the next batch.
  await new Promise((resolve) => setImmediate(resolve));
  const second = store.commit([{ type: 'put', key: key('r'), object: { ...obj('r'), data: { n: '2' } } }]);
  await Promise.all([first, second]);
  assert.deepEqual(seen.map((e) => e.revision), [1, 2]);
  assert.ok(heldAtSecond, 'still held when the batch that replaced it was delivered');
  assert.equal(seen[0]!.entry.heldObject, undefined, 'let go after');
});
