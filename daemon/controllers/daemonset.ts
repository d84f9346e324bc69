/**
 * The DaemonSet controller (kube-controller-manager's daemonset-controller, k/k
 * `pkg/controller/daemon`): one pod per eligible node, pinned by node affinity and bound by the
 * default scheduler (with no scheduler running they stay Pending, as they would); revisions in
 * ControllerRevisions; RollingUpdate (maxUnavailable, or maxSurge) and OnDelete; the status
 * `kubectl get ds` shows. Left out: k/k's periodic resync (a deleted node's unbound pods are
 * cleaned up at the next event, here also on the node's deletion) and the pod GC's part.
 */
import { isConflict, isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { keyOf, objectKey } from '../../shared/api/keys.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { EventRecorder } from '../../shared/client/events.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { selectorFromLabelSelector } from '../../shared/labels.js';
import { logger } from '../../shared/log.js';
import { claimPods, controllerOf } from './controller-ref-manager.js';
import { daemonPodTemplate, nodeShouldRunDaemonPod, pinToNode } from './daemonset-placement.js';
import { daemonSetCounts, groupByNode, isIgnorableNodeUpdate, nextDaemonSetStatus, podsShouldBeOnNode, rollingUpdatePlan } from './daemonset-rollout.js';
import { constructDaemonSetHistory, cleanupDaemonSetHistory } from './daemonset-history.js';
import { ControllerExpectations } from './expectations.js';
import { appsControllerRef, controllerRevisions, recheckNotDeleted, revisionHashLabel } from './history.js';
import type { Controller, ControllerContext } from './manager.js';
import { PodControl, isNamespaceTerminating } from './pod-control.js';
import { isPodReady } from './pod-state.js';
import { jsonEqual } from '../../shared/json-equal.js';

const component = 'daemonset-controller';
const daemonSets: ResourceRef = { group: 'apps', version: 'v1', resource: 'daemonsets' };
const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const nodes: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };

const selectingAllReason = 'SelectingAll';
const selectingAllMessage = 'This daemon set is selecting all pods. A non-empty selector is required.';
const failedDaemonPodReason = 'FailedDaemonPod';
const failedDaemonPodMessage = (pod: Readonly<KubeObject>, node: string): string => `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${node}, will try to kill it`;
const succeededDaemonPodReason = 'SucceededDaemonPod';
const succeededDaemonPodMessage = (pod: Readonly<KubeObject>, node: string): string => `Found succeeded daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${node}, will try to delete it`;

/** BurstReplicas: at most this many creates or deletes per sync. */
const burstReplicas = 250;
/** controller.SlowStartInitialBatchSize. */
const slowStartInitialBatchSize = 1;
/** kube-controller-manager's failedPodsBackoff: 1 s doubling to 15 min. */
const failedPodBackoffInitialMs = 1000;
const failedPodBackoffMaxMs = 15 * 60 * 1000;
const log = logger(component);

export interface DaemonSetControllerOptions {
  client: ApiClient;
  clock: Clock;
  daemonSets: SharedInformer;
  pods: SharedInformer;
  nodes: SharedInformer;
  revisions: SharedInformer;
  recorder?: EventRecorder;
  workers?: number;
}

export class DaemonSetController implements Controller {
  readonly name = component;
  readonly queue: RateLimitingQueue<string>;
  readonly recorder: EventRecorder;
  private readonly expectations: ControllerExpectations;
  private readonly podControl: PodControl;
  private readonly failedBackoff = new Map<string, { delayMs: number; lastUpdate: number }>();

  constructor(private readonly options: DaemonSetControllerOptions) {
    this.queue = new RateLimitingQueue({ clock: options.clock });
    this.recorder = options.recorder ?? new EventRecorder({ client: options.client, component, clock: options.clock });
    this.expectations = new ControllerExpectations(options.clock);
    this.podControl = new PodControl(options.client, this.recorder);
    options.pods.addIndexer('namespace', (pod) => [pod.metadata.namespace ?? '']);
    options.revisions.addIndexer('namespace', (rev) => [rev.metadata.namespace ?? '']);
    this.watchDaemonSets();
    this.watchPods();
    this.watchNodes();
    this.watchRevisions();
  }

  static fromContext(context: ControllerContext): DaemonSetController {
    const { informers } = context;
    return new DaemonSetController({
      client: context.client,
      clock: context.clock,
      daemonSets: informers.informerFor(daemonSets),
      pods: informers.informerFor(pods),
      nodes: informers.informerFor(nodes),
      revisions: informers.informerFor(controllerRevisions),
    });
  }

