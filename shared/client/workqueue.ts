/**
 * client-go's rate-limited work queue (util/workqueue): the lock of every controller loop. A key
 * is handled by one worker at a time, duplicates collapse, and failed keys come back after a
 * per-key exponential back-off. Delays run on the injected Clock, so tests step them.
 */
import type { Clock, Timer } from '../clock.js';

/** client-go's DefaultTypedControllerRateLimiter per-item back-off: 5 ms doubling up to 1000 s. */
export const defaultBaseDelayMs = 5;
export const defaultMaxDelayMs = 1_000_000;

/**
 * A queue of keys (`namespace/name`) for controller workers.
 *
 * Guarantees:
 * - **Fair:** keys are handed out in the order they were first added, and waiting `get()` calls
 *   are served in the order they were made.
 * - **Stingy:** a key added several times before a worker takes it is handed out once.
 * - **One worker per key:** a key handed out by `get()` is not handed out again until `done(key)`.
 *   If it is added meanwhile, it is queued again when `done(key)` is called, so no change is lost.
 * - **Shutdown:** after `shutDown()` every add is ignored, pending timers are cancelled and
 *   `get()` resolves `undefined`, pending calls included. Keys still queued are dropped (client-go
 *   hands them out until the queue is empty; kubelab's controllers stop at once instead).
 */
export interface WorkQueue<K = string> {
  /** Queues the key unless it is already queued. */
  add(key: K): void;
  /** Adds the key after `ms` of clock time; a key already waiting keeps the earlier time. */
  addAfter(key: K, ms: number): void;
  /** Adds the key after its back-off, which doubles with each call until `forget(key)`. */
  addRateLimited(key: K): void;
  /** Resets the key's back-off: call it when a sync succeeds. */
  forget(key: K): void;
  /** How many times the key was added rate-limited since the last `forget`. */
  numRequeues(key: K): number;
  /** The next key, once one is queued; `undefined` once the queue is shut down. */
  get(): Promise<K | undefined>;
  /** Marks the key handed out by `get()` as finished. */
  done(key: K): void;
  shutDown(): void;
  isShuttingDown(): boolean;
  /** Keys queued and not yet handed out. */
  len(): number;
}

export interface WorkQueueOptions {
  clock: Clock;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** client-go's ItemExponentialFailureRateLimiter: base·2^failures, capped. */
export class ItemExponentialBackoff<K = string> {
  private readonly failures = new Map<K, number>();

  constructor(
    private readonly baseDelayMs = defaultBaseDelayMs,
    private readonly maxDelayMs = defaultMaxDelayMs,
  ) {
    if (!(baseDelayMs > 0) || !(maxDelayMs >= baseDelayMs)) throw new Error(`workqueue: invalid back-off ${baseDelayMs}..${maxDelayMs} ms`);
  }

  /** The delay before the next retry of `key`; counts one more failure. */
  when(key: K): number {
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    return Math.min(this.baseDelayMs * 2 ** failures, this.maxDelayMs);
  }

  forget(key: K): void {
    this.failures.delete(key);
  }

  numRequeues(key: K): number {
    return this.failures.get(key) ?? 0;
  }
}

export class RateLimitingQueue<K = string> implements WorkQueue<K> {
  private readonly clock: Clock;
  private readonly backoff: ItemExponentialBackoff<K>;
  /** FIFO of queued keys; `head` avoids Array#shift's O(n) on long queues. */
  private queue: K[] = [];
  private head = 0;
  /** Keys that need processing: queued, or added again while being processed. */
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  private readonly waiting = new Map<K, { readyAt: number; timer: Timer }>();
  private waiters: ((key: K | undefined) => void)[] = [];
  private shuttingDown = false;

  constructor(options: WorkQueueOptions) {
    this.clock = options.clock;
    this.backoff = new ItemExponentialBackoff<K>(options.baseDelayMs, options.maxDelayMs);
  }

  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return; // done() queues it again
    this.queue.push(key);
    this.dispatch();
  }

  addAfter(key: K, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) return this.add(key);
    const readyAt = this.clock.now() + ms;
    const existing = this.waiting.get(key);
    if (existing && existing.readyAt <= readyAt) return;
    existing?.timer.cancel();
    const timer = this.clock.after(ms, () => {
      this.waiting.delete(key);
      this.add(key);
    });
    this.waiting.set(key, { readyAt, timer });
  }

  addRateLimited(key: K): void {
    this.addAfter(key, this.backoff.when(key));
  }

  forget(key: K): void {
    this.backoff.forget(key);
  }

  numRequeues(key: K): number {
    return this.backoff.numRequeues(key);
  }

  get(): Promise<K | undefined> {
    if (this.shuttingDown) return Promise.resolve(undefined);
    if (this.len() > 0) return Promise.resolve(this.take());
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  done(key: K): void {
    this.processing.delete(key);
    if (this.shuttingDown || !this.dirty.has(key)) return;
    this.queue.push(key);
    this.dispatch();
  }

  shutDown(): void {
    this.shuttingDown = true;
    for (const { timer } of this.waiting.values()) timer.cancel();
    this.waiting.clear();
    this.queue = [];
    this.head = 0;
    this.dirty.clear();
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve(undefined);
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  len(): number {
    return this.queue.length - this.head;
  }

  /** Hands queued keys to waiting get() calls, oldest call first. */
  private dispatch(): void {
    while (this.waiters.length > 0 && this.len() > 0) this.waiters.shift()!(this.take());
  }

  private take(): K {
    const key = this.queue[this.head++];
    if (this.head > 64 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.dirty.delete(key);
    this.processing.add(key);
    return key;
  }
}
