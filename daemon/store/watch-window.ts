/**
 * The window of recent changes a watch can resume from. Like etcd's history before compaction,
 * it keeps the last `capacity` events; a watch from a revision older than the window's start
 * gets 410 Expired, and its client relists.
 */
import type { StoreEvent } from './store.js';

export class WatchWindow {
  private events: StoreEvent[] = [];
  private head = 0;
  /** Every change with revision > start is in the window. */
  private start: number;

  constructor(
    startRevision: number,
    private readonly capacity = 50_000,
  ) {
    this.start = startRevision;
  }

  get startRevision(): number {
    return this.start;
  }

  append(events: readonly StoreEvent[]): void {
    for (const event of events) this.events.push(event);
    const live = this.events.length - this.head;
    if (live > this.capacity) {
      const drop = live - this.capacity;
      this.start = this.events[this.head + drop - 1].revision;
      this.head += drop;
      // Compact the array now and then instead of shifting on every append.
      if (this.head > this.capacity) {
        this.events = this.events.slice(this.head);
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
      if (this.events[mid].revision <= after) lo = mid + 1;
      else hi = mid;
    }
    return this.events.slice(lo);
  }
}
