/**
 * The RollingUpdate strategy (k/k rolling.go): one step per sync. Grow the new ReplicaSet while
 * the total stays within replicas + maxSurge; otherwise shrink old ones while at least
 * replicas - maxUnavailable pods stay available, old RSs' unavailable pods going first; once the
 * rollout is complete, trim the history. Each step ends by writing the status; the ReplicaSet
 * status changes that follow bring the Deployment back for the next step.
 */
import { scaleReplicaSetAndRecordEvent, type DeploymentContext } from './context.js';
import { replicaSetsAndSyncRevision } from './new-replica-set.js';
import { deploymentComplete, syncRolloutStatus } from './progress.js';
import {
  activeReplicaSets,
  byCreation,
  maxUnavailable,
  newReplicaSetReplicas,
  specReplicaCount,
  specReplicas,
  statusReplicaCount,
  type Deployment,
  type ReplicaSet,
} from './replica-sets.js';
import { cleanupDeployment } from './sync.js';

type RS = Readonly<ReplicaSet>;

export async function rolloutRolling(ctx: DeploymentContext, d: Deployment, replicaSets: readonly RS[]): Promise<void> {
  const { newRS, oldRSs } = await replicaSetsAndSyncRevision(ctx, d, replicaSets, true);
  const allRSs = [...oldRSs, newRS!];
  if (await reconcileNewReplicaSet(ctx, allRSs, newRS!, d)) return syncRolloutStatus(ctx, allRSs, newRS, d);
  if (await reconcileOldReplicaSets(ctx, allRSs, activeReplicaSets(oldRSs), newRS!, d)) return syncRolloutStatus(ctx, allRSs, newRS, d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(ctx, oldRSs, d);
  return syncRolloutStatus(ctx, allRSs, newRS, d);
}

/** Scales the new RS up as far as maxSurge allows (or down, if the Deployment shrank). */
async function reconcileNewReplicaSet(ctx: DeploymentContext, allRSs: readonly RS[], newRS: RS, d: Deployment): Promise<boolean> {
  const want = specReplicas(d);
  if (specReplicas(newRS) === want) return false;
  if (specReplicas(newRS) > want) return (await scaleReplicaSetAndRecordEvent(ctx, newRS, want, d)).scaled;
  return (await scaleReplicaSetAndRecordEvent(ctx, newRS, newReplicaSetReplicas(d, allRSs, newRS), d)).scaled;
}

/**
 * Scales old RSs down as far as availability allows. Pods of the new RS that are not yet
 * available count against the budget, so a broken new template cannot take the old pods down.
 */
async function reconcileOldReplicaSets(ctx: DeploymentContext, allRSs: readonly RS[], oldRSs: RS[], newRS: RS, d: Deployment): Promise<boolean> {
  if (specReplicaCount(oldRSs) === 0) return false;
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = specReplicaCount(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  // Unhealthy old replicas first, or they would block the rollout (kubernetes#16737).
  const cleanedUp = await cleanupUnhealthyReplicas(ctx, oldRSs, d, maxScaledDown);
  const scaledDown = await scaleDownOldReplicaSets(ctx, [...oldRSs, newRS], oldRSs, d);
  return cleanedUp + scaledDown > 0;
}

/** Removes old RSs' unavailable replicas, oldest RS first, up to maxCleanup; updates oldRSs in place. */
async function cleanupUnhealthyReplicas(ctx: DeploymentContext, oldRSs: RS[], d: Deployment, maxCleanup: number): Promise<number> {
  oldRSs.sort(byCreation);
  let total = 0;
  for (const [i, rs] of oldRSs.entries()) {
    if (total >= maxCleanup) break;
    const unhealthy = specReplicas(rs) - (rs.status?.availableReplicas ?? 0);
    if (specReplicas(rs) === 0 || unhealthy === 0) continue;
    const count = Math.min(maxCleanup - total, unhealthy);
    if (count < 0) throw new Error(`when cleaning up unhealthy replicas, got invalid request to scale down ${rs.metadata.namespace}/${rs.metadata.name} ${specReplicas(rs)} -> ${specReplicas(rs) - count}`);
    oldRSs[i] = (await scaleReplicaSetAndRecordEvent(ctx, rs, specReplicas(rs) - count, d)).rs;
    total += count;
  }
  return total;
}

/** Scales old RSs down, oldest first, by what is available beyond replicas - maxUnavailable. */
async function scaleDownOldReplicaSets(ctx: DeploymentContext, allRSs: readonly RS[], oldRSs: RS[], d: Deployment): Promise<number> {
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const available = statusReplicaCount(allRSs, 'availableReplicas');
  if (available <= minAvailable) return 0;
  const budget = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= budget) break;
    if (specReplicas(rs) === 0) continue;
    const count = Math.min(specReplicas(rs), budget - total);
    await scaleReplicaSetAndRecordEvent(ctx, rs, specReplicas(rs) - count, d);
    total += count;
  }
  return total;
}
