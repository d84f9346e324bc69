/**
 * Write throughput: ConfigMap creates over HTTPS from 8 parallel keep-alive clients against a
 * daemon started with the CLI, creates/s. Compared, in the same run, with raw LevelDB
 * (classic-level) writes of the same JSON in a temp dir: one put per batch from the same number of
 * concurrent writers, and grouped batches. The ratio says how much of LevelDB's speed the API
 * server (TLS, HTTP, decoding, defaulting, validation, encoding) keeps.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { inParallel, BenchClient } from './bench-http.js';
import { cpuMsOf, removeTempDir, tempDataDir, withDaemon } from './bench-daemon.js';
import { rate, timeMs, type BenchRow } from './bench-report.js';

const clients = 8;
const total = 20_000;
const warmup = 400;
const groupSize = 256;
const targetPerSecond = 2_000;
const namespace = 'bench';

interface CpuUse {
  daemonMs: number;
  clientMs: number;
  elapsed: number;
}

function configMap(name: string): object {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels: { app: 'bench' } }, data: { 'game.properties': 'lives=3\nlevel=1\n', mode: 'easy' } };
}

/** Creates over HTTPS; returns creates/s and one stored object as the server returned it. */
export async function httpCreates(): Promise<{ perSecond: number; storedJson: string; cpu: CpuUse }> {
  return withDaemon('creates', async (daemon) => {
    const setup = new BenchClient(daemon);
    await setup.send('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    const path = `/api/v1/namespaces/${namespace}/configmaps`;
    const storedJson = (await setup.send('POST', path, configMap('template'))).body.toString('utf8');
    setup.close();
    await inParallel(daemon, clients, warmup, (client, i) => client.send('POST', path, configMap(`warm-${i}`)));
    const [daemonCpu, ownCpu] = [cpuMsOf(daemon.pid), process.cpuUsage()];
    const elapsed = await timeMs(() => inParallel(daemon, clients, total, (client, i) => client.send('POST', path, configMap(`cm-${i}`))));
    const own = process.cpuUsage(ownCpu);
    const cpu = { daemonMs: (cpuMsOf(daemon.pid) ?? Number.NaN) - (daemonCpu ?? Number.NaN), clientMs: (own.user + own.system) / 1000, elapsed };
    const check = new BenchClient(daemon);
    const list = await check.json<{ items: unknown[] }>('GET', path);
    check.close();
    if (list.items.length !== total + warmup + 1) throw new Error(`expected ${total + warmup + 1} configmaps, the server lists ${list.items.length}`);
    return { perSecond: (total * 1000) / elapsed, storedJson, cpu };
  });
}

/** Raw classic-level puts of storedJson (name varied): one put per batch, and grouped batches. */
export async function levelWrites(storedJson: string): Promise<{ single: number; grouped: number }> {
  const dir = tempDataDir('level');
  const db = new ClassicLevel<string, string>(join(dir, 'db'), { keyEncoding: 'utf8', valueEncoding: 'utf8' });
  await db.open();
  const op = (prefix: string, i: number): { type: 'put'; key: string; value: string } => ({
    type: 'put',
    key: `/registry/configmaps/${namespace}/${prefix}-${i}`,
    value: storedJson.replace('"template"', `"${prefix}-${i}"`),
  });
  try {
    let next = 0;
    const single = await timeMs(() =>
      Promise.all(
        Array.from({ length: clients }, async () => {
          for (let i = next++; i < total; i = next++) await db.batch([op('single', i)]);
        }),
      ),
    );
    const grouped = await timeMs(async () => {
      for (let start = 0; start < total; start += groupSize) {
        await db.batch(Array.from({ length: Math.min(groupSize, total - start) }, (_, k) => op('grouped', start + k)));
      }
    });
    return { single: (total * 1000) / single, grouped: (total * 1000) / grouped };
  } finally {
    await db.close();
    removeTempDir(dir);
  }
}

export async function benchCreates(): Promise<BenchRow[]> {
  const http = await httpCreates();
  const level = await levelWrites(http.storedJson);
  return [
    {
      figure: `ConfigMap creates, HTTPS, ${clients} keep-alive clients, ${total.toLocaleString('en-US')} total`,
      measured: rate(http.perSecond),
      target: `>= ${rate(targetPerSecond)}`,
      met: http.perSecond >= targetPerSecond,
      comparison: `raw classic-level 1 put/batch x${clients}: ${rate(level.single)} (kubelab = ${((100 * http.perSecond) / level.single).toFixed(0)}%)`,
    },
    {
      figure: 'CPU per create in that run (bench clients on the same cores)',
      measured: `daemon ${(http.cpu.daemonMs / total).toFixed(3)} ms`,
      target: '',
      comparison: `bench clients ${(http.cpu.clientMs / total).toFixed(3)} ms; daemon busy ${((100 * http.cpu.daemonMs) / http.cpu.elapsed).toFixed(0)}% of one core, ${cpus().length} core(s)`,
    },
    {
      figure: `raw classic-level, same JSON (${http.storedJson.length} B), batches of ${groupSize}`,
      measured: rate(level.grouped),
      target: '',
      comparison: `kubelab = ${((100 * http.perSecond) / level.grouped).toFixed(1)}% of grouped LevelDB`,
    },
  ];
}
