/**
 * The kubelet's back-off bookkeeping (client-go `util/flowcontrol/backoff.go`), used twice: the
 * crash-loop back-off of restarting containers (keyed per pod UID, container name and spec) and
 * the image-pull back-off (keyed per pod UID and image). Both start at 10 s, double on every
 * failure up to 300 s, and forget an entry once it has been quiet for twice the cap (10 min), so a
 * container that ran ten minutes starts again from 10 s (reference/k8s-behaviour.md §1.6).
 * Times are clock milliseconds; nothing here sets a timer.
 */
import type { Clock } from '../../../shared/clock.js';

/** kubelet `containerBackOffPeriod` / `backOffPeriod`: the first delay. */
export const initialBackOffMs = 10_000;
/** kubelet `MaxContainerBackOff` and `MaxImageBackOff`: the cap. */
export const maxBackOffMs = 300_000;

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly initialMs = initialBackOffMs,
    private readonly maxMs = maxBackOffMs,
  ) {}

  /** The current delay of the key, or 0 when it has none. */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /**
   * Whether less than the current delay has passed since eventTime (a container's finishedAt):
   * the crash-loop question "may this container restart yet?".
   */
  isInBackOffSince(key: string, eventTime: number): boolean {
    const entry = this.entries.get(key);
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) return false;
    return this.clock.now() - eventTime < entry.backoffMs;
  }

  /** Whether less than the current delay has passed since the last failure was counted (image pulls). */
  isInBackOffSinceUpdate(key: string, eventTime: number): boolean {
    const entry = this.entries.get(key);
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) return false;
    return eventTime - entry.lastUpdate < entry.backoffMs;
  }

  /** When the current delay, counted from the last failure, ends; undefined without an entry. */
  endsAfterUpdate(key: string): number | undefined {
    const entry = this.entries.get(key);
    return entry ? entry.lastUpdate + entry.backoffMs : undefined;
  }

  /** Counts one more failure: a fresh or expired entry starts at the initial delay, others double. */
  next(key: string, eventTime: number): void {
    const entry = this.entries.get(key);
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) {
      this.entries.set(key, { backoffMs: this.initialMs, lastUpdate: this.clock.now() });
      return;
    }
    entry.backoffMs = Math.min(entry.backoffMs * 2, this.maxMs);
    entry.lastUpdate = this.clock.now();
  }

  /** Forgets every key that starts with prefix (a pod's entries when it leaves the node). */
  forgetPrefix(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  /** An entry untouched for more than twice the cap is stale: the next failure starts over. */
  private hasExpired(eventTime: number, lastUpdate: number): boolean {
    return eventTime - lastUpdate > 2 * this.maxMs;
  }
}

/**
 * Go's time.Duration String() for whole milliseconds, as the kubelet prints durations in its
 * messages: `10s`, `1m20s`, `5m0s`, `1.2s`, `812ms`, `0s`.
 */
export function formatGoDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  if (total === 0) return '0s';
  if (total < 1000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const millis = total % 60_000;
  const seconds = `${Math.floor(millis / 1000)}${millis % 1000 ? `.${String(millis % 1000).padStart(3, '0').replace(/0+$/, '')}` : ''}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}
