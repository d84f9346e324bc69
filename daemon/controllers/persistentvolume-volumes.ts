/**
 * The volume side of the PersistentVolume controller (k/k `pv_controller.go` syncVolume, bind,
 * updateClaimStatus, updateVolumePhase, reclaimVolume): the four writes of a binding, the volume
 * phases, and what happens to a volume whose claim is gone. Retain keeps it Released; Delete is
 * left to the external provisioner that made it, and done here only for hostPath volumes under
 * /tmp, the one in-tree deleter kubelab can imitate (others fail as hostPath's does).
 */
import { isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { objectKey } from '../../shared/api/keys.js';
import { rfc3339, type Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { EventRecorder } from '../../shared/client/events.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { annBindCompleted, annBoundByController, annDynamicallyProvisioned, claimReference, isVolumeBoundToClaim } from './persistentvolume-binding.js';

const reasonVolumeFailedDelete = 'VolumeFailedDelete';
const claimsRef: ResourceRef = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };
const volumesRef: ResourceRef = { group: '', version: 'v1', resource: 'persistentvolumes' };

/** A volume's work-queue key: its name (claims are `namespace/name`). */
export function volumeQueueKey(name: string): string {
  return objectKey(undefined, name);
}

export interface VolumeBinderOptions {
  client: ApiClient;
  clock: Clock;
  claims: SharedInformer;
  recorder: EventRecorder;
  enqueue(key: string): void;
}

export class VolumeBinder {
  constructor(private readonly options: VolumeBinderOptions) {}

  /** syncVolume: the volume's phase from its claimRef and that claim's state. */
  async syncVolume(volume: Readonly<KubeObject> | undefined): Promise<void> {
    if (!volume) return;
    const ref = volume.spec?.claimRef;
    // Unused, or reserved for a claim that has not bound yet (the claim's sync does that).
    if (!ref || !ref.uid) return void (await this.updateVolumePhase(volume, 'Available'));
    const claim = await this.claimFor(volume);
    if (!claim) {
      let current: Readonly<KubeObject> = volume;
      const phase = volume.status?.phase;
      if (phase !== 'Released' && phase !== 'Failed') current = await this.updateVolumePhase(volume, 'Released');
      return this.reclaim(current);
    }
    if (!claim.spec?.volumeName) return this.options.enqueue(objectKey(claim.metadata.namespace, claim.metadata.name!));
    if (claim.spec.volumeName === volume.metadata.name) return void (await this.updateVolumePhase(volume, 'Bound'));
    // The claim went to another volume.
    if (volume.metadata.annotations?.[annDynamicallyProvisioned] && volume.spec.persistentVolumeReclaimPolicy === 'Delete') {
      const released = volume.status?.phase === 'Released' ? volume : await this.updateVolumePhase(volume, 'Released');
      return this.reclaim(released);
    }
    await this.unbindVolume(volume);
  }

  /** bind: volume → claim, volume Bound, claim → volume, claim Bound; each write only when needed. */
  async bind(volume: Readonly<KubeObject>, claim: Readonly<KubeObject>): Promise<void> {
    let pv: Readonly<KubeObject> = volume;
    const ref = volume.spec?.claimRef;
    if (!ref || ref.uid !== claim.metadata.uid || ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace) {
      const next = structuredClone(volume) as KubeObject;
      // bound-by-controller marks a binding the controller chose (not one the user pre-bound).
      if (!isVolumeBoundToClaim(volume, claim)) next.metadata.annotations = { ...next.metadata.annotations, [annBoundByController]: 'yes' };
      next.spec.claimRef = claimReference(claim);
      pv = await this.options.client.update(volumesRef, next);
    }
    pv = await this.updateVolumePhase(pv, 'Bound');

    let pvc: Readonly<KubeObject> = claim;
    const annotations = claim.metadata.annotations ?? {};
    if (claim.spec?.volumeName !== pv.metadata.name || !annotations[annBindCompleted]) {
      const next = structuredClone(claim) as KubeObject;
      const wasUnset = claim.spec?.volumeName !== pv.metadata.name;
      next.spec.volumeName = pv.metadata.name;
      next.metadata.annotations = { ...next.metadata.annotations, [annBindCompleted]: 'yes' };
      if (wasUnset) next.metadata.annotations[annBoundByController] = 'yes';
      pvc = await this.options.client.update(claimsRef, next);
    }
    await this.updateClaimStatus(pvc, 'Bound', pv);
  }

  /** updateClaimStatus: the phase, with the volume's access modes and capacity when bound. */
  async updateClaimStatus(claim: Readonly<KubeObject>, phase: string, volume?: Readonly<KubeObject>): Promise<Readonly<KubeObject>> {
    const status = structuredClone(claim.status ?? {});
    status.phase = phase;
    if (volume) {
      status.accessModes = structuredClone(volume.spec.accessModes);
      // Capacity is set when the claim becomes Bound; later differences can be deliberate (resizing).
      if (claim.status?.phase !== phase) status.capacity = structuredClone(volume.spec.capacity);
    } else {
      delete status.accessModes;
      delete status.capacity;
    }
    if (JSON.stringify(status) === JSON.stringify(claim.status ?? {})) return claim;
    return this.options.client.update(claimsRef, { ...structuredClone(claim), status } as KubeObject, { subresource: 'status' });
  }

  async updateVolumePhase(volume: Readonly<KubeObject>, phase: string, message?: string): Promise<Readonly<KubeObject>> {
    if (volume.status?.phase === phase) return volume;
    const status = { ...structuredClone(volume.status ?? {}), phase, lastPhaseTransitionTime: rfc3339(this.options.clock.now()) };
    if (message) status.message = message;
    else delete status.message;
    return this.options.client.update(volumesRef, { ...structuredClone(volume), status } as KubeObject, { subresource: 'status' });
  }

  /** The claim named by the claimRef, read from the API when the cache lacks it or holds an older one. */
  private async claimFor(volume: Readonly<KubeObject>): Promise<Readonly<KubeObject> | undefined> {
    const ref = volume.spec.claimRef;
    let claim = this.options.claims.get(objectKey(ref.namespace, ref.name));
    const phase = volume.status?.phase;
    if ((!claim && phase !== 'Released' && phase !== 'Failed') || (claim && claim.metadata.uid !== ref.uid)) {
      try {
        claim = await this.options.client.get(claimsRef, ref.namespace, ref.name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        claim = undefined;
      }
    }
    return claim && claim.metadata.uid === ref.uid ? claim : undefined;
  }

  /** reclaimVolume for a released volume. */
  private async reclaim(volume: Readonly<KubeObject>): Promise<void> {
    if (volume.spec?.persistentVolumeReclaimPolicy !== 'Delete' || volume.status?.phase === 'Failed') return;
    const provisionedBy: string | undefined = volume.metadata.annotations?.[annDynamicallyProvisioned];
    if (provisionedBy && !provisionedBy.startsWith('kubernetes.io/')) return; // its external provisioner deletes it
    const path: string | undefined = volume.spec.hostPath?.path;
    if (path === undefined) return; // no in-tree deleter for it in kubelab
    if (!/\/tmp\/.+/.test(path)) {
      const message = `host_path deleter only supports /tmp/.+ but received provided ${path}`;
      const failed = await this.updateVolumePhase(volume, 'Failed', message);
      return this.options.recorder.event(failed, 'Warning', reasonVolumeFailedDelete, message);
    }
    try {
      await this.options.client.delete(volumesRef, undefined, volume.metadata.name!);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** unbindVolume: undo a binding the controller made, or keep a user's pre-binding without its uid. */
  private async unbindVolume(volume: Readonly<KubeObject>): Promise<void> {
    const next = structuredClone(volume) as KubeObject;
    if (next.metadata.annotations?.[annBoundByController]) {
      delete next.spec.claimRef;
      delete next.metadata.annotations[annBoundByController];
    } else {
      next.spec.claimRef = { ...next.spec.claimRef, uid: '' };
      delete next.spec.claimRef.resourceVersion;
    }
    const updated = await this.options.client.update(volumesRef, next);
    await this.updateVolumePhase(updated, 'Available');
  }
}
