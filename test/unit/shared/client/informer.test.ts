// SharedInformer and SharedInformerFactory against a tiny in-memory ApiClient (a Map, a revision
// counter and watchers), with a ManualClock for every back-off.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeList, KubeObject, WatchEvent } from '../../../../shared/api/meta.js';
import { StatusError } from '../../../../shared/api/errors.js';
import { keyOf } from '../../../../shared/api/keys.js';
import type { ApiClient, ResourceRef, WatchHandle, WatchHandler, WatchOptions } from '../../../../shared/client/client.js';
import { SharedInformer } from '../../../../shared/client/informer.js';
import { SharedInformerFactory } from '../../../../shared/client/informer-factory.js';
import { ManualClock } from '../../../../shared/clock.js';
import type { Logger } from '../../../../shared/log.js';

const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods' };

interface Watcher {
  handler: WatchHandler;
  end: () => void;
}

/** Just enough of an apiserver: list, and watch with replay, 410 and closing on demand. */
class MemoryApi {
  revision = 0;
  readonly objects = new Map<string, KubeObject>();
  private history: { revision: number; event: WatchEvent }[] = [];
  /** Watching from a revision below this is answered 410. */
  private oldestRetained = 0;
  readonly watchers = new Set<Watcher>();
  readonly watchCalls: WatchOptions[] = [];
  listCalls = 0;
  failNextLists = 0;

  /** Creates or updates; `silent` loses the event, as if the watch had missed it. */
  put(name: string, fields: Partial<KubeObject> = {}, silent = false): void {
    const key = `default/${name}`;
    const obj: KubeObject = { apiVersion: 'v1', kind: 'Pod', ...fields, metadata: { name, namespace: 'default', ...fields.metadata, resourceVersion: String(++this.revision) } };
    const type = this.objects.has(key) ? 'MODIFIED' : 'ADDED';
    this.objects.set(key, obj);
    this.record({ type, object: obj }, silent);
  }

  remove(name: string, silent = false): void {
    const key = `default/${name}`;
    const obj = this.objects.get(key)!;
    this.objects.delete(key);
    this.record({ type: 'DELETED', object: { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.revision) } } }, silent);
  }

  /** Ends every watch with an ERROR event; a 410 also forgets the history (all of it, forever). */
  failWatches(code: number, forever = false): void {
    if (code === 410) this.oldestRetained = forever ? Infinity : this.revision;
    const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason: code === 410 ? 'Expired' : 'InternalError', message: 'too old resource version' };
    for (const watcher of [...this.watchers]) {
      watcher.handler({ type: 'ERROR', object: status as unknown as KubeObject });
      watcher.end();
    }
  }

  /** Ends every watch quietly, as a timeoutSeconds expiry does. */
  closeWatches(): void {
    for (const watcher of [...this.watchers]) watcher.end();
  }

  private record(event: WatchEvent, silent: boolean): void {
    this.history.push({ revision: this.revision, event });
    if (!silent) for (const watcher of this.watchers) watcher.handler(structuredClone(event));
  }

  readonly client: ApiClient = {
    list: async (): Promise<KubeList> => {
      this.listCalls++;
      if (this.failNextLists > 0 && this.failNextLists--) throw new StatusError(500, 'InternalError', 'Internal error occurred: store unavailable');
      const items = [...this.objects.values()].map((o) => structuredClone(o));
      return { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: String(this.revision) }, items };
    },
    watch: async (_ref: ResourceRef, _ns: string | undefined, options: WatchOptions, handler: WatchHandler): Promise<WatchHandle> => {
      this.watchCalls.push(options);
      let end!: () => void;
      const done = new Promise<void>((resolve) => (end = resolve));
      const watcher: Watcher = { handler, end: () => (this.watchers.delete(watcher), end()) };
      const from = Number(options.resourceVersion ?? 0);
      if (from < this.oldestRetained) {
        handler({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', metadata: {} } as unknown as KubeObject });
        end();
        return { stop: () => undefined, done };
      }
      for (const { revision, event } of this.history) if (revision > from) handler(structuredClone(event));
      this.watchers.add(watcher);
      return { stop: watcher.end, done };
    },
  } as unknown as ApiClient;
}

