/**
 * The Deployment controller (kube-controller-manager's deployment-controller, k/k
 * `pkg/controller/deployment`): owns ReplicaSets named `<deployment>-<pod-template-hash>` and
 * moves pods between them by resizing them, never touching pods itself (the ReplicaSet controller
 * does). Each sync takes one step: paused or scaled → resize only; otherwise a RollingUpdate or
 * Recreate step; then the status. The behaviour lives in deployment/*.ts, split as k/k splits it.
 * Left out: the deprecated rollbackTo annotation (kubectl 1.32 rolls back client-side) and metrics.
 */
import { isConflict } from '../../shared/api/errors.js';
import { keyOf, objectKey } from '../../shared/api/keys.js';
import type { KubeObject, OwnerReference } from '../../shared/api/meta.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { EventRecorder } from '../../shared/client/events.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { selectorFromLabelSelector, type Selector } from '../../shared/labels.js';
import { logger } from '../../shared/log.js';
import { controllerOf } from './controller-ref-manager.js';
import { asDeployment, deploymentsResource, replicaSetsResource, updateDeploymentStatus, type DeploymentContext } from './deployment/context.js';
import { claimReplicaSets } from './deployment/claim.js';
import { rolloutRecreate, type PodsByReplicaSet } from './deployment/recreate.js';
import type { Deployment } from './deployment/replica-sets.js';
import { rolloutRolling } from './deployment/rolling.js';
import { checkPausedConditions, isScalingEvent, syncScaleOnly, syncStatusOnly } from './deployment/sync.js';
import type { Controller, ControllerContext } from './manager.js';
import { jsonEqual } from '../../shared/json-equal.js';

type Obj = Readonly<KubeObject>;

export const deploymentComponent = 'deployment-controller';
const selectingAllReason = 'SelectingAll';
const selectingAllMessage = 'This deployment is selecting all pods. A non-empty selector is required.';
/** kube-controller-manager's --concurrent-deployment-syncs default. */
const defaultWorkers = 5;
const namespaceIndex = 'namespace';
const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const log = logger(deploymentComponent);

export interface DeploymentControllerOptions {
  client: ApiClient;
  clock: Clock;
  deployments: SharedInformer;
  replicaSets: SharedInformer;
  pods: SharedInformer;
  recorder?: EventRecorder;
  workers?: number;
}

export class DeploymentController implements Controller {
  readonly name = deploymentComponent;
  readonly queue: RateLimitingQueue<string>;
  readonly recorder: EventRecorder;
  private readonly context: DeploymentContext;

  constructor(private readonly options: DeploymentControllerOptions) {
    this.queue = new RateLimitingQueue({ clock: options.clock });
    this.recorder = options.recorder ?? new EventRecorder({ client: options.client, component: deploymentComponent, clock: options.clock });
    this.context = {
      client: options.client,
      recorder: this.recorder,
      clock: options.clock,
      replicaSets: options.replicaSets,
      enqueueAfter: (d, ms) => this.queue.addAfter(keyOf(d), ms),
      enqueueRateLimited: (d) => this.queue.addRateLimited(keyOf(d)),
    };
    const byNamespace = (obj: Obj): string[] => [obj.metadata.namespace ?? ''];
    options.deployments.addIndexer(namespaceIndex, byNamespace);
    options.replicaSets.addIndexer(namespaceIndex, byNamespace);
    options.pods.addIndexer(namespaceIndex, byNamespace);
    options.deployments.addEventHandler({
      onAdd: (d) => this.queue.add(keyOf(d)),
      onUpdate: (old, d) => old.metadata.resourceVersion !== d.metadata.resourceVersion && this.queue.add(keyOf(d)),
      onDelete: (d) => this.queue.add(keyOf(d)),
    });
    options.replicaSets.addEventHandler({
      onAdd: (rs) => this.addReplicaSet(rs),
      onUpdate: (old, rs) => this.updateReplicaSet(old, rs),
      onDelete: (rs) => this.deleteReplicaSet(rs),
    });
    options.pods.addEventHandler({ onDelete: (pod) => this.deletePod(pod) });
  }

  static fromContext(context: ControllerContext): DeploymentController {
    const { client, clock, informers } = context;
    return new DeploymentController({
      client,
      clock,
      deployments: informers.informerFor(deploymentsResource),
      replicaSets: informers.informerFor(replicaSetsResource),
      pods: informers.informerFor(pods),
    });
  }

