/**
 * Crash consistency (issue #9, item 1): 8 writers create, update and delete ConfigMaps through the
 * API while the daemon is sent SIGKILL at a random moment; it is started again on the same data dir
 * and every object is checked against what the API acknowledged: nothing acknowledged is lost,
 * nothing is half-written (each object carries a checksum of its payload), resourceVersions only
 * grow across restarts, and a watch resumed from the last revision it saw gets either every later
 * change or 410 Gone. A write in flight at the kill may land or not: both are correct.
 */
import { Agent, request } from 'node:https';
import { createHash, randomInt } from 'node:crypto';
import { monotonicMs, wallSleep } from '../../shared/clock.js';
import { isAlive, sendRaw, type FuzzTarget } from './fuzz-campaign.js';

const namespace = 'default';
const objectsPerWriter = 6;

interface ObjectState {
  exists: boolean;
  seq: number;
  resourceVersion?: string;
}

interface Pending {
  exists: boolean;
  seq: number;
}

export interface CrashReport {
  restarts: number;
  acknowledged: number;
  inFlightAtKill: number;
  lost: string[];
  halfWritten: string[];
  revisionProblems: string[];
  watchProblems: string[];
  /** Resumed watches answered 410 / resumed with every change. */
  watchExpired: number;
  watchResumed: number;
}

export interface CrashOptions {
  kills: number;
  writers?: number;
  /** Starts (or restarts) the daemon on the campaign's data dir. */
  start: () => Promise<FuzzTarget>;
  log?: (line: string) => void;
}

function checksum(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function configMap(name: string, seq: number): string {
  const payload = `${name}:${seq}:${'p'.repeat(randomInt(10, 4_000))}`;
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { crash: 'test' } }, data: { seq: String(seq), payload, sum: checksum(payload) } });
}

/** Runs `kills` rounds of write, kill -9, restart, verify. */
export async function runCrashCampaign(options: CrashOptions): Promise<CrashReport> {
  const writers = options.writers ?? 8;
  const report: CrashReport = { restarts: 0, acknowledged: 0, inFlightAtKill: 0, lost: [], halfWritten: [], revisionProblems: [], watchProblems: [], watchExpired: 0, watchResumed: 0 };
  const states = new Map<string, ObjectState>();
  const pending = new Map<string, Pending>();
  const names = Array.from({ length: writers }, (_, w) => Array.from({ length: objectsPerWriter }, (_, i) => `crash-${w}-${i}`));
  for (const name of names.flat()) states.set(name, { exists: false, seq: 0 });
  let maxAckedRevision = 0;
  let watcherLastSeen: number | undefined;

  for (let round = 0; round <= options.kills; round++) {
    const target = await options.start();
    const agent = new Agent({ keepAlive: true, ca: target.ca, maxSockets: writers + 2 });
    try {
      if (round > 0) {
        report.restarts++;
        await verifyAfterRestart(target, agent, states, pending, report, maxAckedRevision);
        if (watcherLastSeen !== undefined) await checkResumedWatch(target, agent, watcherLastSeen, report);
      }
      pending.clear();
      if (round === options.kills) break;
      // A watcher follows the writes from now on; its last revision is resumed after the kill.
      const list = await sendRaw(target, agent, { method: 'GET', path: `/api/v1/namespaces/${namespace}/configmaps?labelSelector=crash%3Dtest` });
      watcherLastSeen = Number(JSON.parse(list.text).metadata.resourceVersion);
      const watcher = followWatch(target, watcherLastSeen, (rv) => (watcherLastSeen = rv));
      let killed = false;
      const killAfter = randomInt(150, 900);
      const writing = names.map((own) => writeUntilKilled(target, agent, own, states, pending, report, () => killed, (rv) => (maxAckedRevision = Math.max(maxAckedRevision, rv))));
      await wallSleep(killAfter);
      process.kill(target.pid, 'SIGKILL');
      killed = true;
      await Promise.all(writing);
      watcher.stop();
      report.inFlightAtKill += pending.size;
      options.log?.(`round ${round + 1}: killed after ${killAfter} ms, ${report.acknowledged} writes acknowledged so far, ${pending.size} in flight`);
      await waitGone(target.pid);
    } finally {
      agent.destroy();
    }
  }
  return report;
}

