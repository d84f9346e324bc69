/**
 * The LevelDB store (classic-level). The whole state is also kept in memory, so reads never touch
 * the disk; writes go to LevelDB in group commits: every operation committed while a batch is
 * being written joins the next batch, so the disk sees few large batches under load while each
 * commit still gets its own revision. Batches are written strictly one after another, so the
 * revision counter and the objects on disk always move forward together.
 * LevelDB appends each batch to its log before acknowledging it, so a kill -9 loses nothing that
 * was acknowledged (sync is optional, for power loss).
 */
import { ClassicLevel } from 'classic-level';
import { expired } from '../../shared/api/errors.js';
import { deepFreeze } from '../../shared/api/freeze.js';
import { frozenJsonClone } from '../../shared/json-clone.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { logger } from '../../shared/log.js';
import { prefixOfKey, revisionKey } from './key-layout.js';
import { PreconditionFailed, type Store, type StoreEvent, type StoreListener, type StoreOp, type StoreWatch, type StoredEntry } from './store.js';
import { WatchWindow } from './watch-window.js';

const log = logger('store');

/** Reads a key's text back from the disk (LevelDB's synchronous get). */
type ReadBack = (key: string) => string;

/**
 * One stored version: its JSON text, which is what the disk and HTTP readers get, and the object
 * equal to its parse (a frozen copy of the written object, made at the commit; parsed from the text
 * when read back from the disk), deep-frozen and shared by every in-process reader (the registry,
 * each watcher, the informer caches), so that 10,000 pods are held once and not once per cache.
 * Superseded versions keep only their text (the watch window holds it for resuming watches); a
 * late reader gets a fresh parse, which is not kept.
 *
 * A version under a disk-only prefix (Events) goes to the disk once its batch is written and the
 * watchers have had it: its text is read back when asked, and its parse is held only weakly, kept
 * while some reader holds it (the recorders never read their Events again). Holding every
 * resource's parse weakly was measured too: 10,000 pods took ~15 % more CPU to start, parses
 * collected and made again. Reading back is safe because the text goes only from the current
 * version, whose text is then exactly what the disk holds for its key; before a commit replaces or
 * deletes it, the store takes the text back (`keepText`), so a superseded version never depends
 * on the disk.
 */
class Version implements StoredEntry {
  private text: string | undefined;
  private readBack: ReadBack | undefined;
  private parsed: Readonly<KubeObject> | undefined;
  private weak: WeakRef<Readonly<KubeObject>> | undefined;
  /** Set once superseded or gone to the disk: a parse is then kept only while a reader holds it. */
  private loose = false;

  constructor(
    readonly key: string,
    readonly revision: number,
    json: string,
    parsed?: Readonly<KubeObject>,
  ) {
    this.text = json;
    this.parsed = parsed && deepFreeze(parsed);
  }

  get json(): string {
    return this.text ?? this.readBack!(this.key);
  }

  get heldObject(): Readonly<KubeObject> | undefined {
    return this.parsed ?? this.weak?.deref();
  }

  get object(): Readonly<KubeObject> {
    if (this.parsed) return this.parsed;
    let object = this.weak?.deref();
    if (!object) {
      object = deepFreeze(JSON.parse(this.json) as KubeObject);
      if (this.loose) this.weak = new WeakRef(object);
      else this.parsed = object;
    }
    return object;
  }

  /** Drops the parsed form of a superseded version; the text stays, and a later parse is held weakly. */
  release(): void {
    this.parsed = undefined;
    this.weak = undefined;
    this.loose = true;
  }

  /**
   * The disk holds this current version and the watchers have had it: its text is read back from
   * the disk when asked, and its parse kept only while some reader holds it.
   */
  toDisk(readBack: ReadBack): void {
    this.readBack = readBack;
    this.text = undefined;
    if (this.parsed) this.weak = new WeakRef(this.parsed);
    this.parsed = undefined;
    this.loose = true;
  }

  /** About to be replaced or deleted: take the text back while the disk still holds this version. */
  keepText(): void {
    if (this.text === undefined) this.text = this.readBack!(this.key);
    this.readBack = undefined;
  }
}

interface Listener {
  prefix: string;
  /** The one resource the prefix is inside (`/registry/core/pods/`), or undefined for a wider watch. */
  resource: string | undefined;
  fn: StoreListener;
  /** Events at or below this revision were already seen by the watcher (its list, or its replay). */
  from: number;
  onError?: (err: unknown) => void;
  active: boolean;
}

