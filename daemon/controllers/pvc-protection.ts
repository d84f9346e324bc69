/**
 * The PVC protection controller (kube-controller-manager's pvc-protection, `pkg/controller/volume/
 * pvcprotection`): a deleted PersistentVolumeClaim keeps its `kubernetes.io/pvc-protection`
 * finalizer, and so stays Terminating, while a scheduled pod still names it; the finalizer goes
 * once no such pod is left (a force-deleted pod no longer counts). A claim created without the
 * finalizer gets it. The admission plugin adds it on create (admission/storage-object-in-use-
 * protection.ts). It records no Events, as the real one does not. Left out: k/k's batching of
 * claims by namespace (a performance measure).
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { objectKey } from '../../shared/api/keys.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { logger } from '../../shared/log.js';
import type { Controller, ControllerContext } from './manager.js';
import { claimKeysOf, isPodTerminated } from './persistentvolume-binding.js';

type Obj = Readonly<KubeObject>;

const componentName = 'pvc-protection-controller';
export const pvcProtectionFinalizer = 'kubernetes.io/pvc-protection';
const claimsRef: ResourceRef = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };
const podsRef: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
/** k/k's PodPVCIndex: pods by the `namespace/claim` keys they name. */
const podClaimIndex = 'pvc-protection-pod-claims';
const log = logger(componentName);

export interface PVCProtectionControllerOptions {
  client: ApiClient;
  clock: Clock;
  claims: SharedInformer;
  pods: SharedInformer;
  workers?: number;
}

export class PVCProtectionController implements Controller {
  readonly name = componentName;
  /** Claim keys (`namespace/name`). */
  readonly queue: RateLimitingQueue<string>;

  constructor(private readonly options: PVCProtectionControllerOptions) {
    this.queue = new RateLimitingQueue({ clock: options.clock });
    options.pods.addIndexer(podClaimIndex, claimKeysOf);
    const onClaim = (claim: Obj): void => {
      if (needsFinalizer(claim) || isDeletionCandidate(claim)) this.queue.add(objectKey(claim.metadata.namespace!, claim.metadata.name!));
    };
    options.claims.addEventHandler({ onAdd: onClaim, onUpdate: (_old, claim) => onClaim(claim) });
    options.pods.addEventHandler({
      onAdd: (pod) => this.enqueueClaims(pod, false),
      onUpdate: (old, pod) => {
        this.enqueueClaims(pod, false);
        // An update may hide the deletion of one pod and the creation of another of the same name.
        if (old.metadata.uid !== pod.metadata.uid) this.enqueueClaims(old, true);
      },
      onDelete: (pod) => this.enqueueClaims(pod, true),
    });
  }

  static fromContext(context: ControllerContext): PVCProtectionController {
    const { client, clock, informers } = context;
    return new PVCProtectionController({ client, clock, claims: informers.informerFor(claimsRef), pods: informers.informerFor(podsRef) });
  }

  async start(signal: AbortSignal): Promise<void> {
    const synced = await Promise.all([this.options.claims.waitForSync(signal), this.options.pods.waitForSync(signal)]);
    if (!synced.every(Boolean)) return;
    await runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.options.workers ?? 1, signal, log });
  }

  /** processPVC: drop the finalizer of a deleted claim nobody uses; add it where it is missing. */
  async sync(key: string): Promise<void> {
    const claim = this.options.claims.get(key);
    if (!claim) return;
    if (isDeletionCandidate(claim)) {
      if (await this.isBeingUsed(claim)) return log.debug('keeping PVC because it is being used', { claim: key });
      return this.setFinalizers(claim, (claim.metadata.finalizers ?? []).filter((f) => f !== pvcProtectionFinalizer));
    }
    if (needsFinalizer(claim)) return this.setFinalizers(claim, [...(claim.metadata.finalizers ?? []), pvcProtectionFinalizer]);
  }

  /** Only pods that can let a finalizer go are worth a look: gone, finished, or not yet scheduled. */
  private enqueueClaims(pod: Obj, deleted: boolean): void {
    if (!deleted && !isPodTerminated(pod) && pod.spec?.nodeName) return;
    for (const key of claimKeysOf(pod)) this.queue.add(key);
  }

  /** The informer's pods first; when none uses the claim, a live list makes sure (k/k askAPIServer). */
  private async isBeingUsed(claim: Obj): Promise<boolean> {
    const key = objectKey(claim.metadata.namespace!, claim.metadata.name!);
    if (this.options.pods.byIndex(podClaimIndex, key).some((pod) => podUsesClaim(pod, claim))) return true;
    const live = await this.options.client.list(podsRef, claim.metadata.namespace);
    return live.items.some((pod) => podUsesClaim(pod, claim));
  }

  private async setFinalizers(claim: Obj, finalizers: string[]): Promise<void> {
    const next = structuredClone(claim) as KubeObject;
    next.metadata.finalizers = finalizers;
    // A Conflict or NotFound means the cache was behind: the worker retries, and the retry reads anew.
    await this.options.client.update(claimsRef, next);
    log.debug(finalizers.includes(pvcProtectionFinalizer) ? 'added protection finalizer to PVC' : 'removed protection finalizer from PVC', { claim: objectKey(claim.metadata.namespace!, claim.metadata.name!) });
  }
}

const isDeletionCandidate = (obj: Obj): boolean => Boolean(obj.metadata.deletionTimestamp) && (obj.metadata.finalizers ?? []).includes(pvcProtectionFinalizer);
const needsFinalizer = (obj: Obj): boolean => !obj.metadata.deletionTimestamp && !(obj.metadata.finalizers ?? []).includes(pvcProtectionFinalizer);

/**
 * podUsesPVC: only a scheduled pod counts (the kubelet will not start a pod whose claim is being
 * deleted). A persistentVolumeClaim volume counts however the pod ended; an ephemeral claim counts
 * only while it belongs to this pod and the pod is not shut down.
 */
export function podUsesClaim(pod: Obj, claim: Obj): boolean {
  if (!pod.spec?.nodeName || pod.metadata.namespace !== claim.metadata.namespace) return false;
  return (pod.spec.volumes ?? []).some((volume: KubeObject) => {
    if (volume.persistentVolumeClaim) return volume.persistentVolumeClaim.claimName === claim.metadata.name;
    if (!volume.ephemeral || isPodShutDown(pod) || `${pod.metadata.name}-${volume.name}` !== claim.metadata.name) return false;
    return (claim.metadata.ownerReferences ?? []).some((ref) => ref.controller === true && ref.uid === pod.metadata.uid);
  });
}

/** podIsShutDown: deleted with a zero grace period (the kubelet is done with it, or it was forced). */
function isPodShutDown(pod: Obj): boolean {
  return Boolean(pod.metadata.deletionTimestamp) && pod.metadata.deletionGracePeriodSeconds === 0;
}