async function writeUntilKilled(
  target: FuzzTarget,
  agent: Agent,
  own: string[],
  states: Map<string, ObjectState>,
  pending: Map<string, Pending>,
  report: CrashReport,
  killed: () => boolean,
  acked: (rv: number) => void,
): Promise<void> {
  while (!killed()) {
    const name = own[randomInt(own.length)];
    const state = states.get(name)!;
    const seq = state.seq + 1;
    const action = !state.exists ? 'create' : randomInt(10) === 0 ? 'delete' : 'update';
    const base = `/api/v1/namespaces/${namespace}/configmaps`;
    pending.set(name, { exists: action !== 'delete', seq: action === 'delete' ? state.seq : seq });
    const body = action === 'update' ? JSON.stringify({ ...JSON.parse(configMap(name, seq)), metadata: { name, labels: { crash: 'test' }, resourceVersion: state.resourceVersion } }) : configMap(name, seq);
    const answer =
      action === 'create'
        ? await sendRaw(target, agent, { method: 'POST', path: base, contentType: 'application/json', body })
        : action === 'update'
          ? await sendRaw(target, agent, { method: 'PUT', path: `${base}/${name}`, contentType: 'application/json', body })
          : await sendRaw(target, agent, { method: 'DELETE', path: `${base}/${name}` });
    if (answer.code === 0) return; // the daemon is gone: this write stays in flight
    pending.delete(name);
    if (answer.code >= 300) throw new Error(`crash: ${action} ${name} answered ${answer.code}: ${answer.text.slice(0, 300)}`);
    const object = JSON.parse(answer.text) as { metadata: { resourceVersion: string } };
    report.acknowledged++;
    acked(Number(object.metadata.resourceVersion));
    states.set(name, action === 'delete' ? { exists: false, seq: state.seq } : { exists: true, seq, resourceVersion: object.metadata.resourceVersion });
  }
}

async function verifyAfterRestart(target: FuzzTarget, agent: Agent, states: Map<string, ObjectState>, pending: Map<string, Pending>, report: CrashReport, maxAckedRevision: number): Promise<void> {
  const list = await sendRaw(target, agent, { method: 'GET', path: `/api/v1/namespaces/${namespace}/configmaps?labelSelector=crash%3Dtest` });
  const listRevision = Number(JSON.parse(list.text).metadata.resourceVersion);
  if (listRevision < maxAckedRevision) report.revisionProblems.push(`after restart ${report.restarts} the store is at ${listRevision}, below the acknowledged ${maxAckedRevision}`);
  const stored = new Map<string, { data?: Record<string, string>; metadata: { resourceVersion: string } }>();
  for (const item of JSON.parse(list.text).items) stored.set(item.metadata.name, item);
  for (const [name, acked] of states) {
    const inFlight = pending.get(name);
    const found = stored.get(name);
    const seen = found ? { exists: true, seq: Number(found.data?.seq) } : { exists: false, seq: acked.seq };
    if (found && (found.data?.sum !== checksum(found.data?.payload ?? '') || !found.data?.payload?.startsWith(`${name}:${found.data.seq}:`))) report.halfWritten.push(`${name} (restart ${report.restarts})`);
    const matches = (s: { exists: boolean; seq: number }): boolean => s.exists === seen.exists && (!s.exists || s.seq === seen.seq);
    if (!matches(acked) && !(inFlight && matches(inFlight))) {
      report.lost.push(`${name} (restart ${report.restarts}): acknowledged ${JSON.stringify(acked)}, in flight ${JSON.stringify(inFlight)}, found ${JSON.stringify(seen)}`);
    }
    if (found && Number(found.metadata.resourceVersion) > listRevision) report.revisionProblems.push(`${name} has resourceVersion ${found.metadata.resourceVersion} above the list's ${listRevision}`);
    states.set(name, found ? { exists: true, seq: seen.seq, resourceVersion: found.metadata.resourceVersion } : { exists: false, seq: Math.max(acked.seq, inFlight?.seq ?? 0) });
  }
  // The first write after the restart must get a revision above everything acknowledged before.
  const probe = await sendRaw(target, agent, { method: 'POST', path: `/api/v1/namespaces/${namespace}/configmaps`, contentType: 'application/json', body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'crash-probe-' } }) });
  const probeRevision = Number(JSON.parse(probe.text).metadata?.resourceVersion);
  if (!(probeRevision > maxAckedRevision)) report.revisionProblems.push(`after restart ${report.restarts} a write got ${probeRevision}, not above the acknowledged ${maxAckedRevision}`);
}