interface PendingBatch {
  ops: ({ type: 'put'; key: string; value: string } | { type: 'del'; key: string })[];
  events: StoreEvent[];
  waiters: { resolve: () => void; reject: (err: unknown) => void }[];
  lastRevision: number;
}

export interface LevelStoreOptions {
  /** fsync every batch (survives power loss, slower). Default false: process crashes lose nothing acknowledged. */
  sync?: boolean;
  windowCapacity?: number;
  /** The time in ms, for the watch window's age bound (5 minutes, as etcd's compaction); without it only the capacity bounds the window. */
  now?: () => number;
  /** Called once if a batch cannot be written; the store refuses writes from then on. */
  onFatal?: (err: Error) => void;
  /**
   * Resource prefixes (`/registry/core/events/`) whose current versions keep their text on disk
   * only, read back on demand: kube-apiserver keeps no watch cache for Events (their default
   * watch-cache size is 0), so they are served from etcd and cost it no memory.
   */
  diskOnly?: string[];
}

export class LevelStore implements Store {
  private readonly byPrefix = new Map<string, Map<string, StoredEntry>>();
  private readonly sortedKeys = new Map<string, string[]>();
  private listeners: Listener[] = [];
  private current = 0;
  private notified = 0;
  /** Set when a batch failed to reach the disk: memory and disk may differ, so no more writes. */
  private broken: Error | undefined;
  private window!: WatchWindow;
  private pending: PendingBatch | undefined;
  private writing: Promise<void> | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;

  private readonly diskOnly: Set<string>;
  /**
   * A disk-only version's text, read back; it is there by Version's invariant. Not kept in
   * LevelDB's block cache: the memory it saves would fill up again there (the OS caches the file).
   */
  private readonly readBack: ReadBack = (key) => {
    const text = this.db.getSync(key, { fillCache: false });
    if (text === undefined) throw new Error(`store: ${key} is missing on disk`);
    return text;
  };

  private constructor(
    private readonly db: ClassicLevel<string, string>,
    private readonly options: LevelStoreOptions,
  ) {
    this.diskOnly = new Set(options.diskOnly);
  }

  /** Opens (or creates) the store in dir. Fails if another process holds it (LevelDB's LOCK). */
  static async open(dir: string, options: LevelStoreOptions = {}): Promise<LevelStore> {
    const db = new ClassicLevel<string, string>(dir, { valueEncoding: 'utf8', keyEncoding: 'utf8' });
    await db.open();
    const store = new LevelStore(db, options);
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    let maxRevision = 0;
    for await (const [key, value] of this.db.iterator()) {
      if (key === revisionKey) {
        maxRevision = Math.max(maxRevision, Number(value));
        continue;
      }
      const object = JSON.parse(value) as KubeObject;
      const revision = Number(object.metadata?.resourceVersion ?? 0);
      maxRevision = Math.max(maxRevision, revision);
      const version = new Version(key, revision, value, object);
      if (this.diskOnly.has(prefixOfKey(key))) version.toDisk(this.readBack);
      this.bucket(prefixOfKey(key)).set(key, version);
    }
    this.current = maxRevision;
    this.notified = maxRevision;
    this.window = new WatchWindow(maxRevision, this.options.windowCapacity, this.options.now);
  }

  get revision(): number {
    return this.current;
  }

  get oldestWatchableRevision(): number {
    return this.window.startRevision;
  }

  get(key: string): StoredEntry | undefined {
    return this.byPrefix.get(prefixOfKey(key))?.get(key);
  }

  list(prefix: string): StoredEntry[] {
    const resource = prefixOfKey(prefix);
    const bucket = this.byPrefix.get(resource);
    if (!bucket) return [];
    const keys = this.keysOf(resource, bucket);
    if (prefix === resource) return keys.map((k) => bucket.get(k)!);
    // Keys are sorted, so the prefix's entries are one contiguous run.
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: StoredEntry[] = [];
    for (let i = lo; i < keys.length && keys[i].startsWith(prefix); i++) out.push(bucket.get(keys[i])!);
    return out;
  }

  count(prefix: string): number {
    const resource = prefixOfKey(prefix);
    if (prefix === resource) return this.byPrefix.get(resource)?.size ?? 0;
    return this.list(prefix).length;
  }

