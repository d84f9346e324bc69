/**
 * kube-scheduler's PriorityQueue (`backend/queue/scheduling_queue.go`, v1.32 with queueing hints):
 * activeQ (higher priority first, then oldest), backoffQ (pods waiting out 1 s doubling to 10 s
 * after a failed attempt) and the unschedulable pool. A pod that no node could take waits in the
 * pool until a cluster event that one of its rejecting plugins says may help (a node added, a pod
 * deleted…), or for 5 minutes at most. Pods with scheduling gates wait there too, until an update
 * removes the gates. All timers run on the injected Clock.
 */
import { keyOf } from '../../shared/api/keys.js';
import type { KubeObject } from '../../shared/api/meta.js';
import type { Clock, Timer } from '../../shared/clock.js';
import type { ClusterEvent } from './framework.js';
import { KeyedHeap } from './keyed-heap.js';
import { jsonEqual } from '../../shared/json-equal.js';

/** DefaultPodInitialBackoffDuration, DefaultPodMaxBackoffDuration, DefaultPodMaxInUnschedulablePodsDuration. */
export const podInitialBackoffMs = 1000;
export const podMaxBackoffMs = 10_000;
export const podMaxInUnschedulablePodsMs = 5 * 60_000;
/** How often the queue flushes completed back-offs and overdue unschedulable pods. */
const flushBackoffEveryMs = 1000;
const flushUnschedulableEveryMs = 30_000;

export interface QueuedPodInfo {
  readonly key: string;
  pod: Readonly<KubeObject>;
  /** When the pod was added or last failed; back-off counts from here. */
  timestamp: number;
  attempts: number;
  /** The plugins that rejected it last time; only their hints can bring it back early. */
  unschedulablePlugins: Set<string>;
  gated: boolean;
}

export type QueueName = 'active' | 'backoff' | 'unschedulable';

export interface SchedulingQueueOptions {
  clock: Clock;
  /** The queueing hint of one plugin for one pod (framework.Plugin.isSchedulableAfter). */
  isSchedulableAfter(pod: Readonly<KubeObject>, plugin: string, event: ClusterEvent): boolean;
}

function isGated(pod: Readonly<KubeObject>): boolean {
  return (pod.spec?.schedulingGates ?? []).length > 0;
}

