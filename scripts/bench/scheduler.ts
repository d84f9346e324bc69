/**
 * Scheduler throughput: kubelab's default-scheduler with 100 nodes against the in-process API
 * (the real registry over LevelDB in a temp dir, the real clock), in pods bound per second. Two
 * runs: a backlog of pending pods drained once the scheduler starts (scheduling and binding alone,
 * as kube-scheduler's scheduler_perf measures SchedulingThroughput), and pods created by 16
 * concurrent writers while it runs (create + schedule + bind). The pods belong to a ReplicaSet, so
 * every cycle also runs the default topology spreading over all bound pods.
 */
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import { LocalClient } from '../../daemon/apiserver/local-client.js';
import { bootstrapCluster } from '../../daemon/apiserver/bootstrap.js';
import { GenericRegistry } from '../../daemon/apiserver/registry/generic-registry.js';
import { Scheduler } from '../../daemon/scheduler/scheduler.js';
import { LevelStore } from '../../daemon/store/level-store.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { monotonicMs, RealClock } from '../../shared/clock.js';
import type { ApiClient } from '../../shared/client/client.js';
import { SharedInformerFactory } from '../../shared/client/informer-factory.js';
import { setLogLevel } from '../../shared/log.js';
import { removeTempDir, tempDataDir } from './bench-daemon.js';
import { rate, type BenchRow } from './bench-report.js';

const nodeCount = 100;
const podCount = 5_000;
const writers = 16;
const targetPerSecond = 1_000;
const namespace = 'bench';
const refs = {
  namespaces: { group: '', version: 'v1', resource: 'namespaces' },
  nodes: { group: '', version: 'v1', resource: 'nodes' },
  pods: { group: '', version: 'v1', resource: 'pods' },
  replicaSets: { group: 'apps', version: 'v1', resource: 'replicasets' },
};

function node(i: number): KubeObject {
  const resources = { cpu: '32', memory: '128Gi', pods: '110', 'ephemeral-storage': '100Gi' };
  const name = `node${i}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    status: { capacity: resources, allocatable: resources, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] },
  };
}

function pod(i: number, owner: KubeObject): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `web-7c9d8f6b5-${i}`,
      labels: { app: 'web', 'pod-template-hash': '7c9d8f6b5' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
  };
}

async function inParallel(count: number, total: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: count }, async () => {
    for (let i = next++; i < total; i = next++) await fn(i);
  }));
}

interface Run {
  perSecond: number;
  elapsedMs: number;
  spread: { min: number; max: number };
}

/** One run on a fresh store: `backlog` creates every pod before the scheduler starts. */
async function runOnce(mode: 'backlog' | 'streaming'): Promise<Run> {
  const dir = tempDataDir('scheduler');
  const store = await LevelStore.open(join(dir, 'store'));
  const clock = new RealClock();
  const client: ApiClient = new LocalClient(new GenericRegistry({ store, clock }));
  const abort = new AbortController();
  // One signal for every informer and the scheduler, as the controller manager shares its own (manager.ts).
  setMaxListeners(0, abort.signal);
  try {
    await bootstrapCluster(client, { address: '127.0.0.1', port: 6443 });
    await client.create(refs.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    await inParallel(writers, nodeCount, (i) => client.create(refs.nodes, undefined, node(i)));
    const owner = await client.create(refs.replicaSets, namespace, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-7c9d8f6b5' },
      spec: { replicas: podCount, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
    });
    const informers = new SharedInformerFactory({ client, clock });
    const scheduler = Scheduler.fromContext({ client, clock, informers });
    let bound = 0;
    let allBound: () => void = () => {};
    const finished = new Promise<void>((resolve) => (allBound = resolve));
    informers.informerFor(refs.pods).addEventHandler({
      onUpdate: (old, pod) => !old.spec?.nodeName && pod.spec?.nodeName && ++bound === podCount && allBound(),
    });
    const create = (i: number): Promise<unknown> => client.create(refs.pods, namespace, pod(i, owner));
    if (mode === 'backlog') await inParallel(writers, podCount, create);
    informers.start(abort.signal);
    await informers.waitForCacheSync(abort.signal);
    const started = monotonicMs();
    const running = scheduler.start(abort.signal);
    if (mode === 'streaming') await inParallel(writers, podCount, create);
    await finished;
    const elapsedMs = monotonicMs() - started;
    abort.abort();
    await running;
    await informers.stopped();
    const perNode = scheduler.cache.nodes.map((n) => n.pods.size);
    return { perSecond: (podCount * 1000) / elapsedMs, elapsedMs, spread: { min: Math.min(...perNode), max: Math.max(...perNode) } };
  } finally {
    abort.abort();
    await store.close();
    removeTempDir(dir);
  }
}

export async function benchScheduler(): Promise<BenchRow[]> {
  setLogLevel('error');
  const backlog = await runOnce('backlog');
  const streaming = await runOnce('streaming');
  const spread = (run: Run): string => `${run.spread.min}–${run.spread.max} pods per node`;
  return [
    {
      figure: `Scheduler: ${podCount.toLocaleString('en-US')} pending pods bound on ${nodeCount} nodes (backlog)`,
      measured: rate(backlog.perSecond),
      target: `>= ${rate(targetPerSecond)}`,
      met: backlog.perSecond >= targetPerSecond,
      comparison: `${(backlog.elapsedMs / 1000).toFixed(2)} s, ${spread(backlog)}; kube-scheduler's default client limit (kubeAPIQPS 50) binds ~50/s (literature)`,
    },
    {
      figure: `Scheduler: pods created by ${writers} writers and bound as they come (${nodeCount} nodes)`,
      measured: rate(streaming.perSecond),
      target: `>= ${rate(targetPerSecond)}`,
      met: streaming.perSecond >= targetPerSecond,
      comparison: `${(streaming.elapsedMs / 1000).toFixed(2)} s including the creates, ${spread(streaming)}`,
    },
  ];
}
