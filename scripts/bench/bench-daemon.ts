/**
 * A real kubelab daemon for one benchmark: started through the CLI as a user would
 * (`kubelab up --detach --port 0 --no-kubeconfig`) on a temp data dir, stopped by its PID. Every
 * daemon started here is also stopped if the benchmark is interrupted (SIGINT/SIGTERM).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wallNow, wallSleep } from '../../shared/clock.js';

export const kubelabBin = fileURLToPath(new URL('../../../scripts/kubelab', import.meta.url));

export interface BenchDaemon {
  dataDir: string;
  pid: number;
  server: string;
  token: string;
  /** PEM of the CA of the daemon's serving certificate. */
  ca: string;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const livePids = new Set<number>();
const liveDirs = new Set<string>();
const startsInFlight = new Set<Promise<CliResult>>();
let subnetCounter = 0;

/** On Ctrl-C: lets a `kubelab up` in flight finish (its daemon is detached), then kills every daemon. */
async function stopAllAndExit(signal: NodeJS.Signals): Promise<void> {
  await Promise.allSettled(startsInFlight);
  for (const dir of liveDirs) {
    try {
      livePids.add((JSON.parse(readFileSync(join(dir, 'daemon.json'), 'utf8')) as { pid: number }).pid);
    } catch {
      // no daemon in this dir
    }
  }
  for (const pid of livePids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`bench: ${signal}: stopped ${livePids.size} daemon(s), removed ${liveDirs.size} temp dir(s)\n`);
  process.exit(130);
}
process.once('SIGINT', (signal) => void stopAllAndExit(signal));
process.once('SIGTERM', (signal) => void stopAllAndExit(signal));

/** Runs a command and resolves when it exits (no shell); env defaults to this process's. */
export function runProcess(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/**
 * `kubelab up --detach` on dataDir (port 0, no kubeconfig merge); resolves when the CLI exits. env
 * (e.g. NODE_OPTIONS for the soak's --expose-gc) reaches the daemon, which inherits the CLI's.
 */
export function kubelabUp(dataDir: string, extraArgs: string[] = [], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  const subnet = `127.0.${150 + ((process.pid + subnetCounter++) % 100)}.0/24`;
  const start = runProcess(process.execPath, [kubelabBin, 'up', '--detach', '--port', '0', '--data', dataDir, '--no-kubeconfig', '--node-subnet', subnet, ...extraArgs], env);
  startsInFlight.add(start);
  return start.finally(() => startsInFlight.delete(start));
}

/** Reads what a started daemon left in its data dir; throws with the CLI's output when up failed. */
export function daemonOf(dataDir: string, up: CliResult): BenchDaemon {
  if (up.code !== 0) throw new Error(`kubelab up failed (exit ${up.code}): ${up.stderr}${up.stdout}`);
  const record = JSON.parse(readFileSync(join(dataDir, 'daemon.json'), 'utf8')) as { pid: number; server: string };
  livePids.add(record.pid);
  return {
    dataDir,
    pid: record.pid,
    server: record.server,
    token: readFileSync(join(dataDir, 'token'), 'utf8').trim(),
    ca: readFileSync(join(dataDir, 'apiserver.crt'), 'utf8'),
  };
}

/**
 * Whether pid still runs. A detached daemon is reparented to PID 1 when the CLI exits; an init that
 * reaps late (as in some sandboxes) leaves an exited daemon a zombie for a second, which kill(0)
 * still finds, so on Linux a zombie counts as gone.
 */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

/** CPU time (user + system) pid has used so far, in ms, from /proc (Linux); undefined elsewhere. */
export function cpuMsOf(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 10 ms ticks (USER_HZ)
  } catch {
    return undefined;
  }
}

/** SIGTERM, then waits for the process to go (SIGKILL after timeoutMs). */
export async function stopPid(pid: number, timeoutMs = 15_000): Promise<void> {
  if (alive(pid)) process.kill(pid, 'SIGTERM');
  const deadline = wallNow() + timeoutMs;
  while (alive(pid)) {
    if (wallNow() > deadline) {
      process.kill(pid, 'SIGKILL');
      break;
    }
    await wallSleep(5);
  }
  livePids.delete(pid);
}

/** A new temp dir; removeTempDir removes it (and an interrupted run removes what is left). */
export function tempDataDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kubelab-bench-${label}-`));
  liveDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  liveDirs.delete(dir);
}

/** Starts a daemon on a fresh temp data dir, runs fn, and always stops it and removes the dir. */
export async function withDaemon<T>(label: string, fn: (daemon: BenchDaemon) => Promise<T>, env?: NodeJS.ProcessEnv): Promise<T> {
  const dataDir = tempDataDir(label);
  let daemon: BenchDaemon | undefined;
  try {
    daemon = daemonOf(dataDir, await kubelabUp(dataDir, [], env));
    return await fn(daemon);
  } finally {
    if (daemon) await stopPid(daemon.pid);
    removeTempDir(dataDir);
  }
}
