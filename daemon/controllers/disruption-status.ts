/**
 * The disruption controller's arithmetic (k/k `pkg/controller/disruption/disruption.go`), pure:
 * how many pods a PodDisruptionBudget expects (its pods' controllers' scale for a percentage or
 * maxUnavailable, else the number of pods), how many must stay healthy, how many are healthy, and
 * which evictions in `disruptedPods` still count. The controller feeds it cached objects.
 */
import type { KubeObject, OwnerReference } from '../../shared/api/meta.js';
import { scaledValue } from '../../shared/api/disruption-budget.js';
import { parseApiVersion } from '../../shared/api/meta.js';
import { controllerOf } from './controller-ref-manager.js';
import { isPodReady } from './pod-state.js';

type Obj = Readonly<KubeObject>;

/** DeletionTimeout: an eviction the controller has not seen turn into a deletion within 2 min is forgotten. */
export const deletionTimeoutMs = 2 * 60_000;

/** Reads the workload objects a pod's controller reference may name (the controller's listers). */
export interface WorkloadLookup {
  get(kind: 'ReplicationController' | 'ReplicaSet' | 'Deployment' | 'StatefulSet', namespace: string, name: string): Obj | undefined;
}

export interface ExpectedCount {
  expectedCount: number;
  desiredHealthy: number;
  unmanagedPods: string[];
}

/** getExpectedPodCount; throws with k/k's message when a controller cannot be found. */
export function expectedPodCount(pdb: Obj, pods: readonly Obj[], lookup: WorkloadLookup): ExpectedCount {
  const { minAvailable, maxUnavailable } = (pdb.spec ?? {}) as { minAvailable?: number | string; maxUnavailable?: number | string };
  if (maxUnavailable !== undefined && maxUnavailable !== null) {
    const { expectedCount, unmanagedPods } = expectedScale(pods, lookup);
    const desiredHealthy = Math.max(0, expectedCount - scaledValue(maxUnavailable, expectedCount));
    return { expectedCount, desiredHealthy, unmanagedPods };
  }
  if (typeof minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: minAvailable, unmanagedPods: [] };
  if (typeof minAvailable === 'string') {
    const { expectedCount, unmanagedPods } = expectedScale(pods, lookup);
    return { expectedCount, desiredHealthy: scaledValue(minAvailable, expectedCount), unmanagedPods };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}

/** getExpectedScale: the sum of the scales of the pods' controllers, each counted once. */
function expectedScale(pods: readonly Obj[], lookup: WorkloadLookup): { expectedCount: number; unmanagedPods: string[] } {
  const scales = new Map<string, number>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = controllerOf(pod);
    if (!ref) {
      unmanagedPods.push(pod.metadata.name!);
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const found = findController(ref, pod.metadata.namespace!, lookup);
    if (!found) throw new Error(`found no controllers for pod "${pod.metadata.name}"`);
    scales.set(found.uid, found.scale);
  }
  let expectedCount = 0;
  for (const scale of scales.values()) expectedCount += scale;
  return { expectedCount, unmanagedPods };
}

/** The finders in k/k's order: RC, Deployment (through its RS), RS, StatefulSet, then the scale subresource. */
function findController(ref: OwnerReference, namespace: string, lookup: WorkloadLookup): { uid: string; scale: number } | undefined {
  const { group } = parseApiVersion(ref.apiVersion);
  const owned = (obj: Obj | undefined): obj is Obj => obj !== undefined && obj.metadata.uid === ref.uid;
  const scaleOf = (obj: Obj): { uid: string; scale: number } => ({ uid: obj.metadata.uid!, scale: obj.spec?.replicas ?? 1 });
  if (ref.kind === 'ReplicationController' && group === '') {
    const rc = lookup.get('ReplicationController', namespace, ref.name);
    return owned(rc) ? scaleOf(rc) : undefined;
  }
  if (ref.kind === 'ReplicaSet' && (group === 'apps' || group === 'extensions')) {
    const rs = lookup.get('ReplicaSet', namespace, ref.name);
    if (!owned(rs)) return undefined;
    const rsOwner = controllerOf(rs);
    if (rsOwner?.kind === 'Deployment') {
      const deployment = lookup.get('Deployment', namespace, rsOwner.name);
      // A ReplicaSet whose Deployment is gone still answers through its own scale subresource.
      return deployment && deployment.metadata.uid === rsOwner.uid ? scaleOf(deployment) : scaleOf(rs);
    }
    return scaleOf(rs);
  }
  if (ref.kind === 'StatefulSet' && group === 'apps') {
    const set = lookup.get('StatefulSet', namespace, ref.name);
    return owned(set) ? scaleOf(set) : undefined;
  }
  if (ref.kind === 'Deployment' && group === 'apps') {
    const deployment = lookup.get('Deployment', namespace, ref.name);
    return owned(deployment) ? scaleOf(deployment) : undefined;
  }
  const resource = knownResources[`${group}/${ref.kind}`];
  if (resource) throw new Error(`${resource} does not implement the scale subresource`);
  throw new Error(`no matches for kind "${ref.kind}" in version "${ref.apiVersion}"`);
}

/** Workload kinds that exist but have no scale subresource, as the RESTMapper names them. */
const knownResources: Record<string, string> = { 'apps/DaemonSet': 'daemonsets.apps', 'batch/Job': 'jobs.batch', 'batch/CronJob': 'cronjobs.batch', '/Pod': 'pods', '/Node': 'nodes' };

/**
 * buildDisruptedPodMap: keeps the evictions still expected to turn into deletions, drops the ones
 * already deleting or overdue (those are reported), and says when to look again.
 */
export function disruptedPodMap(pdb: Obj, pods: readonly Obj[], now: number): { disruptedPods: Record<string, string>; overdue: Obj[]; recheckAt?: number } {
  const recorded = (pdb.status?.disruptedPods ?? {}) as Record<string, string>;
  const disruptedPods: Record<string, string> = {};
  const overdue: Obj[] = [];
  let recheckAt: number | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const at = recorded[pod.metadata.name!];
    if (at === undefined) continue;
    const expectedDeletion = Date.parse(at) + deletionTimeoutMs;
    if (expectedDeletion < now) {
      overdue.push(pod);
      continue;
    }
    if (recheckAt === undefined || expectedDeletion < recheckAt) recheckAt = expectedDeletion;
    disruptedPods[pod.metadata.name!] = at;
  }
  return { disruptedPods, overdue, recheckAt };
}

/** countHealthyPods: ready, not deleting, not about to be evicted. */
export function countHealthyPods(pods: readonly Obj[], disruptedPods: Record<string, string>, now: number): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const at = disruptedPods[pod.metadata.name!];
    if (at !== undefined && Date.parse(at) + deletionTimeoutMs > now) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}
