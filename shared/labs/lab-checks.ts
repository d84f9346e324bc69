/**
 * Evaluates a lab step's check against the live cluster through the ApiClient: objects and their
 * fields, pod phases and readiness, container states, events, node conditions, container logs and
 * a NodePort answering from the host. Never matches kubectl's output. A check that throws (the API
 * refused, no log reader…) comes back as "cannot-check" with the reason: the caller shows it and
 * carries on, it never crashes the TUI. Waiting reasons are diagnostics, in English only.
 */
import { isNotFound, isStatusError } from '../api/errors.js';
import type { KubeObject } from '../api/meta.js';
import { resources, type ResourceInfo } from '../api/resources.js';
import type { ApiClient, ResourceRef } from '../client/client.js';
import { escapeFieldValue } from '../fields.js';
import { parseLabelSelector } from '../labels.js';
import { valueAt } from './field-path.js';
import type { Check, CheckResult, FieldValue } from './lab-types.js';

export interface CheckEnvironment {
  client: ApiClient;
  /** The lab's namespace: checks without their own `namespace` look there. */
  namespace: string;
  /** A container's current log; absent: logsContain cannot be checked by this client. */
  readLog?(namespace: string, pod: string, container: string | undefined): Promise<string>;
  /** A GET from this machine (NodePorts listen on the nodes' loopback IPs); absent: serviceAnswers cannot be checked. */
  httpGet?(url: string): Promise<string>;
}

const passed: CheckResult = { state: 'passed' };
const waiting = (reason: string): CheckResult => ({ state: 'waiting', reason });
const podsRef: ResourceRef = { group: '', version: 'v1', resource: 'pods' };

/** The first resource serving a kind (the core Event before events.k8s.io's). */
export function resourceForKind(kind: string): ResourceInfo {
  const info = resources.find((r) => r.kind === kind);
  if (!info) throw new Error(`unknown kind "${kind}"`);
  return info;
}

const refOf = (info: ResourceInfo): ResourceRef => ({ group: info.group, version: info.version, resource: info.resource });
const isLive = (obj: Readonly<KubeObject>): boolean => !obj.metadata.deletionTimestamp;

function fieldMatches(actual: unknown, expected: FieldValue): boolean {
  if (typeof expected === 'object') return (actual !== undefined && actual !== null) === expected.exists;
  if (actual === undefined || actual === null || typeof actual === 'object') return false;
  return String(actual) === String(expected);
}

/** The first field that does not match, as `field=actual`, or undefined when all match. */
function mismatch(obj: Readonly<KubeObject>, fields: Record<string, FieldValue> | undefined): string | undefined {
  for (const [path, expected] of Object.entries(fields ?? {})) {
    const actual = valueAt(obj, path);
    if (!fieldMatches(actual, expected)) return `${path} is ${actual === undefined ? 'not set' : JSON.stringify(actual)}, not ${JSON.stringify(expected)}`;
  }
  return undefined;
}

