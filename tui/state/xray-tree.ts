/**
 * The xray tree (`:xray deploy`, as k9s' xray view): each workload with what it controls, level by
 * level through controller ownerReferences (Deployment → ReplicaSets → Pods → containers,
 * CronJob → Jobs → Pods, StatefulSet/DaemonSet/ReplicaSet/Job → Pods), flattened into lines
 * drawn with `├─`/`└─`/`│`, each with the status a learner would check with kubectl.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { ResourceRef } from '../../shared/client/client.js';
import { healthColors, podHealth } from './pod-colors.js';
import { jobCompletions, jobStatus } from '../../shared/printers/jobs.js';
import { podSummary } from '../../shared/printers/pods.js';
import type { Color } from './segments.js';

const ref = (group: string, resource: string): ResourceRef => ({ group, version: 'v1', resource });
export const podsRef = ref('', 'pods');

/** The resources under each root kind, outermost first. */
export const xrayLevels: Record<string, ResourceRef[]> = {
  deployments: [ref('apps', 'replicasets'), podsRef],
  statefulsets: [podsRef],
  daemonsets: [podsRef],
  replicasets: [podsRef],
  replicationcontrollers: [podsRef],
  jobs: [podsRef],
  cronjobs: [ref('batch', 'jobs'), podsRef],
};

export interface XrayItem {
  kind: string;
  name: string;
  namespace?: string;
  /** What to describe on enter: the object itself, or the pod of a container. */
  target: { ref: ResourceRef; namespace?: string; name: string };
  status: string;
  color: Color;
  children: XrayItem[];
}

export interface XrayLine {
  /** `│  ├─ ` and the like. */
  prefix: string;
  item: XrayItem;
}

type Objects = readonly Readonly<KubeObject>[];

function controllerUid(obj: Readonly<KubeObject>): string | undefined {
  return obj.metadata.ownerReferences?.find((o) => o.controller)?.uid;
}

function replicasStatus(ready: number | undefined, desired: number | undefined): { status: string; color: Color } {
  const status = `${ready ?? 0}/${desired ?? 0}`;
  return { status, color: (ready ?? 0) === (desired ?? 0) ? 'green' : 'yellow' };
}

/** The status text and colour of a non-pod object of a level. */
function objectStatus(resource: string, obj: Readonly<KubeObject>): { status: string; color: Color } {
  const spec = obj.spec ?? {};
  const status = obj.status ?? {};
  switch (resource) {
    case 'daemonsets':
      return replicasStatus(status.numberReady, status.desiredNumberScheduled);
    case 'jobs': {
      const state = jobStatus(obj as KubeObject);
      return { status: jobCompletions(obj as KubeObject), color: state === 'Failed' ? 'red' : state === 'Complete' ? 'blue' : 'yellow' };
    }
    case 'cronjobs':
      return { status: spec.suspend ? `${spec.schedule} (suspended)` : String(spec.schedule ?? ''), color: spec.suspend ? 'gray' : 'green' };
    default:
      return replicasStatus(status.readyReplicas, spec.replicas ?? 1);
  }
}

function containerItems(pod: Readonly<KubeObject>): XrayItem[] {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])] as { name?: string; ready?: boolean; state?: Record<string, { reason?: string; exitCode?: number }> }[];
  const specs = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])] as { name?: string; image?: string }[];
  return specs.map((container) => {
    const state = statuses.find((s) => s.name === container.name);
    let status = 'waiting';
    let color: Color = 'yellow';
    if (state?.state?.running) [status, color] = [state.ready ? 'running' : 'running, not ready', state.ready ? 'green' : 'yellow'];
    else if (state?.state?.waiting) [status, color] = [`waiting: ${state.state.waiting.reason ?? ''}`, /BackOff|Err|Invalid/.test(state.state.waiting.reason ?? '') ? 'red' : 'yellow'];
    else if (state?.state?.terminated) {
      const t = state.state.terminated;
      [status, color] = [`terminated: ${t.reason ?? ''} (exit ${t.exitCode ?? 0})`, (t.exitCode ?? 0) === 0 ? 'blue' : 'red'];
    }
    return { kind: 'Container', name: container.name ?? '', namespace: pod.metadata.namespace, target: { ref: podsRef, namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' }, status: `${container.image ?? ''} ${status}`, color, children: [] };
  });
}

function itemOf(level: ResourceRef, kind: string, obj: Readonly<KubeObject>, now: number): XrayItem {
  const base = { kind, name: obj.metadata.name ?? '', namespace: obj.metadata.namespace, target: { ref: level, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' } };
  if (level.resource === 'pods') {
    const summary = podSummary(obj as KubeObject, now);
    return { ...base, status: `${summary.status} ${summary.ready}`, color: healthColors[podHealth(obj, now)], children: containerItems(obj) };
  }
  return { ...base, ...objectStatus(level.resource, obj), children: [] };
}

const byName = (a: Readonly<KubeObject>, b: Readonly<KubeObject>): number => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

/**
 * The trees of every root object: `levels[i]` holds the objects of the i-th level below the root
 * (e.g. ReplicaSets, then Pods), matched to their parent by controller ownerReference.
 */
export function buildXrayTree(rootRef: ResourceRef, roots: Objects, levels: Objects[], kinds: string[], now: number): XrayItem[] {
  const childRefs = xrayLevels[rootRef.resource] ?? [];
  const byOwner = levels.map((objects) => {
    const index = new Map<string, Readonly<KubeObject>[]>();
    for (const obj of objects) {
      const uid = controllerUid(obj);
      if (uid) index.set(uid, [...(index.get(uid) ?? []), obj]);
    }
    return index;
  });
  const expand = (obj: Readonly<KubeObject>, depth: number, item: XrayItem): XrayItem => {
    if (depth >= childRefs.length) return item;
    const children = [...(byOwner[depth]?.get(obj.metadata.uid ?? '') ?? [])].sort(byName);
    const expanded = children.map((child) => expand(child, depth + 1, itemOf(childRefs[depth]!, kinds[depth + 1] ?? '', child, now)));
    // A pod's containers come first from itemOf; its own level has no children beyond them.
    return { ...item, children: [...expanded, ...item.children] };
  };
  return [...roots]
    .sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`))
    .map((root) => expand(root, 0, itemOf(rootRef, kinds[0] ?? '', root, now)));
}

/** The tree as lines with their branch glyphs, depth first. */
export function flattenXray(items: readonly XrayItem[]): XrayLine[] {
  const lines: XrayLine[] = [];
  const walk = (list: readonly XrayItem[], indent: string, isRoot: boolean): void => {
    list.forEach((item, i) => {
      const isLast = i === list.length - 1;
      lines.push({ prefix: isRoot ? '' : `${indent}${isLast ? '└─ ' : '├─ '}`, item });
      walk(item.children, isRoot ? '' : `${indent}${isLast ? '   ' : '│  '}`, false);
    });
  };
  walk(items, '', true);
  return lines;
}
