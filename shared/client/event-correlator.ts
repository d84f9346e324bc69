/**
 * The EventCorrelator of client-go's record package, which every component writing core/v1 Events
 * runs before it sends one (kube-controller-manager's controllers, the kubelet, kube-proxy):
 * - the aggregator: events of one source about one object that differ only in their message (the
 *   same type and reason), ten different messages within ten minutes, become one Event whose
 *   message is `(combined from similar events): <latest message>` and whose count grows, as a
 *   ReplicaSet scaled to 30 shows nine `Created pod: …` lines and one combined line;
 * - the logger: an event seen before (same source, object, field path, type, reason and message)
 *   is a count bump of the Event already written, not a new Event (`(x5 over 2m)` in describe);
 * - the spam filter: one source may send 25 events about one object (per type), then one every
 *   5 minutes; the rest are not sent at all, though the logger has counted them, so the next
 *   one sent carries the count (a pod crash-looping for an hour stops adding `Created` lines).
 * Each of the three keeps 4,096 keys, least recently used out, as client-go's LRU caches.
 *
 * Keys are SHA-1 digests of the fields client-go joins (28 characters instead of ~200 bytes of
 * text kept 3 × 4,096 times per recorder; ~1 µs each). Left out: the options to change the
 * defaults (no Kubernetes component does), and the correlator's update of its cache from the
 * server's answer (only the resourceVersion it keeps, which no write here sends).
 */
import { createHash } from 'node:crypto';

/** How many keys each cache remembers (client-go's maxLruCacheEntries). */
const cacheSize = 4096;
/** Different messages for one aggregation key before they are combined, within the interval below. */
const aggregateMaxEvents = 10;
const aggregateIntervalMs = 600_000;
const spamBurst = 25;
/**
 * One event every 5 minutes once the burst is spent. client-go's qps is a float32 (1/300 rounds up
 * to 0.0033333334), so a token is whole at 300 s, never a rounding error short of it.
 */
const spamRefillPerMs = Math.fround(1 / 300) / 1000;
export const combinedPrefix = '(combined from similar events): ';

/**
 * A map that forgets its least recently used key beyond its size. By hand: a Map keeps insertion
 * order, so re-inserting on use is the whole of it; a package (lru-cache) would add a dependency
 * for these few lines.
 */
export class LruMap<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly size: number) {}

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.size) this.map.delete(this.map.keys().next().value as string);
  }
}

/**
 * A token bucket that starts full and refills continuously (golang.org/x/time/rate, as client-go's
 * flowcontrol uses it). As there, the count of tokens is only stored when one is taken: a refused
 * try or a look at the wait changes nothing, so rounding does not pile up over many small steps.
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly perMs: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.at = now;
  }

  /** Takes a token if there is one at time now. */
  tryTake(now: number): boolean {
    const tokens = this.available(now);
    if (tokens < 1) return false;
    this.tokens = tokens - 1;
    this.at = Math.max(this.at, now);
    return true;
  }

  /** Milliseconds from now until a token is there (0 when one is). */
  waitMs(now: number): number {
    const tokens = this.available(now);
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / this.perMs);
  }

  private available(now: number): number {
    return Math.min(this.burst, this.tokens + Math.max(0, now - this.at) * this.perMs);
  }
}

/** What the correlator is given: an event as the recorder made it. */
export interface RawEvent {
  component: string;
  host: string;
  involvedObject: Record<string, string>;
  type: string;
  reason: string;
  message: string;
  /** When it happened (ms). */
  time: number;
}

/** What to send: a new Event (count 1) or a patch of the Event named here (count > 1). */
export interface CorrelatedEvent {
  /** The key its writes are serialised on (a create before the patches that bump it). */
  key: string;
  name: string;
  message: string;
  count: number;
  firstTimestamp: number;
  lastTimestamp: number;
  /**
   * The aggregator's `(combined from similar events)` Event: client-go builds it without the
   * reporting controller and instance, so its reportingComponent and reportingInstance are "".
   */
  combined: boolean;
}

interface Aggregate {
  /**
   * The different messages seen: one string until a second comes. Most keys (a pod's Started, a
   * ReplicaSet's one scale-down) never see a second, and a Set costs ~100 bytes more, 4,096 times.
   */
  messages: string | Set<string>;
  last: number;
}

interface Observed {
  count: number;
  first: number;
  name: string;
}

function digest(parts: string[]): string {
  return createHash('sha1').update(parts.join('\u0000')).digest('base64');
}

export class EventCorrelator {
  private readonly aggregates = new LruMap<Aggregate>(cacheSize);
  private readonly observed = new LruMap<Observed>(cacheSize);
  private readonly spam = new LruMap<TokenBucket>(cacheSize);

  /**
   * The event as it is to be sent, or undefined when the spam filter holds it back. now: the clock
   * at sending; nameAt names a new Event after its object and time (`<object>.<hex nanoseconds>`).
   */
  correlate(event: RawEvent, now: number, nameAt: (objectName: string, time: number) => string): CorrelatedEvent | undefined {
    const o = event.involvedObject;
    const objectParts = [event.component, event.host, o.kind ?? '', o.namespace ?? '', o.name ?? '', o.uid ?? '', o.apiVersion ?? '', event.type];
    // Aggregation: by source, object, type and reason (and the reporting controller and instance,
    // which are the source's component and host here); the message is what differs.
    const aggregateKey = digest([...objectParts, event.reason, event.component, event.host]);
    let aggregate = this.aggregates.get(aggregateKey);
    if (!aggregate || now - aggregate.last > aggregateIntervalMs) aggregate = { messages: event.message, last: now };
    else if (typeof aggregate.messages !== 'string') aggregate.messages.add(event.message);
    else if (aggregate.messages !== event.message) aggregate.messages = new Set([aggregate.messages, event.message]);
    aggregate.last = now;
    this.aggregates.set(aggregateKey, aggregate);
    const messages = aggregate.messages;
    let key: string;
    let candidate: { message: string; time: number; combined: boolean };
    if (typeof messages === 'string' || messages.size < aggregateMaxEvents) {
      key = digest([...objectParts, o.fieldPath ?? '', event.reason, event.message]);
      candidate = { message: event.message, time: event.time, combined: false };
    } else {
      // client-go drops one message from the set (any: Go's map order) so the next different one is combined too.
      messages.delete(messages.values().next().value as string);
      key = aggregateKey;
      candidate = { message: combinedPrefix + event.message, time: now, combined: true };
    }
    const seen = this.observed.get(key);
    const { message, combined } = candidate;
    const result: CorrelatedEvent = seen
      ? { key, name: seen.name, message, count: seen.count + 1, firstTimestamp: seen.first, lastTimestamp: candidate.time, combined }
      : { key, name: nameAt(o.name ?? '', candidate.time), message, count: 1, firstTimestamp: candidate.time, lastTimestamp: candidate.time, combined };
    // Counted even when the spam filter then holds it back: the next one sent carries the count.
    this.observed.set(key, { count: result.count, first: result.firstTimestamp, name: result.name });
    const spamKey = digest(objectParts);
    let bucket = this.spam.get(spamKey);
    if (!bucket) bucket = new TokenBucket(spamRefillPerMs, spamBurst, now);
    this.spam.set(spamKey, bucket);
    return bucket.tryTake(now) ? result : undefined;
  }
}