  async start(signal: AbortSignal): Promise<void> {
    const { daemonSets: ds, pods: p, nodes: n, revisions: r } = this.options;
    for (const informer of [p, n, r, ds]) if (!(await informer.waitForSync(signal))) return;
    await runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.options.workers ?? 2, signal, log });
  }

  // ---- handlers: map an event to DaemonSet keys ----

  private watchDaemonSets(): void {
    this.options.daemonSets.addEventHandler({
      onAdd: (ds) => this.queue.add(keyOf(ds)),
      onUpdate: (old, ds) => old.metadata.resourceVersion !== ds.metadata.resourceVersion && this.queue.add(keyOf(ds)),
      onDelete: (ds) => {
        this.expectations.delete(keyOf(ds));
        this.queue.add(keyOf(ds));
      },
    });
  }

  private watchPods(): void {
    this.options.pods.addEventHandler({
      onAdd: (pod) => {
        if (pod.metadata.deletionTimestamp) return this.podGone(pod);
        const owner = this.ownerOf(pod);
        if (owner) {
          this.expectations.creationObserved(keyOf(owner));
          this.queue.add(keyOf(owner));
        } else if (!controllerOf(pod)) this.enqueueSelecting(pod);
      },
      onUpdate: (old, pod) => {
        if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
        if (pod.metadata.deletionTimestamp) return this.podGone(pod);
        const [oldRef, ref] = [controllerOf(old), controllerOf(pod)];
        const refChanged = !jsonEqual(oldRef, ref);
        if (refChanged && oldRef) this.enqueueOwner(old);
        if (ref) {
          const owner = this.ownerOf(pod);
          if (!owner) return;
          this.queue.add(keyOf(owner));
          const minReady = owner.spec?.minReadySeconds ?? 0;
          // Available only minReadySeconds after it turned Ready: look again then (k/k adds a second).
          if (!isPodReady(old) && isPodReady(pod) && minReady > 0) this.queue.addAfter(keyOf(owner), minReady * 1000 + 1000);
        } else if (refChanged || !jsonEqual(old.metadata.labels, pod.metadata.labels)) this.enqueueSelecting(pod);
      },
      onDelete: (pod) => this.podGone(pod),
    });
  }

  private podGone(pod: Readonly<KubeObject>): void {
    const owner = this.ownerOf(pod);
    if (!owner) return;
    this.expectations.deletionObserved(keyOf(owner), keyOf(pod));
    this.queue.add(keyOf(owner));
  }

  private watchNodes(): void {
    this.options.nodes.addEventHandler({
      onAdd: (node) => {
        for (const ds of this.options.daemonSets.list()) if (nodeShouldRunDaemonPod(node, ds).shouldRun) this.queue.add(keyOf(ds));
      },
      onUpdate: (old, node) => {
        if (isIgnorableNodeUpdate(old, node)) return;
        for (const ds of this.options.daemonSets.list()) {
          const [before, after] = [nodeShouldRunDaemonPod(old, ds), nodeShouldRunDaemonPod(node, ds)];
          if (before.shouldRun !== after.shouldRun || before.shouldContinueRunning !== after.shouldContinueRunning) this.queue.add(keyOf(ds));
        }
      },
      // Not in k/k, which waits for a resync: pods that never got bound to the node go at once.
      onDelete: () => {
        for (const ds of this.options.daemonSets.list()) this.queue.add(keyOf(ds));
      },
    });
  }

  private watchRevisions(): void {
    this.options.revisions.addEventHandler({
      onAdd: (rev) => (controllerOf(rev) ? this.enqueueOwner(rev) : this.enqueueSelecting(rev)),
      onUpdate: (old, rev) => {
        if (old.metadata.resourceVersion === rev.metadata.resourceVersion) return;
        const refChanged = !jsonEqual(controllerOf(old), controllerOf(rev));
        if (refChanged && controllerOf(old)) this.enqueueOwner(old);
        if (controllerOf(rev)) this.enqueueOwner(rev);
        else if (refChanged || !jsonEqual(old.metadata.labels, rev.metadata.labels)) this.enqueueSelecting(rev);
      },
      onDelete: (rev) => this.enqueueOwner(rev),
    });
  }

  /** resolveControllerRef: the cached DaemonSet a pod or revision's controller reference names. */
  private ownerOf(obj: Readonly<KubeObject>): Readonly<KubeObject> | undefined {
    const ref = controllerOf(obj);
    if (ref?.kind !== 'DaemonSet') return undefined;
    const ds = this.options.daemonSets.get(objectKey(obj.metadata.namespace, ref.name));
    return ds?.metadata.uid === ref.uid ? ds : undefined;
  }

  private enqueueOwner(obj: Readonly<KubeObject>): void {
    const owner = this.ownerOf(obj);
    if (owner) this.queue.add(keyOf(owner));
  }

  /** An orphan: every DaemonSet of its namespace whose selector matches may adopt it. */
  private enqueueSelecting(obj: Readonly<KubeObject>): void {
    for (const ds of this.options.daemonSets.list()) {
      if (ds.metadata.namespace !== obj.metadata.namespace) continue;
      if (selectorOf(ds)?.matches(obj.metadata.labels)) this.queue.add(keyOf(ds));
    }
  }

  // ---- sync ----

  /** syncDaemonSet: history, then pods to create or delete, then the rolling update, then status. */
  async sync(key: string): Promise<void> {
    const ds = this.options.daemonSets.get(key);
    if (!ds) {
      this.expectations.delete(key);
      return;
    }
    const selector = ds.spec?.selector;
    if (selector && Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
      this.recorder.event(ds as KubeObject, 'Warning', selectingAllReason, selectingAllMessage);
      return;
    }
    // A DaemonSet being deleted may have lost its revisions already: its status cannot be trusted.
    if (ds.metadata.deletionTimestamp) return;
    const nodeList = this.options.nodes.list();
    const history = await constructDaemonSetHistory(this.options.client, ds, this.namespaceObjects(this.options.revisions, ds), () => this.claimedPods(ds));
    const hash = history.current.metadata.labels?.[revisionHashLabel] ?? '';
    const claimed = await this.claimedPods(ds);
    if (!this.expectations.satisfied(key)) return this.writeStatus(ds, nodeList, groupByNode(claimed), hash, false);
    let failure: unknown;
    try {
      await this.manage(ds, nodeList, groupByNode(claimed), hash);
      if (this.expectations.satisfied(key) && ds.spec?.updateStrategy?.type === 'RollingUpdate') {
        // rollingUpdate reads the pods again, as k/k's does from its lister: manage may have just
        // deleted an old pod, and planning from the list read before would delete it a second time.
        const plan = rollingUpdatePlan(ds, nodeList, groupByNode(await this.claimedPods(ds)), hash, this.options.clock.now());
        await this.syncNodes(ds, plan.deletePods, plan.createOn, hash);
      }
      await cleanupDaemonSetHistory(this.options.client, ds, history.old, claimed);
    } catch (err) {
      failure = err;
    }
    // As k/k, the status is counted from the cache again: it may already hold this sync's pods.
    await this.writeStatus(ds, nodeList, groupByNode(await this.claimedPods(ds)), hash, true);
    if (failure) throw failure;
  }

  private namespaceObjects(informer: SharedInformer, ds: Readonly<KubeObject>): Readonly<KubeObject>[] {
    return informer.byIndex('namespace', ds.metadata.namespace ?? '');
  }

  /** getDaemonPods: the pods this DaemonSet controls, after adopting and releasing. */
  private claimedPods(ds: Readonly<KubeObject>): Promise<Readonly<KubeObject>[]> {
    return claimPods(this.namespaceObjects(this.options.pods, ds), {
      client: this.options.client,
      owner: ds,
      ref: appsControllerRef(ds, 'DaemonSet'),
      selector: selectorOf(ds)!,
      canAdopt: () => recheckNotDeleted(this.options.client, daemonSets, ds),
    });
  }

  /** manage: create on nodes that need a pod, delete pods that must go. */
  private async manage(ds: Readonly<KubeObject>, nodeList: readonly Readonly<KubeObject>[], nodeToPods: Map<string, Readonly<KubeObject>[]>, hash: string): Promise<void> {
    const createOn: string[] = [];
    const deletePods: string[] = [];
    const now = this.options.clock.now();
    for (const node of nodeList) {
      const nodeName = node.metadata.name!;
      const actions = podsShouldBeOnNode(
        node,
        nodeToPods.get(nodeName),
        ds,
        hash,
        now,
        (pod) => this.mayDeleteFailedPod(ds, pod, nodeName, now),
        (pod) => this.recorder.event(ds as KubeObject, 'Normal', succeededDaemonPodReason, succeededDaemonPodMessage(pod, nodeName)),
      );
      createOn.push(...actions.createOn);
      deletePods.push(...actions.deletePods.map((pod) => pod.metadata.name!));
    }
    // getUnscheduledPodsWithoutNode: nobody else deletes an unbound pod whose node is gone.
    const existing = new Set(nodeList.map((node) => node.metadata.name));
    for (const [nodeName, podsOnNode] of nodeToPods) {
      if (!existing.has(nodeName)) deletePods.push(...podsOnNode.filter((pod) => !pod.spec?.nodeName).map((pod) => pod.metadata.name!));
    }
    await this.syncNodes(ds, deletePods, createOn, hash);
  }

  /** The failed-pod back-off (failedPodsBackoff): a kubelet that keeps rejecting pods is not hammered. */
  private mayDeleteFailedPod(ds: Readonly<KubeObject>, pod: Readonly<KubeObject>, nodeName: string, now: number): boolean {
    const backoffKey = `${ds.metadata.uid}/${ds.status?.observedGeneration ?? 0}/${nodeName}`;
    const entry = this.failedBackoff.get(backoffKey);
    if (entry && now - entry.lastUpdate < entry.delayMs) {
      this.queue.addAfter(keyOf(ds), entry.delayMs);
      return false;
    }
    const expired = !entry || now - entry.lastUpdate > 2 * failedPodBackoffMaxMs;
    const delayMs = expired ? failedPodBackoffInitialMs : Math.min(entry!.delayMs * 2, failedPodBackoffMaxMs);
    this.failedBackoff.set(backoffKey, { delayMs, lastUpdate: now });
    this.recorder.event(ds as KubeObject, 'Warning', failedDaemonPodReason, failedDaemonPodMessage(pod, nodeName));
    return true;
  }

  /**
   * syncNodes: creates pods on nodes (slow-start batches) or deletes pods, under expectations.
   * When both are due, the creations go first and the deletions wait for the next sync, because
   * one expectation record covers one kind of write here.
   */
  private async syncNodes(ds: Readonly<KubeObject>, deletePods: readonly string[], createOn: readonly string[], hash: string): Promise<void> {
    const key = keyOf(ds);
    if (createOn.length > 0) return this.createPods(ds, createOn.slice(0, burstReplicas), hash);
    if (deletePods.length === 0) return;
    const names = deletePods.slice(0, burstReplicas);
    this.expectations.expectDeletions(key, names.map((name) => objectKey(ds.metadata.namespace, name)));
    const results = await Promise.allSettled(names.map((name) => this.podControl.deletePod(ds.metadata.namespace!, name, ds)));
    let failure: unknown;
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') return;
      this.expectations.deletionObserved(key, objectKey(ds.metadata.namespace, names[i]!));
      if (!isNotFound(result.reason)) failure ??= result.reason;
    });
    if (failure) throw failure;
  }

  private async createPods(ds: Readonly<KubeObject>, nodeNames: readonly string[], hash: string): Promise<void> {
    const key = keyOf(ds);
    const template = daemonPodTemplate(ds, hash);
    this.expectations.expectCreations(key, nodeNames.length);
    let failure: unknown;
    let position = 0;
    for (let batch = Math.min(nodeNames.length, slowStartInitialBatchSize); position < nodeNames.length; batch = Math.min(2 * batch, nodeNames.length - position)) {
      const slice = nodeNames.slice(position, position + batch);
      position += slice.length;
      const results = await Promise.allSettled(
        slice.map((nodeName) => {
          const podTemplate = structuredClone(template);
          podTemplate.spec.affinity = pinToNode(podTemplate.spec.affinity, nodeName);
          return this.podControl.createPod(podTemplate, ds, appsControllerRef(ds, 'DaemonSet'));
        }),
      );
      for (const result of results) {
        if (result.status === 'fulfilled') continue;
        this.expectations.creationObserved(key);
        if (!isNamespaceTerminating(result.reason)) failure ??= result.reason;
      }
      if (failure) break; // slow start: one failing batch stops the rest, retried at the next sync
    }
    for (; position < nodeNames.length; position++) this.expectations.creationObserved(key);
    if (failure) throw failure;
  }

  /** updateDaemonSetStatus; a Conflict means a newer DaemonSet is on its way: sync again then. */
  private async writeStatus(ds: Readonly<KubeObject>, nodeList: readonly Readonly<KubeObject>[], nodeToPods: Map<string, Readonly<KubeObject>[]>, hash: string, observe: boolean): Promise<void> {
    const now = this.options.clock.now();
    const counts = daemonSetCounts(ds, nodeList, nodeToPods, hash, now);
    const minReady = ds.spec?.minReadySeconds ?? 0;
    // Resync after minReadySeconds, the last line of defence against a missed transition.
    if (minReady > 0 && counts.numberReady !== counts.numberAvailable) this.queue.addAfter(keyOf(ds), minReady * 1000);
    const status = nextDaemonSetStatus(ds, counts, observe);
    if (!status) return;
    try {
      await this.options.client.update(daemonSets, { ...structuredClone(ds), status } as KubeObject, { subresource: 'status' });
    } catch (err) {
      if (isConflict(err)) this.queue.add(keyOf(ds));
      else if (!isNotFound(err)) throw err;
    }
  }
}

/** The DaemonSet's selector; undefined when it cannot be parsed. */
function selectorOf(ds: Readonly<KubeObject>): ReturnType<typeof selectorFromLabelSelector> | undefined {
  try {
    return selectorFromLabelSelector(ds.spec?.selector);
  } catch {
    return undefined; // an invalid selector selects nothing, as LabelSelectorAsSelector's error does
  }
}
