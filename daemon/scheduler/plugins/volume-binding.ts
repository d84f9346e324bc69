/**
 * VolumeBinding (kube-scheduler plugin), the part a learner meets: PreFilter refuses a pod whose
 * claim is missing (`persistentvolumeclaim "x" not found`), lost, being deleted, or still unbound
 * under an Immediate class (`pod has unbound immediate PersistentVolumeClaims`); Filter keeps a
 * pod off the nodes its bound volumes' node affinity excludes (`node(s) had volume node affinity
 * conflict`), so lab I.4's pod comes back to the node that holds its local-path volume. A claim,
 * volume or class that appears or changes requeues the pods it rejected.
 * PreBind (claimsToProvision, waitForBound): before the pod is bound, each unbound
 * WaitForFirstConsumer claim of a provisioning class gets `volume.kubernetes.io/selected-node`,
 * and the binding waits until the claim is bound, so the pod reaches its node with its volume.
 * Left out: choosing static volumes for WaitForFirstConsumer claims per node (the persistentvolume
 * controller binds them once the pod is placed), storage capacity.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import type { Clock } from '../../../shared/clock.js';
import type { SharedInformer } from '../../../shared/client/informer.js';
import { unresolvable, type ClusterEvent, type FilterPlugin, type PodFilter, type Status } from '../framework.js';
import type { NodeInfo } from '../node-info.js';
import type { PodInfo } from '../pod-info.js';
import { termMatches, type NodeSelectorTerm } from './node-selector.js';

export const errReasonNodeConflict = 'node(s) had volume node affinity conflict';
export const errReasonPVNotExist = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
export const errReasonUnboundImmediate = 'pod has unbound immediate PersistentVolumeClaims';
const annBindCompleted = 'pv.kubernetes.io/bind-completed';
export const annSelectedNode = 'volume.kubernetes.io/selected-node';
/** VolumeBindingArgs.bindTimeoutSeconds' default: how long PreBind waits for the claims. */
export const bindTimeoutMs = 600_000;
const noProvisioner = 'kubernetes.io/no-provisioner';

export interface VolumeBindingOptions {
  claims: SharedInformer;
  volumes: SharedInformer;
  classes: SharedInformer;
}

type Obj = Readonly<KubeObject>;

/** The claims a pod names: `persistentVolumeClaim` volumes, and generic ephemeral ones (`<pod>-<volume>`). */
function podClaims(pod: Obj): { name: string; ephemeral: boolean }[] {
  const claims: { name: string; ephemeral: boolean }[] = [];
  for (const volume of pod.spec?.volumes ?? []) {
    if (volume.persistentVolumeClaim) claims.push({ name: volume.persistentVolumeClaim.claimName, ephemeral: false });
    else if (volume.ephemeral) claims.push({ name: `${pod.metadata.name}-${volume.name}`, ephemeral: true });
  }
  return claims;
}

/** isPVCFullyBound: a volume name and the controller's bind-completed annotation. */
function isBound(claim: Obj): boolean {
  return Boolean(claim.spec?.volumeName) && claim.metadata.annotations?.[annBindCompleted] !== undefined;
}

export class VolumeBinding implements FilterPlugin {
  readonly name = 'VolumeBinding';

  constructor(private readonly options: VolumeBindingOptions) {}

