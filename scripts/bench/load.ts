/**
 * Load (issue #9, item 4): 50 concurrent kubectl-like clients (get, list, create, patch, delete, and
 * watchers) for 60 s against a cluster holding 5,000 pods. p99 latencies against Kubernetes' API
 * call SLOs (1 s for a single object, 30 s for a cluster-wide list); no error but Conflicts; every
 * watcher's final view equals a fresh list. The pods stay Pending (a nodeSelector no node has), so
 * the load is on the API, not on the simulated containers. KUBELAB_LOAD_PODS / _SECONDS scale it.
 */
import { Agent } from 'node:https';
import { monotonicMs, wallSleep } from '../../shared/clock.js';
import { withDaemon, type BenchDaemon } from './bench-daemon.js';
import { ms, percentile, type BenchRow } from './bench-report.js';
import { sendRaw } from './fuzz-campaign.js';

const benchPods = Number(process.env.KUBELAB_LOAD_PODS ?? 5_000);
const benchSeconds = Number(process.env.KUBELAB_LOAD_SECONDS ?? 60);
const clients = 50;
const watchers = 5;
const ns = 'load';

type Verb = 'get' | 'list namespace' | 'list cluster' | 'create' | 'patch' | 'delete';

function pod(i: number): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `load-${i}`, labels: { app: 'load' } }, spec: { nodeSelector: { 'kubelab.io/load': 'none' }, containers: [{ name: 'c', image: 'busybox' }] } });
}

async function fill(daemon: BenchDaemon, agent: Agent, pods: number): Promise<void> {
  await sendRaw(daemon, agent, { method: 'POST', path: '/api/v1/namespaces', contentType: 'application/json', body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }) });
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    for (let i = next++; i < pods; i = next++) {
      const answer = await sendRaw(daemon, agent, { method: 'POST', path: `/api/v1/namespaces/${ns}/pods`, contentType: 'application/json', body: pod(i) });
      if (answer.code !== 201) throw new Error(`load: creating pod ${i}: ${answer.code} ${answer.text.slice(0, 200)}`);
    }
  }));
}

/** A chunked watch of the namespace's ConfigMaps keeping its own view (name → resourceVersion). */
function watchConfigMaps(daemon: BenchDaemon, from: string, view: Map<string, string>): { stop(): void; done: Promise<void> } {
  const controller = new AbortController();
  const done = import('node:https').then(({ request }) => new Promise<void>((resolve) => {
    const url = new URL(daemon.server);
    const req = request({ host: url.hostname, port: url.port, path: `/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=${from}`, ca: daemon.ca, signal: controller.signal, headers: { Authorization: `Bearer ${daemon.token}` } }, (res) => {
      let buffer = '';
      res.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines.filter(Boolean)) {
          const event = JSON.parse(line) as { type: string; object: { metadata: { name: string; resourceVersion: string } } };
          if (event.type === 'DELETED') view.delete(event.object.metadata.name);
          else if (event.type !== 'BOOKMARK') view.set(event.object.metadata.name, event.object.metadata.resourceVersion);
        }
      });
      res.on('end', resolve);
      res.on('error', () => resolve());
    });
    req.on('error', () => resolve()); // aborted at the end of the run
    req.end();
  }));
  return { stop: () => controller.abort(), done };
}

export function benchLoad(): Promise<BenchRow[]> {
  return withDaemon('load', (daemon) => runLoad(daemon, benchPods, benchSeconds));
}

