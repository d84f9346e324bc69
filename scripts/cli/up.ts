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

/** The kubelet's default --max-pods, on each node a config does not size. */
const defaultMaxPods = 110;
/** Up to this many pods of capacity the daemon's young generation is small and fixed. */
const smallClusterPods = 1_000;

/** The pods a cluster of this config can hold: its workers' max-pods plus the control plane's. */
export function podCapacity(config: { nodes: number; workers?: { maxPods?: number }[] }): number {
  const workers: { maxPods?: number }[] = config.workers ?? Array.from({ length: config.nodes }, () => ({}));
  return defaultMaxPods + workers.reduce((sum, worker) => sum + (worker.maxPods ?? defaultMaxPods), 0);
}

/**
 * V8 flags of the background daemon, by the pods its cluster can hold. V8 sizes the young
 * generation (two semi-spaces) itself and only grows it while the daemon works, so a daemon under
 * steady churn has its RSS step up by tens of MiB at moments V8 picks; measured in the 30-minute
 * soak (scripts/bench/soak.ts), with semi-spaces of up to 32 MiB the young generation sat at 1 to
 * 64 MiB after the minute's full GC and RSS swung 91–158 MiB.
 * - A cluster of up to 1,000 pods (the default one holds 440) gets 4 MiB semi-spaces, pinned: its
 *   bursts are a few Deployments, and its RSS stays flat (the same soak: 96–104 MiB).
 * - A larger one gets up to 32 MiB (Node 20's default grows them from 1 to 16): the objects of a
 *   burst of writes (a Deployment scaled to thousands, whose writes wait for the disk) die young
 *   instead of being promoted and marked, about 10 % less CPU for 10,000 pods
 *   (scripts/bench/pods-10k.ts); 4 MiB cost ~15 % more there.
 */
export function daemonNodeFlags(capacity: number): string[] {
  return capacity <= smallClusterPods ? ['--min-semi-space-size=4', '--max-semi-space-size=4'] : ['--max-semi-space-size=32'];
}

/**
 * glibc's malloc, for the daemon's native memory (LevelDB, TLS, buffers):
 * - MALLOC_ARENA_MAX=2: each thread that allocates (the main thread, libuv's pool, LevelDB's
 *   compaction thread) gets an arena of its own otherwise, up to 8 per core, and memory freed in
 *   one arena is not reused by another: measured in the soak, two arenas kept the malloc heap at
 *   6 MiB where the default held 15 MiB.
 * - MALLOC_MMAP_THRESHOLD_=131072 (glibc's default, but fixed): otherwise each large block freed
 *   (LevelDB's compaction buffers, a big list's answer) raises the threshold to its size, and later
 *   blocks that large come from the heap, whose freed space glibc keeps; in the soak that retained
 *   memory grew by ~8 MiB over 20 minutes with the threshold moving and by ~2 MiB with it fixed.
 * A user's own setting wins; no effect off glibc.
 */
export function daemonEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2', MALLOC_MMAP_THRESHOLD_: env.MALLOC_MMAP_THRESHOLD_ ?? '131072' };
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
  const child = spawn(process.execPath, [...daemonNodeFlags(podCapacity(config)), daemonEntry, JSON.stringify(config)], { detached: true, stdio: ['ignore', logFd, logFd, 'ipc'], env: daemonEnv(process.env) });
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
