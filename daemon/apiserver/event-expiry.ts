/**
 * Events expire one hour after their last write, as kube-apiserver stores each Event in etcd under
 * a lease of `--event-ttl` (default 1h0m0s) that every create and update renews: when the lease
 * runs out the key goes, and watchers get a DELETED. Without this every Event stayed for good,
 * and a daemon left running for days grew without end.
 *
 * kubelab's store has no leases, so the API server keeps the same deadlines beside it: each write
 * of an Event (seen on the store's own change feed, with no parsing) moves its deadline to an hour
 * after that write, and a sweep every 5 seconds deletes what is due through the registry, as a
 * lease revocation deletes the key. After a restart the deadlines are rebuilt from each Event's
 * last timestamp. Left out: the `--event-ttl` flag (fixed at one hour).
 */
import type { ResourceInfo } from '../../shared/api/resources.js';
import { findResource } from '../../shared/api/resources.js';
import { isNotFound } from '../../shared/api/errors.js';
import type { Clock, Timer } from '../../shared/clock.js';
import { logger } from '../../shared/log.js';
import type { StoreWatch } from '../store/store.js';
import type { GenericRegistry } from './registry/generic-registry.js';
import { newContext } from './request-context.js';

/** kube-apiserver's --event-ttl default. */
export const eventTtlMs = 60 * 60_000;
/** How often due Events are deleted; etcd revokes a lease within about a second, 5 s is close for AGE. */
export const eventSweepEveryMs = 5_000;

const log = logger('event-ttl');

export class EventExpiry {
  private readonly events: ResourceInfo = findResource('', 'v1', 'events')!;
  /** Store key → when its lease runs out (ms). Renewals move a key to the end, so the map stays in deadline order. */
  private readonly deadlines = new Map<string, number>();
  private watch: StoreWatch | undefined;
  private timer: Timer | undefined;
  private sweeping: Promise<void> = Promise.resolve();

  constructor(
    private readonly registry: GenericRegistry,
    private readonly clock: Clock,
    private readonly ttlMs = eventTtlMs,
  ) {}

  start(): void {
    const store = this.registry.store;
    const prefix = this.registry.prefix(this.events, undefined);
    const rebuilt = store.list(prefix).map((entry) => ({ key: entry.key, at: lastWrite(entry.object as EventTimes) + this.ttlMs }));
    for (const { key, at } of rebuilt.sort((a, b) => a.at - b.at)) this.deadlines.set(key, at);
    this.watch = store.watch(prefix, store.revision, (changes) => {
      const at = this.clock.now() + this.ttlMs;
      for (const change of changes) {
        this.deadlines.delete(change.key);
        if (change.type !== 'DELETED') this.deadlines.set(change.key, at);
      }
    });
    this.timer = this.clock.every(eventSweepEveryMs, () => void this.sweep());
  }

  stop(): void {
    this.watch?.cancel();
    this.timer?.cancel();
  }

  /** Deletes every Event whose hour is up; resolves when done (tests call it directly). Sweeps run one after another. */
  sweep(): Promise<void> {
    this.sweeping = this.sweeping.then(() => this.sweepOnce()).catch((err: unknown) => log.error('event sweep failed', { error: String(err) }));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    const now = this.clock.now();
    const due: string[] = [];
    for (const [key, at] of this.deadlines) {
      if (at > now) break;
      due.push(key);
    }
    for (const key of due) await this.expire(key, now);
  }

  private async expire(key: string, now: number): Promise<void> {
    const at = this.deadlines.get(key);
    if (at === undefined || at > now) return; // renewed meanwhile
    this.deadlines.delete(key);
    const entry = this.registry.store.get(key);
    if (!entry) return;
    const { namespace, name } = entry.object.metadata;
    try {
      await this.registry.delete(this.events, namespace, name ?? '', {}, newContext());
    } catch (err) {
      // Gone already (its namespace was deleted): nothing left to expire. Anything else: try again later.
      if (isNotFound(err)) return;
      log.error('could not expire an event', { event: `${namespace}/${name}`, error: String(err) });
      if (!this.deadlines.has(key)) this.deadlines.set(key, now);
    }
  }
}

interface EventTimes {
  lastTimestamp?: string | null;
  eventTime?: string | null;
  firstTimestamp?: string | null;
  metadata: { creationTimestamp?: string };
}

/** When an Event was last written, as far as the object tells (the lease itself is not stored). */
function lastWrite(event: EventTimes): number {
  const times = [event.lastTimestamp, event.eventTime, event.firstTimestamp, event.metadata.creationTimestamp].map((t) => (t ? Date.parse(t) : Number.NaN)).filter((t) => !Number.isNaN(t));
  return times.length ? Math.max(...times) : 0;
}
