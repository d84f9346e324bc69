/**
 * Runs the real kubectl on the PATH with a test's kubeconfig and its own cache dir.
 */
import { spawn } from 'node:child_process';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runKubectl(args: string[], env: NodeJS.ProcessEnv, input?: string, timeoutMs = 60_000): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
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
