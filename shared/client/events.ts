/**
 * EventRecorder: how every component reports what it did, as client-go's record package does.
 * Before an event is sent, client-go's EventCorrelator (event-correlator.ts) turns a repeat into a
 * count bump of the Event already written (describe's `(x5 over 2m)`), combines ten different
 * messages of one reason about one object into `(combined from similar events): …`, and holds
 * back what one source says about one object beyond 25 events (then one per 5 minutes). Event
 * names are `<object>.<hex nanoseconds>` as in Kubernetes.
 *
 * A kubelet sends its events through a client limited to eventRecordQPS 50 with eventBurst 100
 * (the KubeletConfiguration defaults kind and kubeadm keep), one after another, from a queue of
 * 1,000 (client-go's broadcaster drops what does not fit): a node starting a thousand pods at once
 * gets its first hundred events in at once, the rest at 50 per second, and most of them are never
 * sent, as on a real node. An event is correlated when the sender takes it up, so one the spam
 * filter holds back takes no token (it makes no request). The kubelet's node events go through the
 * same recorder as its pods' (virtual-node.ts), one broadcaster per kubelet process as in k/k.
 * Approximated: a request is one token (a patch answered NotFound and the create after it are two
 * on a real node), and the first hundred skip the queue (on a node they pass through it at the speed
 * of the API's answers). Other components' events are not limited here: their limit is their
 * API client's QPS (kube-controller-manager's 20), which kubelab does not model for any request.
 *
 * Recording never throws and never blocks the caller: writes are queued and their failures
 * logged, because a lost event must not stop a controller.
 */
import type { KubeObject } from '../api/meta.js';
import { isNotFound } from '../api/errors.js';
import { rfc3339, type Clock } from '../clock.js';
import { logger } from '../log.js';
import type { ApiClient, ResourceRef } from './client.js';
import { EventCorrelator, TokenBucket, type CorrelatedEvent, type RawEvent } from './event-correlator.js';

const events: ResourceRef = { group: '', version: 'v1', resource: 'events' };
const log = logger('events');

/** Shared by every recorder of the process, so two components naming an event in one millisecond differ. */
let sequence = 0;

export type EventType = 'Normal' | 'Warning';

/** A client-side limit on sending events (the kubelet's eventRecordQPS and eventBurst). */
export interface EventRateLimit {
  qps: number;
  burst: number;
}

/** The kubelet's defaults (KubeletConfiguration v1beta1: eventRecordQPS 50, eventBurst 100). */
export const kubeletEventRateLimit: EventRateLimit = { qps: 50, burst: 100 };

/** Events a rate-limited recorder holds before it drops new ones (client-go's maxQueuedEvents). */
const maxQueuedEvents = 1000;

export interface EventRecorderOptions {
  client: ApiClient;
  /** `source.component`: `default-scheduler`, `replicaset-controller`, `kubelet`, … */
  component: string;
  /** `source.host`: the node name, for the kubelet. */
  host?: string;
  clock: Clock;
  /** Send at most this fast, queueing up to 1,000 events (the kubelet); unlimited when absent. */
  rateLimit?: EventRateLimit;
}

/** `<object>.<hex nanoseconds>`, plus a sequence so two events in one millisecond differ. */
function eventName(objectName: string, time: number): string {
  return `${objectName}.${(BigInt(time) * 1_000_000n + BigInt(sequence++ % 1_000_000)).toString(16)}`;
}

export class EventRecorder {
  private readonly correlator = new EventCorrelator();
  /** The last write queued per Event: a count bump waits for the create it bumps. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly limiter: TokenBucket | undefined;
  private readonly queue: RawEvent[] = [];
  private pumping: Promise<void> | undefined;
  private discarded = false;

  constructor(private readonly options: EventRecorderOptions) {
    const limit = options.rateLimit;
    this.limiter = limit && limit.qps > 0 ? new TokenBucket(limit.qps / 1000, limit.burst, options.clock.now()) : undefined;
  }

  /**
   * Records an event about obj; fieldPath names a container: `spec.containers{nginx}`. `at` is when
   * it happened, if not now: a kubelet posts the events it recorded before the API answered (its
   * static pods' start at the node's boot) with their own time, as its broadcaster retries them.
   */
  event(obj: KubeObject, type: EventType, reason: string, message: string, fieldPath?: string, at?: number): void {
    const meta = obj.metadata;
    const involvedObject: Record<string, string> = {};
    // Go leaves empty reference fields out of the JSON.
    if (obj.kind) involvedObject.kind = obj.kind;
    if (meta.namespace) involvedObject.namespace = meta.namespace;
    if (meta.name) involvedObject.name = meta.name;
    if (meta.uid) involvedObject.uid = meta.uid;
    if (obj.apiVersion) involvedObject.apiVersion = obj.apiVersion;
    if (meta.resourceVersion) involvedObject.resourceVersion = meta.resourceVersion;
    if (fieldPath) involvedObject.fieldPath = fieldPath;
    if (this.discarded) return;
    const time = at ?? this.options.clock.now();
    const raw: RawEvent = { component: this.options.component, host: this.options.host ?? '', involvedObject, type, reason, message, time };
    if (this.pumping) {
      // The sender holds the one it waits to send; 1,000 more fit (the broadcaster's channel).
      if (this.queue.length >= maxQueuedEvents) {
        log.debug('too many queued events, dropped event', { object: `${involvedObject.namespace ?? ''}/${involvedObject.name}`, reason });
        return;
      }
      this.queue.push(raw);
      return;
    }
    const event = this.correlate(raw);
    if (!event) return;
    if (!this.limiter || this.limiter.tryTake(this.options.clock.now())) {
      this.send(raw, event);
      return;
    }
    this.pumping = this.pump(raw, event).finally(() => {
      this.pumping = undefined;
    });
  }

