/**
 * kube-scheduler's `default-scheduler` profile: it places pods that have no `spec.nodeName` and
 * ask for this scheduler. Each cycle filters and scores the nodes (framework.ts and plugins/),
 * assumes the pod on the winner and binds it through `pods/binding` while the next cycle runs;
 * success is a `Scheduled` event. When no node fits, a `FailedScheduling` Warning and the
 * PodScheduled=False condition (reason Unschedulable) carry kube-scheduler's exact message, and
 * the pod waits in the scheduling queue for a cluster change that may help. When lower-priority
 * pods stand in the way, DefaultPreemption (plugins/default-preemption.ts) evicts them and
 * nominates the pod to their node (`status.nominatedNodeName`), where the nominator keeps the room
 * for it until it is retried. VolumeBinding checks claims and volume node affinity
 * (plugins/volume-binding.ts). Left out: inter-pod affinity, the other volume plugins, image
 * locality, extenders.
 */
import { isNotFound, isStatusError } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { rfc3339, type Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { logger } from '../../shared/log.js';
import type { Controller, ControllerContext } from '../controllers/manager.js';
import { isAssigned, isPendingForUs, isTerminal, nodeSchedulingChanges } from './cluster-events.js';
import { DefaultSelectors } from './default-selector.js';
import { SeriesEventRecorder } from './event-recorder.js';
import type { Framework, Plugin } from './framework.js';
import * as text from './messages.js';
import { Nominator } from './nominator.js';
import { podInfoOf, type PodInfo } from './pod-info.js';
import { preempt, type PreemptionResult } from './plugins/default-preemption.js';
import { annSelectedNode, bindTimeoutMs, VolumeBinding } from './plugins/volume-binding.js';
import { PreemptionExecutor } from './preemption-executor.js';
import { defaultProfile } from './profile.js';
import { SchedulerCache } from './scheduler-cache.js';
import { SchedulingQueue, type QueuedPodInfo } from './scheduling-queue.js';
import { jsonEqual } from '../../shared/json-equal.js';

const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const claimsRef: ResourceRef = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };
const log = logger('scheduler');
/** The control-plane host the scheduler runs on, for `reportingInstance` (`default-scheduler-<host>`). */
const defaultHostname = 'control-plane';
/** Bindings written concurrently before the loop waits for one (the real binder runs one goroutine per pod). */
const defaultMaxBindingsInFlight = 256;
/** Cycles run back to back before the loop lets I/O and watch events through. */
const cyclesPerTurn = 32;

/** A PreBind plugin failed: its text is the event's as it stands (no DefaultBinder prefix). */
class PreBindError extends Error {}

export interface SchedulerOptions {
  client: ApiClient;
  clock: Clock;
  pods: SharedInformer;
  nodes: SharedInformer;
  services: SharedInformer;
  replicationControllers: SharedInformer;
  replicaSets: SharedInformer;
  statefulSets: SharedInformer;
  /** PodDisruptionBudgets, which preemption tries not to violate; none when absent. */
  podDisruptionBudgets?: SharedInformer;
  /** Claims, volumes and classes for VolumeBinding; without all three the plugin is left out. */
  persistentVolumeClaims?: SharedInformer;
  persistentVolumes?: SharedInformer;
  storageClasses?: SharedInformer;
  hostname?: string;
  /** For ties between equally good nodes; tests may fix it. */
  random?: () => number;
  maxBindingsInFlight?: number;
}

export class Scheduler implements Controller {
  readonly name = text.schedulerName;
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  readonly framework: Framework;
  readonly recorder: SeriesEventRecorder;
  /** Pods nominated to nodes by preemption (the queue's nominator upstream). */
  readonly nominator = new Nominator();
  private readonly preemption: PreemptionExecutor;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly volumeBinding?: VolumeBinding;
  /** The signal start() was given: a PreBind wait ends when the scheduler stops. */
  private stopSignal?: AbortSignal;
  /** PreBind waits by pod uid: the pod's deletion ends its wait (its claims may never change). */
  private readonly preBindWaits = new Map<string, AbortController>();

