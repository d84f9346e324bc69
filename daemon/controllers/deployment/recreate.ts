/**
 * The Recreate strategy (k/k recreate.go): scale every old ReplicaSet to 0, wait until none of
 * their pods is left running, then create (or reuse) the new ReplicaSet at full size. The wait is
 * not a loop: the sync returns, and a pod deletion or ReplicaSet status change brings the
 * Deployment back (the controller's pod delete handler exists for this).
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { scaleReplicaSetAndRecordEvent, type DeploymentContext } from './context.js';
import { replicaSetsAndSyncRevision } from './new-replica-set.js';
import { deploymentComplete, syncRolloutStatus } from './progress.js';
import { activeReplicaSets, specReplicas, statusReplicaCount, type Deployment, type ReplicaSet } from './replica-sets.js';
import { cleanupDeployment } from './sync.js';

type RS = Readonly<ReplicaSet>;
/** Pods of the Deployment by the uid of the ReplicaSet that controls them (getPodMapForDeployment). */
export type PodsByReplicaSet = ReadonlyMap<string, readonly Readonly<KubeObject>[]>;

export async function rolloutRecreate(ctx: DeploymentContext, d: Deployment, replicaSets: readonly RS[], pods: PodsByReplicaSet): Promise<void> {
  // Find, but do not create, the new RS: nothing may scale up before the old pods are gone.
  let { newRS, oldRSs } = await replicaSetsAndSyncRevision(ctx, d, replicaSets, false);
  if (await scaleDownOldReplicaSets(ctx, activeReplicaSets(oldRSs), d)) return syncRolloutStatus(ctx, [...oldRSs, newRS], newRS, d);
  if (oldPodsRunning(newRS, oldRSs, pods)) return syncRolloutStatus(ctx, [...oldRSs, newRS], newRS, d);
  if (!newRS) ({ newRS, oldRSs } = await replicaSetsAndSyncRevision(ctx, d, replicaSets, true));
  await scaleReplicaSetAndRecordEvent(ctx, newRS!, specReplicas(d), d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(ctx, oldRSs, d);
  return syncRolloutStatus(ctx, [...oldRSs, newRS], newRS, d);
}

async function scaleDownOldReplicaSets(ctx: DeploymentContext, oldRSs: readonly RS[], d: Deployment): Promise<boolean> {
  let scaled = false;
  for (const rs of oldRSs) {
    if (specReplicas(rs) === 0) continue;
    if ((await scaleReplicaSetAndRecordEvent(ctx, rs, 0, d)).scaled) scaled = true;
  }
  return scaled;
}

/**
 * oldPodsRunning: old RSs still report pods, or a pod of an old RS is not yet finished
 * (Succeeded and Failed pods no longer count; anything else, Unknown included, does).
 */
export function oldPodsRunning(newRS: RS | undefined, oldRSs: readonly RS[], pods: PodsByReplicaSet): boolean {
  if (statusReplicaCount(oldRSs, 'replicas') > 0) return true;
  for (const [uid, list] of pods) {
    if (newRS && newRS.metadata.uid === uid) continue;
    if (list.some((pod) => pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}