  async start(signal: AbortSignal): Promise<void> {
    const { deployments, replicaSets, pods: podInformer } = this.options;
    const synced = await Promise.all([deployments.waitForSync(signal), replicaSets.waitForSync(signal), podInformer.waitForSync(signal)]);
    if (!synced.every(Boolean)) return;
    await runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.options.workers ?? defaultWorkers, signal, log });
  }

  // Handlers (k/k addReplicaSet/updateReplicaSet/deleteReplicaSet/deletePod): map to Deployment keys.

  private addReplicaSet(rs: Obj): void {
    if (rs.metadata.deletionTimestamp) return this.deleteReplicaSet(rs);
    const ref = controllerOf(rs);
    if (ref) {
      const d = this.resolveControllerRef(rs.metadata.namespace, ref);
      if (d) this.queue.add(keyOf(d));
      return;
    }
    // An orphan: every Deployment whose selector matches may adopt it.
    for (const d of this.deploymentsMatching(rs)) this.queue.add(keyOf(d));
  }

  private updateReplicaSet(old: Obj, rs: Obj): void {
    if (old.metadata.resourceVersion === rs.metadata.resourceVersion) return;
    const ref = controllerOf(rs);
    const oldRef = controllerOf(old);
    const refChanged = !jsonEqual(ref, oldRef);
    if (refChanged && oldRef) {
      const previous = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (previous) this.queue.add(keyOf(previous));
    }
    if (ref) {
      const d = this.resolveControllerRef(rs.metadata.namespace, ref);
      if (d) this.queue.add(keyOf(d));
      return;
    }
    const labelsChanged = !jsonEqual(old.metadata.labels ?? {}, rs.metadata.labels ?? {});
    if (labelsChanged || refChanged) for (const d of this.deploymentsMatching(rs)) this.queue.add(keyOf(d));
  }

  private deleteReplicaSet(rs: Obj): void {
    const ref = controllerOf(rs);
    const d = ref && this.resolveControllerRef(rs.metadata.namespace, ref);
    if (d) this.queue.add(keyOf(d));
  }

  /** A Recreate rollout waits for its old pods to be gone: the last one's deletion resumes it. */
  private deletePod(pod: Obj): void {
    const ref = controllerOf(pod);
    if (ref?.kind !== 'ReplicaSet') return;
    const rs = this.options.replicaSets.get(objectKey(pod.metadata.namespace, ref.name));
    if (!rs || rs.metadata.uid !== ref.uid) return;
    const dRef = controllerOf(rs);
    const d = dRef && this.resolveControllerRef(rs.metadata.namespace, dRef);
    if (!d || d.spec?.strategy?.type !== 'Recreate') return;
    const owned = this.ownedReplicaSets(d);
    const remaining = [...this.podsByReplicaSet(d, owned).values()].reduce((n, list) => n + list.length, 0);
    if (remaining === 0) this.queue.add(keyOf(d));
  }

  private resolveControllerRef(namespace: string | undefined, ref: OwnerReference): Obj | undefined {
    if (ref.kind !== 'Deployment') return undefined;
    const d = this.options.deployments.get(objectKey(namespace, ref.name));
    return d?.metadata.uid === ref.uid ? d : undefined;
  }

  private deploymentsMatching(rs: Obj): Obj[] {
    return this.options.deployments.byIndex(namespaceIndex, rs.metadata.namespace ?? '').filter((d) => {
      const selector = trySelector(d);
      return selector !== undefined && !selector.isEmpty() && selector.matches(rs.metadata.labels);
    });
  }

  private ownedReplicaSets(d: Obj): Obj[] {
    return this.options.replicaSets.byIndex(namespaceIndex, d.metadata.namespace ?? '').filter((rs) => controllerOf(rs)?.uid === d.metadata.uid);
  }

  /** getPodMapForDeployment: the Deployment's pods, grouped by the uid of the RS controlling them. */
  private podsByReplicaSet(d: Obj, replicaSets: readonly Obj[]): PodsByReplicaSet {
    const selector = trySelector(d);
    const map = new Map<string, Obj[]>(replicaSets.map((rs) => [rs.metadata.uid!, []]));
    if (!selector) return map;
    for (const pod of this.options.pods.byIndex(namespaceIndex, d.metadata.namespace ?? '')) {
      const uid = controllerOf(pod)?.uid;
      if (uid && map.has(uid) && selector.matches(pod.metadata.labels)) map.get(uid)!.push(pod);
    }
    return map;
  }

  /** One step for one Deployment (k/k syncDeployment). A Conflict means a newer version is coming. */
  async sync(key: string): Promise<void> {
    try {
      await this.syncDeployment(key);
    } catch (err) {
      if (!isConflict(err)) throw err;
      log.debug('conflict, requeueing', { deployment: key });
      this.queue.addRateLimited(key);
    }
  }

  private async syncDeployment(key: string): Promise<void> {
    const cached = this.options.deployments.get(key);
    if (!cached) return;
    const d = structuredClone(cached) as Deployment;
    const selector = trySelector(d);
    if (!selector) return; // the API server validates selectors; nothing sensible to do
    if (selector.isEmpty()) return this.selectingAll(d);
    const replicaSets = await claimReplicaSets(this.context, d, selector, this.options.replicaSets.byIndex(namespaceIndex, d.metadata.namespace ?? ''));
    if (d.metadata.deletionTimestamp) return syncStatusOnly(this.context, d, replicaSets);
    await checkPausedConditions(this.context, d);
    if (d.spec?.paused) return syncScaleOnly(this.context, d, replicaSets);
    const scaling = await isScalingEvent(this.context, d, replicaSets);
    if (scaling.isScaling) return syncScaleOnly(this.context, d, scaling.replicaSets);
    if (d.spec?.strategy?.type === 'Recreate') return rolloutRecreate(this.context, d, scaling.replicaSets, this.podsByReplicaSet(d, scaling.replicaSets));
    if (d.spec?.strategy?.type === 'RollingUpdate') return rolloutRolling(this.context, d, scaling.replicaSets);
    throw new Error(`unexpected deployment strategy type: ${d.spec?.strategy?.type}`);
  }

  /** An empty selector would select every pod in the namespace: k/k refuses and says so. */
  private async selectingAll(d: Deployment): Promise<void> {
    this.recorder.event(asDeployment(d), 'Warning', selectingAllReason, selectingAllMessage);
    if ((d.status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)) return;
    d.status = { ...d.status, observedGeneration: d.metadata.generation };
    await updateDeploymentStatus(this.context, d);
  }
}

function trySelector(d: Obj): Selector | undefined {
  try {
    return selectorFromLabelSelector(d.spec?.selector);
  } catch {
    return undefined; // an invalid selector selects nothing
  }
}
