/**
 * The taint eviction controller (kube-controller-manager's taint-eviction-controller, KEP-3902):
 * deletes pods from nodes with NoExecute taints they do not tolerate — at once, or when the
 * shortest matching `tolerationSeconds` has run out — first adding the DisruptionTarget condition.
 * The deadline counts from each taint's `timeAdded` (the real one counts from when it saw the
 * taint, which is the same moment here and survives a daemon restart). Left out: metrics.
 */
import { isNotFound } from '../../shared/api/errors.js';
import { keyOf, splitKey } from '../../shared/api/keys.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { rfc3339, type Clock, type Timer } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { EventRecorder } from '../../shared/client/events.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { logger } from '../../shared/log.js';
import type { Controller, ControllerContext } from './manager.js';
import type { Taint } from './node-taints.js';
import { evictionTime, type Toleration } from './tolerations.js';
import { jsonEqual } from '../../shared/json-equal.js';

const nodes: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };
const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const podsByNode = 'spec.nodeName';
const component = 'taint-eviction-controller';
const evictionReason = 'TaintManagerEviction';
const markingMessage = (pod: string): string => `Marking for deletion Pod ${pod}`;
const cancellingMessage = (pod: string): string => `Cancelling deletion of Pod ${pod}`;
const disruptionCondition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' };
const log = logger(component);

export interface TaintEvictionControllerOptions {
  client: ApiClient;
  clock: Clock;
  nodes: SharedInformer;
  pods: SharedInformer;
  recorder?: EventRecorder;
  workers?: number;
}

export class TaintEvictionController implements Controller {
  readonly name = component;
  readonly queue: RateLimitingQueue<string>;
  readonly recorder: EventRecorder;
  /**
   * Pending evictions by pod key. `fired` is set by a Clock timer, not by comparing timestamps,
   * so that `--speed` shortens tolerationSeconds as it does every other wait.
   */
  private readonly scheduled = new Map<string, { due: number; fired: boolean; timer: Timer }>();

  constructor(private readonly options: TaintEvictionControllerOptions) {
    this.queue = new RateLimitingQueue({ clock: options.clock });
    this.recorder = options.recorder ?? new EventRecorder({ client: options.client, component, clock: options.clock });
    options.pods.addIndexer(podsByNode, (pod) => (pod.spec?.nodeName ? [pod.spec.nodeName] : []));
    // As k/k PodUpdated: only placement and tolerations matter to a pod's fate here.
    options.pods.addEventHandler({
      onAdd: (pod) => this.queue.add(keyOf(pod)),
      onUpdate: (old, pod) => (old.spec?.nodeName !== pod.spec?.nodeName || !jsonEqual(old.spec?.tolerations, pod.spec?.tolerations)) && this.queue.add(keyOf(pod)),
      onDelete: (pod) => this.queue.add(keyOf(pod)),
    });
    options.nodes.addEventHandler({
      onAdd: (node) => this.enqueuePodsOn(node),
      onUpdate: (old, node) => !jsonEqual(noExecuteTaints(old), noExecuteTaints(node)) && this.enqueuePodsOn(node),
    });
  }

  static fromContext(context: ControllerContext): TaintEvictionController {
    const { client, clock, informers } = context;
    return new TaintEvictionController({ client, clock, nodes: informers.informerFor(nodes), pods: informers.informerFor(pods) });
  }

  async start(signal: AbortSignal): Promise<void> {
    if (!(await this.options.nodes.waitForSync(signal)) || !(await this.options.pods.waitForSync(signal))) return;
    await runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.options.workers ?? 4, signal, log });
  }

  private enqueuePodsOn(node: Readonly<KubeObject>): void {
    for (const pod of this.options.pods.byIndex(podsByNode, node.metadata.name!)) this.queue.add(keyOf(pod));
  }

  /** One step for one pod: evict it, schedule its eviction, or cancel one no longer due. */
  async sync(key: string): Promise<void> {
    const pod = this.options.pods.get(key);
    // A pod already being deleted needs nothing more (on a dead node it stays Terminating).
    if (!pod || pod.metadata.deletionTimestamp) return this.cancel(key, Boolean(pod?.metadata.deletionTimestamp));
    const node = pod.spec?.nodeName ? this.options.nodes.get(pod.spec.nodeName) : undefined;
    const taints = node ? noExecuteTaints(node) : [];
    if (taints.length === 0) return this.cancel(key);
    const now = this.options.clock.now();
    const due = evictionTime(taints, (pod.spec?.tolerations ?? []) as Toleration[], now);
    if (due === undefined) return this.cancel(key);
    const pending = this.scheduled.get(key);
    if (due > now && !(pending?.due === due && pending.fired)) {
      if (pending?.due !== due) this.schedule(key, due, now);
      return;
    }
    await this.evict(pod, now);
  }

  private schedule(key: string, due: number, now: number): void {
    this.scheduled.get(key)?.timer.cancel();
    const entry = { due, fired: false, timer: { cancel: () => {} } as Timer };
    entry.timer = this.options.clock.after(due - now, () => {
      entry.fired = true;
      this.queue.add(key);
    });
    this.scheduled.set(key, entry);
  }

  /** k/k deletePodHandler: the event, then DisruptionTarget on the pod, then a normal delete. */
  private async evict(pod: Readonly<KubeObject>, now: number): Promise<void> {
    const key = keyOf(pod);
    this.scheduled.get(key)?.timer.cancel();
    this.scheduled.delete(key);
    this.recorder.event(podReference(key), 'Normal', evictionReason, markingMessage(key));
    log.info('deleting pod', { pod: key });
    const { namespace, name } = splitKey(key);
    try {
      const fresh = await this.options.client.get(pods, namespace, name);
      const conditions = structuredClone((fresh.status?.conditions ?? []) as { type: string; status: string; reason?: string; message?: string }[]);
      const current = conditions.find((c) => c.type === disruptionCondition.type);
      if (!current || current.status !== 'True' || current.reason !== disruptionCondition.reason || current.message !== disruptionCondition.message) {
        const condition = { ...disruptionCondition, lastProbeTime: null, lastTransitionTime: rfc3339(now) };
        const others = conditions.filter((c) => c.type !== disruptionCondition.type);
        await this.options.client.update(pods, { ...fresh, status: { ...fresh.status, conditions: [...others, condition] } }, { subresource: 'status' });
      }
      await this.options.client.delete(pods, namespace, name);
    } catch (err) {
      if (!isNotFound(err)) throw err; // gone already: nothing to evict
    }
  }

  /** Drops a pending eviction and says so (k/k cancelWorkWithEvent, also for a pod just deleted). */
  private cancel(key: string, quietly = false): void {
    const pending = this.scheduled.get(key);
    if (!pending) return;
    pending.timer.cancel();
    this.scheduled.delete(key);
    if (!quietly) this.recorder.event(podReference(key), 'Normal', evictionReason, cancellingMessage(key));
  }
}

function noExecuteTaints(node: Readonly<KubeObject>): Taint[] {
  return ((node.spec?.taints ?? []) as Taint[]).filter((t) => t.effect === 'NoExecute');
}

/** The reference k/k records these events against: kind, name and namespace, no uid. */
function podReference(key: string): KubeObject {
  const { namespace, name } = splitKey(key);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace } } as KubeObject;
}