  commit(ops: StoreOp[]): Promise<{ revision: number; entries: (StoredEntry | undefined)[] }> {
    if (this.closed) return Promise.reject(new Error('store: closed'));
    if (this.broken) return Promise.reject(new Error(`store: a write failed earlier (${this.broken.message}); restart the daemon`));
    // Check every precondition before changing anything: a commit applies whole or not at all.
    for (const op of ops) {
      const existing = this.get(op.key);
      if (op.type === 'put' && op.mustNotExist && existing) throw new PreconditionFailed(op.key, 'exists');
      if (op.type === 'delete' && !existing) throw new PreconditionFailed(op.key, 'not-found');
      if (op.expectRevision !== undefined) {
        if (!existing) throw new PreconditionFailed(op.key, 'not-found');
        if (existing.revision !== op.expectRevision) throw new PreconditionFailed(op.key, 'revision');
      }
    }
    const revision = ++this.current;
    const version = String(revision);
    const batch = this.pendingBatch();
    const entries: (StoredEntry | undefined)[] = [];
    for (const op of ops) {
      const previous = this.get(op.key);
      if (previous instanceof Version) previous.keepText();
      const bucket = this.bucket(prefixOfKey(op.key));
      if (op.type === 'put') {
        // The caller's object may hold undefined fields and parts it still changes: readers get a
        // frozen copy equal to the text's parse (made from the object, ~4× cheaper than parsing
        // the text; the previous version's frozen parts it kept are shared, not copied).
        const object = { ...op.object, metadata: { ...op.object.metadata, resourceVersion: version } };
        const json = JSON.stringify(object);
        const entry = new Version(op.key, revision, json, frozenJsonClone(object));
        if (!previous) this.sortedKeys.delete(prefixOfKey(op.key));
        bucket.set(op.key, entry);
        batch.ops.push({ type: 'put', key: op.key, value: json });
        batch.events.push({ type: previous ? 'MODIFIED' : 'ADDED', key: op.key, revision, entry, previous });
        entries.push(entry);
      } else {
        bucket.delete(op.key);
        this.sortedKeys.delete(prefixOfKey(op.key));
        batch.ops.push({ type: 'del', key: op.key });
        const last = previous!;
        const object = { ...last.object, metadata: { ...last.object.metadata, resourceVersion: version } };
        const entry = new Version(op.key, revision, JSON.stringify(object), object);
        batch.events.push({ type: 'DELETED', key: op.key, revision, entry, previous });
        entries.push(entry);
      }
    }
    batch.lastRevision = revision;
    return new Promise((resolve, reject) => {
      batch.waiters.push({ resolve: () => resolve({ revision, entries }), reject });
      this.flushSoon();
    });
  }