  constructor(private readonly options: SchedulerOptions) {
    const selectors = new DefaultSelectors(options);
    const { persistentVolumeClaims: claims, persistentVolumes: volumes, storageClasses: classes } = options;
    const volumeBinding = claims && volumes && classes ? new VolumeBinding({ claims, volumes, classes }) : undefined;
    this.volumeBinding = volumeBinding;
    this.framework = defaultProfile({ defaultSelector: (pod) => selectors.selectorFor(pod), random: options.random, volumeBinding });
    const plugins = new Map<string, Plugin>(this.framework.plugins.map((p) => [p.name, p]));
    this.queue = new SchedulingQueue({
      clock: options.clock,
      isSchedulableAfter: (pod, plugin, event) => plugins.get(plugin)?.isSchedulableAfter?.(podInfoOf(pod), event) ?? false,
    });
    this.recorder = new SeriesEventRecorder({
      client: options.client,
      clock: options.clock,
      reportingController: text.schedulerName,
      reportingInstance: `${text.schedulerName}-${options.hostname ?? defaultHostname}`,
    });
    this.preemption = new PreemptionExecutor({ client: options.client, clock: options.clock, recorder: this.recorder });
    options.pods.addEventHandler({ onAdd: (pod) => this.podAdded(pod), onUpdate: (old, pod) => this.podUpdated(old, pod), onDelete: (pod) => this.podDeleted(pod) });
    options.nodes.addEventHandler({ onAdd: (node) => this.nodeAdded(node), onUpdate: (old, node) => this.nodeUpdated(old, node), onDelete: (node) => this.nodeDeleted(node) });
    if (volumeBinding) {
      for (const [informer, resource] of [[claims, 'persistentvolumeclaims'], [volumes, 'persistentvolumes'], [classes, 'storageclasses']] as const) {
        const changed = (object: Readonly<KubeObject>): void => this.queue.onClusterEvent({ type: 'StorageChange', resource, object });
        informer!.addEventHandler({ onAdd: changed, onUpdate: (old, object) => old.metadata.resourceVersion !== object.metadata.resourceVersion && changed(object) });
      }
    }
  }

  static fromContext(context: ControllerContext): Scheduler {
    const informer = (group: string, resource: string): SharedInformer => context.informers.informerFor({ group, version: 'v1', resource });
    return new Scheduler({
      client: context.client,
      clock: context.clock,
      pods: informer('', 'pods'),
      nodes: informer('', 'nodes'),
      services: informer('', 'services'),
      replicationControllers: informer('', 'replicationcontrollers'),
      replicaSets: informer('apps', 'replicasets'),
      statefulSets: informer('apps', 'statefulsets'),
      podDisruptionBudgets: informer('policy', 'poddisruptionbudgets'),
      persistentVolumeClaims: informer('', 'persistentvolumeclaims'),
      persistentVolumes: informer('', 'persistentvolumes'),
      storageClasses: informer('storage.k8s.io', 'storageclasses'),
    });
  }

  async start(signal: AbortSignal): Promise<void> {
    const { pods, nodes, services, replicationControllers, replicaSets, statefulSets, podDisruptionBudgets, persistentVolumeClaims, persistentVolumes, storageClasses } = this.options;
    for (const informer of [pods, nodes, services, replicationControllers, replicaSets, statefulSets, podDisruptionBudgets, persistentVolumeClaims, persistentVolumes, storageClasses]) if (informer && !(await informer.waitForSync(signal))) return;
    this.stopSignal = signal;
    const timers = [this.queue.startTimers(), this.recorder.startTimers()];
    const stop = (): void => {
      timers.forEach((t) => t.cancel());
      this.queue.shutDown();
    };
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    await this.scheduleLoop();
    await Promise.all(this.inFlight);
    await this.recorder.flush();
  }

  /** One scheduling attempt for one pending pod, binding included (tests call it directly). */
  async sync(key: string): Promise<void> {
    const pod = this.options.pods.get(key);
    if (!pod || !isPendingForUs(pod)) return this.queue.delete(key);
    if (this.cache.isAssumed(key)) return;
    await this.scheduleOne(this.queue.claim(pod));
  }

