/**
 * SharedInformer: client-go's reflector, indexer and event distribution for one resource, over
 * any ApiClient. It lists, then watches from the list's resourceVersion, keeps a cache with
 * indexes, and tells handlers what changed. It never writes to the cluster.
 */
import type { KubeObject, Status, WatchEvent } from '../api/meta.js';
import { StatusError, expired, isExpired } from '../api/errors.js';
import { keyOf } from '../api/keys.js';
import type { Clock } from '../clock.js';
import { logger, type Logger } from '../log.js';
import type { ApiClient, ResourceRef, WatchHandle } from './client.js';
import { deepFreeze } from '../api/freeze.js';
import { ObjectIndexer, type IndexFunc } from './indexer.js';

export type { IndexFunc } from './indexer.js';

/** client-go reflector's back-off after a failed list or watch: 800 ms doubling to 30 s. */
const initialBackoffMs = 800;
const maxBackoffMs = 30_000;
/** A watch that ends sooner than this with no event counts as a failure (client-go's "very short watch"). */
const minWatchDurationMs = 1000;
/** client-go's minWatchTimeout: the server ends each watch after this and the informer re-watches. */
const defaultWatchTimeoutSeconds = 300;

/** Callbacks for cache changes. They run after the cache holds the change; they must not block. */
export interface ResourceEventHandler {
  onAdd?(obj: Readonly<KubeObject>): void;
  onUpdate?(oldObj: Readonly<KubeObject>, newObj: Readonly<KubeObject>): void;
  /** Receives the last state known: the DELETED event's object, or the cached one after a relist. */
  onDelete?(obj: Readonly<KubeObject>): void;
}

export interface SharedInformerOptions {
  client: ApiClient;
  resource: ResourceRef;
  /** Omit for every namespace (or a cluster-scoped resource). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  clock: Clock;
  /** Deep-freeze cached objects so that any mutation throws (tests turn this on). */
  freeze?: boolean;
  watchTimeoutSeconds?: number;
  log?: Logger;
}

/**
 * A cache of one resource kept current by list and watch.
 *
 * Guarantees:
 * - Handlers run after the cache is updated, one event at a time, in resourceVersion order;
 *   `get`/`list` inside a handler already see the change. A handler that throws is logged and
 *   does not stop the others.
 * - `hasSynced()` turns true once the first list is in the cache and its adds are delivered.
 * - A watch that ends (timeout, server close) resumes from the last resourceVersion seen, so no
 *   change is missed. A 410 Expired means that version is gone: the informer lists again and
 *   delivers only the differences (adds, updates with a new resourceVersion, deletes).
 * - Other failures are retried after a back-off on the clock (800 ms doubling to 30 s).
 * - Cached objects are shared: treat them as read-only (`freeze: true` enforces it).
 */
export class SharedInformer {
  private readonly options: SharedInformerOptions;
  private readonly log: Logger;
  private readonly indexer = new ObjectIndexer();
  private readonly handlers = new Set<ResourceEventHandler>();
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private resourceVersion = '';
  private running = false;

  constructor(options: SharedInformerOptions) {
    this.options = options;
    this.log = options.log ?? logger('informer');
  }

