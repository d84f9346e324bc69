/**
 * A simulated rancher.io/local-path provisioner, the one kind ships for its `standard` class (the
 * real one is sig-storage-lib-external-provisioner plus local-path's Provision/Delete). It provisions
 * claims the PersistentVolume controller has annotated with `volume.kubernetes.io/storage-provisioner:
 * rancher.io/local-path` (WaitForFirstConsumer ones once a node is selected): a hostPath volume
 * `pvc-<claim uid>` under /var/local-path-provisioner on that node, pre-bound to the claim, with
 * the events kind shows (`Provisioning`, `ProvisioningSucceeded`, `ProvisioningFailed`); it deletes
 * the Released volumes it made whose reclaim policy is Delete. Nothing is written on any disk here;
 * the kubelet's volume code decides what a hostPath means. Its Events are signed, as the real
 * one's, `rancher.io/local-path_<pod>_<uuid>`, naming the running pod of kind's
 * local-path-provisioner Deployment (bootstrap-local-path-storage.ts), whose logs print the same
 * identity; without that pod it still provisions, under a made-up pod name. Left out: the helper
 * pods, the config map.
 */
import { randomInt } from 'node:crypto';
import { isAlreadyExists, isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { keyOf, splitKey } from '../../shared/api/keys.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { EventRecorder } from '../../shared/client/events.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { localPathProvisionerIdentity, localPathProvisionerName } from '../../shared/local-path-identity.js';
import { logger } from '../../shared/log.js';
import type { Controller, ControllerContext } from './manager.js';
import { byNamespace, namespaceIndex } from './service-pods.js';
import {
  annBetaStorageProvisioner, annDynamicallyProvisioned, annSelectedNode, annStorageProvisioner, claimClass, claimReference, requestOf,
} from './persistentvolume-binding.js';

const reasonProvisioning = 'Provisioning';
const reasonProvisioningSucceeded = 'ProvisioningSucceeded';
const reasonProvisioningFailed = 'ProvisioningFailed';
/** local-path's node annotation on the volumes it makes. */
const annLocalPathSelectedNode = 'local.path.provisioner/selected-node';
/** kind's local-path-config: the directory volumes live under on each node. */
const nodePath = '/var/local-path-provisioner';
/** The provisioner library's retry back-off after a failed provisioning: 15 s doubling to 1000 s. */
const retryBaseMs = 15_000;
const retryMaxMs = 1_000_000;

const claimsRef: ResourceRef = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };
const volumesRef: ResourceRef = { group: '', version: 'v1', resource: 'persistentvolumes' };
const classesRef: ResourceRef = { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' };
const nodesRef: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };
const podsRef: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
/** Where kind runs the provisioner's Deployment, and its pods' label. */
const provisionerNamespace = 'local-path-storage';
const provisionerApp = 'local-path-provisioner';
const log = logger('local-path-provisioner');

export interface LocalPathProvisionerOptions {
  client: ApiClient;
  clock: Clock;
  claims: SharedInformer;
  volumes: SharedInformer;
  classes: SharedInformer;
  /** Pods, to find the provisioner's own pod in local-path-storage (the Events' signature). */
  pods?: SharedInformer;
  /** A fixed `source.component` for the Events; by default kind's, `rancher.io/local-path_<pod>_<uuid>`. */
  identity?: string;
  workers?: number;
}

/** A provisioning failure: its message, and whether trying again can help. */
class ProvisioningError extends Error {
  constructor(message: string, readonly retry: boolean) {
    super(message);
  }
}

export class LocalPathProvisioner implements Controller {
  readonly name = 'local-path-provisioner';
  /** Claim keys (`namespace/name`) to provision, volume names to delete. */
  readonly queue: RateLimitingQueue<string>;
  private current: { identity: string; recorder: EventRecorder };
  /** Signs the Events while no provisioner pod is there. */
  private readonly fallbackIdentity = defaultIdentity();
  private readonly failures = new Map<string, number>();

