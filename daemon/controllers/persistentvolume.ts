/**
 * The PersistentVolume controller (kube-controller-manager's persistentvolume-controller): binds
 * claims to volumes (a pre-bound or the smallest fitting Available one), asks external
 * provisioners for new volumes by annotating the claim (`ExternalProvisioning`), waits for the
 * first consumer under WaitForFirstConsumer, keeps both phases (Pending/Available/Bound/Released/
 * Lost), and reclaims released volumes (Retain keeps them; Delete is the provisioner's job, or the
 * hostPath deleter's). The provisioning itself is local-path-provisioner.ts. Two kubelab stand-ins:
 * a claim without a class gets the default one first (the DefaultStorageClass admission plugin's
 * job), and a WaitForFirstConsumer claim whose pod is already on a node gets the
 * `volume.kubernetes.io/selected-node` annotation the scheduler's volume binder would have set.
 * Left out: Recycle, volume expansion, CSI migration. The protection finalizers are pvc-protection.ts
 * and pv-protection.ts.
 */
import { isConflict, isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { keyOf, objectKey, splitKey } from '../../shared/api/keys.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { EventRecorder } from '../../shared/client/events.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { logger } from '../../shared/log.js';
import type { Controller, ControllerContext } from './manager.js';
import {
  annBetaStorageProvisioner, annBindCompleted, annSelectedNode, annStorageProvisioner, claimClass, claimKeysOf, defaultClass, findBestMatch,
  isPodTerminated, isVolumeBoundToClaim, volumeMismatch,
} from './persistentvolume-binding.js';
import { VolumeBinder, volumeQueueKey } from './persistentvolume-volumes.js';

const componentName = 'persistentvolume-controller';
const reasonWaitForFirstConsumer = 'WaitForFirstConsumer';
const reasonWaitForPodScheduled = 'WaitForPodScheduled';
const reasonExternalProvisioning = 'ExternalProvisioning';
const reasonProvisioningFailed = 'ProvisioningFailed';
const reasonFailedBinding = 'FailedBinding';
const reasonVolumeMismatch = 'VolumeMismatch';
const reasonClaimLost = 'ClaimLost';
const reasonClaimMisbound = 'ClaimMisbound';
const messageWaitForFirstConsumer = 'waiting for first consumer to be created before binding';
const messageNoStorageClass = 'no persistent volumes available for this claim and no storage class is set';
/** kube-controller-manager's --pvclaimbinder-sync-period: waiting claims are looked at again this often. */
const resyncPeriodMs = 15_000;
const noProvisioner = 'kubernetes.io/no-provisioner';
const podClaimIndex = 'pod-pvc-index';

const claimsRef: ResourceRef = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };
const volumesRef: ResourceRef = { group: '', version: 'v1', resource: 'persistentvolumes' };
const classesRef: ResourceRef = { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' };
const podsRef: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const nodesRef: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };
const log = logger(componentName);

export interface PersistentVolumeControllerOptions {
  client: ApiClient;
  clock: Clock;
  claims: SharedInformer;
  volumes: SharedInformer;
  classes: SharedInformer;
  pods: SharedInformer;
  recorder?: EventRecorder;
  workers?: number;
}

export class PersistentVolumeController implements Controller {
  readonly name = componentName;
  /** Claim keys (`namespace/name`) and volume keys (`name`) share one queue, as keys never collide. */
  readonly queue: RateLimitingQueue<string>;
  /** Public so that tests can flush it before reading Events. */
  readonly recorder: EventRecorder;
  private readonly binder: VolumeBinder;

  constructor(private readonly options: PersistentVolumeControllerOptions) {
    const { client, clock } = options;
    this.queue = new RateLimitingQueue({ clock });
    this.recorder = options.recorder ?? new EventRecorder({ client, clock, component: componentName });
    this.binder = new VolumeBinder({ client, clock, claims: options.claims, recorder: this.recorder, enqueue: (key) => this.queue.add(key) });
    options.pods.addIndexer(podClaimIndex, claimKeysOf);
    const changed = (old: Readonly<KubeObject>, obj: Readonly<KubeObject>): boolean => old.metadata.resourceVersion !== obj.metadata.resourceVersion;
    options.claims.addEventHandler({
      onAdd: (claim) => this.queue.add(keyOf(claim)),
      onUpdate: (old, claim) => changed(old, claim) && this.queue.add(keyOf(claim)),
      // The volume it held is released.
      onDelete: (claim) => claim.spec?.volumeName && this.queue.add(volumeQueueKey(claim.spec.volumeName)),
    });
    options.volumes.addEventHandler({
      onAdd: (volume) => this.queue.add(keyOf(volume)),
      onUpdate: (old, volume) => changed(old, volume) && this.queue.add(keyOf(volume)),
      onDelete: (volume) => volume.spec?.claimRef && this.queue.add(objectKey(volume.spec.claimRef.namespace, volume.spec.claimRef.name)),
    });
    // A pod placed on a node is the first consumer its WaitForFirstConsumer claims wait for. A new
    // pod not yet placed is no reason to look again (the real controller watches no pods, so it
    // says `WaitForPodScheduled` only when a resync finds one): the scheduler annotates its claims.
    options.pods.addEventHandler({
      onAdd: (pod) => pod.spec?.nodeName && this.enqueueClaimsOf(pod),
      onUpdate: (old, pod) => old.spec?.nodeName !== pod.spec?.nodeName && this.enqueueClaimsOf(pod),
    });
  }