  watch(prefix: string, fromRevision: number, fn: StoreListener, onError?: (err: unknown) => void): StoreWatch {
    const replay = this.window.since(fromRevision);
    if (!replay) throw expired(`too old resource version: ${fromRevision} (${this.window.startRevision + 1})`);
    const matching = replay.filter((e) => e.key.startsWith(prefix));
    // The watcher has seen everything up to fromRevision (its list may include commits still being
    // written), so events at or below it are never delivered, even when their write lands later.
    const resource = prefixOfKey(prefix);
    const listener: Listener = { prefix, resource: prefix.startsWith(resource) && resource.split('/').length === 5 ? resource : undefined, fn, from: fromRevision, onError, active: true };
    const cancel = (): void => {
      listener.active = false;
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
    if (matching.length) fn(matching);
    this.listeners.push(listener);
    return { cancel };
  }

  /** The newest revision delivered to watchers (bookmarks may claim no more than this). */
  get notifiedRevision(): number {
    return this.notified;
  }

  /** Waits for the writes under way, then closes; every call resolves once the database is closed. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      while (this.writing) await this.writing;
      this.closed = true;
      this.listeners = [];
      await this.db.close();
    })();
    return this.closing;
  }

  private bucket(prefix: string): Map<string, StoredEntry> {
    let bucket = this.byPrefix.get(prefix);
    if (!bucket) {
      bucket = new Map();
      this.byPrefix.set(prefix, bucket);
    }
    return bucket;
  }

  private keysOf(prefix: string, bucket: Map<string, StoredEntry>): string[] {
    let keys = this.sortedKeys.get(prefix);
    if (!keys) {
      keys = [...bucket.keys()].sort();
      this.sortedKeys.set(prefix, keys);
    }
    return keys;
  }

  private pendingBatch(): PendingBatch {
    if (!this.pending) this.pending = { ops: [], events: [], waiters: [], lastRevision: 0 };
    return this.pending;
  }

  private flushSoon(): void {
    if (this.writing) return; // the running write picks the pending batch up when it ends
    this.writing = this.writeLoop();
  }

  private async writeLoop(): Promise<void> {
    // Let the commits of this tick join the batch.
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    let inflight: { batch: PendingBatch; written: Promise<void> } | undefined;
    for (;;) {
      if (!inflight) {
        if (!this.pending) {
          // Cleared in the same step as the last check, so a commit arriving next starts a new loop.
          this.writing = undefined;
          return;
        }
        inflight = this.startWrite();
      }
      const { batch, written } = inflight;
      try {
        await written;
      } catch (err) {
        // The memory image now holds changes the disk refused: refuse every later write, and let
        // the daemon stop so a restart reloads the state from disk (etcd commits or leaves nothing).
        this.broken = err as Error;
        const failure = new Error(`store: write failed: ${(err as Error).message}`);
        for (const w of batch.waiters) w.reject(failure);
        for (const w of (this.pending as PendingBatch | undefined)?.waiters ?? []) w.reject(failure);
        this.pending = undefined;
        inflight = undefined;
        this.options.onFatal?.(failure);
        continue;
      }
      // The next batch goes to the disk now, while this one's watchers run: the disk and the
      // event handlers overlap, and batches still reach the disk strictly one after another.
      inflight = this.pending ? this.startWrite() : undefined;
      this.window.append(batch.events);
      this.notify(batch.events);
      this.afterNotify(batch.events);
      for (const w of batch.waiters) w.resolve();
    }
  }

  /** Hands the pending batch to LevelDB, with the revision it brings the disk to. */
  private startWrite(): { batch: PendingBatch; written: Promise<void> } {
    const batch = this.pending!;
    this.pending = undefined;
    batch.ops.push({ type: 'put', key: revisionKey, value: String(batch.lastRevision) });
    return { batch, written: this.writeBatch(batch.ops) };
  }

  /**
   * Hands operations to LevelDB. The ops are already what classic-level's native batch takes
   * (`type`, `key`, `value` as strings), so this calls its `_batch` (abstract-level's documented
   * implementer API) and skips the public wrapper's per-operation copy, encoding lookup and
   * hooks, none of which the store uses: about a twelfth of the daemon's CPU when 10,000 pods start.
   */
  private writeBatch(ops: PendingBatch['ops']): Promise<void> {
    const options = { sync: this.options.sync ?? false };
    const direct = (this.db as unknown as { _batch?: (ops: PendingBatch['ops'], options: { sync: boolean }) => Promise<void> })._batch;
    return typeof direct === 'function' ? direct.call(this.db, ops, options) : this.db.batch(ops, options);
  }

  /**
   * Every watcher has seen these changes: the versions they replaced or deleted, and the deleted
   * versions themselves, keep only their text; current ones under a disk-only prefix go to the
   * disk (this batch is there now). A version already replaced by a commit of a later batch
   * keeps its object until that batch is notified: the watchers then match it again as the
   * change's previous state (a kubelet's `spec.nodeName=` selector), and released now it would be
   * parsed again for them.
   */
  private afterNotify(events: StoreEvent[]): void {
    for (const event of events) {
      if (event.previous instanceof Version && this.get(event.key) !== event.previous) event.previous.release();
      if (!(event.entry instanceof Version)) continue;
      // A deleted version is never replaced, so nothing later would let its object go.
      if (event.type === 'DELETED') event.entry.release();
      if (this.get(event.key) !== event.entry) continue;
      if (this.diskOnly.size && this.diskOnly.has(prefixOfKey(event.key))) event.entry.toDisk(this.readBack);
    }
  }

  private notify(events: StoreEvent[]): void {
    this.notified = events[events.length - 1]?.revision ?? this.notified;
    // A batch touches few resources and most watchers follow one: each looks only at its own.
    const byResource = new Map<string, StoreEvent[]>();
    for (const event of events) {
      const resource = prefixOfKey(event.key);
      const list = byResource.get(resource);
      if (list) list.push(event);
      else byResource.set(resource, [event]);
    }
    for (const listener of this.listeners.slice()) {
      if (!listener.active) continue;
      const candidates = listener.resource === undefined ? events : byResource.get(listener.resource);
      if (!candidates) continue;
      const matching = candidates.filter((e) => e.revision > listener.from && e.key.startsWith(listener.prefix));
      if (matching.length === 0) continue;
      try {
        listener.fn(matching);
      } catch (err) {
        // A broken watcher must not stop the others or the write path: it is cut off, and told,
        // so that its watch ends (its client then re-lists) instead of going silent.
        listener.active = false;
        this.listeners = this.listeners.filter((l) => l !== listener);
        try {
          listener.onError?.(err);
        } catch (failure) {
          // Thrown out of here it would end the write loop with `writing` still set: the batch in
          // flight never acknowledged, every later commit stranded in `pending`, close() throwing.
          log.error('a watch error handler threw', { error: (failure as Error)?.stack ?? String(failure) });
        }
      }
    }
  }
}
