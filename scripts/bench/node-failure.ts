/**
 * Node failure as a benchmark (issue #7): a Deployment of 300 pods on 4 workers at `--speed 50`,
 * one worker killed, and the time from the kill until all 300 pods are Running and Ready again
 * off the dead node. The simulation must not be what limits detection and reaction: the target is
 * the theoretical (50 s grace + 300 s toleration) / 50 + 1 s = 8 s, plus 15 %. The comparison
 * column splits the time into detection (NotReady), eviction and rescheduling.
 */
import { monotonicMs, wallSleep } from '../../shared/clock.js';
import { daemonOf, kubelabUp, removeTempDir, stopPid, tempDataDir } from './bench-daemon.js';
import { BenchClient } from './bench-http.js';
import { ms, type BenchRow } from './bench-report.js';

const replicas = 300;
const workers = 4;
const speed = 50;
const theoreticalMs = ((50 + 300) / speed + 1) * 1000;
const targetMs = theoreticalMs * 1.15;
const victim = 'node2';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'fleet' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'fleet' } },
    template: { metadata: { labels: { app: 'fleet' } }, spec: { containers: [{ name: 'sleeper', image: 'busybox:1.36', command: ['sleep', '3600'] }] } },
  },
};

interface PodItem {
  metadata: { deletionTimestamp?: string };
  spec: { nodeName?: string };
  status: { phase?: string; conditions?: { type: string; status: string }[] };
}

async function readyOffVictim(client: BenchClient): Promise<{ ready: number; onVictim: number; deleting: number }> {
  const res = await client.send('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dfleet');
  const items = (JSON.parse(res.body.toString()) as { items: PodItem[] }).items;
  const isReady = (p: PodItem): boolean => p.status.phase === 'Running' && (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  const live = items.filter((p) => !p.metadata.deletionTimestamp);
  return {
    ready: live.filter((p) => p.spec.nodeName !== victim && isReady(p)).length,
    onVictim: live.filter((p) => p.spec.nodeName === victim).length,
    deleting: items.length - live.length,
  };
}

async function nodeNotReady(client: BenchClient): Promise<boolean> {
  const node = JSON.parse((await client.send('GET', `/api/v1/nodes/${victim}`)).body.toString()) as PodItem;
  return (node.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status !== 'True');
}

export async function benchNodeFailure(): Promise<BenchRow[]> {
  const dataDir = tempDataDir('node-failure');
  const daemon = daemonOf(dataDir, await kubelabUp(dataDir, ['--nodes', String(workers), '--speed', String(speed)]));
  const client = new BenchClient(daemon);
  try {
    await client.send('POST', '/apis/apps/v1/namespaces/default/deployments', deployment, { 'Content-Type': 'application/json' });
    const setupStart = monotonicMs();
    let before = await readyOffVictim(client);
    while (before.ready + before.onVictim < replicas) {
      if (monotonicMs() - setupStart > 120_000) throw new Error(`only ${before.ready + before.onVictim} of ${replicas} pods ready after 120 s`);
      await wallSleep(100);
      before = await readyOffVictim(client);
    }
    const start = monotonicMs();
    await client.send('POST', `/kubelab/v1/nodes/${victim}/kill`);
    let notReadyAt: number | undefined;
    let evictionAt: number | undefined;
    for (;;) {
      const now = monotonicMs() - start;
      if (notReadyAt === undefined && (await nodeNotReady(client))) notReadyAt = now;
      const state = await readyOffVictim(client);
      if (evictionAt === undefined && state.deleting > 0) evictionAt = now;
      if (state.ready >= replicas && state.onVictim === 0) break;
      if (now > 60_000) throw new Error(`only ${state.ready} of ${replicas} pods ready off ${victim} 60 s after the kill`);
      await wallSleep(20);
    }
    const total = monotonicMs() - start;
    return [
      {
        figure: `kill 1 of ${workers} workers under ${replicas} pods at --speed ${speed}: all Running again`,
        measured: ms(total),
        target: `<= ${ms(targetMs)}`,
        met: total <= targetMs,
        comparison: `theoretical ${ms(theoreticalMs)}; ${before.onVictim} pods moved; NotReady after ${ms(notReadyAt ?? total)}, first eviction after ${ms(evictionAt ?? total)}`,
      },
    ];
  } finally {
    client.close();
    await stopPid(daemon.pid);
    removeTempDir(dataDir);
  }
}
