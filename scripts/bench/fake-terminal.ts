/**
 * A terminal of fixed size for the TUI benchmark: a TTY-like stdout that records when Ink writes
 * a frame (and how much), and a stdin that delivers key presses the way a terminal does ('readable'
 * then read()), as ink-testing-library's does. Unlike ink-testing-library, which renders in Ink's
 * debug mode (every React commit drawn at once), this goes through Ink's real path: maxFps
 * throttling and log-update's diffing, so the cost measured is the cost of the real app.
 */
import { EventEmitter } from 'node:events';
import { monotonicMs } from '../../shared/clock.js';

export class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  writes = 0;
  bytes = 0;
  lastWriteAt = 0;
  /** Everything written since the last takeText(). */
  private text = '';

  constructor(readonly columns: number, readonly rows: number) {
    super();
  }

  write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    this.writes++;
    this.bytes += text.length;
    this.lastWriteAt = monotonicMs();
    this.text += text;
    const callback = rest.find((r): r is () => void => typeof r === 'function');
    callback?.();
    return true;
  };

  /** The output since the last call (and forgets it, so the bench holds no screen history). */
  takeText(): string {
    const text = this.text;
    this.text = '';
    return text;
  }
}

export class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;

  press(keys: string): void {
    this.data = keys;
    this.emit('readable');
  }

  read = (): string | null => {
    const data = this.data;
    this.data = null;
    return data;
  };

  setEncoding(): this { return this; }
  setRawMode(): this { return this; }
  resume(): this { return this; }
  pause(): this { return this; }
  ref(): this { return this; }
  unref(): this { return this; }
}
