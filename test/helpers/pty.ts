/**
 * Runs a command on a pseudo-terminal, as a learner's terminal would (`kubectl exec -it`,
 * `kubectl run -it`): util-linux `script` gives it a pty of the chosen size, the test types keys
 * (`\r` is Enter, `\x03` Ctrl-C, `\x04` Ctrl-D, `\x7f` Backspace) and waits for the screen text.
 */
import { spawn } from 'node:child_process';
import { waitFor } from './wait-for.js';

export interface PtySession {
  /** Everything written to the terminal so far (with its `\r\n`). */
  output(): string;
  /** Types keys. */
  type(keys: string): void;
  /** Waits until the output (from the start, or after `from`) contains text. */
  waitForText(text: string | RegExp, options?: { from?: number; timeout?: number }): Promise<void>;
  /** The command's exit code (script -e passes it on). */
  exited: Promise<number>;
  kill(): void;
}

const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

export function startInPty(argv: string[], env: NodeJS.ProcessEnv, size = { columns: 100, rows: 30 }): PtySession {
  const command = `stty cols ${size.columns} rows ${size.rows}; exec ${argv.map(quote).join(' ')}`;
  const child = spawn('script', ['-qefc', command, '/dev/null'], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  return {
    output: () => output,
    type: (keys) => void child.stdin.write(keys),
    waitForText: async (text, options = {}) => {
      const seen = (): boolean => {
        const tail = output.slice(options.from ?? 0);
        return typeof text === 'string' ? tail.includes(text) : text.test(tail);
      };
      await waitFor(seen, { what: `${String(text)} on the terminal (so far: ${JSON.stringify(output.slice(-400))})`, timeout: options.timeout ?? 20_000 });
    },
    exited,
    kill: () => child.kill('SIGKILL'),
  };
}
