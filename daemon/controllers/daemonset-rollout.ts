/**
 * A DaemonSet's decisions, as pure functions over cached objects (k/k `daemon_controller.go`
 * podsShouldBeOnNode and updateDaemonSetStatus, `update.go` rollingUpdate): which nodes need a
 * pod, which pods go, how far a RollingUpdate may go (maxUnavailable, or maxSurge), and the status
 * numbers `kubectl get ds` and `rollout status` read. The controller does the writing.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { revisionHashLabel } from './history.js';
import { isPodAvailable, isPodReady } from './pod-state.js';
import { isPodUpdated, nodeShouldRunDaemonPod, targetNodeName, templateGeneration } from './daemonset-placement.js';

type Pod = Readonly<KubeObject>;
type Node = Readonly<KubeObject>;

/** podByCreationTimestampAndPhase: bound pods first, then oldest first, then by name. */
export function sortDaemonPods(pods: readonly Pod[]): Pod[] {
  return [...pods].sort((a, b) => {
    const [boundA, boundB] = [Boolean(a.spec?.nodeName), Boolean(b.spec?.nodeName)];
    if (boundA !== boundB) return boundA ? -1 : 1;
    const [ta, tb] = [a.metadata.creationTimestamp ?? '', b.metadata.creationTimestamp ?? ''];
    if (ta !== tb) return ta < tb ? -1 : 1;
    return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  });
}

/** IntOrString scaled against a total, rounding up (GetScaledValueFromIntOrPercent). */
function scaled(value: unknown, total: number): number {
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(String(value ?? '0'));
  return percent ? Math.ceil((Number(percent[1]) * total) / 100) : Number(value) || 0;
}

/** SurgeCount and UnavailableCount; both 0 falls back to one unavailable, as k/k does. */
export function rolloutLimits(ds: Readonly<KubeObject>, desired: number): { maxSurge: number; maxUnavailable: number } {
  const strategy = ds.spec?.updateStrategy;
  if (strategy?.type !== 'RollingUpdate' || !strategy.rollingUpdate) return { maxSurge: 0, maxUnavailable: 0 };
  const maxSurge = scaled(strategy.rollingUpdate.maxSurge, desired);
  let maxUnavailable = scaled(strategy.rollingUpdate.maxUnavailable, desired);
  if (desired > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/** AllowsSurge: more than one pod per node is allowed during an update. */
export function allowsSurge(ds: Readonly<KubeObject>): boolean {
  return rolloutLimits(ds, 1).maxSurge > 0;
}

export interface NodeActions {
  createOn: string[];
  deletePods: Pod[];
}

/**
 * podsShouldBeOnNode for one node. `mayDeleteFailed` decides, with its back-off, whether a failed
 * pod is deleted now (the controller records FailedDaemonPod then); succeeded pods always go.
 */
export function podsShouldBeOnNode(
  node: Node,
  daemonPods: readonly Pod[] | undefined,
  ds: Readonly<KubeObject>,
  hash: string,
  now: number,
  mayDeleteFailed: (pod: Pod) => boolean,
  onSucceeded: (pod: Pod) => void,
): NodeActions {
  const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
  const actions: NodeActions = { createOn: [], deletePods: [] };
  const name = node.metadata.name!;
  if (shouldRun && !daemonPods) actions.createOn.push(name);
  else if (shouldContinueRunning) {
    const running: Pod[] = [];
    for (const pod of daemonPods ?? []) {
      if (pod.metadata.deletionTimestamp) continue;
      if (pod.status?.phase === 'Failed') {
        if (mayDeleteFailed(pod)) actions.deletePods.push(pod);
      } else if (pod.status?.phase === 'Succeeded') {
        onSucceeded(pod);
        actions.deletePods.push(pod);
      } else running.push(pod);
    }
    const sorted = sortDaemonPods(running);
    if (!allowsSurge(ds)) actions.deletePods.push(...sorted.slice(1)); // keep only the oldest
    else if (sorted.length === 0) {
      if (shouldRun) actions.createOn.push(name);
    } else if (sorted.length > 1) actions.deletePods.push(...surgeExcess(sorted, ds, hash, now));
  } else if (daemonPods) actions.deletePods.push(...daemonPods.filter((pod) => !pod.metadata.deletionTimestamp));
  return actions;
}

/** With surge, one old and one new pod may share a node until the new one is available. */
function surgeExcess(sorted: Pod[], ds: Readonly<KubeObject>, hash: string, now: number): Pod[] {
  const excess: Pod[] = [];
  let oldestNew: Pod | undefined;
  let oldestOld: Pod | undefined;
  for (const pod of sorted) {
    const isNew = pod.metadata.labels?.[revisionHashLabel] === hash;
    if (isNew && !oldestNew) oldestNew = pod;
    else if (!isNew && !oldestOld) oldestOld = pod;
    else excess.push(pod);
  }
  if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, ds.spec?.minReadySeconds ?? 0, now))) excess.push(oldestOld);
  return excess;
}

