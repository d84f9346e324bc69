/**
 * ReplicaSet ownership (k/k `controller_ref_manager.go` ClaimReplicaSets, used by
 * getReplicaSetsForDeployment): a Deployment adopts orphan ReplicaSets its selector matches, keeps
 * the ones it owns that still match, and releases its ReplicaSets that stopped matching. Adoption
 * and release are strategic-merge patches of `metadata.ownerReferences` carrying the ReplicaSet's
 * uid as a precondition.
 */
import { isInvalid, isNotFound } from '../../../shared/api/errors.js';
import type { FrozenObject, KubeObject, OwnerReference } from '../../../shared/api/meta.js';
import type { Selector } from '../../../shared/labels.js';
import { controllerOf } from '../controller-ref-manager.js';
import { deploymentsResource, replicaSetsResource, type DeploymentContext } from './context.js';
import type { Deployment, ReplicaSet } from './replica-sets.js';

type RS = Readonly<ReplicaSet>;

/** The ReplicaSets the Deployment controls, after adopting and releasing. */
export async function claimReplicaSets(ctx: DeploymentContext, d: Readonly<Deployment>, selector: Selector, candidates: readonly RS[]): Promise<RS[]> {
  const uid = d.metadata.uid;
  const dying = Boolean(d.metadata.deletionTimestamp);
  let adoptable: Promise<void> | undefined;
  const claimed: RS[] = [];
  for (const rs of candidates) {
    const ref = controllerOf(rs);
    const matches = selector.matches(rs.metadata.labels);
    if (ref) {
      if (ref.uid !== uid) continue; // another controller's
      if (matches) claimed.push(rs);
      else if (!dying) await release(ctx, rs, uid!);
      continue;
    }
    if (dying || !matches || rs.metadata.deletionTimestamp || rs.metadata.namespace !== d.metadata.namespace) continue;
    adoptable ??= recheckDeployment(ctx, d);
    await adoptable;
    const adopted = await adopt(ctx, rs, controllerRefFor(d));
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

export function controllerRefFor(d: Readonly<Deployment>): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name!, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/**
 * RecheckDeletionTimestamp: the cache may be behind, so read the Deployment from the API before
 * the first adoption; a Deployment deleted or replaced meanwhile must not take ReplicaSets.
 */
async function recheckDeployment(ctx: DeploymentContext, d: Readonly<Deployment>): Promise<void> {
  const fresh = await ctx.client.get(deploymentsResource, d.metadata.namespace, d.metadata.name!);
  const { namespace, name, uid } = d.metadata;
  if (fresh.metadata.uid !== uid) throw new Error(`original Deployment ${namespace}/${name} is gone: got uid ${fresh.metadata.uid}, wanted ${uid}`);
  if (fresh.metadata.deletionTimestamp) throw new Error(`${namespace}/${name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
}

async function adopt(ctx: DeploymentContext, rs: RS, ref: OwnerReference): Promise<FrozenObject | undefined> {
  const patch = { metadata: { ownerReferences: [ref], uid: rs.metadata.uid } };
  try {
    return await ctx.client.patch(replicaSetsResource, rs.metadata.namespace, rs.metadata.name!, 'strategic', patch);
  } catch (err) {
    if (isNotFound(err)) return undefined; // gone meanwhile
    throw err;
  }
}

async function release(ctx: DeploymentContext, rs: RS, ownerUid: string): Promise<void> {
  const patch = { metadata: { ownerReferences: [{ $patch: 'delete', uid: ownerUid }], uid: rs.metadata.uid } };
  try {
    await ctx.client.patch(replicaSetsResource, rs.metadata.namespace, rs.metadata.name!, 'strategic', patch);
  } catch (err) {
    // NotFound: already gone. Invalid: no references left, or a new RS under the same name.
    if (!isNotFound(err) && !isInvalid(err)) throw err;
  }
}
