/**
 * The events.k8s.io recorder kube-scheduler uses (client-go `tools/events`), which aggregates
 * differently from the core/v1 recorder the controllers and kubelet use: events are "isomorphic"
 * when action, reason, reporting controller and the regarded object (resourceVersion included)
 * match, whatever the note says. The first is created; the second turns it into a series
 * (count 2, written at once); later ones only bump the count in memory, written when the series
 * ends (6 min without a repeat) or on the 30-minute refresh. So `kubectl describe` shows
 * `(x2 over 5m)` and the first note, as on a real cluster. Events are written in the core/v1
 * shape of such an event: `eventTime` set, `source: {}`, first/last timestamps null.
 */
import { isAlreadyExists, isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { rfc3339Micro, type Clock, type Timer } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { logger } from '../../shared/log.js';

const events: ResourceRef = { group: '', version: 'v1', resource: 'events' };
const log = logger('scheduler-events');
/** finishTime and refreshTime of client-go's event broadcaster. */
const finishSeriesAfterMs = 6 * 60_000;
const refreshSeriesEveryMs = 30 * 60_000;

export type EventType = 'Normal' | 'Warning';

export interface SeriesEventRecorderOptions {
  client: ApiClient;
  clock: Clock;
  /** `reportingComponent`: the profile's scheduler name. */
  reportingController: string;
  /** `reportingInstance`: `<controller>-<hostname>`. */
  reportingInstance: string;
}

interface Cached {
  event: KubeObject;
  eventTime: number;
  series?: { count: number; lastObserved: number };
}

export class SeriesEventRecorder {
  private readonly cache = new Map<string, Cached>();
  private readonly chains = new Map<string, Promise<void>>();
  private sequence = 0;

  constructor(private readonly options: SeriesEventRecorderOptions) {}

  /** finishSeries every 6 minutes and refreshExistingEventSeries every 30, until cancelled. */
  startTimers(): Timer {
    const { clock } = this.options;
    const timers: Timer[] = [clock.every(finishSeriesAfterMs, () => this.finishSeries()), clock.every(refreshSeriesEveryMs, () => this.refreshSeries())];
    return { cancel: () => timers.forEach((t) => t.cancel()) };
  }

  /** Eventf(regarding, related, type, reason, action, note). Never throws; failures are logged. */
  event(regarding: Readonly<KubeObject>, type: EventType, reason: string, action: string, note: string, related?: Readonly<KubeObject>): void {
    const ref = objectReference(regarding);
    const key = JSON.stringify([action, reason, ref.kind, ref.namespace, ref.name, ref.uid, ref.apiVersion, ref.resourceVersion]);
    const now = this.options.clock.nowPrecise();
    const cached = this.cache.get(key);
    if (cached?.series) {
      cached.series.count++;
      cached.series.lastObserved = now;
      return;
    }
    if (cached) {
      cached.series = { count: 2, lastObserved: now };
      return this.record(key, cached);
    }
    const namespace = ref.namespace || 'default';
    // Nanoseconds as client-go names events; the sequence keeps two events of one microsecond apart.
    const name = `${ref.name}.${(BigInt(Math.floor(now * 1000)) * 1000n + BigInt(this.sequence++ % 1000)).toString(16)}`;
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: withoutEmpty(ref),
      reason,
      message: note,
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      type,
      eventTime: rfc3339Micro(now),
      action,
      reportingComponent: this.options.reportingController,
      reportingInstance: this.options.reportingInstance,
    };
    if (related) event.related = withoutEmpty(objectReference(related));
    const entry: Cached = { event, eventTime: now };
    this.cache.set(key, entry);
    this.record(key, entry);
  }

  /** Resolves once every write started so far has finished (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.chains.size > 0) await Promise.all(this.chains.values());
  }

  /** Writes after the previous write of the same event, so a series never overtakes its create. */
  private record(key: string, entry: Cached): void {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous
      .then(() => this.write(entry))
      .catch((err) => log.error('could not write event', { object: `${entry.event.involvedObject.namespace}/${entry.event.involvedObject.name}`, reason: entry.event.reason, error: (err as Error).message }))
      .finally(() => this.chains.get(key) === next && this.chains.delete(key));
    this.chains.set(key, next);
  }

  /** recordEvent: a series is a merge patch of `series`; a missing event is created again. */
  private async write(entry: Cached): Promise<void> {
    const { metadata } = entry.event;
    if (entry.series) {
      const series = { count: entry.series.count, lastObservedTime: rfc3339Micro(entry.series.lastObserved) };
      try {
        await this.options.client.patch(events, metadata.namespace, metadata.name!, 'merge', { series });
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      return this.create({ ...entry.event, series });
    }
    return this.create(entry.event);
  }

  private async create(event: KubeObject): Promise<void> {
    try {
      await this.options.client.create(events, event.metadata.namespace, event);
    } catch (err) {
      // The event exists already (a create raced a series patch): nothing is lost.
      if (!isAlreadyExists(err)) throw err;
    }
  }

  private finishSeries(): void {
    const cutoff = this.options.clock.now() - finishSeriesAfterMs;
    for (const [key, entry] of this.cache) {
      if (entry.series ? entry.series.lastObserved >= cutoff : entry.eventTime >= cutoff) continue;
      if (entry.series) this.record(key, entry);
      this.cache.delete(key);
    }
  }

  private refreshSeries(): void {
    for (const [key, entry] of this.cache) if (entry.series) this.record(key, entry);
  }
}

/** The v1.ObjectReference of an event's regarding or related object. */
function objectReference(obj: Readonly<KubeObject>): { kind: string; namespace: string; name: string; uid: string; apiVersion: string; resourceVersion: string } {
  return { kind: obj.kind ?? '', namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '', uid: obj.metadata.uid ?? '', apiVersion: obj.apiVersion ?? '', resourceVersion: obj.metadata.resourceVersion ?? '' };
}

/** The reference as it is stored: ObjectReference's fields are all omitempty (a Node has no namespace). */
function withoutEmpty<T extends Record<string, string>>(ref: T): Partial<T> {
  return Object.fromEntries(Object.entries(ref).filter(([, value]) => value !== '')) as Partial<T>;
}