export class SchedulingQueue {
  private readonly active = new KeyedHeap<QueuedPodInfo>(
    (p) => p.key,
    (a, b) => {
      const [pa, pb] = [a.pod.spec?.priority ?? 0, b.pod.spec?.priority ?? 0];
      return pa !== pb ? pa > pb : a.timestamp < b.timestamp;
    },
  );
  private readonly backoff = new KeyedHeap<QueuedPodInfo>((p) => p.key, (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private waiters: ((info: QueuedPodInfo | undefined) => void)[] = [];
  private closed = false;

  constructor(private readonly options: SchedulingQueueOptions) {}

  /** Flushes back-offs every second and overdue unschedulable pods every 30 s, until cancelled. */
  startTimers(): Timer {
    const timers: Timer[] = [
      this.options.clock.every(flushBackoffEveryMs, () => this.flushBackoffCompleted()),
      this.options.clock.every(flushUnschedulableEveryMs, () => this.flushUnschedulableLeftover()),
    ];
    return { cancel: () => timers.forEach((t) => t.cancel()) };
  }

  /** A new pending pod: activeQ, or the pool while it has scheduling gates (PreEnqueue). */
  add(pod: Readonly<KubeObject>): void {
    const info: QueuedPodInfo = { key: keyOf(pod), pod, timestamp: this.options.clock.now(), attempts: 0, unschedulablePlugins: new Set(), gated: false };
    this.remove(info.key);
    this.enqueue(info);
  }

  /** An update of a pending pod; a change to its spec or labels may make it schedulable. */
  update(oldPod: Readonly<KubeObject>, pod: Readonly<KubeObject>): void {
    const key = keyOf(pod);
    const queued = this.active.get(key) ?? this.backoff.get(key);
    if (queued) {
      queued.pod = pod;
      return;
    }
    const waiting = this.unschedulable.get(key);
    if (!waiting) return this.add(pod);
    waiting.pod = pod;
    // The scheduler's own status writes (the PodScheduled condition) change neither, so they do not loop.
    const changed = !jsonEqual(oldPod.metadata.labels, pod.metadata.labels) || !jsonEqual(oldPod.spec, pod.spec);
    if (waiting.gated && isGated(pod)) return;
    if (!waiting.gated && !changed) return;
    waiting.gated = false;
    this.unschedulable.delete(key);
    this.requeue(waiting);
  }

  delete(key: string): void {
    this.remove(key);
  }

  /** The next pod to schedule, once there is one; undefined after shutDown. */
  pop(): Promise<QueuedPodInfo | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const next = this.active.pop();
    if (next) return Promise.resolve(this.popped(next));
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Takes the pod out of whichever queue holds it, for a cycle the caller runs now (sync). */
  claim(pod: Readonly<KubeObject>): QueuedPodInfo {
    const key = keyOf(pod);
    const info = this.remove(key) ?? { key, pod, timestamp: this.options.clock.now(), attempts: 0, unschedulablePlugins: new Set<string>(), gated: false };
    info.pod = pod;
    return this.popped(info);
  }

  /**
   * AddUnschedulableIfNotPresent after a failed attempt: to the pool when plugins rejected it
   * (only their events bring it back), otherwise (an error) back-off then activeQ.
   */
  addUnschedulable(info: QueuedPodInfo, rejectors: ReadonlySet<string>): void {
    if (this.closed) return;
    this.remove(info.key);
    info.timestamp = this.options.clock.now();
    info.unschedulablePlugins = new Set(rejectors);
    if (rejectors.size > 0) this.unschedulable.set(info.key, info);
    else this.requeue(info);
  }

  /** movePodsToActiveOrBackoffQueue: the pods in the pool that one of their rejectors says the event may help. */
  onClusterEvent(event: ClusterEvent): void {
    for (const info of [...this.unschedulable.values()]) {
      if (info.gated || !this.isWorthRequeuing(info, event)) continue;
      this.unschedulable.delete(info.key);
      this.requeue(info);
    }
  }

  /** Which queue holds the pod (tests; `kubectl`-invisible state). */
  where(key: string): QueueName | undefined {
    if (this.active.has(key)) return 'active';
    if (this.backoff.has(key)) return 'backoff';
    return this.unschedulable.has(key) ? 'unschedulable' : undefined;
  }

  get length(): number {
    return this.active.size + this.backoff.size + this.unschedulable.size;
  }

  shutDown(): void {
    this.closed = true;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve(undefined);
  }

  /** flushBackoffQCompleted. */
  flushBackoffCompleted(): void {
    const now = this.options.clock.now();
    for (let next = this.backoff.peek(); next && this.backoffExpiry(next) <= now; next = this.backoff.peek()) this.toActive(this.backoff.pop()!);
  }

  /** flushUnschedulablePodsLeftover: pods waiting longer than 5 minutes are tried again. */
  flushUnschedulableLeftover(): void {
    const now = this.options.clock.now();
    for (const info of [...this.unschedulable.values()]) {
      if (info.gated || now - info.timestamp <= podMaxInUnschedulablePodsMs) continue;
      this.unschedulable.delete(info.key);
      this.requeue(info);
    }
  }

  private isWorthRequeuing(info: QueuedPodInfo, event: ClusterEvent): boolean {
    if (info.unschedulablePlugins.size === 0) return true;
    for (const plugin of info.unschedulablePlugins) if (this.options.isSchedulableAfter(info.pod, plugin, event)) return true;
    return false;
  }

  /** calculateBackoffDuration: 1 s doubling per attempt, capped at 10 s; no attempt, no back-off. */
  private backoffExpiry(info: QueuedPodInfo): number {
    if (info.attempts === 0) return info.timestamp;
    let duration = podInitialBackoffMs;
    for (let i = 1; i < info.attempts && duration < podMaxBackoffMs; i++) duration = Math.min(duration * 2, podMaxBackoffMs);
    // Neither timestamp nor attempts change while a pod sits in backoffQ, so the heap order holds.
    return info.timestamp + duration;
  }

  /** requeuePodViaQueueingHint with queueAfterBackoff. */
  private requeue(info: QueuedPodInfo): void {
    if (this.backoffExpiry(info) > this.options.clock.now()) this.backoff.push(info);
    else this.toActive(info);
  }

  private enqueue(info: QueuedPodInfo): void {
    info.gated = isGated(info.pod);
    if (info.gated) this.unschedulable.set(info.key, info);
    else this.toActive(info);
  }

  private toActive(info: QueuedPodInfo): void {
    if (this.closed) return;
    const waiter = this.waiters.shift();
    if (waiter) waiter(this.popped(info));
    else this.active.push(info);
  }

  private popped(info: QueuedPodInfo): QueuedPodInfo {
    info.attempts++;
    return info;
  }

  private remove(key: string): QueuedPodInfo | undefined {
    const info = this.active.delete(key) ?? this.backoff.delete(key) ?? this.unschedulable.get(key);
    this.unschedulable.delete(key);
    return info;
  }
}