  // Handlers: keep the cache current and tell the queue what changed; no I/O.

  private podAdded(pod: Readonly<KubeObject>): void {
    if (isAssigned(pod)) {
      if (isTerminal(pod)) return;
      this.cache.addPod(pod);
      this.queue.onClusterEvent({ type: 'AssignedPodAdd', pod });
    } else if (isPendingForUs(pod)) {
      this.queue.add(pod);
      this.nominator.add(podInfoOf(pod));
    }
  }

  private podUpdated(old: Readonly<KubeObject>, pod: Readonly<KubeObject>): void {
    if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
    const key = podInfoOf(pod).key;
    if (isAssigned(pod)) {
      this.nominator.delete(key);
      if (!isAssigned(old)) this.queue.delete(key);
      if (isTerminal(pod)) return this.podDeleted(pod);
      this.cache.addPod(pod);
      if (!isAssigned(old)) return this.queue.onClusterEvent({ type: 'AssignedPodAdd', pod });
      if (!jsonEqual(old.metadata.labels, pod.metadata.labels)) this.queue.onClusterEvent({ type: 'AssignedPodUpdate', oldPod: old, pod });
    } else if (this.cache.isAssumed(key)) {
      // Being bound right now: the binding's outcome decides (updatePodInSchedulingQueue).
    } else if (isPendingForUs(pod)) {
      this.queue.update(old, pod);
      this.nominator.update(old, podInfoOf(pod));
    } else {
      this.queue.delete(key);
      this.nominator.delete(key);
    }
  }

  private podDeleted(pod: Readonly<KubeObject>): void {
    const key = podInfoOf(pod).key;
    this.preBindWaits.get(pod.metadata.uid!)?.abort();
    this.cache.removePod(key);
    this.nominator.delete(key);
    if (isAssigned(pod)) this.queue.onClusterEvent({ type: 'AssignedPodDelete', oldPod: pod });
    else this.queue.delete(key);
  }

  private nodeAdded(node: Readonly<KubeObject>): void {
    this.cache.setNode(node);
    this.queue.onClusterEvent({ type: 'NodeAdd', node });
  }

  private nodeUpdated(old: Readonly<KubeObject>, node: Readonly<KubeObject>): void {
    this.cache.setNode(node);
    const changes = nodeSchedulingChanges(old, node);
    if (changes.size > 0) this.queue.onClusterEvent({ type: 'NodeUpdate', oldNode: old, node, changes });
  }

  private nodeDeleted(node: Readonly<KubeObject>): void {
    this.cache.removeNode(node.metadata.name ?? '');
    this.queue.onClusterEvent({ type: 'NodeDelete', oldNode: node });
  }

