/**
 * Events expire one hour after their last write, as kube-apiserver stores each Event in etcd under
 * a lease of `--event-ttl` (default 1h0m0s) that every create and update renews: when the lease
 * runs out the key goes, and watchers get a DELETED. Without this every Event stayed for good,
 * and a daemon left running for days grew without end.
 *
 * kubelab's store has no leases, so the API server keeps the same deadlines beside it: each write
 * of an Event (seen on the store's own change feed, with no parsing) moves its deadline to an hour
 * after that write, and a sweep every 5 seconds deletes what is due through the registry, as a
 * lease revocation deletes the key, with the expired version as precondition so that a renewal
 * racing the sweep wins. After a restart the deadlines are rebuilt from each Event's last
 * timestamp (`series.lastObservedTime` included; none later than now). The hour is wall-clock
 * time even under `--speed`, as the AGE column is. Left out: the `--event-ttl` flag (fixed at 1 h).
 */
import type { ResourceInfo } from '../../shared/api/resources.js';
import { findResource } from '../../shared/api/resources.js';
import { isConflict, isNotFound } from '../../shared/api/errors.js';
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
  /** Store key → when its lease runs out (ms), and the revision of the write that set it. */
  private readonly deadlines = new Map<string, { at: number; revision: number }>();
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
    // A timestamp is whatever the client wrote: one in the future counts as now.
    const now = this.clock.now();
    for (const entry of store.list(prefix)) {
      this.deadlines.set(entry.key, { at: Math.min(lastWrite(entry.object as EventTimes), now) + this.ttlMs, revision: entry.revision });
    }
    this.watch = store.watch(prefix, store.revision, (changes) => {
      const at = this.clock.now() + this.ttlMs;
      for (const change of changes) {
        if (change.type === 'DELETED') this.deadlines.delete(change.key);
        else this.deadlines.set(change.key, { at, revision: change.revision });
      }
    });
    this.timer = this.clock.every(eventSweepEveryMs, () => void this.sweep());
  }

  /** Stops sweeping; resolves once a sweep under way has finished (before the store closes). */
  async stop(): Promise<void> {
    this.watch?.cancel();
    this.timer?.cancel();
    await this.sweeping;
  }

  /** Deletes every Event whose hour is up; resolves when done (tests call it directly). Sweeps run one after another. */
  sweep(): Promise<void> {
    this.sweeping = this.sweeping.then(() => this.sweepOnce()).catch((err: unknown) => log.error('event sweep failed', { error: String(err) }));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    const now = this.clock.now();
    // A full pass (tens of thousands of entries is a millisecond) rather than relying on an order.
    const due = [...this.deadlines].filter(([, d]) => d.at <= now);
    for (const [key, deadline] of due) await this.expire(key, deadline);
  }

  private async expire(key: string, deadline: { at: number; revision: number }): Promise<void> {
    if (this.deadlines.get(key) !== deadline) return; // renewed meanwhile
    const entry = this.registry.store.get(key);
    // A newer write is on its way to the disk: its notification renews the lease.
    if (!entry || entry.revision !== deadline.revision) return;
    const { namespace, name } = entry.object.metadata;
    try {
      // Only the version whose lease ran out: a renewal racing the sweep wins (409, left alone).
      await this.registry.delete(this.events, namespace, name ?? '', { preconditions: { resourceVersion: String(entry.revision) } }, newContext());
      this.deadlines.delete(key);
    } catch (err) {
      // Gone already (its namespace was deleted) or renewed: nothing to do. Anything else: the next sweep tries again.
      if (isNotFound(err)) this.deadlines.delete(key);
      else if (!isConflict(err)) log.error('could not expire an event', { event: `${namespace}/${name}`, error: String(err) });
    }
  }
}

interface EventTimes {
  series?: { lastObservedTime?: string | null } | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  firstTimestamp?: string | null;
  metadata: { creationTimestamp?: string };
}

/** When an Event was last written, as far as the object tells (the lease itself is not stored). */
function lastWrite(event: EventTimes): number {
  const times = [event.series?.lastObservedTime, event.lastTimestamp, event.eventTime, event.firstTimestamp, event.metadata.creationTimestamp].map((t) => (t ? Date.parse(t) : Number.NaN)).filter((t) => !Number.isNaN(t));
  return times.length ? Math.max(...times) : 0;
}