  /**
   * The process is gone (a killed node's kubelet): what waits in its queue is never sent, and
   * nothing more is recorded. Writes already under way finish, as requests already on the wire.
   */
  discard(): void {
    this.discarded = true;
    this.queue.length = 0;
  }

  /** Resolves once every event recorded so far has been sent (tests, shutdown); a rate-limited queue drains first. */
  async flush(): Promise<void> {
    while (this.pumping) await this.pumping;
    await Promise.all([...this.inFlight]);
  }

  /**
   * Sends the held event once the limiter gives a token, then the queue's, one by one. As
   * client-go's sink does, an event is correlated when the sender takes it up, before it waits for
   * the client's token: one the spam filter holds back makes no request, so it takes no token.
   */
  private async pump(raw: RawEvent, event: CorrelatedEvent): Promise<void> {
    const clock = this.options.clock;
    let next: { raw: RawEvent; event: CorrelatedEvent } | undefined = { raw, event };
    while (next) {
      const wait = this.limiter!.waitMs(clock.now());
      if (wait > 0) {
        await clock.sleep(wait);
        if (this.discarded) return;
        continue;
      }
      this.limiter!.tryTake(clock.now());
      this.send(next.raw, next.event);
      next = undefined;
      while (!next && this.queue.length) {
        const queued = this.queue.shift()!;
        const correlated = this.correlate(queued);
        if (correlated) next = { raw: queued, event: correlated };
      }
    }
  }

  /** The event as the correlator lets it through at this moment, or undefined (the spam filter). */
  private correlate(raw: RawEvent): CorrelatedEvent | undefined {
    return this.correlator.correlate(raw, this.options.clock.now(), eventName);
  }

  /** Writes the event after the writes already queued for the same Event. */
  private send(raw: RawEvent, event: CorrelatedEvent): void {
    const write: Promise<void> = (this.chains.get(event.key) ?? Promise.resolve()).then(
      () => this.write(raw, event),
    ).then(
      () => this.settled(event.key, write),
      (err) => {
        log.error('could not write event', { object: `${raw.involvedObject.namespace ?? ''}/${raw.involvedObject.name}`, reason: raw.reason, error: (err as Error).message });
        this.settled(event.key, write);
      },
    );
    this.chains.set(event.key, write);
    this.inFlight.add(write);
  }

  private settled(key: string, write: Promise<void>): void {
    this.inFlight.delete(write);
    if (this.chains.get(key) === write) this.chains.delete(key);
  }

  private async write(raw: RawEvent, event: CorrelatedEvent): Promise<void> {
    const namespace = raw.involvedObject.namespace || 'default';
    const lastTimestamp = rfc3339(event.lastTimestamp);
    if (event.count > 1) {
      try {
        await this.options.client.patch(events, namespace, event.name, 'merge', { count: event.count, lastTimestamp, message: event.message });
        return;
      } catch (err) {
        // The Event was deleted (its namespace, its TTL) or never sent (held back by the spam
        // filter): client-go creates it, under the same name, with the count it has reached.
        if (!isNotFound(err)) throw err;
      }
    }
    const source: Record<string, string> = { component: raw.component };
    if (raw.host) source.host = raw.host;
    await this.options.client.create(events, namespace, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: event.name, namespace },
      involvedObject: raw.involvedObject,
      reason: raw.reason,
      message: event.message,
      source,
      firstTimestamp: rfc3339(event.firstTimestamp),
      lastTimestamp,
      count: event.count,
      type: raw.type,
      eventTime: null,
      reportingComponent: event.combined ? '' : raw.component,
      reportingInstance: event.combined ? '' : raw.host,
    });
  }
}
