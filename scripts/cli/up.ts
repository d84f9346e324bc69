/**
 * `kubelab up`: runs the daemon in the foreground, or with --detach starts it as a background
 * process and returns once the API answers (the child reports `ready` over IPC).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dataFiles } from '../../daemon/config.js';
import type { UpOptions } from './args.js';
import { UsageError } from './args.js';
import { runningDaemon } from './daemon-record.js';

const daemonEntry = fileURLToPath(new URL('../../daemon/main.js', import.meta.url));

/**
 * V8 flags of the background daemon. Semi-spaces of up to 32 MiB (Node 20's default grows them
 * from 1 to 16) let the objects of a burst of writes (a Deployment scaled to thousands, whose
 * writes wait for the disk) die young instead of being promoted and marked: about 10 % less CPU
 * for 10,000 pods (scripts/bench/pods-10k.ts). Only the maximum: V8 still shrinks the young
 * generation when the cluster is quiet (its memory reducer), so an idle daemon does not hold
 * 64 MiB of empty semi-spaces; pinning the minimum too cost as much CPU and kept RSS swinging
 * between 32 and 64 MiB of young generation (scripts/bench/soak.ts).
 */
export const daemonNodeFlags = ['--max-semi-space-size=32'];

/**
 * glibc's malloc gives each thread that allocates (the main thread, libuv's pool, LevelDB's
 * compaction thread) an arena of its own, up to 8 per core, and memory freed in one arena is not
 * reused by another: measured in the soak, two arenas kept the daemon's malloc heap at 6 MiB
 * where the default held 15 MiB. A user's own MALLOC_ARENA_MAX wins; no effect off glibc.
 */
export function daemonEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2' };
}

export async function up(options: UpOptions): Promise<number> {
  const existing = runningDaemon(options.dataDir);
  if (existing) throw new UsageError(`a daemon is already running for ${options.dataDir} (pid ${existing.pid}, ${existing.server})`);
  const { detach, ...config } = options;
  if (!detach) {
    const { main } = await import('../../daemon/main.js');
    await main(config);
    return process.exitCode === 1 ? 1 : 0;
  }
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const logFd = openSync(dataFiles(options.dataDir).log, 'a');
  const child = spawn(process.execPath, [...daemonNodeFlags, daemonEntry, JSON.stringify(config)], { detached: true, stdio: ['ignore', logFd, logFd, 'ipc'], env: daemonEnv(process.env) });
  const outcome = await new Promise<{ type: string; message?: string; server?: string }>((resolve) => {
    child.once('message', (m) => resolve(m as { type: string }));
    child.once('exit', (code) => resolve({ type: 'error', message: `the daemon exited with code ${code} before it was ready; see ${dataFiles(options.dataDir).log}` }));
  });
  if (outcome.type !== 'ready') throw new UsageError(outcome.message ?? 'the daemon failed to start');
  child.unref();
  child.disconnect?.();
  process.stdout.write(`kubelab: cluster is up at ${outcome.server} (pid ${child.pid})\nkubeconfig: ${dataFiles(options.dataDir).kubeconfig}\n`);
  return 0;
}