  /** scheduleOne in a loop: cycles run one after another, bindings overlap them. */
  private async scheduleLoop(): Promise<void> {
    const max = this.options.maxBindingsInFlight ?? defaultMaxBindingsInFlight;
    for (let cycles = 1; ; cycles++) {
      const info = await this.queue.pop();
      if (!info) return;
      const current = this.options.pods.get(info.key);
      if (current && isPendingForUs(current) && !this.cache.isAssumed(info.key)) {
        info.pod = current;
        const tail = this.scheduleOne(info);
        this.inFlight.add(tail);
        void tail.finally(() => this.inFlight.delete(tail));
      }
      if (this.inFlight.size >= max) await Promise.race(this.inFlight);
      // The queue answers at once while it has pods; let watch events and writes through now and then.
      else if (cycles % cyclesPerTurn === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** The synchronous scheduling cycle; returns the binding (or failure report) that follows it. */
  private scheduleOne(info: QueuedPodInfo): Promise<void> {
    const podInfo = podInfoOf(info.pod);
    const result = this.framework.schedulePod(podInfo, this.cache, this.nominator);
    if (result.type === 'Scheduled') {
      // assume(): the pod has its place now, so its nomination no longer holds any room.
      this.nominator.delete(info.key);
      this.cache.assumePod(podInfo, result.nodeName);
      return this.bind(info, result.nodeName).catch((err) => log.error('binding failed', { pod: info.key, error: (err as Error).message }));
    }
    let message = text.noNodesAvailableMessage;
    let preemption: PreemptionResult | undefined;
    if (result.type === 'NoFit') {
      // PostFilter; a successful preemption adds nothing to the FitError text.
      preemption = preempt({ pod: podInfo, diagnosis: result.diagnosis, snapshot: this.cache, pdbs: this.options.podDisruptionBudgets?.list() ?? [], nominated: this.nominator, random: this.options.random });
      message = text.fitErrorMessage(result.numAllNodes, result.diagnosis, preemption.type === 'Preempt' ? undefined : preemption.message);
    }
    // NominatingInfo: the preemption's node; '' clears a nomination nothing can honour any more.
    const nomination = preemption?.type === 'Preempt' ? preemption.nodeName : preemption?.type === 'NotEligible' ? undefined : '';
    if (nomination) this.nominator.add(podInfo, nomination);
    else if (nomination === '') this.nominator.delete(info.key);
    this.queue.addUnschedulable(info, result.type === 'NoFit' ? result.diagnosis.unschedulablePlugins : new Set());
    log.debug('unable to schedule pod; no fit; waiting', { pod: info.key, message });
    const evicted = preemption?.type === 'Preempt' ? this.evict(info.pod, podInfo, preemption) : Promise.resolve(nomination);
    return evicted
      .then((nominated) => this.reportFailure(info.pod, text.conditionReasonUnschedulable, message, nominated))
      .catch((err) => log.error('could not report a scheduling failure', { pod: info.key, error: (err as Error).message }));
  }

  /** prepareCandidate: the victims go before the failure is reported; if that fails, no nomination is written. */
  private async evict(pod: Readonly<KubeObject>, podInfo: PodInfo, preemption: Extract<PreemptionResult, { type: 'Preempt' }>): Promise<string | undefined> {
    try {
      await this.preemption.prepareCandidate(pod, preemption.nodeName, preemption.victims, preemption.lowerPriorityNominated);
      return preemption.nodeName;
    } catch (err) {
      log.error('preemption failed', { pod: podInfo.key, node: preemption.nodeName, error: (err as Error).message });
      this.nominator.delete(podInfo.key);
      return undefined;
    }
  }

  /** DefaultBinder through `pods/binding`, then the Scheduled event; a failed bind is retried after back-off. */
  private async bind(info: QueuedPodInfo, node: string): Promise<void> {
    const { namespace, name, uid } = info.pod.metadata;
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace, uid }, target: { apiVersion: 'v1', kind: 'Node', name: node } };
    try {
      if (!(await this.preBindVolumes(info, node))) return this.cache.forgetPod(info.key);
      await this.options.client.createSubresource(pods, namespace, name!, 'binding', binding);
    } catch (err) {
      this.cache.forgetPod(info.key);
      const current = this.options.pods.get(info.key);
      if (isNotFound(err) || !current || !isPendingForUs(current)) return; // deleted or bound meanwhile
      log.error('binding rejected', { pod: info.key, node, error: (err as Error).message });
      info.pod = current;
      this.nominator.add(podInfoOf(current));
      this.queue.addUnschedulable(info, new Set());
      const message = err instanceof PreBindError ? err.message : text.bindFailedMessage((err as Error).message);
      return this.reportFailure(current, text.conditionReasonSchedulerError, message);
    }
    this.recorder.event(info.pod, 'Normal', text.reasonScheduled, text.actionBinding, text.scheduledMessage(namespace!, name!, node));
  }

  /**
   * VolumeBinding's PreBind: each unbound WaitForFirstConsumer claim the pod needs is annotated
   * with the chosen node (so its provisioner makes the volume there), and the binding waits until
   * the claims are bound, as BindPodVolumes does; the kubelet then finds the volume ready. False
   * when there is no binding to do any more (the pod is gone, or the scheduler stops).
   */
  private async preBindVolumes(info: QueuedPodInfo, node: string): Promise<boolean> {
    const claims = this.volumeBinding?.claimsToProvision(info.pod) ?? [];
    if (claims.length === 0) return true;
    for (const claim of claims) {
      if (claim.metadata.annotations?.[annSelectedNode] === node) continue;
      try {
        await this.options.client.patch(claimsRef, claim.metadata.namespace, claim.metadata.name!, 'merge', { metadata: { annotations: { [annSelectedNode]: node } } });
      } catch (err) {
        // bindAPIUpdate's error as it stands; wrapped so a claim's NotFound is not taken for the pod's.
        throw new PreBindError(`running PreBind plugin "VolumeBinding": ${(err as Error).message}`);
      }
    }
    const keys = claims.map((c) => `${c.metadata.namespace}/${c.metadata.name}`);
    const uid = info.pod.metadata.uid!;
    // A pod made again under the same name is another pod: this wait is not its.
    const gone = (): boolean => {
      const current = this.options.pods.get(info.key);
      return !current || current.metadata.uid !== uid || !isPendingForUs(current);
    };
    const wait = new AbortController();
    const stop = (): void => wait.abort();
    if (this.stopSignal?.aborted) return false;
    this.stopSignal?.addEventListener('abort', stop, { once: true });
    this.preBindWaits.set(uid, wait);
    let bound: boolean;
    try {
      bound = await this.volumeBinding!.waitForBound(keys, this.options.clock, bindTimeoutMs, gone, wait.signal);
    } finally {
      this.preBindWaits.delete(uid);
      this.stopSignal?.removeEventListener('abort', stop);
    }
    if (bound) return true;
    // The pod went away or the scheduler stops: nothing to bind and nothing to report.
    if (gone() || wait.signal.aborted) return false;
    throw new PreBindError('running PreBind plugin "VolumeBinding": binding volumes: context deadline exceeded');
  }

  /**
   * handleSchedulingFailure: the FailedScheduling event, then PodScheduled=False — and the
   * nominated node, when `nomination` changes it ('' clears it) — through pods/status if either changed.
   */
  private async reportFailure(pod: Readonly<KubeObject>, reason: string, message: string, nomination?: string): Promise<void> {
    this.recorder.event(pod, 'Warning', text.reasonFailedScheduling, text.actionScheduling, text.truncateNote(message));
    const conditions: { type: string; status?: string; reason?: string; message?: string; lastTransitionTime?: string }[] = pod.status?.conditions ?? [];
    const index = conditions.findIndex((c) => c.type === 'PodScheduled');
    const current = conditions[index];
    const nominatedNow: string = pod.status?.nominatedNodeName ?? '';
    const nominationOps = nomination === undefined || nomination === nominatedNow ? [] : nomination ? [{ op: 'add', path: '/status/nominatedNodeName', value: nomination }] : [{ op: 'remove', path: '/status/nominatedNodeName' }];
    if (nominationOps.length === 0 && current?.status === 'False' && current.reason === reason && current.message === message) return;
    // UpdatePodCondition: the transition time moves only when the status does.
    const lastTransitionTime = current?.status === 'False' ? current.lastTransitionTime : rfc3339(this.options.clock.now());
    const condition = { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime, reason, message };
    // A JSON patch, because a merge patch cannot write `lastProbeTime: null` (null deletes there) and
    // kube-scheduler's status patch carries no resourceVersion; the test ops guard the index instead.
    const patch =
      index >= 0
        ? [{ op: 'test', path: `/status/conditions/${index}/type`, value: 'PodScheduled' }, { op: 'replace', path: `/status/conditions/${index}`, value: condition }]
        : conditions.length > 0
          ? [{ op: 'add', path: '/status/conditions/-', value: condition }]
          : [{ op: 'test', path: '/status/conditions', value: null }, { op: 'add', path: '/status/conditions', value: [condition] }];
    try {
      await this.options.client.patch(pods, pod.metadata.namespace, pod.metadata.name!, 'json', [...patch, ...nominationOps], { subresource: 'status' });
    } catch (err) {
      // Deleted meanwhile, or its conditions moved under us (422): the next attempt writes the condition.
      if (!isNotFound(err) && !(isStatusError(err) && err.code === 422)) throw err;
    }
  }
}