/** A watch resumed from `from` after the restart: an ERROR 410, or events that bring a cache up to a fresh list. */
async function checkResumedWatch(target: FuzzTarget, agent: Agent, from: number, report: CrashReport): Promise<void> {
  const answer = await sendRaw(target, agent, { method: 'GET', path: `/api/v1/namespaces/${namespace}/configmaps?labelSelector=crash%3Dtest&watch=true&resourceVersion=${from}&timeoutSeconds=1` }, target.token, true);
  if (answer.code !== 200) return void report.watchProblems.push(`resumed watch from ${from}: ${answer.code} ${answer.text.slice(0, 200)}`);
  const events = answer.text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; object: { code?: number; metadata?: { resourceVersion?: string } } });
  if (events[0]?.type === 'ERROR') {
    if (events[0].object.code === 410) report.watchExpired++;
    else report.watchProblems.push(`resumed watch from ${from}: ERROR ${JSON.stringify(events[0].object).slice(0, 200)}`);
    return;
  }
  // Resumed without a 410: only possible if nothing was written after `from`, or the window has it all.
  const list = await sendRaw(target, agent, { method: 'GET', path: `/api/v1/namespaces/${namespace}/configmaps?labelSelector=crash%3Dtest` });
  const current = Number(JSON.parse(list.text).metadata.resourceVersion);
  const last = Number(events[events.length - 1]?.object.metadata?.resourceVersion ?? from);
  if (events.length === 0 && current > from && !hasNoChangesSince(list.text, from)) report.watchProblems.push(`resumed watch from ${from} got nothing although the store is at ${current}`);
  else if (events.length > 0 && last < from) report.watchProblems.push(`resumed watch from ${from} went back to ${last}`);
  else report.watchResumed++;
}

function hasNoChangesSince(listText: string, from: number): boolean {
  return (JSON.parse(listText).items as { metadata: { resourceVersion: string } }[]).every((i) => Number(i.metadata.resourceVersion) <= from);
}

/** A chunked watch that reports each event's revision (the `rv` a client would resume from). */
function followWatch(target: FuzzTarget, from: number, seen: (rv: number) => void): { stop(): void } {
  const url = new URL(target.server);
  const path = `/api/v1/namespaces/${namespace}/configmaps?labelSelector=crash%3Dtest&watch=true&resourceVersion=${from}`;
  const req = request({ host: url.hostname, port: url.port, path, ca: target.ca, agent: false, headers: { Authorization: `Bearer ${target.token}` } }, (res) => {
    let buffer = '';
    res.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line) seen(Number((JSON.parse(line) as { object: { metadata: { resourceVersion: string } } }).object.metadata.resourceVersion));
    });
    res.on('error', () => undefined); // the kill cuts the stream: expected
  });
  req.on('error', () => undefined); // the kill cuts the connection: expected
  req.end();
  return { stop: () => req.destroy() };
}

async function waitGone(pid: number): Promise<void> {
  const deadline = monotonicMs() + 10_000;
  // A zombie counts as gone (isAlive): the detached daemon's parent is init, which may reap late.
  while (isAlive(pid)) {
    if (monotonicMs() > deadline) throw new Error(`crash: pid ${pid} still there 10 s after SIGKILL`);
    await wallSleep(20);
  }
}