  constructor(private readonly options: LocalPathProvisionerOptions) {
    const { client, clock } = options;
    this.queue = new RateLimitingQueue({ clock });
    options.pods?.addIndexer(namespaceIndex, byNamespace);
    const identity = options.identity ?? this.fallbackIdentity;
    this.current = { identity, recorder: new EventRecorder({ client, clock, component: identity }) };
    const watch = (informer: SharedInformer, wanted: (obj: Readonly<KubeObject>) => boolean): void => {
      informer.addEventHandler({
        onAdd: (obj) => wanted(obj) && this.queue.add(keyOf(obj)),
        onUpdate: (old, obj) => old.metadata.resourceVersion !== obj.metadata.resourceVersion && wanted(obj) && this.queue.add(keyOf(obj)),
      });
    };
    watch(options.claims, (claim) => this.shouldProvision(claim));
    watch(options.volumes, (volume) => this.shouldDelete(volume));
  }

  static fromContext(context: ControllerContext): LocalPathProvisioner {
    const { client, clock, informers } = context;
    return new LocalPathProvisioner({
      client, clock, claims: informers.informerFor(claimsRef), volumes: informers.informerFor(volumesRef), classes: informers.informerFor(classesRef), pods: informers.informerFor(podsRef),
    });
  }

  /**
   * The recorder signed with the current identity (public so that tests can flush it): a new
   * provisioner pod is a new instance, with a new name in its Events. A replaced recorder's
   * pending writes still complete.
   */
  get recorder(): EventRecorder {
    const identity = this.options.identity ?? this.podIdentity() ?? this.fallbackIdentity;
    if (identity !== this.current.identity) this.current = { identity, recorder: new EventRecorder({ client: this.options.client, clock: this.options.clock, component: identity }) };
    return this.current.recorder;
  }

  /** The identity of the provisioner Deployment's pod: a running one, else any not being deleted. */
  private podIdentity(): string | undefined {
    const pods = (this.options.pods?.byIndex(namespaceIndex, provisionerNamespace) ?? [])
      .filter((pod) => pod.metadata.labels?.app === provisionerApp && !pod.metadata.deletionTimestamp)
      .sort((a, b) => Number(b.status?.phase === 'Running') - Number(a.status?.phase === 'Running') || (a.metadata.name! < b.metadata.name! ? -1 : 1));
    return pods[0] ? localPathProvisionerIdentity(pods[0].metadata.name!) : undefined;
  }

