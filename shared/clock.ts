/**
 * The one clock (DESIGN "Time"). Every timer in kubelab goes through a Clock so that `--speed`
 * can run the cluster faster and tests can step time deterministically. This is the only file
 * allowed to call Date.now, setTimeout, setInterval or performance.now (STYLE §2.3).
 */

export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch, in cluster time. */
  now(): number;
  /**
   * now() with the fraction of a millisecond where the clock has one (the real clock: about a tenth
   * of a microsecond), for the timestamps Kubernetes prints finer than milliseconds: CRI log lines
   * (nanoseconds) and MicroTime (Lease renewTime, events.k8s.io eventTime).
   */
  nowPrecise(): number;
  /** Runs fn once after ms of cluster time. */
  after(ms: number, fn: () => void): Timer;
  /** Runs fn every ms of cluster time until cancelled. */
  every(ms: number, fn: () => void): Timer;
  /** Resolves after ms of cluster time (or at once when the signal aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Wall-clock time, for measuring real durations (benchmarks, request logs); not scaled. */
export function monotonicMs(): number {
  return performance.now();
}

/**
 * The real clock. With `speed` X every timer fires X times sooner (back-offs, probes, leases), while
 * now() stays wall-clock time, so timestamps and kubectl's client-side ages stay sane.
 */
export class RealClock implements Clock {
  constructor(private readonly speed = 1) {
    if (!(speed > 0)) throw new Error(`clock: speed must be positive, got ${speed}`);
  }

  now(): number {
    return Date.now();
  }

  /** Offset from the monotonic clock to the wall clock, re-taken whenever the two part by a millisecond (NTP slews the wall clock; the monotonic one is never stepped). */
  private preciseOffset = Number.NaN;

  nowPrecise(): number {
    const wall = Date.now();
    const monotonic = performance.timeOrigin + performance.now();
    let precise = monotonic + this.preciseOffset;
    if (!(Math.abs(precise - wall) < 1)) {
      this.preciseOffset = wall - monotonic;
      precise = wall;
    }
    return precise;
  }

  after(ms: number, fn: () => void): Timer {
    const handle = setTimeout(fn, Math.max(0, ms / this.speed));
    handle.unref?.();
    return { cancel: () => clearTimeout(handle) };
  }

  every(ms: number, fn: () => void): Timer {
    const handle = setInterval(fn, Math.max(1, ms / this.speed));
    handle.unref?.();
    return { cancel: () => clearInterval(handle) };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }
}

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
  interval?: number;
  cancelled: boolean;
}

/** A clock that moves only when a test calls step(); timers fire in time order. */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private pending: Pending[] = [];

  constructor(start = Date.UTC(2024, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  nowPrecise(): number {
    return this.current;
  }

  after(ms: number, fn: () => void): Timer {
    const p: Pending = { at: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.pending.push(p);
    return { cancel: () => void (p.cancelled = true) };
  }

  every(ms: number, fn: () => void): Timer {
    const p: Pending = { at: this.current + ms, seq: this.seq++, fn, interval: Math.max(1, ms), cancelled: false };
    this.pending.push(p);
    return { cancel: () => void (p.cancelled = true) };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Advances time by ms, firing every timer that falls due, in order. */
  step(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      this.pending = this.pending.filter((p) => !p.cancelled);
      let next: Pending | undefined;
      for (const p of this.pending) if (p.at <= target && (!next || p.at < next.at || (p.at === next.at && p.seq < next.seq))) next = p;
      if (!next) break;
      this.current = next.at;
      if (next.interval) next.at += next.interval;
      else next.cancelled = true;
      next.fn();
    }
    this.current = target;
  }

  /** The number of timers waiting to fire. */
  get pendingTimers(): number {
    return this.pending.filter((p) => !p.cancelled).length;
  }
}

function sleepOn(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = clock.after(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    const onAbort = (): void => {
      timer.cancel();
      resolve();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Real-time helpers for code that must wait on the wall clock (I/O polling in the CLI, tests). */
export function wallSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function wallNow(): number {
  return Date.now();
}

/** The last second formatted by rfc3339: most calls in a burst (a status, an Event) ask for the same one. */
let formattedSecond = Number.NaN;
let formattedText = '';

/** RFC 3339 with seconds precision, as metav1.Time serialises. */
export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== formattedSecond) {
    formattedText = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    formattedSecond = second;
  }
  return formattedText;
}

/** The digits below the millisecond of ms (a fraction from Clock.nowPrecise), `digits` of them. */
function subMillisecond(ms: number, digits: number): string {
  const scale = 10 ** digits;
  // rounded: a fraction kept in a double is a hair off (0.512 reads 0.51199…), kept below the next millisecond
  return String(Math.min(scale - 1, Math.round((ms - Math.floor(ms)) * scale))).padStart(digits, '0');
}

/** RFC 3339 with microseconds, as metav1.MicroTime serialises. */
export function rfc3339Micro(ms: number): string {
  return new Date(Math.floor(ms)).toISOString().replace(/Z$/, `${subMillisecond(ms, 3)}Z`);
}

/** RFC 3339 with nanoseconds in fixed width, as the kubelet prints a CRI log line's time (`kubectl logs --timestamps`). */
export function rfc3339NanoFixed(ms: number): string {
  return new Date(Math.floor(ms)).toISOString().replace(/Z$/, `${subMillisecond(ms, 6)}Z`);
}
