/**
 * The ReplicaSet controller (kube-controller-manager's replicaset-controller, k/k
 * `pkg/controller/replicaset/replica_set.go`): keeps `spec.replicas` active pods per ReplicaSet,
 * adopting matching orphans and releasing pods that stop matching, creating from the template in
 * slow-start batches and deleting the least useful pods first, then writes the status. The same
 * class serves ReplicationControllers through a kind adapter (replicationcontroller.ts), as k/k's
 * does. Left out: metrics, and the `terminatingReplicas` status field (1.33+).
 */
import { isConflict, isNotFound } from '../../shared/api/errors.js';
import { keyOf, objectKey } from '../../shared/api/keys.js';
import type { KubeObject, OwnerReference } from '../../shared/api/meta.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { EventRecorder } from '../../shared/client/events.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { selectorFromLabelSelector, type Selector } from '../../shared/labels.js';
import { logger, type Logger } from '../../shared/log.js';
import { claimPods, controllerOf } from './controller-ref-manager.js';
import { ControllerExpectations } from './expectations.js';
import type { Controller, ControllerContext } from './manager.js';
import { isPodActive, isPodReady } from './pod-state.js';
import { PodControl } from './pod-control.js';
import { manageReplicas, type ReplicasContext } from './replicaset-replicas.js';
import { calculateStatus, statusNeedsUpdate } from './replicaset-status.js';
import { jsonEqual } from '../../shared/json-equal.js';

type Obj = Readonly<KubeObject>;

/** k/k's BurstReplicas: at most this many creations or deletions per sync. */
export const defaultBurstReplicas = 500;
/** kube-controller-manager's --concurrent-replicaset-syncs (and -rc-syncs) default. */
const defaultWorkers = 5;
const namespaceIndex = 'namespace';
const controllerUidIndex = 'controllerUID';
const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods' };

/** What differs between ReplicaSets and ReplicationControllers; the rest is one controller. */
export interface ReplicaSetKind {
  /** The controller's name in kube-controller-manager (logs). */
  name: string;
  resource: ResourceRef;
  kind: string;
  /** `source.component` of its Events. */
  component: string;
  /** The owner's pod selector; throws on an invalid one. */
  selectorOf(obj: Obj): Selector;
}

export const replicaSetKind: ReplicaSetKind = {
  name: 'replicaset-controller',
  resource: { group: 'apps', version: 'v1', resource: 'replicasets' },
  kind: 'ReplicaSet',
  component: 'replicaset-controller',
  selectorOf: (rs) => selectorFromLabelSelector(rs.spec?.selector),
};

export interface ReplicaSetControllerOptions {
  client: ApiClient;
  clock: Clock;
  kind: ReplicaSetKind;
  replicaSets: SharedInformer;
  pods: SharedInformer;
  recorder?: EventRecorder;
  burstReplicas?: number;
  workers?: number;
}

export class ReplicaSetController implements Controller {
  readonly name: string;
  readonly queue: RateLimitingQueue<string>;
  readonly recorder: EventRecorder;
  private readonly expectations: ControllerExpectations;
  private readonly podControl: PodControl;
  private readonly log: Logger;
  private readonly kind: ReplicaSetKind;

  constructor(private readonly options: ReplicaSetControllerOptions) {
    const burst = options.burstReplicas ?? defaultBurstReplicas;
    if (!(burst > 0)) throw new Error(`${options.kind.name}: burstReplicas must be positive, got ${burst}`);
    this.kind = options.kind;
    this.name = options.kind.name;
    this.log = logger(options.kind.name);
    this.queue = new RateLimitingQueue({ clock: options.clock });
    this.expectations = new ControllerExpectations(options.clock);
    this.recorder = options.recorder ?? new EventRecorder({ client: options.client, component: options.kind.component, clock: options.clock });
    this.podControl = new PodControl(options.client, this.recorder);
    options.replicaSets.addIndexer(namespaceIndex, (obj) => [obj.metadata.namespace ?? '']);
    options.replicaSets.addIndexer(controllerUidIndex, (obj) => {
      const ref = controllerOf(obj);
      return ref ? [ref.uid] : [];
    });
    options.pods.addIndexer(namespaceIndex, (obj) => [obj.metadata.namespace ?? '']);
    options.replicaSets.addEventHandler({
      onAdd: (rs) => this.queue.add(keyOf(rs)),
      onUpdate: (old, rs) => this.updateOwner(old, rs),
      onDelete: (rs) => this.deleteOwner(rs),
    });
    options.pods.addEventHandler({
      onAdd: (pod) => this.addPod(pod),
      onUpdate: (old, pod) => this.updatePod(old, pod),
      onDelete: (pod) => this.deletePod(pod),
    });
  }