/** findUpdatedPodsOnNode: the one new and one old pod of a node, or undefined if there are more. */
function updatedPodsOnNode(ds: Readonly<KubeObject>, pods: readonly Pod[], hash: string): { newPod?: Pod; oldPod?: Pod } | undefined {
  const generation = templateGeneration(ds);
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return undefined;
      newPod = pod;
    } else {
      if (oldPod) return undefined;
      oldPod = pod;
    }
  }
  return { newPod, oldPod };
}

/**
 * rollingUpdate: which old pods to delete (and, when surging, on which nodes to start a new pod
 * first) so that at most maxUnavailable pods are unavailable, or at most maxSurge nodes run two.
 */
export function rollingUpdatePlan(ds: Readonly<KubeObject>, nodes: readonly Node[], nodeToPods: ReadonlyMap<string, Pod[]>, hash: string, now: number): { deletePods: string[]; createOn: string[] } {
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const available = (pod: Pod): boolean => isPodAvailable(pod, minReady, now);
  const byNode = new Map(nodeToPods);
  let desired = 0;
  const shouldRunOn = new Set<string>();
  for (const node of nodes) {
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    desired++;
    shouldRunOn.add(node.metadata.name!);
    if (!byNode.has(node.metadata.name!)) byNode.set(node.metadata.name!, []);
  }
  const { maxSurge, maxUnavailable } = rolloutLimits(ds, desired);
  if (maxSurge === 0) {
    let unavailable = 0;
    const replacements: string[] = [];
    const candidates: string[] = [];
    for (const pods of byNode.values()) {
      const found = updatedPodsOnNode(ds, pods, hash);
      if (!found || (!found.oldPod && !found.newPod) || (found.oldPod && found.newPod)) unavailable++;
      else if (found.newPod) {
        if (!available(found.newPod)) unavailable++;
      } else if (!available(found.oldPod!)) {
        replacements.push(found.oldPod!.metadata.name!);
        unavailable++;
      } else if (unavailable < maxUnavailable) candidates.push(found.oldPod!.metadata.name!);
    }
    const room = Math.min(Math.max(maxUnavailable - unavailable, 0), candidates.length);
    return { deletePods: [...replacements, ...candidates.slice(0, room)], createOn: [] };
  }
  return surgePlan(ds, byNode, shouldRunOn, desired, maxSurge, available, hash);
}

/** The maxSurge half of rollingUpdate: start new pods first, delete old ones once replaced. */
function surgePlan(
  ds: Readonly<KubeObject>,
  byNode: Map<string, Pod[]>,
  shouldRunOn: ReadonlySet<string>,
  desired: number,
  maxSurge: number,
  available: (pod: Pod) => boolean,
  hash: string,
): { deletePods: string[]; createOn: string[] } {
  const deletePods: string[] = [];
  const notWanted: string[] = [];
  const candidates: string[] = [];
  const allowed: string[] = [];
  let surging = 0;
  let numAvailable = 0;
  for (const [nodeName, pods] of byNode) {
    const found = updatedPodsOnNode(ds, pods, hash);
    if (!found) {
      surging++;
      continue;
    }
    const { newPod, oldPod } = found;
    if (oldPod ? available(oldPod) : newPod && available(newPod)) numAvailable++;
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) {
        if (!shouldRunOn.has(nodeName)) deletePods.push(oldPod.metadata.name!);
        else allowed.push(nodeName);
      } else if (!shouldRunOn.has(nodeName)) notWanted.push(oldPod.metadata.name!);
      else if (surging < maxSurge) candidates.push(nodeName);
    } else if (!available(newPod)) surging++;
    else deletePods.push(oldPod.metadata.name!);
  }
  // Pods on nodes that no longer qualify go only as others become available elsewhere.
  deletePods.push(...notWanted.slice(0, Math.max(0, Math.min(numAvailable - desired, notWanted.length))));
  const room = Math.min(Math.max(maxSurge - surging, 0), candidates.length);
  return { deletePods, createOn: [...allowed, ...candidates.slice(0, room)] };
}

