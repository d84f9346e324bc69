/**
 * Lends the terminal to another program and takes it back, as k9s does for its shell: leave the
 * alternate screen, show the cursor, give the tty back to cooked mode, run the program with the
 * terminal's stdin and stdout, then return to the TUI's screen and raw mode and redraw.
 * The program runs with spawnSync on purpose: while it has the terminal, the TUI must neither
 * read keys nor draw frames, and a blocked event loop does neither (watch events wait in the
 * socket and are applied on return; a watch the server dropped meanwhile relists). For kubectl
 * the stderr is piped, not inherited, so its own error ("container not found") reaches the flash
 * line: an exec with a tty sends everything of the remote shell to stdout, so nothing of the
 * session is lost. Programs that prompt on stderr (`kubelab node shell`, as bash does) keep it.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface HandoffResult {
  code: number | null;
  stderr: string;
  /** The program could not be started (ENOENT, EACCES). */
  error?: Error;
}

export interface TerminalHandoffOptions {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  /** Forget what is on screen so that the next frame is drawn whole (Ink's instance.clear()). */
  forgetScreen(): void;
}

const leaveScreen = '\x1b[?1049l\x1b[?25h';
const enterScreen = '\x1b[?1049h\x1b[H\x1b[2J\x1b[?25l';

/** The full path of `name` on the PATH, or undefined (so the TUI can say so without leaving its screen). */
export function findOnPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory (or not executable): try the next
    }
  }
  return undefined;
}

export type TerminalHandoff = (command: string, args: readonly string[], options?: { captureStderr?: boolean }) => HandoffResult;

export function createTerminalHandoff(options: TerminalHandoffOptions): TerminalHandoff {
  const { stdin, stdout } = options;
  return (command, args, { captureStderr = false } = {}) => {
    // A Ctrl-C typed before the program puts the tty in raw mode would otherwise end the TUI too
    // (same process group); ignored until the program is done.
    const ignoreInterrupt = (): void => undefined;
    process.on('SIGINT', ignoreInterrupt);
    stdout.write(leaveScreen);
    if (stdin.isTTY) stdin.setRawMode(false);
    try {
      const result = spawnSync(command, args, { stdio: ['inherit', 'inherit', captureStderr ? 'pipe' : 'inherit'], encoding: 'utf8' });
      // Show kubectl's error lines on the normal screen too, as a shell user would see them.
      if (result.stderr) process.stderr.write(result.stderr);
      return { code: result.status, stderr: result.stderr ?? '', error: result.error };
    } finally {
      if (stdin.isTTY) stdin.setRawMode(true);
      stdout.write(enterScreen);
      options.forgetScreen();
      // A SIGINT caught while blocked is dispatched on the next turn of the loop: keep ignoring it until then.
      setImmediate(() => process.off('SIGINT', ignoreInterrupt));
    }
  };
}