  static fromContext(context: ControllerContext): ReplicaSetController {
    return new ReplicaSetController(optionsFromContext(context, replicaSetKind));
  }

  async start(signal: AbortSignal): Promise<void> {
    const synced = await Promise.all([this.options.replicaSets.waitForSync(signal), this.options.pods.waitForSync(signal)]);
    if (!synced.every(Boolean)) return;
    await runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.options.workers ?? defaultWorkers, signal, log: this.log });
  }

  // Handlers: map an event to the owners concerned (k/k addPod/updatePod/deletePod).

  private updateOwner(old: Obj, rs: Obj): void {
    // Deleted and created again under the same name between two events: the old one is gone.
    if (old.metadata.uid !== rs.metadata.uid) this.deleteOwner(old);
    if (old.metadata.resourceVersion !== rs.metadata.resourceVersion) this.queue.add(keyOf(rs));
  }

  private deleteOwner(rs: Obj): void {
    this.expectations.delete(keyOf(rs));
    this.queue.add(keyOf(rs));
  }

  private addPod(pod: Obj): void {
    // A pod already being deleted (seen at a restart) is no creation to count.
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod);
    const ref = controllerOf(pod);
    if (ref) {
      const rs = this.resolveControllerRef(pod.metadata.namespace, ref);
      if (!rs) return;
      this.expectations.creationObserved(keyOf(rs));
      return this.queue.add(keyOf(rs));
    }
    // An orphan: every matching owner may want to adopt it.
    for (const rs of this.ownersMatching(pod)) this.queue.add(keyOf(rs));
  }

  private updatePod(old: Obj, pod: Obj): void {
    if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
    const labelsChanged = !jsonEqual(old.metadata.labels ?? {}, pod.metadata.labels ?? {});
    if (pod.metadata.deletionTimestamp) {
      // Graceful deletion: replace the pod now rather than when its kubelet finishes it.
      this.deletePod(pod);
      if (labelsChanged) this.deletePod(old);
      return;
    }
    const ref = controllerOf(pod);
    const oldRef = controllerOf(old);
    const refChanged = !jsonEqual(ref, oldRef);
    if (refChanged && oldRef) {
      const previous = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (previous) this.queue.add(keyOf(previous));
    }
    if (ref) {
      const rs = this.resolveControllerRef(pod.metadata.namespace, ref);
      if (!rs) return;
      this.queue.add(keyOf(rs));
      // Look again once the pod has been ready for minReadySeconds (+1 s against clock skew, as k/k).
      const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(pod) && minReadySeconds > 0) this.queue.addAfter(keyOf(rs), (minReadySeconds + 1) * 1000);
      return;
    }
    if (labelsChanged || refChanged) for (const rs of this.ownersMatching(pod)) this.queue.add(keyOf(rs));
  }

  private deletePod(pod: Obj): void {
    const ref = controllerOf(pod);
    if (!ref) return; // nobody waits for an orphan to go
    const rs = this.resolveControllerRef(pod.metadata.namespace, ref);
    if (!rs) return;
    this.expectations.deletionObserved(keyOf(rs), keyOf(pod));
    this.queue.add(keyOf(rs));
  }

  /** The owner a controller reference names, if it is of this kind and still the same object. */
  private resolveControllerRef(namespace: string | undefined, ref: { kind: string; name: string; uid: string }): Obj | undefined {
    if (ref.kind !== this.kind.kind) return undefined;
    const rs = this.options.replicaSets.get(objectKey(namespace, ref.name));
    return rs?.metadata.uid === ref.uid ? rs : undefined;
  }

  /** Owners in the pod's namespace whose selector matches it; an empty selector matches none. */
  private ownersMatching(pod: Obj): Obj[] {
    return this.options.replicaSets.byIndex(namespaceIndex, pod.metadata.namespace ?? '').filter((rs) => {
      const selector = this.trySelector(rs);
      return selector !== undefined && !selector.isEmpty() && selector.matches(pod.metadata.labels);
    });
  }

  private trySelector(rs: Obj): Selector | undefined {
    try {
      return this.kind.selectorOf(rs);
    } catch {
      return undefined; // an invalid selector selects nothing
    }
  }

  /**
   * One step for one owner: claim its pods, create or delete toward spec.replicas unless earlier
   * creations/deletions are still unseen in the cache, then write the status. A create or delete
   * failure is thrown after the status is written, so the worker retries with back-off.
   */
  async sync(key: string): Promise<void> {
    const rs = this.options.replicaSets.get(key);
    if (!rs) return this.expectations.delete(key);
    const needsSync = this.expectations.satisfied(key);
    const selector = this.trySelector(rs);
    if (!selector) {
      this.log.error('invalid pod selector; not syncing', { [this.kind.kind]: key });
      return;
    }
    const active = this.options.pods.byIndex(namespaceIndex, rs.metadata.namespace ?? '').filter(isPodActive);
    const owned = await claimPods(active, { client: this.options.client, owner: rs, ref: this.ownerRef(rs), selector, canAdopt: () => this.recheckDeletion(rs) });
    let manageError: Error | undefined;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      try {
        await manageReplicas(this.replicasContext(key), rs, owned);
      } catch (err) {
        manageError = err instanceof Error ? err : new Error(String(err));
      }
    }
    const status = calculateStatus(rs, owned, manageError, this.options.clock.now());
    await this.writeStatus(key, rs, status);
    // A last look once minReadySeconds have passed, in case no pod event comes then.
    const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
    const replicas = rs.spec?.replicas ?? 1;
    if (!manageError && minReadySeconds > 0 && (status.readyReplicas ?? 0) === replicas && (status.availableReplicas ?? 0) !== replicas) {
      this.queue.addAfter(key, minReadySeconds * 1000);
    }
    if (manageError) throw manageError;
  }

  private replicasContext(key: string): ReplicasContext {
    return {
      key,
      kind: this.kind.kind,
      podControl: this.podControl,
      expectations: this.expectations,
      clock: this.options.clock,
      log: this.log,
      burstReplicas: this.options.burstReplicas ?? defaultBurstReplicas,
      ref: (rs) => this.ownerRef(rs),
      relatedPods: (rs) => this.indirectlyRelatedPods(rs),
    };
  }

  /** metav1.NewControllerRef with the controller's group/version, not the cached object's. */
  private ownerRef(rs: Obj): OwnerReference {
    const { group, version } = this.kind.resource;
    return { apiVersion: group ? `${group}/${version}` : version, kind: this.kind.kind, name: rs.metadata.name!, uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true };
  }

  /** An uncached read before adopting: a deleted or replaced owner must not adopt (k/k #42639). */
  private async recheckDeletion(rs: Obj): Promise<void> {
    const fresh = await this.options.client.get(this.kind.resource, rs.metadata.namespace, rs.metadata.name!);
    if (fresh.metadata.uid !== rs.metadata.uid) {
      throw new Error(`original ${this.kind.kind} ${keyOf(rs)} is gone: got uid ${fresh.metadata.uid}, wanted ${rs.metadata.uid}`);
    }
    if (fresh.metadata.deletionTimestamp) throw new Error(`${keyOf(rs)} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
  }

  /** The pods of every owner that shares this one's controller (a Deployment's ReplicaSets). */
  private indirectlyRelatedPods(rs: Obj): Obj[] {
    const owner = controllerOf(rs);
    if (!owner) return [];
    const seen = new Map<string, Obj>();
    for (const related of this.options.replicaSets.byIndex(controllerUidIndex, owner.uid)) {
      const selector = this.trySelector(related);
      if (!selector) continue;
      for (const pod of this.options.pods.byIndex(namespaceIndex, related.metadata.namespace ?? '')) {
        if (selector.matches(pod.metadata.labels) && !seen.has(pod.metadata.uid!)) seen.set(pod.metadata.uid!, pod);
      }
    }
    return [...seen.values()];
  }

  /** Writes the status through the status subresource, only when it changed. */
  private async writeStatus(key: string, rs: Obj, status: ReturnType<typeof calculateStatus>): Promise<void> {
    if (!statusNeedsUpdate(rs, status)) return;
    try {
      await this.options.client.update(this.kind.resource, { ...structuredClone(rs as KubeObject), status }, { subresource: 'status' });
    } catch (err) {
      if (!isConflict(err) && !isNotFound(err)) throw err;
      // A newer version is on its way to the cache and will be synced; look again after a back-off anyway.
      if (isConflict(err)) this.queue.addRateLimited(key);
    }
  }
}

/** The options every ReplicaSet-like controller builds from the shared context. */
export function optionsFromContext(context: ControllerContext, kind: ReplicaSetKind): ReplicaSetControllerOptions {
  return { client: context.client, clock: context.clock, kind, replicaSets: context.informers.informerFor(kind.resource), pods: context.informers.informerFor(pods) };
}
