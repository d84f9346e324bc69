/**
 * `npm run bench`: runs every benchmark one after another (each starts and stops its own daemon
 * through the CLI) and prints one table. `node dist/scripts/bench/run-all.js reads` runs only the
 * named ones. Exits 1 if a benchmark failed; a missed target is printed, not an error.
 */
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { formatTable, type BenchRow } from './bench-report.js';
import { benchCreates } from './creates.js';
import { benchNodePort } from './nodeport.js';
import { benchProxyRules } from './proxy-rules.js';
import { benchReads } from './reads.js';
import { benchScheduler } from './scheduler.js';
import { benchScale } from './scale.js';
import { benchNodeFailure } from './node-failure.js';
import { benchStartup } from './startup.js';
import { benchFuzz } from './fuzz.js';
import { benchCrash } from './crash.js';
import { benchLoad } from './load.js';
import { benchSoak } from './soak.js';
import { benchRestart } from './restart.js';
import { benchTui } from './tui.js';
import { benchPods10k } from './pods-10k.js';

export const benchmarks: Record<string, () => Promise<BenchRow[]>> = {
  startup: benchStartup,
  creates: benchCreates,
  reads: benchReads,
  scheduler: benchScheduler,
  scale: benchScale,
  'node-failure': benchNodeFailure,
  nodeport: benchNodePort,
  'proxy-rules': benchProxyRules,
  fuzz: benchFuzz,
  crash: benchCrash,
  load: benchLoad,
  restart: benchRestart,
  soak: benchSoak,
  tui: benchTui,
  'pods-10k': benchPods10k,
};

/** Benchmarks too long for every `npm run bench`: they run when named (the 30-minute soak). */
const onlyWhenNamed = new Set(['soak']);

export async function runAll(names: string[]): Promise<number> {
  const unknown = names.filter((n) => !(n in benchmarks));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown benchmark(s) ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}\n`);
    return 2;
  }
  const loadAtStart = loadavg()[0];
  const rows: BenchRow[] = [];
  let failed = 0;
  for (const name of names.length > 0 ? names : Object.keys(benchmarks).filter((n) => !onlyWhenNamed.has(n))) {
    process.stderr.write(`bench: ${name}…\n`);
    try {
      rows.push(...(await benchmarks[name]()));
    } catch (err) {
      failed++;
      process.stderr.write(`bench: ${name} failed: ${(err as Error).stack ?? String(err)}\n`);
      rows.push({ figure: `${name}: FAILED`, measured: '-', target: '', comparison: (err as Error).message.split('\n')[0].slice(0, 120) });
    }
  }
  const cpu = cpus();
  const load = `load average ${loadAtStart.toFixed(1)} before the run`;
  process.stdout.write(`kubelab benchmarks — Node ${process.version}, ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${load}\n\n`);
  process.stdout.write(formatTable(rows) + '\n');
  if (loadAtStart > cpu.length / 2) {
    process.stdout.write(`\nnote: other processes were using the CPU before the run (load average ${loadAtStart.toFixed(1)} on ${cpu.length} core(s)); latencies and rates are pessimistic.\n`);
  }
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await runAll(process.argv.slice(2));
