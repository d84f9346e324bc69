/**
 * The TUI's view of the cluster: one shared informer (shared/client/informer.ts: list, then watch
 * over WebSocket; 410 → relist; back-off on failure) per resource, namespace and selector that a
 * view asks for, shared by every view showing it and stopped a while after the last one leaves.
 * It also tracks whether the daemon answers, for the "connection lost" banner.
 * Leaves out: anything React (views subscribe and push rows into their own table models).
 */
import { isStatusError } from '../../shared/api/errors.js';
import type { KubeList, KubeObject } from '../../shared/api/meta.js';
import type { Clock, Timer } from '../../shared/clock.js';
import type { ApiClient, ListOptions, ResourceRef, WatchHandle, WatchHandler, WatchOptions } from '../../shared/client/client.js';
import { SharedInformer, type ResourceEventHandler } from '../../shared/client/informer.js';
import type { Logger } from '../../shared/log.js';

/** How long an informer nobody watches keeps running, so that going back to a view is instant. */
export const idleInformerMs = 30_000;

export type ConnectionState = { status: 'connecting' } | { status: 'connected' } | { status: 'lost'; message: string };

export interface SourceSpec {
  ref: ResourceRef;
  /** Omit for every namespace, or for a cluster-scoped resource. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface CacheHandler extends ResourceEventHandler {
  /** The first list is in (at once when the informer had already synced). */
  onSynced?(): void;
}

interface Entry {
  informer: SharedInformer;
  abort: AbortController;
  users: number;
  idle?: Timer;
}

// The informer logs failed lists and watches to stderr, which would tear the TUI's frame: the
// banner (connection state) says the same thing on screen.
const quiet: Logger = { error: () => undefined, info: () => undefined, debug: () => undefined };

export class ClusterCache {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(state: ConnectionState) => void>();
  private state: ConnectionState = { status: 'connecting' };
  private readonly tracked: ApiClient;

  constructor(private readonly options: { client: ApiClient; clock: Clock }) {
    this.tracked = trackConnection(options.client, (ok, err) => this.report(ok, err));
  }

  get connection(): ConnectionState {
    return this.state;
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Watches a source; returns the unsubscribe. The handler first gets an onAdd per cached object. */
  subscribe(spec: SourceSpec, handler: CacheHandler): () => void {
    const entry = this.entryFor(spec);
    entry.users++;
    entry.idle?.cancel();
    entry.idle = undefined;
    const remove = entry.informer.addEventHandler(handler);
    let isSubscribed = true;
    if (entry.informer.hasSynced()) handler.onSynced?.();
    else void entry.informer.waitForSync(entry.abort.signal).then((synced) => synced && isSubscribed && handler.onSynced?.());
    return () => {
      if (!isSubscribed) return;
      isSubscribed = false;
      remove();
      if (--entry.users === 0) entry.idle = this.options.clock.after(idleInformerMs, () => this.stop(spec));
    };
  }

  /** The cached objects of a source already watched (an empty list otherwise). */
  list(spec: SourceSpec): Readonly<KubeObject>[] {
    return this.entries.get(sourceKey(spec))?.informer.list() ?? [];
  }

  close(): void {
    for (const entry of this.entries.values()) {
      entry.idle?.cancel();
      entry.abort.abort();
    }
    this.entries.clear();
    this.listeners.clear();
  }

  private entryFor(spec: SourceSpec): Entry {
    const key = sourceKey(spec);
    let entry = this.entries.get(key);
    if (!entry) {
      const informer = new SharedInformer({ client: this.tracked, clock: this.options.clock, resource: spec.ref, namespace: spec.namespace, labelSelector: spec.labelSelector, fieldSelector: spec.fieldSelector, log: quiet });
      entry = { informer, abort: new AbortController(), users: 0 };
      this.entries.set(key, entry);
      // run() only settles when aborted; its failures are retried inside with back-off.
      void informer.run(entry.abort.signal);
    }
    return entry;
  }

  private stop(spec: SourceSpec): void {
    const key = sourceKey(spec);
    const entry = this.entries.get(key);
    if (!entry || entry.users > 0) return;
    entry.abort.abort();
    this.entries.delete(key);
  }

  private report(ok: boolean, err?: unknown): void {
    const next: ConnectionState = ok ? { status: 'connected' } : { status: 'lost', message: errorText(err) };
    if (next.status === this.state.status && (next.status !== 'lost' || (this.state as { message: string }).message === next.message)) return;
    this.state = next;
    for (const listener of this.listeners) listener(next);
  }
}

function sourceKey(spec: SourceSpec): string {
  const { group, version, resource } = spec.ref;
  return `${group}/${version}/${resource}|${spec.namespace ?? ''}|${spec.labelSelector ?? ''}|${spec.fieldSelector ?? ''}`;
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] || 'connection closed';
}

/**
 * The client the informers use: every list and watch reports whether the daemon answered. A
 * StatusError is an answer (the daemon is there); a socket error is a lost connection.
 */
function trackConnection(client: ApiClient, report: (ok: boolean, err?: unknown) => void): ApiClient {
  const answered = (err: unknown): boolean => isStatusError(err);
  const wrapped = {
    async list(ref: ResourceRef, namespace: string | undefined, options?: ListOptions): Promise<KubeList> {
      try {
        const list = await client.list(ref, namespace, options);
        report(true);
        return list;
      } catch (err) {
        report(answered(err), err);
        throw err;
      }
    },
    async watch(ref: ResourceRef, namespace: string | undefined, options: WatchOptions, handler: WatchHandler): Promise<WatchHandle> {
      try {
        const handle = await client.watch(ref, namespace, options, handler);
        report(true);
        return handle;
      } catch (err) {
        report(answered(err), err);
        throw err;
      }
    },
  };
  // Every other method goes straight to the client, bound to it (its private state stays its own).
  return new Proxy(client, {
    get(target, property) {
      if (property === 'list' || property === 'watch') return wrapped[property];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
