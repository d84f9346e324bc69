/**
 * A process's standard input as a live stream, the way a pipe or a terminal delivers it: data
 * arrives in pieces (`kubectl exec -i` sends stdin frames as the user types or the file is read),
 * readers take it line by line as it comes (a shell runs each command as its line arrives) or
 * to the end (`cat`, `tar xf -`). The end comes from the writer (`end()`: the client's stdin hit
 * EOF) or, on a terminal, from Ctrl-D on an empty line (`eof()`), which ends only the current read
 * as a tty's EOF does, not the stream.
 */

const endOfFile = Symbol('eof');
type Item = string | typeof endOfFile;

export class StdinStream {
  /** Complete lines (with their newline) and the tail of an unfinished one. */
  private readonly items: Item[] = [];
  private partial = '';
  private ended = false;
  private readonly waiters: (() => void)[] = [];

  /** Data from the writer; lines are released as their newline arrives. */
  write(text: string): void {
    if (this.ended || text === '') return;
    let rest = this.partial + text;
    let newline: number;
    while ((newline = rest.indexOf('\n')) >= 0) {
      this.items.push(rest.slice(0, newline + 1));
      rest = rest.slice(newline + 1);
    }
    this.partial = rest;
    this.wake();
  }

  /** A terminal's EOF (Ctrl-D): the pending bytes go out, or the current read sees the end. */
  eof(): void {
    if (this.ended) return;
    if (this.partial) {
      this.items.push(this.partial);
      this.partial = '';
    } else this.items.push(endOfFile);
    this.wake();
  }

  /** The writer is done (stdin closed): readers get what is left, then the end, for good. */
  end(): void {
    if (this.ended) return;
    if (this.partial) this.items.push(this.partial);
    this.partial = '';
    this.ended = true;
    this.wake();
  }

  get isEnded(): boolean {
    return this.ended && this.items.length === 0;
  }

  /** The next line with its newline (the last one may lack it), or undefined at the end. */
  async readLine(): Promise<string | undefined> {
    for (;;) {
      const item = this.items.shift();
      if (item === endOfFile) return undefined;
      if (item !== undefined) return item;
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Everything up to the end (or a terminal's EOF). */
  async readAll(): Promise<string> {
    let text = '';
    for (let line = await this.readLine(); line !== undefined; line = await this.readLine()) text += line;
    return text;
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