  preFilter(pod: PodInfo): PodFilter | Status | null {
    const claims = podClaims(pod.pod);
    if (claims.length === 0) return null;
    const namespace = pod.pod.metadata.namespace ?? '';
    const boundVolumes: string[] = [];
    let unboundImmediate = false;
    for (const { name, ephemeral } of claims) {
      const claim = this.options.claims.get(`${namespace}/${name}`);
      // podHasPVCs: the lister's NotFound text, or the ephemeral volume controller's turn to come.
      if (!claim) return unresolvable(ephemeral ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${name}"` : `persistentvolumeclaim "${name}" not found`);
      if (claim.status?.phase === 'Lost') return unresolvable(`persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${claim.spec?.volumeName ?? ''}"`);
      if (claim.metadata.deletionTimestamp) return unresolvable(`persistentvolumeclaim "${name}" is being deleted`);
      if (ephemeral && !(claim.metadata.ownerReferences ?? []).some((ref) => ref.controller === true && ref.uid === pod.pod.metadata.uid)) {
        return unresolvable(`PVC ${namespace}/${name} was not created for pod ${namespace}/${pod.pod.metadata.name} (pod is not owner)`);
      }
      if (isBound(claim)) boundVolumes.push(claim.spec.volumeName);
      else if (!this.isDelayBinding(claim)) unboundImmediate = true;
    }
    if (unboundImmediate) return unresolvable(errReasonUnboundImmediate);
    if (boundVolumes.length === 0) return null;
    return { filter: (node) => this.filterBound(boundVolumes, node) };
  }

  /** A pod this plugin rejected may fit once a claim, volume or class appears or changes. */
  isSchedulableAfter(pod: PodInfo, event: ClusterEvent): boolean {
    if (event.type === 'StorageChange') return event.resource !== 'persistentvolumeclaims' || podClaims(pod.pod).some((c) => c.name === event.object.metadata.name && pod.pod.metadata.namespace === event.object.metadata.namespace);
    return event.type === 'NodeAdd' || (event.type === 'NodeUpdate' && event.changes.has('Label'));
  }

  /**
   * PreBind's claims: unbound ones of a WaitForFirstConsumer class that can provision. (A static
   * volume for a no-provisioner class is bound by the persistentvolume controller once the pod is
   * placed, so such claims are not waited for.)
   */
  claimsToProvision(pod: Obj): Obj[] {
    const namespace = pod.metadata.namespace ?? '';
    const found: Obj[] = [];
    for (const { name } of podClaims(pod)) {
      const claim = this.options.claims.get(`${namespace}/${name}`);
      if (!claim || isBound(claim) || !this.isDelayBinding(claim)) continue;
      if (this.options.classes.get(claim.spec?.storageClassName)?.provisioner === noProvisioner) continue;
      found.push(claim);
    }
    return found;
  }

  /**
   * Resolves true once every claim (`namespace/name`) is bound, false when `timeoutMs` passes, the
   * signal aborts (the scheduler stops), or `gone()` says the pod no longer waits (checked at each
   * claim change).
   */
  waitForBound(keys: readonly string[], clock: Clock, timeoutMs: number, gone: () => boolean, signal?: AbortSignal): Promise<boolean> {
    const allBound = (): boolean => keys.every((key) => {
      const claim = this.options.claims.get(key);
      return claim !== undefined && isBound(claim);
    });
    if (allBound()) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      let remove = (): void => {};
      const timer = clock.after(timeoutMs, () => finish(false));
      const onAbort = (): void => finish(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      const finish = (bound: boolean): void => {
        remove();
        timer.cancel();
        signal?.removeEventListener('abort', onAbort);
        resolve(bound);
      };
      const check = (): void => {
        if (allBound()) finish(true);
        else if (gone()) finish(false);
      };
      // Updates and deletions only: a handler added now gets an onAdd per cached claim at once.
      remove = this.options.claims.addEventHandler({ onUpdate: check, onDelete: check });
    });
  }

  /** Unbound claims of a WaitForFirstConsumer class wait for the pod; the others bind at once. */
  private isDelayBinding(claim: Obj): boolean {
    const className = claim.spec?.storageClassName;
    if (!className) return false;
    return this.options.classes.get(className)?.volumeBindingMode === 'WaitForFirstConsumer';
  }

  /** FindPodVolumes for bound claims: each volume's required node affinity must admit the node. */
  private filterBound(volumeNames: readonly string[], node: NodeInfo): Status | undefined {
    if (!node.node) return undefined;
    for (const volumeName of volumeNames) {
      const volume = this.options.volumes.get(volumeName);
      if (!volume) return unresolvable(errReasonPVNotExist);
      const terms: NodeSelectorTerm[] | undefined = volume.spec?.nodeAffinity?.required?.nodeSelectorTerms;
      if (terms && !terms.some((term) => termMatches(term, node.node!))) return unresolvable(errReasonNodeConflict);
    }
    return undefined;
  }
}
