/**
 * The machinery under a pod worker: syncs of one pod never overlap, a request during a sync runs
 * exactly one more sync after it (requests collapse, as the kubelet's per-pod update channel
 * does), a failed sync is retried after the worker back-off, and a resync can be asked for at a
 * time on the cluster clock (the earliest asked for wins; each sync starts with none pending).
 */
import type { Clock, Timer } from '../../../shared/clock.js';

export interface SyncLoopOptions {
  clock: Clock;
  sync(): Promise<void>;
  /** A sync threw: log it; the loop retries after retryMs. */
  onError(err: unknown): void;
  retryMs: number;
}

export class SyncLoop {
  private syncing = false;
  private pending = false;
  private stopped = false;
  private resync?: { at: number; timer: Timer };

  constructor(private readonly options: SyncLoopOptions) {}

  /** Runs a sync now, or once more after the one running. */
  request(): void {
    if (this.stopped) return;
    if (this.syncing) {
      this.pending = true;
      return;
    }
    this.syncing = true;
    void this.run();
  }

  /** Asks for a sync at a clock time (at once if it has passed). */
  requestAt(at: number): void {
    if (this.stopped) return;
    const now = this.options.clock.now();
    if (at <= now) return this.request();
    if (this.resync && this.resync.at <= at) return;
    this.cancelResync();
    this.resync = { at, timer: this.options.clock.after(at - now, () => ((this.resync = undefined), this.request())) };
  }

  /** No sync runs after this one. */
  stop(): void {
    this.stopped = true;
    this.cancelResync();
  }

  private cancelResync(): void {
    this.resync?.timer.cancel();
    this.resync = undefined;
  }

  private async run(): Promise<void> {
    try {
      do {
        this.pending = false;
        // Each sync decides afresh what it waits for.
        this.cancelResync();
        try {
          await this.options.sync();
        } catch (err) {
          this.options.onError(err);
          this.requestAt(this.options.clock.now() + this.options.retryMs);
        }
      } while (this.pending && !this.stopped);
    } finally {
      this.syncing = false;
    }
  }
}
