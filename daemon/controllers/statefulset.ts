/**
 * The StatefulSet controller (kube-controller-manager's statefulset-controller, k/k
 * `pkg/controller/statefulset`): pods `<set>-0…<set>-(n-1)` with stable identity and claims.
 * OrderedReady creates one ordinal at a time, each only once the previous is Running and Ready,
 * and scales down from the highest; Parallel does neither wait. RollingUpdate replaces pods from
 * the highest ordinal down to the partition, one at a time; OnDelete waits for the user. Left out:
 * maxUnavailable (the MaxUnavailableStatefulSet gate is off in 1.32).
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
import { selectorFromLabelSelector, type Selector } from '../../shared/labels.js';
import { logger } from '../../shared/log.js';
import { claimPods, controllerOf } from './controller-ref-manager.js';
import { appsControllerRef, controllerRevisions, recheckNotDeleted } from './history.js';
import type { Controller, ControllerContext } from './manager.js';
import { isPodReady } from './pod-state.js';
import { adoptOrphanRevisions, listRevisions, statefulSetRevisions, truncateHistory, type Revisions } from './statefulset-history.js';
import { StatefulPodControl } from './statefulset-pod-control.js';
import { completeRollingUpdate, isMemberOf, isStatusChanged, statusForApi, type StatefulSetStatus } from './statefulset-pods.js';
import { updateStatefulSet } from './statefulset-update.js';
import { jsonEqual } from '../../shared/json-equal.js';

const component = 'statefulset-controller';
const statefulSets: ResourceRef = { group: 'apps', version: 'v1', resource: 'statefulsets' };
const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const claims: ResourceRef = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };
const log = logger(component);

export interface StatefulSetControllerOptions {
  client: ApiClient;
  clock: Clock;
  statefulSets: SharedInformer;
  pods: SharedInformer;
  revisions: SharedInformer;
  claims: SharedInformer;
  recorder?: EventRecorder;
  workers?: number;
}

export class StatefulSetController implements Controller {
  readonly name = component;
  readonly queue: RateLimitingQueue<string>;
  readonly recorder: EventRecorder;
  private readonly podControl: StatefulPodControl;

  constructor(private readonly options: StatefulSetControllerOptions) {
    this.queue = new RateLimitingQueue({ clock: options.clock });
    this.recorder = options.recorder ?? new EventRecorder({ client: options.client, component, clock: options.clock });
    this.podControl = new StatefulPodControl(options.client, this.recorder, options.claims);
    options.pods.addIndexer('namespace', (pod) => [pod.metadata.namespace ?? '']);
    options.revisions.addIndexer('namespace', (rev) => [rev.metadata.namespace ?? '']);
    options.statefulSets.addEventHandler({
      onAdd: (set) => this.queue.add(keyOf(set)),
      onUpdate: (old, set) => old.metadata.resourceVersion !== set.metadata.resourceVersion && this.queue.add(keyOf(set)),
      onDelete: (set) => this.queue.add(keyOf(set)),
    });
    this.watchPods();
  }

  static fromContext(context: ControllerContext): StatefulSetController {
    const { informers } = context;
    return new StatefulSetController({
      client: context.client,
      clock: context.clock,
      statefulSets: informers.informerFor(statefulSets),
      pods: informers.informerFor(pods),
      revisions: informers.informerFor(controllerRevisions),
      claims: informers.informerFor(claims),
    });
  }

  async start(signal: AbortSignal): Promise<void> {
    const { statefulSets: s, pods: p, revisions: r, claims: c } = this.options;
    for (const informer of [p, s, c, r]) if (!(await informer.waitForSync(signal))) return;
    await runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.options.workers ?? 2, signal, log });
  }

  private watchPods(): void {
    this.options.pods.addEventHandler({
      onAdd: (pod) => (controllerOf(pod) ? this.enqueueOwner(pod) : pod.metadata.deletionTimestamp ? undefined : this.enqueueSelecting(pod)),
      onUpdate: (old, pod) => {
        if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
        const refChanged = !jsonEqual(controllerOf(old), controllerOf(pod));
        if (refChanged && controllerOf(old)) this.enqueueOwner(old);
        const owner = this.ownerOf(pod);
        if (owner) {
          this.queue.add(keyOf(owner));
          const minReady = owner.spec?.minReadySeconds ?? 0;
          // Available only minReadySeconds after it turned Ready: look again then (k/k adds a second).
          if (!isPodReady(old) && isPodReady(pod) && minReady > 0) this.queue.addAfter(keyOf(owner), minReady * 1000 + 1000);
        } else if (!controllerOf(pod) && (refChanged || !jsonEqual(old.metadata.labels, pod.metadata.labels))) this.enqueueSelecting(pod);
      },
      onDelete: (pod) => this.enqueueOwner(pod),
    });
  }

  /** resolveControllerRef against the cache, checking the uid. */
  private ownerOf(obj: Readonly<KubeObject>): Readonly<KubeObject> | undefined {
    const ref = controllerOf(obj);
    if (ref?.kind !== 'StatefulSet') return undefined;
    const set = this.options.statefulSets.get(objectKey(obj.metadata.namespace, ref.name));
    return set?.metadata.uid === ref.uid ? set : undefined;
  }

  private enqueueOwner(obj: Readonly<KubeObject>): void {
    const owner = this.ownerOf(obj);
    if (owner) this.queue.add(keyOf(owner));
  }

  /** getStatefulSetsForPod: sets of the orphan's namespace whose selector matches it. */
  private enqueueSelecting(pod: Readonly<KubeObject>): void {
    for (const set of this.options.statefulSets.list()) {
      if (set.metadata.namespace === pod.metadata.namespace && selectorOf(set)?.matches(pod.metadata.labels)) this.queue.add(keyOf(set));
    }
  }

  /** sync: adopt revisions, claim members, then one pass of UpdateStatefulSet. */
  async sync(key: string): Promise<void> {
    const set = this.options.statefulSets.get(key);
    if (!set) return;
    const selector = selectorOf(set);
    if (!selector) return log.error('invalid selector', { statefulSet: key });
    const inNamespace = this.options.revisions.byIndex('namespace', set.metadata.namespace ?? '');
    await adoptOrphanRevisions(this.options.client, set, selector, listRevisions(set, selector, inNamespace));
    const members = await this.claimMembers(set, selector);
    const status = await this.updateStatefulSet(set, members, listRevisions(set, selector, inNamespace));
    const minReady = set.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && status && status.availableReplicas !== (set.spec?.replicas ?? 1)) this.queue.addAfter(key, minReady * 1000);
  }

  /** getPodsForStatefulSet: pods named like members, adopted or released by the selector. */
  private claimMembers(set: Readonly<KubeObject>, selector: Selector): Promise<Readonly<KubeObject>[]> {
    const candidates = this.options.pods.byIndex('namespace', set.metadata.namespace ?? '').filter((pod) => isMemberOf(set, pod));
    return claimPods(candidates, {
      client: this.options.client,
      owner: set,
      ref: appsControllerRef(set, 'StatefulSet'),
      selector,
      canAdopt: () => recheckNotDeleted(this.options.client, statefulSets, set),
    });
  }

  /** UpdateStatefulSet: revisions, the pod pass, the status (written even after an error), history. */
  private async updateStatefulSet(set: Readonly<KubeObject>, members: Readonly<KubeObject>[], revisions: Readonly<KubeObject>[]): Promise<StatefulSetStatus | undefined> {
    let found: Revisions | undefined;
    let status: StatefulSetStatus | undefined;
    let failure: unknown;
    try {
      found = await statefulSetRevisions(this.options.client, set, revisions);
      const result = await updateStatefulSet({ set, members, revisions: found, podControl: this.podControl, now: this.options.clock.now() });
      status = result.status;
      failure = result.error;
      await this.writeStatus(set, status);
    } catch (err) {
      failure ??= err;
    }
    await truncateHistory(this.options.client, set, members, revisions, found?.current, found?.update);
    if (failure) throw failure;
    return status;
  }

  /** updateStatefulSetStatus: only when something changed; a Conflict brings the set back. */
  private async writeStatus(set: Readonly<KubeObject>, status: StatefulSetStatus): Promise<void> {
    completeRollingUpdate(set, status);
    if (!isStatusChanged(set, status)) return;
    try {
      await this.options.client.update(statefulSets, { ...structuredClone(set), status: statusForApi(status) } as KubeObject, { subresource: 'status' });
    } catch (err) {
      if (isConflict(err)) this.queue.add(keyOf(set));
      else if (!isNotFound(err)) throw err;
    }
  }
}

function selectorOf(set: Readonly<KubeObject>): Selector | undefined {
  try {
    return selectorFromLabelSelector(set.spec?.selector);
  } catch {
    return undefined; // LabelSelectorAsSelector failed: k/k logs it and leaves the set alone
  }
}
