/**
 * The stdin side of a process's terminal or pipe as a stream session feeds it: with a TTY, keys go
 * through the line discipline (echo, editing, Ctrl-C) and the window size is kept; without one,
 * bytes go straight into stdin. Used for an exec's own pty and for a container's console
 * (`stdin`/`tty` in the container spec), which `kubectl attach` sessions share.
 */
import { LineDiscipline } from './line-discipline.js';
import { StdinStream } from './stdin-stream.js';
import { TerminalDevice, type TerminalSize } from './terminal.js';

export class Pty {
  readonly stdin = new StdinStream();
  readonly terminal?: TerminalDevice;
  private readonly discipline?: LineDiscipline;

  /** echo receives what the terminal itself writes back (only with a TTY). */
  constructor(tty: boolean, echo: (data: string) => void) {
    if (!tty) return;
    const terminal = new TerminalDevice();
    this.terminal = terminal;
    this.discipline = new LineDiscipline(this.stdin, { echo, interrupt: () => terminal.interrupt() });
  }

  get isTerminal(): boolean {
    return this.terminal !== undefined;
  }

  /** Bytes from the user (keys on a TTY). */
  input(text: string): void {
    if (this.discipline) this.discipline.input(text);
    else this.stdin.write(text);
  }

  resize(size: TerminalSize): void {
    this.terminal?.resize(size);
  }

  /** The writer's EOF: stdin ends for good. */
  endInput(): void {
    this.stdin.end();
  }

  /** Program output as it reaches the screen: NL becomes CR NL on a TTY. */
  output(data: string): string {
    return this.discipline ? LineDiscipline.output(data) : data;
  }

  /** A reader of typed lines without their newline (what an interactive shell reads), TTY only. */
  readonly readLine = async (): Promise<string | undefined> => (await this.stdin.readLine())?.replace(/\n$/, '');
}
