/**
 * Deployment status and rollout progress (k/k sync.go calculateStatus, progress.go
 * syncRolloutStatus): the replica counts `kubectl get deploy` and `kubectl rollout status` read,
 * the Available condition, and the Progressing condition that moves from NewReplicaSetCreated
 * through ReplicaSetUpdated to NewReplicaSetAvailable, or to ProgressDeadlineExceeded when no
 * progress is seen for progressDeadlineSeconds. A stuck rollout is looked at again when its
 * deadline falls due, through the queue, never by waiting.
 */
import {
  availableCondition,
  getCondition,
  hasMinimumAvailability,
  lacksMinimumAvailability,
  minimumReplicasAvailable,
  minimumReplicasUnavailable,
  newCondition,
  newReplicaSetAvailableReason,
  progressedMessage,
  progressingCondition,
  progressingMessage,
  removeCondition,
  replicaFailureCondition,
  replicaSetUpdatedReason,
  setCondition,
  timedOutMessage,
  timedOutReason,
  type DeploymentCondition,
} from './conditions.js';
import { updateDeploymentStatus, type DeploymentContext } from './context.js';
import { hasProgressDeadline, maxUnavailable, specReplicaCount, specReplicas, statusReplicaCount, type Deployment, type ReplicaSet } from './replica-sets.js';

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

type MaybeRS = Readonly<ReplicaSet> | undefined;

/** calculateStatus: counts from the RSs' status, plus the Available condition. */
export function calculateStatus(allRSs: readonly MaybeRS[], newRS: MaybeRS, d: Readonly<Deployment>, now: number): DeploymentStatus {
  const available = statusReplicaCount(allRSs, 'availableReplicas');
  // More available than wanted (while scaling down) is not negative unavailability.
  const unavailable = Math.max(0, specReplicaCount(allRSs) - available);
  const status = omitZeros({
    observedGeneration: d.metadata.generation,
    replicas: statusReplicaCount(allRSs, 'replicas'),
    updatedReplicas: statusReplicaCount([newRS], 'replicas'),
    readyReplicas: statusReplicaCount(allRSs, 'readyReplicas'),
    availableReplicas: available,
    unavailableReplicas: unavailable,
  });
  if (d.status?.conditions) status.conditions = structuredClone(d.status.conditions);
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (available >= specReplicas(d) - maxUnavailable(d)) {
    setCondition(status, newCondition(availableCondition, 'True', minimumReplicasAvailable, hasMinimumAvailability, now));
  } else {
    setCondition(status, newCondition(availableCondition, 'False', minimumReplicasUnavailable, lacksMinimumAvailability, now));
  }
  return status;
}

/** The Go structs omit zero counts from JSON (`omitempty`), so kubelab does too. */
function omitZeros(counts: Record<string, number | undefined>): DeploymentStatus {
  return Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== undefined && v !== 0));
}

/** reflect.DeepEqual of two statuses, zero counts and absent fields being the same. */
export function sameStatus(a: Readonly<DeploymentStatus> | undefined, b: Readonly<DeploymentStatus>): boolean {
  const canonical = (s: Readonly<DeploymentStatus> | undefined): string => {
    const entries = Object.entries(s ?? {}).filter(([, v]) => v !== undefined && v !== 0 && !(Array.isArray(v) && v.length === 0));
    return JSON.stringify(entries.sort(([x], [y]) => (x < y ? -1 : 1)));
  };
  return canonical(a) === canonical(b);
}

/** DeploymentComplete: every replica updated and available, and the latest spec observed. */
export function deploymentComplete(d: Readonly<Deployment>, status: Readonly<DeploymentStatus>): boolean {
  const want = specReplicas(d);
  return (status.updatedReplicas ?? 0) === want && (status.replicas ?? 0) === want && (status.availableReplicas ?? 0) === want && (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than last time. */
function deploymentProgressing(d: Readonly<Deployment>, status: Readonly<DeploymentStatus>): boolean {
  const old: DeploymentStatus = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: no progress recorded for progressDeadlineSeconds since the condition's lastUpdateTime. */
function deploymentTimedOut(d: Readonly<Deployment>, status: Readonly<DeploymentStatus>, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getCondition(status, progressingCondition);
  if (!condition || condition.reason === newReplicaSetAvailableReason || condition.reason === timedOutReason) return false;
  return timeOf(condition.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 < now;
}

/** syncRolloutStatus: the status after a rollout step, with the Progressing condition advanced. */
export async function syncRolloutStatus(ctx: DeploymentContext, allRSs: readonly MaybeRS[], newRS: MaybeRS, d: Deployment): Promise<void> {
  const now = ctx.clock.now();
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(status, progressingCondition);
  const current = getCondition(d.status, progressingCondition);
  const isComplete = status.replicas === status.updatedReplicas && current?.reason === newReplicaSetAvailableReason;
  if (hasProgressDeadline(d) && !isComplete) advanceProgressing(d, status, newRS?.metadata.name, current, now);
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, replicaFailureCondition);
  if (sameStatus(d.status, status)) {
    requeueStuckDeployment(ctx, d, status, now);
    return;
  }
  d.status = status;
  await updateDeploymentStatus(ctx, d);
}

function advanceProgressing(d: Readonly<Deployment>, status: DeploymentStatus, rsName: string | undefined, current: DeploymentCondition | undefined, now: number): void {
  const name = d.metadata.name!;
  if (deploymentComplete(d, status)) {
    setCondition(status, newCondition(progressingCondition, 'True', newReplicaSetAvailableReason, progressedMessage(rsName, name), now));
  } else if (deploymentProgressing(d, status)) {
    // Progress refreshes lastUpdateTime even when the reason stays ReplicaSetUpdated, which
    // setCondition alone would skip: remove the old one first, keeping its transition time.
    const condition = newCondition(progressingCondition, 'True', replicaSetUpdatedReason, progressingMessage(rsName, name), now);
    if (current) {
      if (current.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
      removeCondition(status, progressingCondition);
    }
    setCondition(status, condition);
  } else if (deploymentTimedOut(d, status, now)) {
    setCondition(status, newCondition(progressingCondition, 'False', timedOutReason, timedOutMessage(rsName, name), now));
  }
}

/** getReplicaFailures: the new RS's ReplicaFailure condition, else any old RS's, as a Deployment condition. */
function replicaFailure(allRSs: readonly MaybeRS[], newRS: MaybeRS): DeploymentCondition | undefined {
  for (const rs of [newRS, ...allRSs]) {
    const c = rs?.status?.conditions?.find((cond: DeploymentCondition) => cond.type === replicaFailureCondition);
    if (c) return { type: c.type, status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message };
  }
  return undefined;
}

/**
 * requeueStuckDeployment: with nothing new to write and the rollout neither complete nor timed
 * out, look again when the deadline falls due (plus a second against clock skew, as k/k does).
 */
function requeueStuckDeployment(ctx: DeploymentContext, d: Readonly<Deployment>, status: Readonly<DeploymentStatus>, now: number): void {
  const current = getCondition(d.status, progressingCondition);
  if (!hasProgressDeadline(d) || !current) return;
  if (deploymentComplete(d, status) || current.reason === timedOutReason) return;
  const after = timeOf(current.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 - now;
  if (after < 1000) ctx.enqueueRateLimited(d);
  else ctx.enqueueAfter(d, after + 1000);
}

/** A condition time in ms; a missing one counts as long ago. */
function timeOf(time: string | undefined): number {
  const ms = time ? Date.parse(time) : NaN;
  return Number.isNaN(ms) ? 0 : ms;
}
