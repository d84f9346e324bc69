/**
 * How controllers read a pod's state (k/k `pkg/api/v1/pod/util.go` IsPodReady/IsPodAvailable and
 * `pkg/controller/controller_utils.go` IsPodActive). Pure functions over cached pods; controllers
 * count replicas with them, so every controller must agree on what "ready" and "active" mean.
 */
import type { KubeObject } from '../../shared/api/meta.js';

interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

/** Neither finished (Succeeded/Failed) nor being deleted: the pod still counts as a replica. */
export function isPodActive(pod: Readonly<KubeObject>): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

function readyCondition(pod: Readonly<KubeObject>): PodCondition | undefined {
  return (pod.status?.conditions as PodCondition[] | undefined)?.find((c) => c.type === 'Ready');
}

/** The pod's Ready condition is True. */
export function isPodReady(pod: Readonly<KubeObject>): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** When the pod last became Ready, in ms; undefined when it is not ready or the time is unset. */
export function podReadySince(pod: Readonly<KubeObject>): number | undefined {
  const condition = readyCondition(pod);
  if (condition?.status !== 'True' || !condition.lastTransitionTime) return undefined;
  return Date.parse(condition.lastTransitionTime);
}

/**
 * Ready for at least minReadySeconds (IsPodAvailable). As in k/k, the ready time must be strictly
 * before `now - minReadySeconds`, and an unset transition time never counts as available.
 */
export function isPodAvailable(pod: Readonly<KubeObject>, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = podReadySince(pod);
  return since !== undefined && since + minReadySeconds * 1000 < now;
}

/** The highest restartCount among the pod's regular containers. */
export function maxContainerRestarts(pod: Readonly<KubeObject>): number {
  let max = 0;
  for (const status of (pod.status?.containerStatuses ?? []) as { restartCount?: number }[]) max = Math.max(max, status.restartCount ?? 0);
  return max;
}