/** The status fields the controller owns; the omitempty ones are left out when zero. */
export interface DaemonSetCounts {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  updatedNumberScheduled: number;
  numberAvailable: number;
  numberUnavailable: number;
}

/** updateDaemonSetStatus's counting: each node's oldest pod stands for the node. */
export function daemonSetCounts(ds: Readonly<KubeObject>, nodes: readonly Node[], nodeToPods: ReadonlyMap<string, Pod[]>, hash: string, now: number): DaemonSetCounts {
  const counts = { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 0 };
  const generation = templateGeneration(ds);
  for (const node of nodes) {
    const pods = nodeToPods.get(node.metadata.name!) ?? [];
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (pods.length > 0) counts.numberMisscheduled++;
      continue;
    }
    counts.desiredNumberScheduled++;
    if (pods.length === 0) continue;
    counts.currentNumberScheduled++;
    const pod = sortDaemonPods(pods)[0]!;
    if (isPodReady(pod)) {
      counts.numberReady++;
      if (isPodAvailable(pod, ds.spec?.minReadySeconds ?? 0, now)) counts.numberAvailable++;
    }
    if (isPodUpdated(pod, hash, generation)) counts.updatedNumberScheduled++;
  }
  counts.numberUnavailable = counts.desiredNumberScheduled - counts.numberAvailable;
  return counts;
}

/** The new status, or undefined when nothing changed (storeDaemonSetStatus's early return). */
export function nextDaemonSetStatus(ds: Readonly<KubeObject>, counts: DaemonSetCounts, observeGeneration: boolean): Record<string, unknown> | undefined {
  const current = ds.status ?? {};
  const unchanged = (Object.keys(counts) as (keyof DaemonSetCounts)[]).every((k) => (current[k] ?? 0) === counts[k]);
  if (unchanged && (current.observedGeneration ?? 0) >= (ds.metadata.generation ?? 0)) return undefined;
  const merged: Record<string, unknown> = { ...current, ...counts };
  if (observeGeneration) merged.observedGeneration = ds.metadata.generation;
  // Keys in apps/v1 DaemonSetStatus field order (what `-o json` shows); omitempty zeros left out.
  const order = ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady', 'observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable', 'collisionCount', 'conditions'];
  const always = new Set(order.slice(0, 4));
  const status: Record<string, unknown> = {};
  for (const key of order) if (always.has(key) || (merged[key] !== undefined && merged[key] !== 0)) status[key] = merged[key];
  return status;
}

/** getNodesToDaemonPods: claimed pods by target node, leaving out deleted pods that have finished. */
export function groupByNode(claimed: readonly Readonly<KubeObject>[]): Map<string, Readonly<KubeObject>[]> {
  const byNode = new Map<string, Readonly<KubeObject>[]>();
  for (const pod of claimed) {
    const phase = pod.status?.phase;
    if (pod.metadata.deletionTimestamp && (phase === 'Succeeded' || phase === 'Failed')) continue;
    const nodeName = targetNodeName(pod);
    if (nodeName === undefined) continue;
    byNode.set(nodeName, [...(byNode.get(nodeName) ?? []), pod]);
  }
  return byNode;
}

/** shouldIgnoreNodeUpdate: only heartbeats changed (same True conditions, nothing else). */
export function isIgnorableNodeUpdate(old: Readonly<KubeObject>, node: Readonly<KubeObject>): boolean {
  const trueTypes = (n: Readonly<KubeObject>): string =>
    ((n.status?.conditions ?? []) as { type: string; status: string }[])
      .filter((c) => c.status === 'True')
      .map((c) => c.type)
      .sort()
      .join(',');
  if (trueTypes(old) !== trueTypes(node)) return false;
  const strip = (n: Readonly<KubeObject>): string => JSON.stringify({ ...n, metadata: { ...n.metadata, resourceVersion: '' }, status: { ...n.status, conditions: undefined } });
  return strip(old) === strip(node);
}
