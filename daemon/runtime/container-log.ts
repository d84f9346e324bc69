/**
 * A container's log as the CRI writes it: output cut into lines, each stamped with the cluster time
 * (below the millisecond, as the CRI's nanosecond timestamps are) and its stream, a trailing
 * fragment kept as a partial line (`P`) when the container ends mid-line. Like the kubelet's rotation (containerLogMaxSize 10Mi) it keeps only the newest 10 MiB.
 * With a store, the lines also go to the instance's file (log-store.ts), opened on the first line
 * only, and an adopted container's log starts from what that file kept before the daemon restart.
 */
import type { Clock } from '../../shared/clock.js';
import type { ContainerLog, LogLine } from './container.js';
import type { LogFile, PodLogStore } from './log-store.js';

/** Where the lines are kept beyond the daemon; `resume`: an adopted instance, whose file is read back. */
export interface LogPersistence {
  store: PodLogStore;
  file: LogFile;
  resume?: boolean;
}

const maxBytes = 10 * 1024 * 1024;
/** How much of an adopted instance's start-up output a re-made process may repeat unseen (wall time). */
const replayWindowMs = 1_000;

export class LineLog implements ContainerLog {
  private readonly kept: LogLine[] = [];
  private bytes = 0;
  private readonly pending = { stdout: '', stderr: '' };
  private readonly followers = new Set<(line: LogLine) => void>();
  private closed = false;
  /** The file has been started (a fresh instance's first line empties whatever it held). */
  private opened = false;
  /**
   * An adopted container's process is made again from the start (runtime.ts), so it prints its
   * start-up again: lines that repeat, in order, what the instance printed in its first second,
   * and come in the first second after the adoption, are that same output and dropped; anything
   * else ends the replay (a real process just goes on). Only the first second: a loop that prints
   * the same line every second would otherwise stay silent for as long as it had run before.
   */
  private replay?: { lines: readonly LogLine[]; next: number; until: number };

  constructor(
    private readonly clock: Pick<Clock, 'nowPrecise'>,
    private readonly persistence?: LogPersistence,
  ) {
    if (persistence?.resume) {
      const kept = persistence.store.read(persistence.file);
      for (const line of kept) {
        this.kept.push(line);
        this.bytes += line.text.length + 1;
      }
      // An instance that had written nothing has no file yet: its first line makes it.
      this.opened = kept.length > 0;
      if (kept.length > 0) {
        const startUp = kept.filter((line) => line.time - kept[0]!.time < replayWindowMs);
        this.replay = { lines: startUp, next: 0, until: clock.nowPrecise() + replayWindowMs };
      }
    }
  }

  lines(): readonly LogLine[] {
    return this.kept;
  }

  follow(fn: (line: LogLine) => void): () => void {
    if (this.closed) return () => undefined;
    this.followers.add(fn);
    return () => this.followers.delete(fn);
  }

  /** Appends output of one stream; complete lines are logged at once. */
  write(stream: 'stdout' | 'stderr', data: string): void {
    if (this.closed || !data) return;
    const text = this.pending[stream] + data;
    const parts = text.split('\n');
    this.pending[stream] = parts.pop()!;
    for (const part of parts) this.append({ time: this.clock.nowPrecise(), stream, text: part });
  }

  /** The container ended: flush unfinished lines as partial ones and stop following. */
  close(): void {
    if (this.closed) return;
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.pending[stream]) this.append({ time: this.clock.nowPrecise(), stream, text: this.pending[stream], partial: true });
      this.pending[stream] = '';
    }
    this.closed = true;
    this.followers.clear();
  }

  private append(line: LogLine): void {
    if (this.replayed(line)) return;
    this.kept.push(line);
    this.bytes += line.text.length + 1;
    const persistence = this.persistence;
    if (persistence && !this.opened) {
      this.opened = true;
      persistence.store.create(persistence.file);
    }
    if (this.bytes > maxBytes) {
      // Rotate in one go down to 90 %, so that a chatty container does not pay a shift per line.
      let drop = 0;
      while (this.bytes > maxBytes * 0.9 && drop < this.kept.length - 1) this.bytes -= this.kept[drop++]!.text.length + 1;
      this.kept.splice(0, drop);
      // The file is cut to the same lines: one rewrite per MiB of output, not one per line.
      persistence?.store.rewrite(persistence.file, this.kept);
    } else persistence?.store.append(persistence.file, line);
    for (const follower of this.followers) follower(line);
  }

  private replayed(line: LogLine): boolean {
    const replay = this.replay;
    if (!replay) return false;
    if (line.time > replay.until) {
      this.replay = undefined;
      return false;
    }
    const kept = replay.lines[replay.next];
    if (kept && kept.stream === line.stream && kept.text === line.text && kept.partial === line.partial) {
      replay.next++;
      if (replay.next === replay.lines.length) this.replay = undefined;
      return true;
    }
    this.replay = undefined;
    return false;
  }
}
