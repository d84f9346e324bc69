/**
 * `kubectl scale deployment --replicas=1000` as a benchmark: a Deployment of 1 is scaled to 1,000
 * through the scale subresource (the request kubectl sends), and the time is taken until all 1,000
 * pods exist and are bound to nodes. Target (issue #4): within 3 s. Comparison in the same run:
 * the time until all pods exist, before binding.
 */
import { wallSleep } from '../../shared/clock.js';
import { daemonOf, kubelabUp, removeTempDir, stopPid, tempDataDir } from './bench-daemon.js';
import { BenchClient } from './bench-http.js';
import { monotonicMs } from '../../shared/clock.js';
import { ms, type BenchRow } from './bench-report.js';

const replicas = 1000;
const targetMs = 3000;
const workers = 10;

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'scale' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'scale' } },
    template: { metadata: { labels: { app: 'scale' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.14' }] } },
  },
};

async function countPods(client: BenchClient): Promise<{ total: number; bound: number }> {
  const res = await client.send('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dscale');
  const items = (JSON.parse(res.body.toString()) as { items: { spec: { nodeName?: string } }[] }).items;
  return { total: items.length, bound: items.filter((p) => p.spec.nodeName).length };
}

export async function benchScale(): Promise<BenchRow[]> {
  const dataDir = tempDataDir('scale');
  // 10 workers: a node holds 110 pods (the kubelet's default max-pods), so 1,000 need more than 3.
  const daemon = daemonOf(dataDir, await kubelabUp(dataDir, ['--nodes', String(workers)]));
  const client = new BenchClient(daemon);
  try {
    await client.send('POST', '/apis/apps/v1/namespaces/default/deployments', deployment, { 'Content-Type': 'application/json' });
    while ((await countPods(client)).bound < 1) await wallSleep(20);
    const start = monotonicMs();
    await client.send('PATCH', '/apis/apps/v1/namespaces/default/deployments/scale/scale', { spec: { replicas } }, { 'Content-Type': 'application/merge-patch+json' });
    let created: number | undefined;
    for (;;) {
      const { total, bound } = await countPods(client);
      if (created === undefined && total >= replicas) created = monotonicMs() - start;
      if (bound >= replicas) break;
      if (monotonicMs() - start > 60_000) throw new Error(`only ${bound} of ${replicas} pods bound after 60 s`);
      await wallSleep(25);
    }
    const bound = monotonicMs() - start;
    return [
      {
        figure: `scale deployment 1 → ${replicas}: all pods created and bound`,
        measured: ms(bound),
        target: `< ${ms(targetMs)}`,
        met: bound < targetMs,
        comparison: `all ${replicas} created after ${ms(created ?? bound)}; ${workers} worker nodes of 110 pods`,
      },
    ];
  } finally {
    client.close();
    await stopPid(daemon.pid);
    removeTempDir(dataDir);
  }
}
