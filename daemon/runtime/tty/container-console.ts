/**
 * A container's console: the main process's stdin and terminal when the container spec asks for
 * them (`stdin: true`, `tty: true`, as `kubectl run -it` sets), and the sessions attached to it
 * (`kubectl attach`). What the main process writes goes to the container log, as always, and to
 * every attached client; keys from a client go to the one shared pty. With `stdinOnce`, stdin
 * closes when the first session that used it detaches (the container spec's documented rule), so
 * a shell started by `kubectl run -it` sees EOF and ends.
 * The log holds what the pty showed (echo included) with plain NL line ends.
 */
import { Pty } from './pty.js';
import type { TerminalSize } from './terminal.js';

export interface ConsoleOptions {
  stdin: boolean;
  stdinOnce: boolean;
  tty: boolean;
}

export interface AttachSink {
  stdout(data: string): void;
  stderr(data: string): void;
}

/** One attached client: what it types and its window size go to the container. */
export interface Attachment {
  input(text: string): void;
  resize(size: TerminalSize): void;
  /** The client's stdin ended. */
  endInput(): void;
  detach(): void;
}

export class ContainerConsole {
  readonly pty?: Pty;
  private readonly sinks = new Set<AttachSink>();

  constructor(
    private readonly options: ConsoleOptions,
    private readonly log: (stream: 'stdout' | 'stderr', data: string) => void,
  ) {
    if (options.stdin || options.tty) this.pty = new Pty(options.tty, (echo) => this.echo(echo));
  }

  readonly stdout = (data: string): void => this.write('stdout', data);
  readonly stderr = (data: string): void => this.write('stderr', data);

  attach(sink: AttachSink, withStdin: boolean): Attachment {
    this.sinks.add(sink);
    const pty = this.options.stdin ? this.pty : undefined;
    const usesStdin = withStdin && pty !== undefined;
    let attached = true;
    return {
      input: (text) => attached && usesStdin && pty.input(text),
      resize: (size) => this.pty?.resize(size),
      endInput: () => {
        if (usesStdin && this.options.stdinOnce) pty.endInput();
      },
      detach: () => {
        if (!attached) return;
        attached = false;
        this.sinks.delete(sink);
        if (usesStdin && this.options.stdinOnce) pty.endInput();
      },
    };
  }

  private write(stream: 'stdout' | 'stderr', data: string): void {
    // A pty is one stream: the log records all of it as stdout, in the order it was written.
    this.log(this.options.tty ? 'stdout' : stream, data);
    this.toClients(stream, this.pty ? this.pty.output(data) : data);
  }

  /** The terminal's echo is pty output like any other: the log keeps it (`kubectl logs` shows the commands typed). */
  private echo(data: string): void {
    this.log('stdout', data.replace(/\r\n/g, '\n'));
    this.toClients('stdout', data);
  }

  private toClients(stream: 'stdout' | 'stderr', data: string): void {
    for (const sink of this.sinks) (this.options.tty || stream === 'stdout' ? sink.stdout : sink.stderr)(data);
  }
}
