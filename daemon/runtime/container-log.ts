/**
 * A container's log as the CRI writes it: output cut into lines, each stamped with the cluster time
 * (below the millisecond, as the CRI's nanosecond timestamps are) and its stream, a trailing
 * fragment kept as a partial line (`P`) when the container ends mid-line. Like the kubelet's rotation (containerLogMaxSize 10Mi) it keeps only the newest 10 MiB.
 */
import type { Clock } from '../../shared/clock.js';
import type { ContainerLog, LogLine } from './container.js';

const maxBytes = 10 * 1024 * 1024;

export class LineLog implements ContainerLog {
  private readonly kept: LogLine[] = [];
  private bytes = 0;
  private readonly pending = { stdout: '', stderr: '' };
  private readonly followers = new Set<(line: LogLine) => void>();
  private closed = false;

  constructor(private readonly clock: Pick<Clock, 'nowPrecise'>) {}

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
    this.kept.push(line);
    this.bytes += line.text.length + 1;
    if (this.bytes > maxBytes) {
      // Rotate in one go down to 90 %, so that a chatty container does not pay a shift per line.
      let drop = 0;
      while (this.bytes > maxBytes * 0.9 && drop < this.kept.length - 1) this.bytes -= this.kept[drop++]!.text.length + 1;
      this.kept.splice(0, drop);
    }
    for (const follower of this.followers) follower(line);
  }
}