/** Lets every pending promise callback run; nothing here waits on real I/O. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function quietLog(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, error: (message) => errors.push(message), info: () => undefined, debug: () => undefined };
}

/** Starts an informer with a handler that records what it is told, in words. */
async function startInformer(api: MemoryApi, options: { freeze?: boolean } = {}) {
  const clock = new ManualClock();
  const log = quietLog();
  const informer = new SharedInformer({ client: api.client, resource: pods, clock, log, freeze: options.freeze });
  const seen: string[] = [];
  informer.addEventHandler({
    onAdd: (obj) => seen.push(`add ${keyOf(obj)}`),
    onUpdate: (old, obj) => seen.push(`update ${keyOf(obj)} ${old.metadata.resourceVersion}->${obj.metadata.resourceVersion}`),
    onDelete: (obj) => seen.push(`delete ${keyOf(obj)}`),
  });
  const abort = new AbortController();
  const running = informer.run(abort.signal);
  await informer.waitForSync();
  await settle();
  return { informer, seen, clock, log, abort, running };
}

describe('SharedInformer', () => {
  it('lists, delivers an add for each object, syncs, then watches from the list revision', async () => {
    const api = new MemoryApi();
    api.put('a');
    api.put('b');
    const { informer, seen } = await startInformer(api);
    assert.equal(informer.hasSynced(), true);
    assert.deepEqual(seen, ['add default/a', 'add default/b']);
    assert.deepEqual(informer.list().map(keyOf), ['default/a', 'default/b']);
    assert.deepEqual(api.watchCalls.map((c) => c.resourceVersion), ['2']);
  });

  it('updates the cache before it calls the handlers', async () => {
    const api = new MemoryApi();
    api.put('a');
    const { informer } = await startInformer(api);
    const cachedAtCall: (string | undefined)[] = [];
    informer.addEventHandler({
      onUpdate: (_old, obj) => cachedAtCall.push(informer.get(keyOf(obj))?.metadata.resourceVersion),
      onDelete: (obj) => cachedAtCall.push(informer.get(keyOf(obj)) ? 'still cached' : 'gone'),
    });
    api.put('a', { spec: { nodeName: 'node1' } });
    api.remove('a');
    assert.deepEqual(cachedAtCall, ['2', 'gone']);
    assert.equal(informer.lastSyncResourceVersion(), '3');
  });

  it('keeps an index current through updates and deletes', async () => {
    const api = new MemoryApi();
    api.put('a', { spec: { nodeName: 'node1' } });
    api.put('b', { spec: { nodeName: 'node1' } });
    const { informer } = await startInformer(api);
    informer.addIndexer('byNode', (pod) => (pod.spec?.nodeName ? [pod.spec.nodeName] : []));
    assert.deepEqual(informer.byIndex('byNode', 'node1').map(keyOf), ['default/a', 'default/b']);
    api.put('a', { spec: { nodeName: 'node2' } });
    api.remove('b');
    assert.deepEqual(informer.byIndex('byNode', 'node1'), []);
    assert.deepEqual(informer.byIndex('byNode', 'node2').map(keyOf), ['default/a']);
  });

  it('re-watches from the last revision seen when a watch ends, missing nothing', async () => {
    const api = new MemoryApi();
    api.put('a');
    const { seen } = await startInformer(api);
    api.put('b');
    api.closeWatches();
    api.put('c', {}, true);
    await settle();
    assert.deepEqual(api.watchCalls.map((c) => c.resourceVersion), ['1', '2']);
    assert.equal(api.listCalls, 1);
    assert.deepEqual(seen, ['add default/a', 'add default/b', 'add default/c']);
  });

  it('relists on 410 Expired and tells the handlers only what differs', async () => {
    const api = new MemoryApi();
    for (const name of ['a', 'b', 'c']) api.put(name);
    const { informer, seen } = await startInformer(api);
    seen.length = 0;
    api.put('b', { metadata: { labels: { tier: 'web' } } }, true);
    api.remove('c', true);
    api.put('d', {}, true);
    api.failWatches(410);
    await settle();
    assert.equal(api.listCalls, 2);
    assert.deepEqual(seen, ['update default/b 2->4', 'add default/d', 'delete default/c']);
    assert.deepEqual(informer.list().map(keyOf), ['default/a', 'default/b', 'default/d']);
  });

  const retries = [
    {
      name: 'retries a failed list after 800 ms',
      given: { failure: 'list' },
      want: { beforeBackoff: { lists: 1, watches: 0 }, afterBackoff: { lists: 2, watches: 1 } },
    },
    {
      name: 'retries a watch that failed with a 500 after 800 ms, without relisting',
      given: { failure: 'watch error 500' },
      want: { beforeBackoff: { lists: 1, watches: 1 }, afterBackoff: { lists: 1, watches: 2 } },
    },
    {
      name: 'retries a watch that ended at once with no event after 800 ms',
      given: { failure: 'empty watch' },
      want: { beforeBackoff: { lists: 1, watches: 1 }, afterBackoff: { lists: 1, watches: 2 } },
    },
    {
      name: 'relists at once on a first 410 but backs off when the watch from the new list expires too',
      given: { failure: 'watch always expires' },
      want: { beforeBackoff: { lists: 2, watches: 2 }, afterBackoff: { lists: 3, watches: 3 } },
    },
  ];
  for (const c of retries) {
    it(c.name, async () => {
      const api = new MemoryApi();
      api.put('a');
      api.failNextLists = c.given.failure === 'list' ? 1 : 0;
      const clock = new ManualClock();
      const log = quietLog();
      const informer = new SharedInformer({ client: api.client, resource: pods, clock, log });
      const abort = new AbortController();
      void informer.run(abort.signal);
      await settle();
      if (c.given.failure === 'watch error 500') api.failWatches(500);
      if (c.given.failure === 'empty watch') api.closeWatches();
      if (c.given.failure === 'watch always expires') api.failWatches(410, true);
      await settle();
      clock.step(799);
      await settle();
      assert.deepEqual({ lists: api.listCalls, watches: api.watchCalls.length }, c.want.beforeBackoff);
      assert.deepEqual(log.errors, ['list or watch failed; retrying']);
      clock.step(1);
      await settle();
      assert.deepEqual({ lists: api.listCalls, watches: api.watchCalls.length }, c.want.afterBackoff);
      assert.equal(informer.hasSynced(), true);
      abort.abort();
    });
  }

  it('freezes cached objects when asked, so a mutation throws', async () => {
    const api = new MemoryApi();
    api.put('a', { metadata: { labels: { app: 'web' } } });
    const { informer } = await startInformer(api, { freeze: true });
    assert.throws(() => {
      (informer.get('default/a')!.metadata.labels as Record<string, string>).app = 'changed';
    }, TypeError);
  });

  it('gives a handler added after the sync an add for every cached object', async () => {
    const api = new MemoryApi();
    api.put('a');
    api.put('b');
    const { informer } = await startInformer(api);
    const late: string[] = [];
    informer.addEventHandler({ onAdd: (obj) => late.push(keyOf(obj)) });
    assert.deepEqual(late, ['default/a', 'default/b']);
  });

  it('keeps calling the other handlers when one throws, and logs it', async () => {
    const api = new MemoryApi();
    const { informer, seen, log } = await startInformer(api);
    informer.addEventHandler({
      onAdd: () => {
        throw new Error('boom');
      },
    });
    api.put('a');
    assert.deepEqual(seen, ['add default/a']);
    assert.deepEqual(log.errors, ['event handler failed']);
  });

  it('stops watching and resolves run when the signal aborts', async () => {
    const api = new MemoryApi();
    const { abort, running } = await startInformer(api);
    abort.abort();
    await running;
    assert.equal(api.watchers.size, 0);
  });

  it('answers waitForSync with false when the signal aborts first', async () => {
    const informer = new SharedInformer({ client: new MemoryApi().client, resource: pods, clock: new ManualClock(), log: quietLog() });
    const abort = new AbortController();
    const waiting = informer.waitForSync(abort.signal);
    abort.abort();
    assert.equal(await waiting, false);
  });
});

describe('SharedInformerFactory', () => {
  it('shares one informer per resource and namespace and starts late ones at once', async () => {
    const api = new MemoryApi();
    api.put('a');
    const factory = new SharedInformerFactory({ client: api.client, clock: new ManualClock(), log: quietLog() });
    const all = factory.informerFor(pods);
    assert.equal(factory.informerFor(pods), all);
    const abort = new AbortController();
    factory.start(abort.signal);
    const inDefault = factory.informerFor(pods, 'default');
    assert.notEqual(inDefault, all);
    assert.equal(await factory.waitForCacheSync(), true);
    assert.deepEqual([all.list().length, inDefault.list().length], [1, 1]);
    abort.abort();
    await factory.stopped();
    assert.equal(api.watchers.size, 0);
  });
});