/** Fills the cluster with `pods` pods, runs the clients for `seconds`, and reports one row per figure. */
export async function runLoad(daemon: BenchDaemon, pods: number, seconds: number): Promise<BenchRow[]> {
  const agent = new Agent({ keepAlive: true, ca: daemon.ca, maxSockets: clients + 4 });
  await fill(daemon, agent, pods);
  // Each watcher lists, then watches from the list's revision, as an informer does.
  const initial = JSON.parse((await sendRaw(daemon, agent, { method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps` })).text) as { metadata: { resourceVersion: string }; items: { metadata: { name: string; resourceVersion: string } }[] };
  const start = initial.metadata.resourceVersion;
  const views = Array.from({ length: watchers }, () => new Map(initial.items.map((i) => [i.metadata.name, i.metadata.resourceVersion])));
  const watches = views.map((view) => watchConfigMaps(daemon, start, view));
  const latencies = new Map<Verb, number[]>();
  const errors: string[] = [];
  let conflicts = 0;
  const deadline = monotonicMs() + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    for (let n = 0; monotonicMs() < deadline; n++) {
      const roll = (c * 7 + n) % 20;
      const verb: Verb = roll < 8 ? 'get' : roll < 11 ? 'list namespace' : roll < 12 ? 'list cluster' : roll < 15 ? 'create' : roll < 18 ? 'patch' : 'delete';
      const name = `cm-${c}-${n % 10}`;
      const request =
        verb === 'get' ? { method: 'GET', path: `/api/v1/namespaces/${ns}/pods/load-${(c * 97 + n) % pods}` }
        : verb === 'list namespace' ? { method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps` }
        : verb === 'list cluster' ? { method: 'GET', path: '/api/v1/pods' }
        : verb === 'create' ? { method: 'POST', path: `/api/v1/namespaces/${ns}/configmaps`, contentType: 'application/json', body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { n: String(n) } }) }
        : verb === 'patch' ? { method: 'PATCH', path: `/api/v1/namespaces/${ns}/configmaps/${name}`, contentType: 'application/merge-patch+json', body: JSON.stringify({ data: { n: String(n) } }) }
        : { method: 'DELETE', path: `/api/v1/namespaces/${ns}/configmaps/${name}` };
      const t0 = monotonicMs();
      const answer = await sendRaw(daemon, agent, request);
      const took = monotonicMs() - t0;
      (latencies.get(verb) ?? latencies.set(verb, []).get(verb)!).push(took);
      // Not found and already exists are the expected outcomes of clients racing over the same names.
      if (answer.code === 409) conflicts++;
      else if (answer.code >= 400 && answer.code !== 404) errors.push(`${request.method} ${request.path}: ${answer.code} ${answer.text.slice(0, 120)}`);
    }
  }));
  const final = JSON.parse((await sendRaw(daemon, agent, { method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps` })).text) as { items: { metadata: { name: string; resourceVersion: string } }[] };
  const truth = new Map(final.items.map((i) => [i.metadata.name, i.metadata.resourceVersion]));
  // Wait until every watcher has caught up with the last write, then compare.
  const caughtUp = monotonicMs() + 10_000;
  const same = (view: Map<string, string>): boolean => view.size === truth.size && [...truth].every(([k, v]) => view.get(k) === v);
  while (!views.every(same) && monotonicMs() < caughtUp) await wallSleep(50);
  const missed = views.filter((v) => !same(v)).length;
  for (const w of watches) w.stop();
  agent.destroy();
  const total = [...latencies.values()].reduce((a, l) => a + l.length, 0);
  const rows: BenchRow[] = [];
  for (const [verb, list] of latencies) {
    const slo = verb === 'list cluster' ? 30_000 : verb === 'list namespace' ? 5_000 : 1_000;
    const p99 = percentile(list, 99);
    rows.push({ figure: `load: p99 ${verb}`, measured: ms(p99), target: `< ${slo / 1000} s`, met: p99 < slo, comparison: `${list.length.toLocaleString('en-US')} calls, median ${ms(percentile(list, 50))}` });
  }
  rows.push({ figure: 'load: errors other than Conflict', measured: String(errors.length), target: '0', met: errors.length === 0, comparison: errors[0] ?? `${conflicts} × 409 (Conflict, AlreadyExists: clients racing over the same names); ${total.toLocaleString('en-US')} calls by ${clients} clients in ${seconds} s over ${pods.toLocaleString('en-US')} pods` });
  rows.push({ figure: 'load: watchers whose view differs from a list', measured: `${missed} of ${watchers}`, target: '0', met: missed === 0, comparison: `${truth.size} ConfigMaps at the end` });
  return rows;
}

