/**
 * What a program sees of its controlling terminal (`kubectl exec -it`, `kubectl attach -t`): the
 * window size the client reports on the resize channel (what `stty size` and bash's COLUMNS read,
 * TIOCGWINSZ), and the interrupt key. Ctrl-C sends SIGINT to the foreground job; a program that
 * handles SIGINT itself (an interactive shell) subscribes with onInterrupt, any other is killed
 * by it (exit 130), as the default action of SIGINT does.
 */

export interface TerminalSize {
  columns: number;
  rows: number;
}

export interface Terminal {
  size(): TerminalSize;
  /** Calls fn on each Ctrl-C; returns the function that unsubscribes. */
  onInterrupt(fn: () => void): () => void;
  /** Whether a running child of the caller catches Ctrl-C itself (a shell then lets it finish). */
  childHandlesInterrupt?(): boolean;
}

/** A pty's size before the client's first resize message: the kernel's default 80x24. */
export const defaultTerminalSize: TerminalSize = { columns: 80, rows: 24 };

/** The terminal side the session owns: it reports resizes and Ctrl-C to whoever listens. */
export class TerminalDevice implements Terminal {
  private current: TerminalSize = defaultTerminalSize;
  private readonly listeners = new Set<() => void>();

  size(): TerminalSize {
    return this.current;
  }

  resize(size: TerminalSize): void {
    if (size.columns > 0 && size.rows > 0) this.current = { columns: size.columns, rows: size.rows };
  }

  onInterrupt(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  interrupt(): void {
    for (const fn of [...this.listeners]) fn();
  }
}
