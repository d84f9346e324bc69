/**
 * StatefulPodControl (k/k `statefulset/stateful_pod_control.go`): creates a member's claims
 * before the member, mends a member's identity and storage, deletes members, and keeps each
 * claim's ownerReferences in line with persistentVolumeClaimRetentionPolicy (Retain: none; Delete
 * when deleted: the set; Delete when scaled: the condemned pod), so the garbage collector removes
 * exactly the claims the policy gives up. Every write is reported as an Event on the StatefulSet.
 */
import { isAlreadyExists, isNotFound } from '../../shared/api/errors.js';
import type { FrozenObject, KubeObject, OwnerReference } from '../../shared/api/meta.js';
import { objectKey } from '../../shared/api/keys.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { EventRecorder } from '../../shared/client/events.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { claimName, claimsFor, inOrdinalRange, ordinalOf, statefulSetRef, storageMatches, withIdentity, withStorage } from './statefulset-pods.js';

type Obj = Readonly<KubeObject>;

const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const claims: ResourceRef = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };

/** recordPodEvent and recordClaimEvent: `Successful<Verb>` / `Failed<Verb>`, k/k's sentences. */
const title = (verb: string): string => verb[0]!.toUpperCase() + verb.slice(1);
const podSuccessMessage = (verb: string, pod: string, set: string): string => `${verb} Pod ${pod} in StatefulSet ${set} successful`;
const podFailureMessage = (verb: string, pod: string, set: string, err: string): string => `${verb} Pod ${pod} in StatefulSet ${set} failed error: ${err}`;
const claimSuccessMessage = (verb: string, claim: string, pod: string, set: string): string => `${verb} Claim ${claim} Pod ${pod} in StatefulSet ${set} success`;
const claimFailureMessage = (verb: string, claim: string, pod: string, set: string, err: string): string => `${verb} Claim ${claim} for Pod ${pod} in StatefulSet ${set} failed error: ${err}`;

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class StatefulPodControl {
  /**
   * Claims this control wrote, until the informer catches up: one pass creates a claim and then
   * sets its owners, and must not mistake the cache's older copy for the truth (k/k would fail
   * that pass with a Conflict and retry).
   */
  private readonly written = new Map<string, Obj>();

  constructor(
    private readonly client: ApiClient,
    private readonly recorder: EventRecorder,
    private readonly claimCache: SharedInformer,
  ) {}

  private claim(namespace: string | undefined, name: string): Obj | undefined {
    const key = objectKey(namespace, name);
    const cached = this.claimCache.get(key);
    const mine = this.written.get(key);
    if (mine && (!cached || Number(mine.metadata.resourceVersion) > Number(cached.metadata.resourceVersion))) return mine;
    this.written.delete(key);
    return cached;
  }

  private remember(claim: Obj): void {
    this.written.set(objectKey(claim.metadata.namespace, claim.metadata.name!), claim);
  }

  /** CreateStatefulPod: claims first, then the pod; an already existing pod is not reported. */
  async createPod(set: Obj, pod: KubeObject): Promise<void> {
    try {
      await this.createClaims(set, pod);
    } catch (err) {
      this.podEvent('create', set, pod, err);
      throw err;
    }
    let created: FrozenObject;
    try {
      created = await this.client.create(pods, set.metadata.namespace, pod);
    } catch (err) {
      if (!isAlreadyExists(err)) this.podEvent('create', set, pod, err);
      throw err;
    }
    try {
      await this.applyRetentionPolicy(set, created);
    } catch (err) {
      this.podEvent('update', set, pod, err);
      throw err;
    }
    this.podEvent('create', set, pod);
  }

  /** createMissingPersistentVolumeClaims, for a pending member whose claim went missing. */
  async createMissingClaims(set: Obj, pod: Obj): Promise<void> {
    await this.createClaims(set, pod);
    try {
      await this.applyRetentionPolicy(set, pod);
    } catch (err) {
      this.podEvent('update', set, pod, err);
      throw err;
    }
  }

  /** UpdateStatefulPod: restores the identity labels and claim volumes of a member. */
  async updatePod(set: Obj, cached: Obj): Promise<void> {
    const pod = structuredClone(cached) as KubeObject;
    const storageOk = storageMatches(set, pod);
    withIdentity(set, pod);
    withStorage(set, pod);
    try {
      if (!storageOk) await this.createClaims(set, pod);
      await this.applyRetentionPolicy(set, pod);
      await this.client.update(pods, pod);
    } catch (err) {
      this.podEvent('update', set, pod, err);
      throw err;
    }
    this.podEvent('update', set, pod);
  }

  /** DeleteStatefulPod: the claims stay (unless the retention policy handed them to the pod). */
  async deletePod(set: Obj, pod: Obj): Promise<void> {
    try {
      await this.client.delete(pods, pod.metadata.namespace, pod.metadata.name!);
    } catch (err) {
      this.podEvent('delete', set, pod, err);
      throw err;
    }
    this.podEvent('delete', set, pod);
  }

  /** createPersistentVolumeClaims: creates the claims the cache does not hold. */
  private async createClaims(set: Obj, pod: Obj): Promise<void> {
    const errors: string[] = [];
    for (const claim of claimsFor(set, pod).values()) {
      const cached = this.claim(claim.metadata.namespace, claim.metadata.name!);
      if (cached) {
        if (cached.metadata.deletionTimestamp) errors.push(`pvc ${claim.metadata.name} is being deleted`);
        continue;
      }
      try {
        this.remember(await this.client.create(claims, set.metadata.namespace, claim));
        this.claimEvent(set, pod, claim.metadata.name!);
      } catch (err) {
        // The cache can lag behind our own create; k/k would fail this round and retry, kubelab
        // checks the claim instead of logging a failure nobody caused.
        if (isAlreadyExists(err) && (await this.claimUsable(claim))) continue;
        if (!isAlreadyExists(err)) this.claimEvent(set, pod, claim.metadata.name!, err);
        errors.push(`failed to create PVC ${claim.metadata.name}: ${errorText(err)}`);
      }
    }
    if (errors.length === 1) throw new Error(errors[0]);
    if (errors.length > 1) throw new Error(`[${errors.join(', ')}]`);
  }

  private async claimUsable(claim: Obj): Promise<boolean> {
    const existing = await this.client.get(claims, claim.metadata.namespace, claim.metadata.name!);
    return !existing.metadata.deletionTimestamp;
  }

  /** PodClaimIsStale: with Delete on scale-down, a claim still owned by an old pod blocks the new one. */
  isClaimStale(set: Obj, pod: Obj): boolean {
    if (retentionPolicy(set).whenScaled === 'Retain') return false;
    for (const claim of claimsFor(set, pod).values()) {
      const cached = this.claim(claim.metadata.namespace, claim.metadata.name!);
      const podRef = cached?.metadata.ownerReferences?.find((ref) => ref.kind === 'Pod' && ref.name === pod.metadata.name);
      if (podRef && podRef.uid !== pod.metadata.uid) return true;
    }
    return false;
  }

  /** ClaimsMatchRetentionPolicy: every existing claim of the pod has the owners the policy wants. */
  claimsMatchRetentionPolicy(set: Obj, pod: Obj): boolean {
    for (const template of (set.spec?.volumeClaimTemplates ?? []) as KubeObject[]) {
      const claim = this.claim(set.metadata.namespace, claimName(set, template, ordinalOf(pod)));
      if (claim && !ownersUpToDate(claim, set, pod)) return false;
    }
    return true;
  }

  /** UpdatePodClaimForRetentionPolicy. */
  async applyRetentionPolicy(set: Obj, pod: Obj): Promise<void> {
    for (const template of (set.spec?.volumeClaimTemplates ?? []) as KubeObject[]) {
      const claim = this.claim(set.metadata.namespace, claimName(set, template, ordinalOf(pod)));
      if (!claim || ownersUpToDate(claim, set, pod)) continue; // a missing claim is picked up next round
      const updated = structuredClone(claim) as KubeObject;
      updated.metadata.ownerReferences = wantedOwners(claim, set, pod);
      try {
        this.remember(await this.client.update(claims, updated));
      } catch (err) {
        throw new Error(`Could not update claim ${claim.metadata.name} for delete policy ownerRefs: ${errorText(err)}`);
      }
    }
  }

  private podEvent(verb: string, set: Obj, pod: Obj, err?: unknown): void {
    if (err === undefined) this.recorder.event(set as KubeObject, 'Normal', `Successful${title(verb)}`, podSuccessMessage(verb, pod.metadata.name!, set.metadata.name!));
    else this.recorder.event(set as KubeObject, 'Warning', `Failed${title(verb)}`, podFailureMessage(verb, pod.metadata.name!, set.metadata.name!, errorText(err)));
  }

  private claimEvent(set: Obj, pod: Obj, claim: string, err?: unknown): void {
    if (err === undefined) this.recorder.event(set as KubeObject, 'Normal', 'SuccessfulCreate', claimSuccessMessage('create', claim, pod.metadata.name!, set.metadata.name!));
    else this.recorder.event(set as KubeObject, 'Warning', 'FailedCreate', claimFailureMessage('create', claim, pod.metadata.name!, set.metadata.name!, errorText(err)));
  }
}

