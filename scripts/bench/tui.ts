/**
 * TUI benchmark (issue #8, Performance): the real App (cluster cache, informer, table model, React)
 * drawn by Ink exactly as `kubelab tui` draws it (tui/main.tsx's options: maxFps 20, log-update
 * diffing, colours on) into a fixed 140x45 terminal, over a scripted cluster of 10,000
 * daemon-shaped pods whose list and watch events arrive as JSON text (tui-cluster.ts). Measures the
 * first full table, keypress-to-frame while 100 pod changes/s stream in, the CPU of this process
 * during that stream and on a quiet cluster afterwards, and the peak RSS.
 * Scripted rather than a daemon so that the figures are the TUI's own, not the daemon's (both
 * would share this process); what the scripted side does per event (one JSON.stringify) is
 * counted against the TUI, which makes the CPU figure slightly pessimistic.
 */
import { pathToFileURL } from 'node:url';
import { RealClock, monotonicMs, wallSleep } from '../../shared/clock.js';
import { formatTable, median, percentile, type BenchRow } from './bench-report.js';
import { FakeStdin, FakeStdout } from './fake-terminal.js';
import { benchPod, scriptedCluster } from './tui-cluster.js';

const podCount = 10_000;
const changesPerSecond = 100;
const streamSeconds = 10;
const keysPerSecond = 5;
/** Rows keep their "modified" colour 5 s (tui/state/table-model.ts); wait that out before idling. */
const settleSeconds = 6;
const idleSeconds = 10;
const size = { columns: 140, rows: 45 };
const podIntervalMs = 20;

/** Loads Ink the way a colour terminal would see it. Ink and chalk read the environment on import. */
async function loadInk() {
  // The build `kubelab tui` runs (scripts/cli/tui.ts sets it before importing the TUI).
  process.env.NODE_ENV ??= 'production';
  // A benchmark run from a pipe would otherwise draw without colours (less work than a terminal).
  process.env.FORCE_COLOR ??= '3';
  // Under CI, Ink skips writing frames altogether (is-in-ci): measure the terminal's path anyway.
  if ('CI' in process.env) process.env.CI = 'false';
  const [{ render }, { createElement }, { App }, { inkRenderOptions }] = await Promise.all([import('ink'), import('react'), import('../../tui/app.js'), import('../../tui/main.js')]);
  return { render, createElement, App, inkRenderOptions };
}

function cpuPercent(since: NodeJS.CpuUsage, wallMs: number): number {
  const cpu = process.cpuUsage(since);
  return ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = monotonicMs() + timeoutMs;
  while (!condition()) {
    if (monotonicMs() > deadline) throw new Error(`bench tui: timed out waiting for ${what}`);
    await wallSleep(2);
  }
}

