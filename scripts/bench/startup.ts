/**
 * Start-up time as a user sees it: spawn `kubelab up --detach`, wait for it to exit 0, then one
 * GET /readyz on a new connection. Several runs on fresh data dirs (TLS material, token and the
 * bootstrap objects are made) and on one existing data dir (a restart), median of each. The floor,
 * measured in the same run, is `node -e ''`: the CLI starts two Node processes (itself and the
 * daemon), so a start can never be faster than that.
 */
import { monotonicMs } from '../../shared/clock.js';
import { daemonOf, kubelabUp, removeTempDir, runProcess, stopPid, tempDataDir } from './bench-daemon.js';
import { BenchClient } from './bench-http.js';
import { median, ms, timeMs, type BenchRow } from './bench-report.js';

const runs = 7;
const targetMs = 500;
const literature = 'kind 17–33 s, KWOK ~5 s (literature)';

interface StartStop {
  startMs: number;
  stopMs: number;
}

/** One start on dataDir, timed from spawn to /readyz answering; the daemon is always stopped. */
export async function startOnce(dataDir: string): Promise<StartStop> {
  const start = monotonicMs();
  const up = await kubelabUp(dataDir);
  const daemon = daemonOf(dataDir, up);
  try {
    const client = new BenchClient(daemon, { keepAlive: false });
    const ready = await client.send('GET', '/readyz');
    const startMs = monotonicMs() - start;
    client.close();
    if (ready.body.toString() !== 'ok') throw new Error(`/readyz answered ${ready.body.toString()}`);
    const stopMs = await timeMs(() => stopPid(daemon.pid));
    return { startMs, stopMs };
  } finally {
    await stopPid(daemon.pid);
  }
}

async function freshStarts(): Promise<StartStop[]> {
  const results: StartStop[] = [];
  for (let i = 0; i < runs; i++) {
    const dataDir = tempDataDir('startup');
    try {
      results.push(await startOnce(dataDir));
    } finally {
      removeTempDir(dataDir);
    }
  }
  return results;
}

async function restarts(): Promise<StartStop[]> {
  const dataDir = tempDataDir('restart');
  try {
    await startOnce(dataDir); // makes the data dir; not counted
    const results: StartStop[] = [];
    for (let i = 0; i < runs; i++) results.push(await startOnce(dataDir));
    return results;
  } finally {
    removeTempDir(dataDir);
  }
}

async function nodeFloor(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    times.push(
      await timeMs(async () => {
        const out = await runProcess(process.execPath, ['-e', '']);
        if (out.code !== 0) throw new Error(`node -e '' exited ${out.code}`);
      }),
    );
  }
  return times;
}

export async function benchStartup(): Promise<BenchRow[]> {
  const floor = median(await nodeFloor());
  const fresh = await freshStarts();
  const again = await restarts();
  const comparison = `node -e '' ${ms(floor)} (x2 processes = ${ms(2 * floor)}); ${literature}`;
  const row = (figure: string, results: StartStop[]): BenchRow => {
    const value = median(results.map((r) => r.startMs));
    const range = `${ms(Math.min(...results.map((r) => r.startMs)))}–${ms(Math.max(...results.map((r) => r.startMs)))}`;
    return { figure: `${figure}, median of ${runs}`, measured: `${ms(value)} (${range})`, target: `< ${targetMs} ms`, met: value < targetMs, comparison };
  };
  const stops = [...fresh, ...again].map((r) => r.stopMs);
  return [
    row('up --detach → /readyz, fresh data dir', fresh),
    row('up --detach → /readyz, restart (existing dir)', again),
    { figure: `stop (SIGTERM → process gone), median of ${stops.length}`, measured: ms(median(stops)), target: '', comparison: `max ${ms(Math.max(...stops))}` },
  ];
}
