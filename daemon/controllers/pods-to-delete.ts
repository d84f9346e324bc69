/**
 * Which pods a ReplicaSet deletes first when it has too many (k/k `replica_set.go`
 * getPodsToDelete over `controller_utils.go` ActivePodsWithRanks.Less, with the PodDeletionCost
 * and LogarithmicScaleDown gates on, as they are by default in 1.32). Pure: a ranking of cached
 * pods, tested on its own.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { isPodActive, isPodReady, maxContainerRestarts, podReadySince } from './pod-state.js';

type Pod = Readonly<KubeObject>;

/** The annotation that lets a user say which pods to remove first (lower cost goes first). */
export const podDeletionCostAnnotation = 'controller.kubernetes.io/pod-deletion-cost';

/** Pending < Unknown < Running; a pod with no phase yet sorts with Pending (Go's zero value). */
const phaseOrdinal: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * The `count` pods to delete, best candidates first. `relatedPods` are the pods of every
 * ReplicaSet with the same owner (a Deployment's old and new sets): a pod sharing its node with
 * more of them goes first, which spreads the survivors.
 */
export function podsToDelete(pods: readonly Pod[], relatedPods: readonly Pod[], count: number, now: number): Pod[] {
  if (count >= pods.length) return pods.slice(0, count);
  const podsOnNode = new Map<string, number>();
  for (const pod of relatedPods) {
    if (!isPodActive(pod)) continue;
    const node = pod.spec?.nodeName ?? '';
    podsOnNode.set(node, (podsOnNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: podsOnNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((a, b) => (deleteFirst(a, b, now) ? -1 : deleteFirst(b, a, now) ? 1 : 0));
  return ranked.slice(0, count).map((r) => r.pod);
}

/** True when `a` should be deleted before `b` (ActivePodsWithRanks.Less). */
function deleteFirst(a: { pod: Pod; rank: number }, b: { pod: Pod; rank: number }, now: number): boolean {
  const [pa, pb] = [a.pod, b.pod];
  // 1. Unassigned before assigned.
  const [na, nb] = [pa.spec?.nodeName ?? '', pb.spec?.nodeName ?? ''];
  if (na !== nb && (na === '' || nb === '')) return na === '';
  // 2. Pending before Unknown before Running.
  const [oa, ob] = [phaseOrdinal[pa.status?.phase ?? ''] ?? 0, phaseOrdinal[pb.status?.phase ?? ''] ?? 0];
  if (oa !== ob) return oa < ob;
  // 3. Not ready before ready.
  const [ra, rb] = [isPodReady(pa), isPodReady(pb)];
  if (ra !== rb) return !ra;
  // 4. Lower pod-deletion-cost first.
  const [ca, cb] = [deletionCost(pa), deletionCost(pb)];
  if (ca !== cb) return ca < cb;
  // 5. Doubled up on a node before alone.
  if (a.rank !== b.rank) return a.rank > b.rank;
  // 6. Both ready: ready for a shorter time first, on a log2 scale so that close times tie.
  if (ra && rb) {
    const decided = newerFirst(podReadySince(pa), podReadySince(pb), pa, pb, now);
    if (decided !== undefined) return decided;
  }
  // 7. More container restarts first.
  const [ka, kb] = [maxContainerRestarts(pa), maxContainerRestarts(pb)];
  if (ka !== kb) return ka > kb;
  // 8. Newer first, on the same log2 scale.
  return newerFirst(timestamp(pa.metadata.creationTimestamp), timestamp(pb.metadata.creationTimestamp), pa, pb, now) ?? false;
}

/**
 * Compares two times, a newer (or unset) one first; undefined when they are equal. Times in the
 * same power-of-two age bucket tie and fall back to the UID, which is effectively random: that is
 * how LogarithmicScaleDown keeps scale-down from always removing the very newest pod.
 */
function newerFirst(ta: number | undefined, tb: number | undefined, pa: Pod, pb: Pod, now: number): boolean | undefined {
  if (ta === tb) return undefined;
  if (ta === undefined || tb === undefined) return ta === undefined;
  const diff = logRank(now - ta) - logRank(now - tb);
  if (diff === 0) return (pa.metadata.uid ?? '') < (pb.metadata.uid ?? '');
  return diff < 0;
}

/** floor(log2(age in nanoseconds)), -1 for a time not in the past (logarithmicRankDiff). */
function logRank(ageMs: number): number {
  return ageMs > 0 ? Math.floor(Math.log2(ageMs * 1e6)) : -1;
}

function timestamp(value: string | null | undefined): number | undefined {
  return value ? Date.parse(value) : undefined;
}

/** The annotation's value as an int32; 0 when absent or invalid ("+1", "007", out of range). */
function deletionCost(pod: Pod): number {
  const value = pod.metadata.annotations?.[podDeletionCostAnnotation];
  if (value === undefined || !/^(-\d+|0|[1-9]\d*)$/.test(value)) return 0;
  const cost = Number(value);
  return cost >= -(2 ** 31) && cost < 2 ** 31 ? cost : 0;
}