/** getPersistentVolumeClaimRetentionPolicy: Retain/Retain when unset. */
export function retentionPolicy(set: Obj): { whenDeleted: string; whenScaled: string } {
  const policy = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  return { whenDeleted: policy.whenDeleted ?? 'Retain', whenScaled: policy.whenScaled ?? 'Retain' };
}

const isSetRef = (ref: OwnerReference, set: Obj): boolean => ref.apiVersion === 'apps/v1' && ref.kind === 'StatefulSet' && ref.name === set.metadata.name;
const isPodRef = (ref: OwnerReference, pod: Obj): boolean => ref.apiVersion === 'v1' && ref.kind === 'Pod' && ref.name === pod.metadata.name;

/** Which of set and pod should own the claim (isClaimOwnerUpToDate's table). */
function expectedOwners(set: Obj, pod: Obj): { set: boolean; pod: boolean } {
  const policy = retentionPolicy(set);
  const scaledDown = !inOrdinalRange(pod, set);
  const deleteOnScale = policy.whenScaled === 'Delete';
  const deleteWithSet = policy.whenDeleted === 'Delete';
  return { set: deleteWithSet && !(deleteOnScale && scaledDown), pod: deleteOnScale && scaledDown };
}

function ownersUpToDate(claim: Obj, set: Obj, pod: Obj): boolean {
  const refs = claim.metadata.ownerReferences ?? [];
  // Another controller, or refs to an earlier set or pod of the same name: not ours to touch.
  if (refs.some((ref) => (isSetRef(ref, set) && ref.uid !== set.metadata.uid) || (isPodRef(ref, pod) && pod.metadata.uid && ref.uid !== pod.metadata.uid))) return true;
  if (refs.some((ref) => ref.controller && !isSetRef(ref, set) && !isPodRef(ref, pod))) return true;
  const want = expectedOwners(set, pod);
  const hasSet = refs.some((ref) => ref.uid === set.metadata.uid);
  const hasPod = Boolean(pod.metadata.uid) && refs.some((ref) => ref.uid === pod.metadata.uid);
  return hasSet === want.set && (hasPod === want.pod || !pod.metadata.uid);
}

/** updateClaimOwnerRefForSetAndPod: our refs scrubbed, then added back as the policy says. */
function wantedOwners(claim: Obj, set: Obj, pod: Obj): OwnerReference[] {
  const refs = (claim.metadata.ownerReferences ?? []).filter((ref) => !isSetRef(ref, set) && !isPodRef(ref, pod));
  const want = expectedOwners(set, pod);
  if (want.set) refs.push(statefulSetRef(set));
  if (want.pod && pod.metadata.uid) refs.push({ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name!, uid: pod.metadata.uid, controller: true, blockOwnerDeletion: true });
  return refs;
}