async function objects(env: CheckEnvironment, kind: string, namespace: string | undefined, name: string | undefined, selector: string | undefined): Promise<KubeObject[]> {
  const info = resourceForKind(kind);
  const ns = info.namespaced ? (namespace ?? env.namespace) : undefined;
  if (name) {
    try {
      return [await env.client.get(refOf(info), ns, name)].filter(isLive);
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
  }
  if (selector) parseLabelSelector(selector); // a bad selector is a broken check, not "nothing yet"
  return (await env.client.list(refOf(info), ns, selector ? { labelSelector: selector } : {})).items.filter(isLive);
}

function describeTarget(kind: string, name: string | undefined, selector: string | undefined): string {
  return name ? `${kind} "${name}"` : selector ? `${kind} with ${selector}` : kind;
}

const isReady = (pod: KubeObject): boolean => ((pod.status?.conditions ?? []) as Array<{ type: string; status: string }>).some((c) => c.type === 'Ready' && c.status === 'True');

interface ContainerStatus {
  name: string;
  restartCount?: number;
  state?: { waiting?: { reason?: string }; terminated?: { reason?: string } };
  lastState?: { terminated?: { reason?: string } };
}

function containerReasons(status: ContainerStatus): string[] {
  return [status.state?.waiting?.reason, status.state?.terminated?.reason, status.lastState?.terminated?.reason].filter((r): r is string => !!r);
}

type Evaluator<T extends Check['type']> = (check: Extract<Check, { type: T }>, env: CheckEnvironment) => Promise<CheckResult>;

const evaluators: { [T in Check['type']]: Evaluator<T> } = {
  async objectExists(check, env) {
    const found = await objects(env, check.kind, check.namespace, check.name, check.selector);
    const what = describeTarget(check.kind, check.name, check.selector);
    if (found.length === 0) return waiting(`no ${what} yet`);
    const matching = found.filter((obj) => mismatch(obj, check.fields) === undefined);
    const want = check.count ?? 1;
    if (matching.length >= want) return passed;
    if (matching.length === 0) return waiting(`${what}: ${mismatch(found[0]!, check.fields)}`);
    return waiting(`${matching.length} of ${want} ${what} match`);
  },
  async objectAbsent(check, env) {
    const info = resourceForKind(check.kind);
    try {
      await env.client.get(refOf(info), info.namespaced ? (check.namespace ?? env.namespace) : undefined, check.name);
      return waiting(`${check.kind} "${check.name}" still exists`);
    } catch (err) {
      if (isNotFound(err)) return passed;
      throw err;
    }
  },
  async podPhase(check, env) {
    const pods = await objects(env, 'Pod', check.namespace, check.name, check.selector);
    const inPhase = pods.filter((p) => p.status?.phase === check.phase).length;
    const want = check.count ?? 1;
    if (inPhase >= want) return passed;
    const what = describeTarget('Pod', check.name, check.selector);
    if (pods.length === 0) return waiting(`no ${what} yet`);
    return waiting(check.name ? `${what} is ${pods[0]!.status?.phase ?? 'without a phase'}, not ${check.phase}` : `${inPhase} of ${want} pods ${check.phase}`);
  },
  async podsReady(check, env) {
    const pods = await objects(env, 'Pod', check.namespace, undefined, check.selector);
    const ready = pods.filter(isReady).length;
    return ready >= check.count ? passed : waiting(`${ready} of ${check.count} pods with ${check.selector} ready`);
  },
  async containerState(check, env) {
    const pods = await objects(env, 'Pod', check.namespace, check.pod, check.selector);
    if (pods.length === 0) return waiting(`no ${describeTarget('Pod', check.pod, check.selector)} yet`);
    for (const pod of pods) {
      const statuses = ((pod.status?.containerStatuses ?? []) as ContainerStatus[]).filter((s) => !check.container || s.name === check.container);
      if (statuses.some((s) => containerReasons(s).includes(check.reason) && (s.restartCount ?? 0) >= (check.minRestarts ?? 0))) return passed;
    }
    const seen = pods.flatMap((p) => ((p.status?.containerStatuses ?? []) as ContainerStatus[]).flatMap(containerReasons));
    return waiting(`no container ${check.reason}${check.minRestarts ? ` with ${check.minRestarts}+ restarts` : ''} yet${seen.length ? ` (seen: ${[...new Set(seen)].join(', ')})` : ''}`);
  },
  async eventWithReason(check, env) {
    const events = await env.client.list({ group: '', version: 'v1', resource: 'events' }, check.namespace ?? env.namespace, { fieldSelector: `reason=${escapeFieldValue(check.reason)}` });
    const found = events.items.some((e) => {
      const involved = (e as { involvedObject?: { kind?: string; name?: string } }).involvedObject ?? {};
      const message = String((e as { message?: string }).message ?? '');
      // A name matches itself or the objects generated from it (`mypod` matches `mypod-7d4b9-x2k5q`).
      const nameOk = !check.name || involved.name === check.name || (involved.name ?? '').startsWith(`${check.name}-`);
      return (e as { reason?: string }).reason === check.reason && (!check.kind || involved.kind === check.kind) && nameOk && (!check.messageContains || message.includes(check.messageContains));
    });
    return found ? passed : waiting(`no ${check.reason} event${check.name ? ` for ${check.name}` : ''} yet`);
  },
  async serviceAnswers(check, env) {
    if (!env.httpGet) return { state: 'cannot-check', reason: 'this client cannot reach NodePorts' };
    const [service] = await objects(env, 'Service', check.namespace, check.service, undefined);
    if (!service) return waiting(`no Service "${check.service}" yet`);
    const port = ((service.spec?.ports ?? []) as Array<{ nodePort?: number }>).find((p) => p.nodePort)?.nodePort;
    if (!port) return waiting(`Service "${check.service}" has no node port`);
    const nodes = (await env.client.list({ group: '', version: 'v1', resource: 'nodes' }, undefined)).items.filter(isReady);
    for (const node of nodes) {
      const address = ((node.status?.addresses ?? []) as Array<{ type: string; address: string }>).find((a) => a.type === 'InternalIP')?.address;
      if (!address) continue;
      const url = `http://${address}:${port}/`;
      let body: string;
      try {
        body = await env.httpGet(url);
      } catch (err) {
        return waiting(`${url} does not answer: ${(err as Error).message}`);
      }
      if (!body.includes(check.text)) return waiting(`${url} answers without "${check.text}"`);
    }
    return nodes.length > 0 ? passed : waiting('no Ready node');
  },
  async nodeCondition(check, env) {
    const [node] = await objects(env, 'Node', undefined, check.node, undefined);
    if (!node) return waiting(`no Node "${check.node}"`);
    const condition = ((node.status?.conditions ?? []) as Array<{ type: string; status: string }>).find((c) => c.type === check.condition);
    return condition?.status === check.status ? passed : waiting(`${check.node} ${check.condition} is ${condition?.status ?? 'not reported'}, not ${check.status}`);
  },
  async logsContain(check, env) {
    if (!env.readLog) return { state: 'cannot-check', reason: 'this client cannot read logs' };
    const pods = await objects(env, 'Pod', check.namespace, check.pod, check.selector);
    if (pods.length === 0) return waiting(`no ${describeTarget('Pod', check.pod, check.selector)} yet`);
    let missing = check.text[0]!;
    for (const pod of pods) {
      let log: string;
      try {
        log = await env.readLog(pod.metadata.namespace ?? env.namespace, pod.metadata.name!, check.container);
      } catch (err) {
        // "container … is waiting to start" and the like: the log is not there yet.
        if (isStatusError(err) && err.code === 400) continue;
        throw err;
      }
      const absent = check.text.find((t) => !log.includes(t));
      if (absent === undefined) return passed;
      missing = absent;
    }
    return waiting(`the log does not show "${missing}" yet`);
  },
  async allOf(check, env) {
    for (const inner of check.checks) {
      const result = await evaluateCheck(inner, env);
      if (result.state !== 'passed') return result;
    }
    return passed;
  },
};

/** Evaluates a check; never rejects. */
export async function evaluateCheck(check: Check, env: CheckEnvironment): Promise<CheckResult> {
  try {
    return await (evaluators[check.type] as Evaluator<Check['type']>)(check as never, env);
  } catch (err) {
    return { state: 'cannot-check', reason: err instanceof Error ? err.message : String(err) };
  }
}