  static fromContext(context: ControllerContext): PersistentVolumeController {
    const { client, clock, informers } = context;
    return new PersistentVolumeController({
      client, clock, claims: informers.informerFor(claimsRef), volumes: informers.informerFor(volumesRef), classes: informers.informerFor(classesRef), pods: informers.informerFor(podsRef),
    });
  }

  async start(signal: AbortSignal): Promise<void> {
    const { claims, volumes, classes, pods } = this.options;
    const synced = await Promise.all([claims, volumes, classes, pods].map((informer) => informer.waitForSync(signal)));
    if (!synced.every(Boolean)) return;
    await runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.options.workers ?? 1, signal, log });
  }

  private enqueueClaimsOf(pod: Readonly<KubeObject>): void {
    for (const key of claimKeysOf(pod)) this.queue.add(key);
  }

  /** syncClaim for `namespace/name` keys, syncVolume for `name` keys. */
  async sync(key: string): Promise<void> {
    try {
      const { namespace } = splitKey(key);
      if (!namespace) return await this.binder.syncVolume(this.options.volumes.get(key));
      const claim = this.options.claims.get(key);
      if (!claim) return;
      if (claim.metadata.annotations?.[annBindCompleted]) return await this.syncBoundClaim(claim);
      await this.syncUnboundClaim(claim);
    } catch (err) {
      if (!isConflict(err)) throw err;
      this.queue.addRateLimited(key); // our cache was behind; the newer version comes with its event
    }
  }

  /** syncUnboundClaim: bind, provision, or wait. */
  private async syncUnboundClaim(claim: Readonly<KubeObject>): Promise<void> {
    if (claim.spec?.volumeName) return this.syncRequestedVolume(claim);
    // kubelab has no DefaultStorageClass admission: a claim created without a class gets the
    // default one before anything else, as it would have at creation.
    const fallback = claim.spec?.storageClassName === undefined ? defaultClass(this.options.classes.list()) : undefined;
    if (fallback) return void (await this.updateClaim(claim, (c) => (c.spec.storageClassName = fallback.metadata.name)));

    const className = claimClass(claim);
    const storageClass = className ? this.options.classes.get(className) : undefined;
    const delayBinding = storageClass?.volumeBindingMode === 'WaitForFirstConsumer';
    const match = findBestMatch(claim, this.options.volumes.list(), delayBinding);
    if (match) return this.binder.bind(match, claim);

    const key = keyOf(claim);
    this.queue.addAfter(key, resyncPeriodMs); // the periodic resync retries what waits
    if (delayBinding && !claim.metadata.annotations?.[annSelectedNode]) {
      const node = this.scheduledConsumerNode(key);
      if (node) return this.selectNode(claim, node, storageClass!);
      this.emitWaitingForConsumer(claim, key);
    } else if (className) {
      // provisionClaim: the claim keeps its status; the provisioner or the next sync moves it on.
      return this.provision(claim, className, storageClass);
    } else {
      this.recorder.event(claim as KubeObject, 'Normal', reasonFailedBinding, messageNoStorageClass);
    }
    await this.binder.updateClaimStatus(claim, 'Pending');
  }

  /** The claim names its volume: bind to it if it fits and is free. */
  private async syncRequestedVolume(claim: Readonly<KubeObject>): Promise<void> {
    const volume = this.options.volumes.get(claim.spec.volumeName);
    if (!volume) {
      this.queue.addAfter(keyOf(claim), resyncPeriodMs);
      return void (await this.binder.updateClaimStatus(claim, 'Pending'));
    }
    if (!volume.spec?.claimRef) {
      const mismatch = volumeMismatch(volume, claim);
      if (!mismatch) return this.binder.bind(volume, claim);
      this.recorder.event(claim as KubeObject, 'Warning', reasonVolumeMismatch, `Cannot bind to requested volume "${volume.metadata.name}": ${mismatch}`);
    } else if (isVolumeBoundToClaim(volume, claim)) {
      return this.binder.bind(volume, claim);
    } else {
      this.recorder.event(claim as KubeObject, 'Warning', reasonFailedBinding, `volume "${volume.metadata.name}" already bound to a different claim.`);
    }
    this.queue.addAfter(keyOf(claim), resyncPeriodMs);
    await this.binder.updateClaimStatus(claim, 'Pending');
  }

  /** syncBoundClaim: keep a bound claim bound, or mark it Lost. */
  private async syncBoundClaim(claim: Readonly<KubeObject>): Promise<void> {
    if (!claim.spec?.volumeName) return this.markLost(claim, reasonClaimLost, 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
    const volume = this.options.volumes.get(claim.spec.volumeName);
    if (!volume) return this.markLost(claim, reasonClaimLost, 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
    const ref = volume.spec?.claimRef;
    if (!ref || ref.uid === claim.metadata.uid) return this.binder.bind(volume, claim);
    return this.markLost(claim, reasonClaimMisbound, 'Two claims are bound to the same volume, this one is bound incorrectly');
  }

  private async markLost(claim: Readonly<KubeObject>, reason: string, message: string): Promise<void> {
    if (claim.status?.phase === 'Lost') return;
    const updated = await this.binder.updateClaimStatus(claim, 'Lost');
    this.recorder.event(updated, 'Warning', reason, message);
  }

  /** emitEventForUnboundDelayBindingClaim. */
  private emitWaitingForConsumer(claim: Readonly<KubeObject>, key: string): void {
    const unscheduled = this.options.pods.byIndex(podClaimIndex, key).filter((pod) => !isPodTerminated(pod) && !pod.spec?.nodeName).map((pod) => pod.metadata.name!);
    if (unscheduled.length === 0) return this.recorder.event(claim as KubeObject, 'Normal', reasonWaitForFirstConsumer, messageWaitForFirstConsumer);
    const message = unscheduled.length > 1 ? `waiting for pods ${unscheduled.join(',')} to be scheduled` : `waiting for pod ${unscheduled[0]} to be scheduled`;
    this.recorder.event(claim as KubeObject, 'Normal', reasonWaitForPodScheduled, message);
  }

  private scheduledConsumerNode(key: string): string | undefined {
    return this.options.pods.byIndex(podClaimIndex, key).find((pod) => !isPodTerminated(pod) && pod.spec?.nodeName)?.spec.nodeName;
  }

  /**
   * What the scheduler's volume binder does once it has picked a node: bind a fitting static volume
   * there, or annotate the claim with the node so that it is provisioned for it.
   */
  private async selectNode(claim: Readonly<KubeObject>, nodeName: string, storageClass: Readonly<KubeObject>): Promise<void> {
    let labels: Record<string, string> = {};
    try {
      labels = (await this.options.client.get(nodesRef, undefined, nodeName)).metadata.labels ?? {};
    } catch (err) {
      if (!isNotFound(err)) throw err; // a node that is gone fits only volumes without node affinity
    }
    const match = findBestMatch(claim, this.options.volumes.list(), true, labels);
    if (match) return this.binder.bind(match, claim);
    if (storageClass.provisioner === noProvisioner) return; // nothing can provision it; the pod cannot start
    await this.updateClaim(claim, (c) => (c.metadata.annotations = { ...c.metadata.annotations, [annSelectedNode]: nodeName }));
  }

  /** provisionClaim / provisionClaimOperationExternal. */
  private async provision(claim: Readonly<KubeObject>, className: string, storageClass: Readonly<KubeObject> | undefined): Promise<void> {
    if (!storageClass) return this.recorder.event(claim as KubeObject, 'Warning', reasonProvisioningFailed, `storageclass.storage.k8s.io "${className}" not found`);
    const provisioner: string = storageClass.provisioner;
    // kubelab has no in-tree volume plugins, so any `kubernetes.io/` provisioner is unknown.
    if (provisioner.startsWith('kubernetes.io/')) return this.recorder.event(claim as KubeObject, 'Warning', reasonProvisioningFailed, `no volume plugin matched name: ${provisioner}`);
    let current: Readonly<KubeObject> = claim;
    const annotations = claim.metadata.annotations ?? {};
    if (annotations[annStorageProvisioner] !== provisioner || annotations[annBetaStorageProvisioner] !== provisioner) {
      current = await this.updateClaim(claim, (c) => (c.metadata.annotations = { ...c.metadata.annotations, [annBetaStorageProvisioner]: provisioner, [annStorageProvisioner]: provisioner }));
    }
    const message = `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;
    this.recorder.event(current, 'Normal', reasonExternalProvisioning, message);
  }

  private async updateClaim(claim: Readonly<KubeObject>, change: (claim: KubeObject) => void): Promise<Readonly<KubeObject>> {
    const next = structuredClone(claim) as KubeObject;
    change(next);
    return this.options.client.update(claimsRef, next);
  }
}
