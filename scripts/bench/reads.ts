/**
 * Read latency with a realistic amount of state: 10,000 nginx pods (labels, resources, probes, a
 * node, and a Running status set through pods/status) created over HTTPS, then GET one pod by a
 * random name (sequential, one keep-alive connection, p50/p99) and LIST all of them as the
 * server-side Table kubectl asks for (and as plain JSON, for comparison), timed to the last byte.
 * Kubernetes' API SLOs for reference: p99 ≤ 1 s for a single object, ≤ 30 s for a cluster LIST.
 */
import { BenchClient, inParallel, tableAccept } from './bench-http.js';
import { cpuMsOf, withDaemon, type BenchDaemon } from './bench-daemon.js';
import { median, ms, percentile, timeMs, type BenchRow } from './bench-report.js';

const pods = 10_000;
const gets = 2_000;
const getWarmup = 200;
const lists = 5;
const namespace = 'bench';
const path = `/api/v1/namespaces/${namespace}/pods`;

function pod(i: number): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `web-7c9d8f6b5-${i}`, namespace, labels: { app: 'web', tier: 'frontend', 'pod-template-hash': '7c9d8f6b5' } },
    spec: {
      nodeName: `kubelab-worker-${i % 3}`,
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.27',
          ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
          readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
        },
      ],
    },
  };
}

function runningStatus(i: number): object {
  const at = '2025-01-01T00:00:00Z';
  const ip = `10.244.${i % 3}.${(i % 250) + 2}`;
  const conditions = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastTransitionTime: at }));
  return {
    status: {
      phase: 'Running',
      conditions,
      hostIP: `127.0.10.${(i % 3) + 2}`,
      podIP: ip,
      podIPs: [{ ip }],
      startTime: at,
      containerStatuses: [{ name: 'nginx', ready: true, started: true, restartCount: 0, image: 'nginx:1.27', imageID: 'docker.io/library/nginx@sha256:0a39', containerID: `kubelab://${i}`, state: { running: { startedAt: at } } }],
    },
  };
}

async function fillPods(daemon: BenchDaemon): Promise<void> {
  await new BenchClient(daemon).send('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  await inParallel(daemon, 8, pods, async (client, i) => {
    await client.send('POST', path, pod(i));
    await client.send('PATCH', `${path}/web-7c9d8f6b5-${i}/status`, runningStatus(i), { 'Content-Type': 'application/merge-patch+json' });
  });
}

/** Sequential GETs of random pods; returns each latency in ms. */
async function getLatencies(client: BenchClient, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let n = 0; n < count; n++) {
    const name = `web-7c9d8f6b5-${Math.floor(Math.random() * pods)}`;
    times.push(await timeMs(() => client.send('GET', `${path}/${name}`)));
  }
  return times;
}

async function listTimes(client: BenchClient, accept: string): Promise<{ times: number[]; bytes: number }> {
  let bytes = 0;
  const list = async (): Promise<void> => {
    bytes = (await client.send('GET', path, undefined, { Accept: accept })).body.length;
  };
  await list(); // warm-up, not counted
  const times: number[] = [];
  for (let n = 0; n < lists; n++) times.push(await timeMs(list));
  return { times, bytes };
}

export async function benchReads(): Promise<BenchRow[]> {
  return withDaemon('reads', async (daemon) => {
    const fillMs = await timeMs(() => fillPods(daemon));
    const client = new BenchClient(daemon);
    try {
      const sample = await client.json<{ status?: { phase?: string } }>('GET', `${path}/web-7c9d8f6b5-0`);
      if (sample.status?.phase !== 'Running') throw new Error(`pods/status patch did not stick: phase ${sample.status?.phase}`);
      await getLatencies(client, getWarmup);
      const cpuBefore = cpuMsOf(daemon.pid) ?? Number.NaN;
      const latencies = await getLatencies(client, gets);
      const cpuPerGet = ((cpuMsOf(daemon.pid) ?? Number.NaN) - cpuBefore) / gets;
      const table = await listTimes(client, tableAccept);
      const plain = await listTimes(client, 'application/json');
      const [p50, p99, tableMs, plainMs] = [percentile(latencies, 50), percentile(latencies, 99), median(table.times), median(plain.times)];
      const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
      return [
        {
          figure: `GET one pod of ${pods.toLocaleString('en-US')}, ${gets} sequential, p99`,
          measured: `${ms(p99)} (p50 ${ms(p50)}, max ${ms(Math.max(...latencies))})`,
          target: '< 5 ms',
          met: p99 < 5,
          comparison: `daemon CPU ${cpuPerGet.toFixed(3)} ms/GET; k8s SLO p99 <= 1 s (reference); filled at ${Math.round((pods * 2000) / fillMs)} writes/s`,
        },
        {
          figure: `LIST ${pods.toLocaleString('en-US')} pods as Table, median of ${lists}`,
          measured: `${ms(tableMs)} (${mb(table.bytes)})`,
          target: '< 500 ms',
          met: tableMs < 500,
          comparison: `plain JSON list ${ms(plainMs)} (${mb(plain.bytes)}); k8s SLO <= 30 s (reference)`,
        },
      ];
    } finally {
      client.close();
    }
  });
}
