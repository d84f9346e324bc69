/**
 * The pty's line discipline in canonical mode (Linux n_tty with the default `stty sane` flags:
 * ICRNL, ECHO, ECHOE, ECHOCTL, ICANON, ISIG, OPOST|ONLCR). kubectl puts the user's terminal in raw
 * mode and forwards every key, so the echo, line editing and signals a learner sees are the
 * container side's: Enter (CR) becomes NL and completes the line, Backspace erases one character
 * (`\b \b`), Ctrl-U the line, Ctrl-W a word, Ctrl-C echoes `^C`, drops the line and interrupts,
 * Ctrl-D on an empty line is end-of-file. Output gets NL → CR NL.
 * Left out: busybox/bash's own line editing (history, cursor keys, tab completion): escape
 * sequences are swallowed rather than echoed as `^[[A`.
 */
import type { StdinStream } from './stdin-stream.js';

const intr = '\x03';
const eof = '\x04';
const erase = '\x7f';
const backspace = '\b';
const kill = '\x15';
const wordErase = '\x17';
const quit = '\x1c';
const escape = '\x1b';

export interface LineDisciplineSinks {
  /** What the terminal echoes back to the user's screen (already output-processed). */
  echo(data: string): void;
  /** Ctrl-C: SIGINT to the foreground job. */
  interrupt(): void;
}

export class LineDiscipline {
  /** The line being typed, in code points, so Backspace erases a whole character. */
  private line: string[] = [];
  /** Inside an escape sequence (`ESC [ … final`), swallowed. */
  private escapeState: 'none' | 'escape' | 'csi' = 'none';

  constructor(
    private readonly stdin: StdinStream,
    private readonly sinks: LineDisciplineSinks,
  ) {}

  /** Keys typed, as the client sent them. */
  input(text: string): void {
    for (const char of text) this.key(char);
  }

  /** Program output on its way to the screen (OPOST|ONLCR). */
  static output(data: string): string {
    return data.replace(/\n/g, '\r\n');
  }

  private key(char: string): void {
    if (this.escapeState !== 'none') return this.swallow(char);
    switch (char) {
      case escape:
        this.escapeState = 'escape';
        return;
      case intr:
      case quit:
        this.sinks.echo(char === intr ? '^C' : '^\\');
        this.line = [];
        if (char === intr) this.sinks.interrupt();
        return;
      case eof:
        this.stdin.write(this.line.join(''));
        this.line = [];
        this.stdin.eof();
        return;
      case erase:
      case backspace:
        if (this.line.pop() !== undefined) this.sinks.echo('\b \b');
        return;
      case kill:
        this.sinks.echo('\b \b'.repeat(this.line.length));
        this.line = [];
        return;
      case wordErase:
        return this.eraseWord();
      case '\r':
      case '\n':
        this.sinks.echo('\r\n');
        this.stdin.write(`${this.line.join('')}\n`);
        this.line = [];
        return;
      default:
        if (char < ' ' && char !== '\t') {
          // ECHOCTL: other control characters are kept and echoed as ^X.
          this.sinks.echo(`^${String.fromCharCode(char.charCodeAt(0) + 64)}`);
        } else this.sinks.echo(char);
        this.line.push(char);
    }
  }

  private eraseWord(): void {
    let erased = 0;
    while (this.line.length > 0 && /\s/.test(this.line[this.line.length - 1]!)) {
      this.line.pop();
      erased++;
    }
    while (this.line.length > 0 && !/\s/.test(this.line[this.line.length - 1]!)) {
      this.line.pop();
      erased++;
    }
    this.sinks.echo('\b \b'.repeat(erased));
  }

  /** ESC, then `[` and parameters up to a final byte (@–~), or one character after a lone ESC. */
  private swallow(char: string): void {
    if (this.escapeState === 'escape') {
      this.escapeState = char === '[' || char === 'O' ? 'csi' : 'none';
      return;
    }
    if (char >= '@' && char <= '~') this.escapeState = 'none';
  }
}
