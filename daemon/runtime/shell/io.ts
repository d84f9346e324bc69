/**
 * The shell's standard streams: output callbacks that go straight to the container log (so a
 * `while` loop's lines appear as they are written, not when the script ends), an input stream that
 * `read` consumes line by line and programs read to its end, and the pipe between two stages of a
 * pipeline. A pipe delivers its data when the writer finishes: programs read stdin whole
 * (ProcessContext.readStdin), so `yes | head -1` would not end — the labs never need that.
 */

export interface ShellIo {
  stdout(data: string): void;
  stderr(data: string): void;
  stdin: InputStream;
}

export class InputStream {
  private buffer: string | undefined;
  private loading: Promise<string> | undefined;

  /**
   * source reads to the end; nextLine, when stdin is a live stream, gives one line as it arrives
   * (with its newline), so `read` and a script on stdin do not wait for the end.
   */
  constructor(
    private readonly source: () => Promise<string>,
    private readonly nextLine?: () => Promise<string | undefined>,
  ) {}

  static of(text: string): InputStream {
    return new InputStream(async () => text);
  }

  /** Everything not yet consumed. */
  async readAll(): Promise<string> {
    if (this.nextLine) return this.source();
    const text = await this.load();
    this.buffer = '';
    return text;
  }

  /** The next line without its newline; undefined at the end (a last line without newline counts). */
  async readLine(): Promise<{ line: string; complete: boolean } | undefined> {
    if (this.nextLine) {
      const line = await this.nextLine();
      if (line === undefined) return undefined;
      return line.endsWith('\n') ? { line: line.slice(0, -1), complete: true } : { line, complete: false };
    }
    const text = await this.load();
    if (text === '') return undefined;
    const end = text.indexOf('\n');
    if (end < 0) {
      this.buffer = '';
      return { line: text, complete: false };
    }
    this.buffer = text.slice(end + 1);
    return { line: text.slice(0, end), complete: true };
  }

  private async load(): Promise<string> {
    if (this.buffer !== undefined) return this.buffer;
    this.loading ??= this.source();
    const text = await this.loading;
    this.buffer ??= text;
    return this.buffer;
  }
}

export class Pipe {
  private chunks: string[] = [];
  private closed = false;
  private readonly waiters: ((text: string) => void)[] = [];

  readonly write = (data: string): void => {
    if (!this.closed) this.chunks.push(data);
  };

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const text = this.chunks.join('');
    this.chunks = [text];
    for (const waiter of this.waiters.splice(0)) waiter(text);
  }

  read(): Promise<string> {
    if (this.closed) return Promise.resolve(this.chunks.join(''));
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
