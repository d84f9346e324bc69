/**
 * Restart of a busy cluster (issue #9, item 2): a Deployment of N running pods over 3 workers, the
 * daemon sent SIGKILL, started again on the same data dir; then the same pods must be there (names,
 * UIDs, nodes, IPs, container IDs, start times, restart counts), the controllers must not have
 * created or deleted anything (same ReplicaSets, no new SuccessfulCreate/SuccessfulDelete), and no
 * container may have been started again (no new Started or Killing events).
 */
import { Agent } from 'node:https';
import { monotonicMs, wallSleep } from '../../shared/clock.js';
import { isAlive, sendRaw, type FuzzTarget } from './fuzz-campaign.js';

export interface PodView {
  uid: string;
  node: string;
  ip: string;
  phase: string;
  ready: boolean;
  restarts: number;
  containerID: string;
  startedAt: string;
}

export interface ClusterView {
  pods: Record<string, PodView>;
  replicaSets: string[];
  /** Sum of `count` of the Events a restart must not add, by reason. */
  events: Record<string, number>;
}

export interface BusyRestartReport {
  replicas: number;
  setupMs: number;
  /** From SIGKILL to every pod seen Running and Ready again through the API. */
  recoveryMs: number;
  differences: string[];
}

const watchedReasons = ['SuccessfulCreate', 'SuccessfulDelete', 'Started', 'Killing', 'Pulled', 'Scheduled'];

export function deployment(replicas: number): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'busy' },
    spec: { replicas, selector: { matchLabels: { app: 'busy' } }, template: { metadata: { labels: { app: 'busy' } }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '36000'] }] } } },
  });
}

/** What a user would compare before and after, read through the API. */
export async function clusterView(target: FuzzTarget, agent: Agent): Promise<ClusterView> {
  const get = async (path: string): Promise<{ items: Record<string, any>[] }> => JSON.parse((await sendRaw(target, agent, { method: 'GET', path })).text); // eslint-disable-line @typescript-eslint/no-explicit-any
  const pods: Record<string, PodView> = {};
  for (const p of (await get('/api/v1/namespaces/default/pods?labelSelector=app%3Dbusy')).items) {
    const cs = p.status?.containerStatuses?.[0] ?? {};
    pods[p.metadata.name] = { uid: p.metadata.uid, node: p.spec.nodeName, ip: p.status?.podIP, phase: p.status?.phase, ready: cs.ready === true, restarts: cs.restartCount, containerID: cs.containerID, startedAt: cs.state?.running?.startedAt };
  }
  const replicaSets = (await get('/apis/apps/v1/namespaces/default/replicasets')).items.map((rs) => `${rs.metadata.name}/${rs.metadata.uid}`).sort();
  const events: Record<string, number> = Object.fromEntries(watchedReasons.map((r) => [r, 0]));
  for (const e of (await get('/api/v1/namespaces/default/events')).items) if (e.reason in events) events[e.reason] += e.count ?? 1;
  return { pods, replicaSets, events };
}

let lastCount = '';

export function allRunning(view: ClusterView, replicas: number): boolean {
  const pods = Object.values(view.pods);
  const running = pods.filter((p) => p.phase === 'Running' && p.ready).length;
  lastCount = `; last seen ${pods.length} pods, ${running} Running and Ready`;
  return pods.length === replicas && running === replicas;
}

async function until<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined>, last: () => string = () => ''): Promise<T> {
  const deadline = monotonicMs() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (monotonicMs() > deadline) throw new Error(`busy restart: timed out waiting for ${what}${last()}`);
    await wallSleep(250);
  }
}

/** Differences a user would see between the two views, one line each. */
export function compareViews(before: ClusterView, after: ClusterView): string[] {
  const out: string[] = [];
  for (const [name, pod] of Object.entries(before.pods)) {
    const now = after.pods[name];
    if (!now) out.push(`pod ${name} is gone`);
    else for (const key of Object.keys(pod) as (keyof PodView)[]) if (pod[key] !== now[key]) out.push(`pod ${name}: ${key} ${pod[key]} → ${now[key]}`);
  }
  for (const name of Object.keys(after.pods)) if (!before.pods[name]) out.push(`pod ${name} is new`);
  if (before.replicaSets.join() !== after.replicaSets.join()) out.push(`ReplicaSets ${before.replicaSets.join(' ')} → ${after.replicaSets.join(' ')}`);
  for (const reason of watchedReasons) if (after.events[reason] !== before.events[reason]) out.push(`Events ${reason}: ${before.events[reason]} → ${after.events[reason]}`);
  return out;
}

/** Creates the Deployment, waits for it, kills the daemon, restarts it and compares. */
export async function runBusyRestart(replicas: number, start: () => Promise<FuzzTarget>): Promise<BusyRestartReport> {
  const first = await start();
  let agent = new Agent({ keepAlive: true, ca: first.ca, maxSockets: 4 });
  const setupStart = monotonicMs();
  const created = await sendRaw(first, agent, { method: 'POST', path: '/apis/apps/v1/namespaces/default/deployments', contentType: 'application/json', body: deployment(replicas) });
  if (created.code !== 201) throw new Error(`busy restart: create deployment: ${created.code} ${created.text.slice(0, 200)}`);
  await until(`${replicas} pods running`, 300_000, async () => (allRunning(await clusterView(first, agent), replicas) ? true : undefined), () => lastCount);
  const setupMs = monotonicMs() - setupStart;
  // Let the last status writes and events settle, so that "before" is what a user would have seen:
  // a kubelet sends its events at 50 a second after a burst of 100 (eventRecordQPS), so a node
  // that started 100 pods is still sending them for a few seconds after they run.
  let before = await clusterView(first, agent);
  await until('the events to settle', 60_000, async () => {
    await wallSleep(1_000);
    const now = await clusterView(first, agent);
    const settled = JSON.stringify(now.events) === JSON.stringify(before.events);
    before = now;
    return settled ? true : undefined;
  });
  agent.destroy();
  const killedAt = monotonicMs();
  process.kill(first.pid, 'SIGKILL');
  await until('the daemon gone', 10_000, async () => (isAlive(first.pid) ? undefined : true));
  const second = await start();
  agent = new Agent({ keepAlive: true, ca: second.ca, maxSockets: 4 });
  try {
    await until('the pods running again', 120_000, async () => (allRunning(await clusterView(second, agent), replicas) ? true : undefined), () => lastCount);
    const recoveryMs = monotonicMs() - killedAt;
    // The controllers and kubelets have had time to do anything wrong they were going to do.
    await wallSleep(5_000);
    return { replicas, setupMs, recoveryMs, differences: compareViews(before, await clusterView(second, agent)) };
  } finally {
    agent.destroy();
  }
}
