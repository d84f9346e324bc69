/**
 * Runs the real kubectl on the PATH with a test's kubeconfig and its own cache dir.
 */
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runKubectl(args: string[], env: NodeJS.ProcessEnv, input?: string, timeoutMs = 60_000, binary = 'kubectl'): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
    // kubectl may exit before it reads its input (an error found first): the write then fails
    // with EPIPE, and its exit code and stderr are what the test looks at.
    child.stdin.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') reject(err);
    });
    child.stdin.end(input ?? '');
  });
}

/** Replaces AGE-like cells (`5s`, `2m3s`, `<invalid>`) so rows can be compared exactly. */
export function normaliseAges(text: string): string {
  return text.replace(/\b\d+(s|m\d*s?|h\d*m?|d\d*h?|y\d*d?)\b/g, 'AGE');
}

/** Splits kubectl's table output into rows of cells. */
export function tableRows(text: string): string[][] {
  return text.trimEnd().split('\n').map((line) => line.trim().split(/\s{2,}/));
}

/** Cells of a kubectl table cut at the header's column starts, so empty cells stay in place. */
export function columns(text: string): string[][] {
  const lines = text.trimEnd().split('\n');
  const starts = [...lines[0].matchAll(/\S+(?: \S+)*/g)].map((m) => m.index!);
  return lines.map((line) => starts.map((start, i) => line.slice(start, i + 1 < starts.length ? starts[i + 1] : undefined).trim()));
}

/** The AGE column (by header) replaced with `AGE`, for exact row comparisons. */
export function withoutAge(rows: string[][]): string[][] {
  const at = rows[0].indexOf('AGE');
  return rows.map((row, i) => (i === 0 || at < 0 ? row : row.map((cell, j) => (j === at ? 'AGE' : cell))));
}

/** The `kubectl.1.<minor>` binary installed beside the dispatcher on the PATH. */
export function kubectlForMinor(minor: number): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'kubectl');
    if (!existsSync(candidate)) continue;
    return join(dirname(realpathSync(candidate)), `kubectl.1.${minor}`);
  }
  throw new Error('kubectl is not on the PATH');
}
