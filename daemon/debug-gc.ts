/**
 * A debugging hook for the memory soak (scripts/bench/soak.ts): with KUBELAB_DEBUG_GC=1 and node's
 * `--expose-gc`, SIGUSR2 runs a full, compacting garbage collection and appends the memory that is left
 * (process.memoryUsage(): rss, heapTotal, heapUsed, external, arrayBuffers, and the committed size
 * of each V8 heap space, in bytes) as one JSON line to `<data dir>/gc-samples.jsonl`. Memory that
 * stays after a full GC is what a leak grows; raw RSS also swings with the old generation between
 * V8's own major GCs.
 *
 * Off by default, and it must stay so: a forced full GC is a stop-the-world pause of the whole
 * cluster (every controller, kubelet and watch), `--expose-gc` hands `gc()` to any code in the
 * process, and SIGUSR2 with no handler keeps its default meaning (terminate), which a learner's
 * stray `kill -USR2` should get rather than a silent pause. No Kubernetes component has this; the
 * real kube-apiserver's nearest is the pprof heap endpoint behind --profiling.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { wallSleep } from '../shared/clock.js';
import type { Logger } from '../shared/log.js';

export const debugGcSignal = 'SIGUSR2';
export const gcSamplesFile = 'gc-samples.jsonl';
/**
 * V8 hands the pages a GC freed back to the OS from a background thread: measured on Node 20, RSS
 * read at once after gc() still counted 90 MiB of them, and 1 s later they were gone.
 */
const unmapWaitMs = 1_000;

export interface DebugGcOptions {
  env: NodeJS.ProcessEnv;
  /** globalThis.gc: a function only under `node --expose-gc`. */
  gc: unknown;
  dataDir: string;
  log: Logger;
  /** Wall-clock wait between the GC and the sample (tests pass 0). */
  unmapWaitMs?: number;
}

/**
 * RSS split as Linux counts it (/proc/self/status): rssAnon is the memory the process wrote (V8's
 * heap, malloc), rssFile the pages of mapped files it touched (node's own code is ~40 MiB of it,
 * shared with every other node process and growing as more of its code runs). Empty off Linux.
 */
export function residentParts(status = readProcStatus()): { rssAnon?: number; rssFile?: number } {
  const kib = (field: string): number | undefined => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  };
  const rssAnon = kib('RssAnon');
  const rssFile = kib('RssFile');
  return rssAnon === undefined || rssFile === undefined ? {} : { rssAnon, rssFile };
}

function readProcStatus(): string {
  try {
    return readFileSync('/proc/self/status', 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/**
 * Installs the SIGUSR2 handler when asked for (KUBELAB_DEBUG_GC=1 and gc exposed); returns a
 * function that removes it, or undefined when nothing was installed.
 */
export function installDebugGc(options: DebugGcOptions): (() => void) | undefined {
  if (options.env.KUBELAB_DEBUG_GC !== '1') return undefined;
  const gc = options.gc;
  if (typeof gc !== 'function') {
    options.log.error('KUBELAB_DEBUG_GC=1 needs node --expose-gc (NODE_OPTIONS=--expose-gc); no GC hook installed');
    return undefined;
  }
  const file = join(options.dataDir, gcSamplesFile);
  let sequence = 0;
  const collectAndSample = async (): Promise<void> => {
    // gc() with no argument is V8's synchronous major (mark-compact) collection. Twice: the first
    // one's sweep of the pages it emptied goes on in the background and the second finishes it.
    // Not gc({ type: 'major', … }) or gc({ flavor: 'last-resort' }): Node 20's V8 reads any
    // argument as "minor" and only scavenges (measured: 4 ms against 100 ms for 2 million objects).
    // Compacting, for these two only: V8 otherwise moves objects off fragmented old-space pages
    // when it sees fit, so what stays committed drifts with the GC's history rather than with what
    // is kept (the soak of 2026-11-23: old space committed 29.7 → 38 MiB for a heap of 31 → 35 MiB,
    // RSS trend +14 MiB/h; compacted, old space followed the heap, 29 → 32 MiB, trend +3 MiB/h).
    setFlagsFromString('--compact-on-every-full-gc');
    try {
      (gc as () => void)();
      (gc as () => void)();
    } finally {
      setFlagsFromString('--no-compact-on-every-full-gc');
    }
    // The heap right after the GC (later it holds what the cluster allocated meanwhile); RSS once
    // the freed pages are unmapped.
    const heap = process.memoryUsage();
    // Committed size per V8 space: tells the young generation (new_space) from the old one.
    const spaces = Object.fromEntries(getHeapSpaceStatistics().filter((s) => s.space_size > 0).map((s) => [s.space_name, s.space_size]));
    await wallSleep(options.unmapWaitMs ?? unmapWaitMs);
    const usage = { ...heap, rss: process.memoryUsage.rss(), ...residentParts() };
    const sample = { sequence: ++sequence, ...usage, spaces };
    try {
      appendFileSync(file, JSON.stringify(sample) + '\n');
    } catch (err) {
      options.log.error('gc sample not written', { file, error: String(err) });
    }
    options.log.info('full GC on request', { rss: usage.rss, heapUsed: usage.heapUsed, external: usage.external });
  };
  const onSignal = (): void => {
    collectAndSample().catch((err) => options.log.error('gc sample failed', { error: String(err) }));
  };
  process.on(debugGcSignal, onSignal);
  options.log.info(`KUBELAB_DEBUG_GC: ${debugGcSignal} runs a full GC and appends to ${file}`);
  return () => process.off(debugGcSignal, onSignal);
}