export async function benchTui(): Promise<BenchRow[]> {
  const { render, createElement, App, inkRenderOptions } = await loadInk();
  const clock = new RealClock();
  // A Deployment scaled to 10,000 about three hours ago, 50 pods a second (ReplicaSet slow-start
  // batches): AGE reads "3h" on every row, as on a cluster at rest.
  const created = clock.now() - 3 * 3600_000 - podCount * podIntervalMs;
  // The list body as the daemon would send it; dropped once parsed, as the HTTP client drops it.
  let listBody: string | undefined = JSON.stringify({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: String(podCount + 100) }, items: Array.from({ length: podCount }, (_, i) => benchPod(i, created + i * podIntervalMs)) });
  const cluster = scriptedCluster(() => {
    const body = listBody ?? '{"apiVersion":"v1","kind":"PodList","metadata":{},"items":[]}';
    listBody = undefined;
    return body;
  });
  const stdout = new FakeStdout(size.columns, size.rows);
  const stdin = new FakeStdin();
  let renderMs = 0;
  let renders = 0;
  const info = { context: 'kubelab', cluster: 'kubelab', server: 'https://127.0.0.1:6443', namespace: 'default', speed: 1 };
  const started = monotonicMs();
  const app = render(createElement(App, { client: cluster.client, clock, info, size, onQuit: () => undefined }), {
    ...inkRenderOptions,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: stdout as unknown as NodeJS.WriteStream,
    onRender: ({ renderTime }) => {
      renders++;
      renderMs += renderTime;
    },
  });
  let seen = '';
  await until(() => (seen = (seen + stdout.takeText()).slice(-20_000)).includes(`pods(default)[${podCount}]`), 'the first full table');
  const firstTableMs = monotonicMs() - started;
  seen = '';

  // 100 MODIFIED events a second (restart counts going up), keys pressed while they stream.
  let n = 0;
  const stream = clock.every(1000 / changesPerSecond, () => {
    const i = (n++ * 7919) % podCount;
    cluster.emit({ type: 'MODIFIED', object: benchPod(i, created + i * podIntervalMs, n) });
  });
  const streamCpu = process.cpuUsage();
  const streamStart = monotonicMs();
  const rendersBefore = renders;
  const renderMsBefore = renderMs;
  const writesBefore = stdout.writes;
  let peakRss = 0;
  const latencies: number[] = [];
  for (let k = 0; k < streamSeconds * keysPerSecond; k++) {
    const writes = stdout.writes;
    const pressed = monotonicMs();
    stdin.press(k % 2 === 0 ? 'j' : 'k');
    await until(() => stdout.writes > writes, 'the frame after a key');
    latencies.push(stdout.lastWriteAt - pressed);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    stdout.takeText();
    await wallSleep(Math.max(0, 1000 / keysPerSecond - (monotonicMs() - pressed)));
  }
  const streamWall = monotonicMs() - streamStart;
  const streamPercent = cpuPercent(streamCpu, streamWall);
  const frames = renders - rendersBefore;
  const framesPerSecond = (frames / streamWall) * 1000;
  const writesPerSecond = ((stdout.writes - writesBefore) / streamWall) * 1000;
  const inkMsPerFrame = (renderMs - renderMsBefore) / Math.max(1, frames);
  stream.cancel();

  await wallSleep(settleSeconds * 1000);
  stdout.takeText();
  const idleCpu = process.cpuUsage();
  const idleStart = monotonicMs();
  const idleRenders = renders;
  await wallSleep(idleSeconds * 1000);
  const idleWall = monotonicMs() - idleStart;
  const idlePercent = cpuPercent(idleCpu, idleWall);
  const idleFrames = ((renders - idleRenders) / idleWall) * 1000;
  const restingRssMb = process.memoryUsage().rss / 1024 / 1024;
  app.unmount();
  app.cleanup();
  const rssMb = peakRss / 1024 / 1024;
  return [
    { figure: `TUI first full table, ${podCount} pods`, measured: `${firstTableMs.toFixed(0)} ms`, target: '< 1000 ms', met: firstTableMs < 1000, comparison: 'k9s never loads ~7,000 pods (its issue #3245)' },
    { figure: `TUI keypress-to-frame median, ${changesPerSecond} changes/s`, measured: `${median(latencies).toFixed(1)} ms`, target: '< 50 ms', met: median(latencies) < 50, comparison: `${latencies.length} keys, p90 ${percentile(latencies, 90).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms` },
    { figure: 'TUI CPU during the stream', measured: `${streamPercent.toFixed(1)} % of a core`, target: '< 30 %', met: streamPercent < 30, comparison: `${framesPerSecond.toFixed(1)} frames/s (${writesPerSecond.toFixed(1)} writes/s), Ink layout+output ${inkMsPerFrame.toFixed(2)} ms/frame` },
    { figure: 'TUI CPU idle (quiet cluster)', measured: `${idlePercent.toFixed(2)} % of a core`, target: '< 1 %', met: idlePercent < 1, comparison: `${idleFrames.toFixed(2)} frames/s (frames only when a visible AGE, highlight or the HH:MM clock moves)` },
    { figure: 'TUI peak RSS', measured: `${rssMb.toFixed(0)} MB`, target: '< 300 MB', met: rssMb < 300, comparison: `${podCount} pods of ~3 KB JSON each; ${restingRssMb.toFixed(0)} MB at rest after the stream` },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchTui().then(
    (rows) => {
      process.stdout.write(formatTable(rows) + '\n');
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`bench tui: ${(err as Error).stack}\n`);
      process.exit(1);
    },
  );
}
