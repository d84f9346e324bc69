/**
 * The Deployment controller's non-rollout paths (k/k sync.go): a paused Deployment or a scaling
 * event (`kubectl scale`) only resizes ReplicaSets, proportionally when a rollout is half done, so
 * that scaling never hastens a rollout; old ReplicaSets beyond revisionHistoryLimit are deleted;
 * and the Paused/Resumed Progressing condition is kept. It never creates a new ReplicaSet.
 */
import { isNotFound } from '../../../shared/api/errors.js';
import { getCondition, newCondition, pausedMessage, pausedReason, progressingCondition, resumedMessage, resumedReason, setCondition, timedOutReason } from './conditions.js';
import { replicaSetsResource, scaleReplicaSet, scaleReplicaSetAndRecordEvent, updateDeploymentStatus, type DeploymentContext } from './context.js';
import { replicaSetsAndSyncRevision } from './new-replica-set.js';
import { calculateStatus, sameStatus } from './progress.js';
import {
  activeReplicaSets,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  desiredReplicasOf,
  findActiveOrLatest,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxSurge,
  proportionFor,
  specReplicaCount,
  specReplicas,
  type Deployment,
  type ReplicaSet,
} from './replica-sets.js';

/** sync: scale, clean up if paused, write status. Used when paused and on scaling events. */
export async function syncScaleOnly(ctx: DeploymentContext, d: Deployment, replicaSets: readonly Readonly<ReplicaSet>[]): Promise<void> {
  const { newRS, oldRSs } = await replicaSetsAndSyncRevision(ctx, d, replicaSets, false);
  await scale(ctx, d, newRS, oldRSs);
  if (d.spec?.paused) await cleanupDeployment(ctx, oldRSs, d);
  await syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d);
}

/** syncStatusOnly: for a Deployment being deleted, nothing but the status. */
export async function syncStatusOnly(ctx: DeploymentContext, d: Deployment, replicaSets: readonly Readonly<ReplicaSet>[]): Promise<void> {
  const { newRS, oldRSs } = await replicaSetsAndSyncRevision(ctx, d, replicaSets, false);
  await syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d);
}

/**
 * checkPausedConditions: `kubectl rollout pause` shows as Progressing Unknown DeploymentPaused,
 * resume as DeploymentResumed, so that time spent paused never counts against the deadline.
 */
export async function checkPausedConditions(ctx: DeploymentContext, d: Deployment): Promise<void> {
  if (!hasProgressDeadline(d)) return;
  const current = getCondition(d.status, progressingCondition);
  if (current?.reason === timedOutReason) return; // a reported timeout stays
  const pausedShown = current?.reason === pausedReason;
  let condition;
  if (d.spec?.paused && !pausedShown) condition = newCondition(progressingCondition, 'Unknown', pausedReason, pausedMessage, ctx.clock.now());
  else if (!d.spec?.paused && pausedShown) condition = newCondition(progressingCondition, 'Unknown', resumedReason, resumedMessage, ctx.clock.now());
  if (!condition) return;
  setCondition((d.status ??= {}), condition);
  await updateDeploymentStatus(ctx, d);
}

/**
 * isScalingEvent: some active RS was sized for a different Deployment size than the current one.
 * Finding the new RS may have rewritten it (revision, annotations): the list returned holds that
 * version, so the step that follows does not write it again from a stale copy.
 */
export async function isScalingEvent(
  ctx: DeploymentContext,
  d: Deployment,
  replicaSets: readonly Readonly<ReplicaSet>[],
): Promise<{ isScaling: boolean; replicaSets: Readonly<ReplicaSet>[] }> {
  const { newRS, oldRSs } = await replicaSetsAndSyncRevision(ctx, d, replicaSets, false);
  const isScaling = activeReplicaSets([...oldRSs, newRS]).some((rs) => {
    const desired = desiredReplicasOf(rs);
    return desired !== undefined && desired !== specReplicas(d);
  });
  const fresh = replicaSets.map((rs) => (newRS && rs.metadata.uid === newRS.metadata.uid ? newRS : rs));
  return { isScaling, replicaSets: fresh };
}

/**
 * scale: with one active RS, size it to the Deployment; with a saturated new RS, empty the old
 * ones; otherwise (RollingUpdate) share the difference out in proportion to each RS's size,
 * the leftover going to the largest.
 */
export async function scale(ctx: DeploymentContext, d: Deployment, newRS: Readonly<ReplicaSet> | undefined, oldRSs: readonly Readonly<ReplicaSet>[]): Promise<void> {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (specReplicas(activeOrLatest) !== specReplicas(d)) await scaleReplicaSetAndRecordEvent(ctx, activeOrLatest, specReplicas(d), d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of activeReplicaSets(oldRSs)) await scaleReplicaSetAndRecordEvent(ctx, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = activeReplicaSets([...oldRSs, newRS]);
  const allowed = specReplicas(d) > 0 ? specReplicas(d) + maxSurge(d) : 0;
  const toAdd = allowed - specReplicaCount(all);
  if (toAdd > 0) all.sort(bySizeNewer);
  else if (toAdd < 0) all.sort(bySizeOlder);
  const sizes = new Map<string, number>();
  let added = 0;
  for (const rs of all) {
    const proportion = toAdd === 0 ? 0 : proportionFor(rs, d, toAdd, added);
    sizes.set(rs.metadata.name!, specReplicas(rs) + proportion);
    added += proportion;
  }
  for (const [i, rs] of all.entries()) {
    let size = sizes.get(rs.metadata.name!)!;
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    // k/k writes every RS here, so desired/max annotations follow even where the size does not.
    await scaleReplicaSet(ctx, rs, size, d, toAdd > 0 ? 'up' : 'down');
  }
}

/** cleanupDeployment: delete the oldest empty RSs beyond revisionHistoryLimit. */
export async function cleanupDeployment(ctx: DeploymentContext, oldRSs: readonly Readonly<ReplicaSet>[], d: Readonly<Deployment>): Promise<void> {
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp).sort(byRevision);
  const surplus = cleanable.length - d.spec.revisionHistoryLimit;
  for (const rs of cleanable.slice(0, Math.max(0, surplus))) {
    // Never delete an RS that still has pods, or whose last scale-down its controller has not seen.
    if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    try {
      await ctx.client.delete(replicaSetsResource, rs.metadata.namespace, rs.metadata.name!);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

/** syncDeploymentStatus: write the computed status if it differs. */
export async function syncDeploymentStatus(ctx: DeploymentContext, allRSs: readonly (Readonly<ReplicaSet> | undefined)[], newRS: Readonly<ReplicaSet> | undefined, d: Deployment): Promise<void> {
  const status = calculateStatus(allRSs, newRS, d, ctx.clock.now());
  if (sameStatus(d.status, status)) return;
  d.status = status;
  await updateDeploymentStatus(ctx, d);
}
