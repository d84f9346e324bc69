/**
 * Memory over time (issue #9, item 6): a 30-minute soak with a churn of 20 changes/s (Kubernetes'
 * steady-state bound) — ConfigMaps created, updated and deleted, and a Deployment scaled up and
 * down — while the daemon's RSS is sampled every 10 s. After the warm-up (the first fifth) the RSS
 * must stay within 10 % (KWOK's users saw theirs grow from 0.8 % to 28 % of 64 GB in two days,
 * kwok issue #1252). Not part of `npm run bench` by default: `node dist/scripts/bench/soak.js` (or
 * `run-all.js soak`). KUBELAB_SOAK_MINUTES shortens it.
 */
import { Agent } from 'node:https';
import { monotonicMs, wallSleep } from '../../shared/clock.js';
import { withDaemon } from './bench-daemon.js';
import { pathToFileURL } from 'node:url';
import { formatTable, type BenchRow } from './bench-report.js';
import { rssKiB, sendRaw } from './fuzz-campaign.js';

const minutes = Number(process.env.KUBELAB_SOAK_MINUTES ?? 30);
const changesPerSecond = 20;
const sampleEveryMs = 10_000;

export async function benchSoak(): Promise<BenchRow[]> {
  return withDaemon('soak', async (daemon) => {
    const agent = new Agent({ keepAlive: true, ca: daemon.ca, maxSockets: 4 });
    const json = 'application/json';
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'soak' }, spec: { replicas: 3, selector: { matchLabels: { app: 'soak' } }, template: { metadata: { labels: { app: 'soak' } }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] } } } };
    await sendRaw(daemon, agent, { method: 'POST', path: '/apis/apps/v1/namespaces/default/deployments', contentType: json, body: JSON.stringify(deployment) });
    const start = monotonicMs();
    const end = start + minutes * 60_000;
    const samples: { atMs: number; kib: number }[] = [];
    let nextSample = start;
    let changes = 0;
    let errors = 0;
    for (let n = 0; monotonicMs() < end; n++) {
      const due = start + (n * 1000) / changesPerSecond;
      if (due > monotonicMs()) await wallSleep(due - monotonicMs());
      const name = `soak-${n % 200}`;
      const phase = Math.floor(n / 200) % 3;
      const request =
        n % 100 === 0 ? { method: 'PATCH', path: '/apis/apps/v1/namespaces/default/deployments/soak/scale', contentType: 'application/merge-patch+json', body: JSON.stringify({ spec: { replicas: (n / 100) % 2 === 0 ? 6 : 3 } }) }
        : phase === 0 ? { method: 'POST', path: '/api/v1/namespaces/default/configmaps', contentType: json, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { n: String(n) } }) }
        : phase === 1 ? { method: 'PATCH', path: `/api/v1/namespaces/default/configmaps/${name}`, contentType: 'application/merge-patch+json', body: JSON.stringify({ data: { n: String(n) } }) }
        : { method: 'DELETE', path: `/api/v1/namespaces/default/configmaps/${name}` };
      const answer = await sendRaw(daemon, agent, request);
      changes++;
      if (answer.code >= 400 && answer.code !== 404 && answer.code !== 409) errors++;
      if (monotonicMs() >= nextSample) {
        samples.push({ atMs: monotonicMs() - start, kib: rssKiB(daemon.pid) ?? 0 });
        nextSample += sampleEveryMs;
      }
    }
    agent.destroy();
    const warm = samples.filter((s) => s.atMs >= (minutes * 60_000) / 5);
    const kibs = warm.map((s) => s.kib);
    const low = Math.min(...kibs);
    const high = Math.max(...kibs);
    const spread = ((high - low) / low) * 100;
    const mib = (k: number): string => `${(k / 1024).toFixed(0)} MiB`;
    process.stderr.write(`soak: RSS samples (s, MiB): ${samples.map((s) => `${Math.round(s.atMs / 1000)}:${Math.round(s.kib / 1024)}`).join(' ')}\n`);
    return [
      { figure: `soak: RSS after warm-up over ${minutes} min`, measured: `${mib(low)}–${mib(high)} (${spread.toFixed(1)} %)`, target: '≤ 10 %', met: spread <= 10, comparison: `first ${mib(warm[0]?.kib ?? 0)}, last ${mib(warm[warm.length - 1]?.kib ?? 0)}; KWOK: 0.8 % → 28 % of 64 GB in two days (kwok #1252, literature)` },
      { figure: 'soak: changes / errors', measured: `${changes.toLocaleString('en-US')} / ${errors}`, target: `${changesPerSecond}/s, 0 errors`, met: errors === 0 && changes >= minutes * 60 * changesPerSecond * 0.95, comparison: 'ConfigMap create/patch/delete, Deployment scaled 3↔6 every 5 s' },
    ];
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchSoak();
  process.stdout.write(formatTable(rows) + '\n');
  process.exitCode = rows.every((r) => r.met !== false) ? 0 : 1;
}