  /** `resource` or `resource namespace/ns`, for logs. */
  get name(): string {
    const { resource } = this.options.resource;
    return this.options.namespace ? `${resource} namespace/${this.options.namespace}` : resource;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves true once synced, or false if the signal aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => resolve(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      });
    });
  }

  /** The resourceVersion of the last list or event applied. */
  lastSyncResourceVersion(): string {
    return this.resourceVersion;
  }

  get(key: string): Readonly<KubeObject> | undefined {
    return this.indexer.get(key);
  }

  list(): Readonly<KubeObject>[] {
    return this.indexer.list();
  }

  /** Registers an index, e.g. pods by `spec.nodeName`; objects already cached are indexed too. */
  addIndexer(name: string, fn: IndexFunc): void {
    this.indexer.addIndex(name, fn);
  }

  byIndex(name: string, value: string): Readonly<KubeObject>[] {
    return this.indexer.byIndex(name, value);
  }

  /**
   * Adds a handler and returns its removal. Registered after the sync, it first gets an onAdd for
   * every cached object, as client-go does for late handlers.
   */
  addEventHandler(handler: ResourceEventHandler): () => void {
    this.handlers.add(handler);
    if (this.synced) for (const obj of this.indexer.list()) this.call(handler, 'onAdd', obj);
    return () => this.handlers.delete(handler);
  }

  /** Lists and watches until the signal aborts, then resolves. Rejects only if already running. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.running) throw new Error(`informer ${this.name}: already running`);
    this.running = true;
    let mustList = true;
    let expiries = 0; // in a row, with no event delivered in between
    let backoffMs = initialBackoffMs;
    try {
      while (!signal.aborted) {
        try {
          if (mustList) await this.listAndReplace();
          mustList = false;
          const watch = await this.watchOnce(signal);
          if (watch.delivered > 0) expiries = 0;
          if (watch.expired) throw expired('the watch expired');
          expiries = 0;
          backoffMs = initialBackoffMs;
        } catch (err) {
          if (signal.aborted) break;
          if (isExpired(err)) {
            mustList = true;
            // Relist at once; but if the watch from a fresh list expires too, back off, or it could spin.
            if (++expiries === 1) continue;
          }
          this.log.error('list or watch failed; retrying', { informer: this.name, error: String(err), retryInMs: backoffMs });
          await this.options.clock.sleep(backoffMs, signal);
          backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Lists, then makes the cache equal to the list, telling handlers what differed. */
  private async listAndReplace(): Promise<void> {
    const { client, resource, namespace, labelSelector, fieldSelector } = this.options;
    const list = await client.list(resource, namespace, { labelSelector, fieldSelector });
    const kind = list.kind.replace(/List$/, '');
    const listed = new Map<string, KubeObject>();
    for (const item of list.items) {
      // List items may leave out their kind and apiVersion (reference/kubectl-compat.md §5).
      item.kind ??= kind;
      item.apiVersion ??= list.apiVersion;
      listed.set(keyOf(item), item);
    }
    for (const [key, item] of listed) {
      const cached = this.indexer.get(key);
      if (!cached || cached.metadata.resourceVersion !== item.metadata.resourceVersion) this.store(item);
    }
    for (const cached of this.indexer.list()) if (!listed.has(keyOf(cached))) this.remove(cached);
    this.resourceVersion = list.metadata.resourceVersion ?? '';
    if (!this.synced) {
      this.synced = true;
      const waiters = this.syncWaiters;
      this.syncWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /** One watch from the last resourceVersion; `expired` when the server answered 410. */
  private async watchOnce(signal: AbortSignal): Promise<{ expired: boolean; delivered: number }> {
    const { client, resource, namespace, labelSelector, fieldSelector, clock } = this.options;
    const started = clock.now();
    let delivered = 0;
    let failure: StatusError | undefined;
    let handle: WatchHandle | undefined;
    const onEvent = (event: WatchEvent): void => {
      if (failure) return;
      if (event.type !== 'ERROR') {
        delivered++;
        return this.apply(event);
      }
      failure = StatusError.fromStatus(event.object as unknown as Status);
      handle?.stop();
    };
    const watchOptions = { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, labelSelector, fieldSelector, timeoutSeconds: this.options.watchTimeoutSeconds ?? defaultWatchTimeoutSeconds };
    const active = await client.watch(resource, namespace, watchOptions, onEvent);
    handle = active;
    const stop = (): void => active.stop();
    if (failure || signal.aborted) stop();
    signal.addEventListener('abort', stop, { once: true });
    try {
      await active.done;
    } finally {
      signal.removeEventListener('abort', stop);
    }
    if (failure && isExpired(failure)) return { expired: true, delivered };
    if (failure) throw failure;
    if (!signal.aborted && delivered === 0 && clock.now() - started < minWatchDurationMs) {
      throw new Error('very short watch: the watch ended in less than a second with no event');
    }
    return { expired: false, delivered };
  }

  private apply(event: WatchEvent): void {
    const obj = event.object;
    if (event.type === 'DELETED') {
      const cached = this.indexer.get(keyOf(obj));
      // An object this cache never held has nothing to remove and nothing to tell.
      if (cached) this.remove(obj);
    } else if (event.type === 'ADDED' || event.type === 'MODIFIED') {
      this.store(obj);
    }
    this.resourceVersion = obj.metadata?.resourceVersion ?? this.resourceVersion;
  }

  private store(obj: KubeObject): void {
    const stored = this.options.freeze ? deepFreeze(obj) : obj;
    const old = this.indexer.upsert(stored);
    for (const handler of this.handlers) {
      if (old) this.call(handler, 'onUpdate', old, stored);
      else this.call(handler, 'onAdd', stored);
    }
  }

  private remove(obj: KubeObject): void {
    const last = this.options.freeze ? deepFreeze(obj) : obj;
    this.indexer.delete(keyOf(obj));
    for (const handler of this.handlers) this.call(handler, 'onDelete', last);
  }

  private call(handler: ResourceEventHandler, method: keyof ResourceEventHandler, ...args: Readonly<KubeObject>[]): void {
    try {
      (handler[method] as ((...objs: Readonly<KubeObject>[]) => void) | undefined)?.(...args);
    } catch (err) {
      this.log.error('event handler failed', { informer: this.name, method, object: keyOf(args[args.length - 1]), error: String(err) });
    }
  }
}
