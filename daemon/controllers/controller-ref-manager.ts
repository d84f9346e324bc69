/**
 * Pod ownership (k/k `controller_ref_manager.go` PodControllerRefManager.ClaimPods): a controller
 * adopts orphan pods its selector matches, keeps the ones it owns that still match, and releases
 * its pods that stopped matching. Adoption and release are strategic-merge patches of
 * `metadata.ownerReferences` (keyed by uid) that carry the pod's uid as a precondition, so a pod
 * deleted and created again under the same name is never touched by mistake.
 */
import { isInvalid, isNotFound } from '../../shared/api/errors.js';
import type { KubeObject, OwnerReference } from '../../shared/api/meta.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { Selector } from '../../shared/labels.js';

type Pod = Readonly<KubeObject>;

const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods' };

export interface ClaimOptions {
  client: ApiClient;
  owner: Readonly<KubeObject>;
  /** The reference adoption writes: the owner as controller, blockOwnerDeletion set. */
  ref: OwnerReference;
  selector: Selector;
  /**
   * Called once, before the first adoption: rejects if the owner is being deleted (k/k re-reads it
   * uncached, RecheckDeletionTimestamp), because a dying owner must not take new pods.
   */
  canAdopt: () => Promise<void>;
}

/** The controller reference of an object (metav1.GetControllerOf). */
export function controllerOf(obj: Pod): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((ref) => ref.controller === true);
}

/** The pods the owner controls after adopting and releasing; pods owned by others are left out. */
export async function claimPods(candidates: readonly Pod[], options: ClaimOptions): Promise<Pod[]> {
  const { owner, selector } = options;
  const ownerUid = owner.metadata.uid;
  const ownerDying = Boolean(owner.metadata.deletionTimestamp);
  let adoptable: Promise<void> | undefined;
  const claimed: Pod[] = [];
  const errors: unknown[] = [];
  for (const pod of candidates) {
    const ref = controllerOf(pod);
    const matches = selector.matches(pod.metadata.labels);
    try {
      if (ref) {
        if (ref.uid !== ownerUid) continue; // another controller's pod
        if (matches) claimed.push(pod);
        else if (!ownerDying) await releasePod(options.client, pod, ownerUid!);
        continue;
      }
      // An orphan: adopt it only if it matches, is not being deleted, and the owner is not.
      if (ownerDying || !matches || pod.metadata.deletionTimestamp || pod.metadata.namespace !== owner.metadata.namespace) continue;
      adoptable ??= options.canAdopt();
      await adoptable;
      if (await adoptPod(options.client, pod, options.ref)) claimed.push(pod);
    } catch (err) {
      errors.push(err);
    }
  }
  // Like k/k's aggregate error, one failure fails the claim; the others have been attempted.
  if (errors.length > 0) throw errors[0];
  return claimed;
}

/** Adds the controller reference; false when the pod is gone meanwhile. */
async function adoptPod(client: ApiClient, pod: Pod, ref: OwnerReference): Promise<boolean> {
  const patch = { metadata: { ownerReferences: [ref], uid: pod.metadata.uid } };
  try {
    await client.patch(pods, pod.metadata.namespace, pod.metadata.name!, 'strategic', patch);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** Removes the owner's reference from a pod that no longer matches its selector. */
async function releasePod(client: ApiClient, pod: Pod, ownerUid: string): Promise<void> {
  const patch = { metadata: { ownerReferences: [{ $patch: 'delete', uid: ownerUid }], uid: pod.metadata.uid } };
  try {
    await client.patch(pods, pod.metadata.namespace, pod.metadata.name!, 'strategic', patch);
  } catch (err) {
    // NotFound: already gone. Invalid: the pod has no owner references left, or it is a new pod
    // with the same name (uid precondition). Either way there is nothing left to release.
    if (!isNotFound(err) && !isInvalid(err)) throw err;
  }
}
