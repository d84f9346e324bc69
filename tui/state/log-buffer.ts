/**
 * The lines of a followed container log, bounded: a ring of the last `capacity` lines (5,000 by
 * default, as a TUI must not grow without end while `kubectl logs -f` streams for hours). Text
 * arrives in arbitrary chunks; a line is complete at its newline, the unfinished tail is kept
 * apart and shown as the last line, as a terminal shows a partial line.
 */

export const defaultLogCapacity = 5000;

/** `2024-01-01T00:00:00.123000000Z ` — the RFC3339Nano prefix `timestamps=true` adds to each line. */
const timestampPrefix = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) /;

export class LogBuffer {
  private readonly ring: string[] = [];
  private start = 0;
  private partial = '';
  /** Lines appended since the buffer was created or cleared, dropped ones included. */
  private appended = 0;

  constructor(readonly capacity = defaultLogCapacity) {
    if (!(capacity > 0)) throw new Error(`log buffer: capacity must be positive, got ${capacity}`);
  }

  /** Adds a chunk of log text; returns the number of lines it completed. */
  append(text: string): number {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.push(line.endsWith('\r') ? line.slice(0, -1) : line);
    return parts.length;
  }

  /** The lines held, oldest first, the unfinished last line included. */
  lines(): string[] {
    const ordered = this.ring.length < this.capacity ? this.ring.slice() : [...this.ring.slice(this.start), ...this.ring.slice(0, this.start)];
    if (this.partial) ordered.push(this.partial);
    return ordered;
  }

  get size(): number {
    return this.ring.length + (this.partial ? 1 : 0);
  }

  /** How many complete lines have been appended in total; grows even once old lines drop out. */
  get total(): number {
    return this.appended;
  }

  clear(): void {
    this.ring.length = 0;
    this.start = 0;
    this.partial = '';
    this.appended = 0;
  }

  private push(line: string): void {
    this.appended++;
    if (this.ring.length < this.capacity) {
      this.ring.push(line);
      return;
    }
    this.ring[this.start] = line;
    this.start = (this.start + 1) % this.capacity;
  }
}

/** A line without its `timestamps=true` prefix; lines without one are returned unchanged. */
export function stripTimestamp(line: string): string {
  const match = timestampPrefix.exec(line);
  return match ? line.slice(match[0].length) : line;
}