  async start(signal: AbortSignal): Promise<void> {
    const { claims, volumes, classes } = this.options;
    const synced = await Promise.all([claims, volumes, classes, ...(this.options.pods ? [this.options.pods] : [])].map((informer) => informer.waitForSync(signal)));
    if (!synced.every(Boolean)) return;
    await runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.options.workers ?? 1, signal, log });
  }

  async sync(key: string): Promise<void> {
    if (!splitKey(key).namespace) return this.deleteVolume(key);
    const claim = this.options.claims.get(key);
    if (!claim || !this.shouldProvision(claim)) return void this.failures.delete(key);
    try {
      await this.provision(claim);
      this.failures.delete(key);
    } catch (err) {
      if (!(err instanceof ProvisioningError)) throw err;
      this.recorder.event(claim as KubeObject, 'Warning', reasonProvisioningFailed, err.message);
      if (!err.retry) return;
      const failures = this.failures.get(key) ?? 0;
      this.failures.set(key, failures + 1);
      this.queue.addAfter(key, Math.min(retryBaseMs * 2 ** failures, retryMaxMs));
    }
  }

  /** shouldProvision: unbound, meant for us, its class here, and (WaitForFirstConsumer) a node chosen. */
  private shouldProvision(claim: Readonly<KubeObject>): boolean {
    if (claim.spec?.volumeName) return false;
    const annotations = claim.metadata.annotations ?? {};
    if ((annotations[annStorageProvisioner] ?? annotations[annBetaStorageProvisioner]) !== localPathProvisionerName) return false;
    if (this.options.volumes.get(volumeNameFor(claim))) return false;
    const storageClass = this.options.classes.get(claimClass(claim));
    if (!storageClass) return false;
    return storageClass.volumeBindingMode !== 'WaitForFirstConsumer' || Boolean(annotations[annSelectedNode]);
  }

  /** provisionClaimOperation with local-path's Provision. */
  private async provision(claim: Readonly<KubeObject>): Promise<void> {
    const className = claimClass(claim);
    const storageClass = this.options.classes.get(className)!;
    if (claim.spec?.volumeMode === 'Block') throw new ProvisioningError(`${localPathProvisionerName} does not support block volume provisioning`, false);
    const nodeName: string | undefined = claim.metadata.annotations?.[annSelectedNode];
    const node = nodeName ? await this.getNode(nodeName) : undefined;
    if (nodeName && !node) return this.reschedule(claim, `nodes "${nodeName}" not found`);

    this.recorder.event(claim as KubeObject, 'Normal', reasonProvisioning, `External provisioner is provisioning volume for claim "${keyOf(claim)}"`);
    const failed = (reason: string): ProvisioningError => new ProvisioningError(`failed to provision volume with StorageClass "${className}": ${reason}`, true);
    if (claim.spec?.selector) throw failed('claim.Spec.Selector is not supported');
    const modes: string[] = claim.spec?.accessModes ?? [];
    if (modes.some((mode) => mode !== 'ReadWriteOnce' && mode !== 'ReadWriteOncePod')) throw failed('NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes');
    if (!node) throw failed('configuration error, no node was specified');

    const name = volumeNameFor(claim);
    const hostname = node.metadata.labels?.['kubernetes.io/hostname'] ?? node.metadata.name!;
    const volume: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name, annotations: { [annLocalPathSelectedNode]: node.metadata.name!, [annDynamicallyProvisioned]: localPathProvisionerName } },
      spec: {
        accessModes: [...modes],
        capacity: { storage: requestOf(claim) },
        claimRef: claimReference(claim),
        hostPath: { path: `${nodePath}/${name}_${claim.metadata.namespace}_${claim.metadata.name}`, type: 'DirectoryOrCreate' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [hostname] }] }] } },
        persistentVolumeReclaimPolicy: storageClass.reclaimPolicy ?? 'Delete',
        storageClassName: className,
        volumeMode: 'Filesystem',
      },
    };
    try {
      await this.options.client.create(volumesRef, undefined, volume);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      return; // a previous attempt made it
    }
    log.info('provisioned volume', { claim: keyOf(claim), volume: name, node: node.metadata.name });
    this.recorder.event(claim as KubeObject, 'Normal', reasonProvisioningSucceeded, `Successfully provisioned volume ${name}`);
  }

  /** The selected node is gone: the scheduler must pick another (ProvisioningReschedule). */
  private async reschedule(claim: Readonly<KubeObject>, message: string): Promise<void> {
    this.recorder.event(claim as KubeObject, 'Warning', reasonProvisioningFailed, message);
    const next = structuredClone(claim) as KubeObject;
    delete next.metadata.annotations![annSelectedNode];
    await this.options.client.update(claimsRef, next);
  }

  /** shouldDelete: a Released volume we made whose reclaim policy is Delete. */
  private shouldDelete(volume: Readonly<KubeObject>): boolean {
    return (
      volume.status?.phase === 'Released' &&
      volume.spec?.persistentVolumeReclaimPolicy === 'Delete' &&
      volume.metadata.annotations?.[annDynamicallyProvisioned] === localPathProvisionerName &&
      !volume.metadata.deletionTimestamp
    );
  }

  private async deleteVolume(name: string): Promise<void> {
    const volume = this.options.volumes.get(name);
    if (!volume || !this.shouldDelete(volume)) return;
    try {
      await this.options.client.delete(volumesRef, undefined, name);
      log.info('deleted volume', { volume: name });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private async getNode(name: string): Promise<KubeObject | undefined> {
    try {
      return await this.options.client.get(nodesRef, undefined, name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}

/** `<provisioner>_<pod>_<uuid>` as the library names itself; the pod name is made up like a ReplicaSet's. */
function defaultIdentity(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const suffix = Array.from({ length: 5 }, () => alphabet[randomInt(alphabet.length)]).join('');
  return localPathProvisionerIdentity(`local-path-provisioner-7dc846544d-${suffix}`);
}

function volumeNameFor(claim: Readonly<KubeObject>): string {
  return `pvc-${claim.metadata.uid}`;
}

