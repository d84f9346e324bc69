/**
 * The window of recent changes a watch can resume from. Like etcd's history before compaction,
 * it keeps the last `capacity` events, and (as kube-apiserver compacts etcd every 5 minutes) none
 * older than `maxAgeMs`; a watch from a revision older than the window's start gets 410 Expired,
 * and its client relists. The age bound keeps memory flat under steady churn.
 */
import type { StoreEvent } from './store.js';

export class WatchWindow {
  /** Slots before `head` are dropped (undefined). */
  private events: (StoreEvent | undefined)[] = [];
  /** When each event was appended, by index in `events`. */
  private times: number[] = [];
  private head = 0;
  /** Every change with revision > start is in the window. */
  private start: number;

  constructor(
    startRevision: number,
    private readonly capacity = 50_000,
    private readonly now: () => number = () => 0,
    private readonly maxAgeMs = 5 * 60_000,
  ) {
    this.start = startRevision;
  }

  get startRevision(): number {
    return this.start;
  }

  append(events: readonly StoreEvent[]): void {
    const now = this.now();
    for (const event of events) {
      this.events.push(event);
      this.times.push(now);
    }
    let drop = Math.max(0, this.events.length - this.head - this.capacity);
    while (this.head + drop < this.events.length - 1 && now - this.times[this.head + drop] > this.maxAgeMs) drop++;
    if (drop > 0) {
      this.start = this.events[this.head + drop - 1]!.revision;
      // Let go of the dropped events now: the arrays are compacted only now and then, and until
      // then their slots would keep up to twice the window's history alive.
      for (let i = this.head; i < this.head + drop; i++) this.events[i] = undefined;
      this.head += drop;
      // Compact the arrays now and then instead of shifting on every append.
      if (this.head > this.events.length / 2) {
        this.events = this.events.slice(this.head);
        this.times = this.times.slice(this.head);
        this.head = 0;
      }
    }
  }

  /** Events with revision > after, or undefined when that history is gone. */
  since(after: number): StoreEvent[] | undefined {
    if (after < this.start) return undefined;
    // Binary search for the first event with revision > after.
    let lo = this.head;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.events[mid]!.revision <= after) lo = mid + 1;
      else hi = mid;
    }
    return this.events.slice(lo) as StoreEvent[];
  }
}
