/**
 * The disruption controller (kube-controller-manager's disruption controller, events from
 * `controllermanager`): keeps each PodDisruptionBudget's status — expectedPods, desiredHealthy,
 * currentHealthy, disruptionsAllowed, disruptedPods, observedGeneration and the DisruptionAllowed
 * condition — in step with the pods it selects, which is what the eviction subresource checks.
 * A budget it cannot compute is failed safe (disruptionsAllowed 0, SyncFailed). Left out: the
 * clean-up of stale DisruptionTarget pod conditions nobody followed with a deletion.
 */
import { isConflict } from '../../shared/api/errors.js';
import { conditionsAreUpToDate, disruptionAllowedCondition, setStatusCondition, syncFailedReason, updateDisruptionAllowedCondition, type StatusCondition } from '../../shared/api/disruption-budget.js';
import { keyOf, objectKey } from '../../shared/api/keys.js';
import type { KubeObject } from '../../shared/api/meta.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { EventRecorder } from '../../shared/client/events.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { selectorFromLabelSelector } from '../../shared/labels.js';
import { logger } from '../../shared/log.js';
import { countHealthyPods, disruptedPodMap, expectedPodCount, type WorkloadLookup } from './disruption-status.js';
import { goSelectorString } from '../../shared/labels.js';
import type { Controller, ControllerContext } from './manager.js';

type Obj = Readonly<KubeObject>;

const refs = {
  pods: { group: '', version: 'v1', resource: 'pods' },
  budgets: { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' },
  replicationControllers: { group: '', version: 'v1', resource: 'replicationcontrollers' },
  replicaSets: { group: 'apps', version: 'v1', resource: 'replicasets' },
  deployments: { group: 'apps', version: 'v1', resource: 'deployments' },
  statefulSets: { group: 'apps', version: 'v1', resource: 'statefulsets' },
} satisfies Record<string, ResourceRef>;
const namespaceIndex = 'namespace';
const component = 'controllermanager';
const log = logger('disruption-controller');

export interface DisruptionControllerOptions {
  client: ApiClient;
  clock: Clock;
  pods: SharedInformer;
  budgets: SharedInformer;
  replicationControllers: SharedInformer;
  replicaSets: SharedInformer;
  deployments: SharedInformer;
  statefulSets: SharedInformer;
  recorder?: EventRecorder;
  workers?: number;
}

export class DisruptionController implements Controller {
  readonly name = 'disruption-controller';
  /** PodDisruptionBudget keys. */
  readonly queue: RateLimitingQueue<string>;
  readonly recorder: EventRecorder;
  private readonly lookup: WorkloadLookup;

  constructor(private readonly options: DisruptionControllerOptions) {
    this.queue = new RateLimitingQueue({ clock: options.clock });
    this.recorder = options.recorder ?? new EventRecorder({ client: options.client, component, clock: options.clock });
    const byNamespace = (obj: Obj): string[] => [obj.metadata.namespace ?? ''];
    options.pods.addIndexer(namespaceIndex, byNamespace);
    options.budgets.addIndexer(namespaceIndex, byNamespace);
    const informers = { ReplicationController: options.replicationControllers, ReplicaSet: options.replicaSets, Deployment: options.deployments, StatefulSet: options.statefulSets };
    this.lookup = { get: (kind, namespace, name) => informers[kind].get(objectKey(namespace, name)) };
    options.budgets.addEventHandler({
      onAdd: (pdb) => this.queue.add(keyOf(pdb)),
      onUpdate: (_old, pdb) => this.queue.add(keyOf(pdb)),
      onDelete: (pdb) => this.queue.add(keyOf(pdb)),
    });
    options.pods.addEventHandler({
      onAdd: (pod) => this.enqueueBudgetOf(pod),
      onUpdate: (_old, pod) => this.enqueueBudgetOf(pod),
      onDelete: (pod) => this.enqueueBudgetOf(pod, false),
    });
  }

  static fromContext(context: ControllerContext): DisruptionController {
    const { client, clock, informers } = context;
    return new DisruptionController({
      client,
      clock,
      pods: informers.informerFor(refs.pods),
      budgets: informers.informerFor(refs.budgets),
      replicationControllers: informers.informerFor(refs.replicationControllers),
      replicaSets: informers.informerFor(refs.replicaSets),
      deployments: informers.informerFor(refs.deployments),
      statefulSets: informers.informerFor(refs.statefulSets),
    });
  }

  async start(signal: AbortSignal): Promise<void> {
    const { pods, budgets, replicationControllers, replicaSets, deployments, statefulSets } = this.options;
    const synced = await Promise.all([pods, budgets, replicationControllers, replicaSets, deployments, statefulSets].map((i) => i.waitForSync(signal)));
    if (!synced.every(Boolean)) return;
    await runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.options.workers ?? 2, signal, log });
  }

  /** getPdbForPod: the first budget selecting the pod; more than one is reported on the pod (not on delete). */
  private enqueueBudgetOf(pod: Obj, report = true): void {
    const matching = this.options.budgets.byIndex(namespaceIndex, pod.metadata.namespace ?? '').filter((pdb) => selects(pdb, pod));
    if (matching.length === 0) return;
    if (matching.length > 1 && report) {
      const message = `Pod "${pod.metadata.namespace}"/"${pod.metadata.name}" matches multiple PodDisruptionBudgets.  Chose "${matching[0]!.metadata.name}" arbitrarily.`;
      this.recorder.event(pod as KubeObject, 'Warning', 'MultiplePodDisruptionBudgets', message);
    }
    this.queue.add(keyOf(matching[0]!));
  }

  /** One budget: recompute its status; a Conflict retries, any other failure fails safe. */
  async sync(key: string): Promise<void> {
    const pdb = this.options.budgets.get(key);
    if (!pdb) return;
    try {
      await this.trySync(pdb);
    } catch (err) {
      if (isConflict(err)) throw err;
      log.error('failed to sync PDB', { podDisruptionBudget: key, error: (err as Error).message });
      await this.failSafe(pdb, (err as Error).message);
    }
  }

  private async trySync(pdb: Obj): Promise<void> {
    const ref = pdb as KubeObject;
    let pods: Obj[];
    try {
      const selector = selectorFromLabelSelector(pdb.spec?.selector);
      pods = this.options.pods.byIndex(namespaceIndex, pdb.metadata.namespace ?? '').filter((pod) => selector.matches(pod.metadata.labels ?? {}));
    } catch (err) {
      this.recorder.event(ref, 'Warning', 'NoPods', `Failed to get pods: ${(err as Error).message}`);
      throw err;
    }
    if (pods.length === 0) this.recorder.event(ref, 'Normal', 'NoPods', 'No matching pods found');
    let expected;
    try {
      expected = expectedPodCount(pdb, pods, this.lookup);
    } catch (err) {
      this.recorder.event(ref, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${(err as Error).message}`);
      throw err;
    }
    if (expected.unmanagedPods.length > 0) {
      this.recorder.event(ref, 'Warning', 'UnmanagedPods', `Pods selected by this PodDisruptionBudget (selector: ${goSelectorString(pdb.spec?.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`);
    }
    const now = this.options.clock.now();
    const { disruptedPods, overdue, recheckAt } = disruptedPodMap(pdb, pods, now);
    for (const pod of overdue) {
      // k/k prints the budget's namespace twice here; the event says what kubectl shows.
      this.recorder.event(pod as KubeObject, 'Warning', 'NotDeleted', `Pod was expected by PDB ${pdb.metadata.namespace}/${pdb.metadata.namespace} to be deleted but it wasn't`);
    }
    const currentHealthy = countHealthyPods(pods, disruptedPods, now);
    await this.updateStatus(pdb, { currentHealthy, desiredHealthy: expected.desiredHealthy, expectedPods: expected.expectedCount, disruptedPods }, now);
    if (recheckAt !== undefined) this.queue.addAfter(keyOf(pdb), Math.max(0, recheckAt - now));
  }

  /** updatePdbStatus: writes only when something changed; no pods expected means no disruptions. */
  private async updateStatus(pdb: Obj, counts: { currentHealthy: number; desiredHealthy: number; expectedPods: number; disruptedPods: Record<string, string> }, now: number): Promise<void> {
    let disruptionsAllowed = counts.currentHealthy - counts.desiredHealthy;
    if (counts.expectedPods <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
    const status = pdb.status ?? {};
    const generation = pdb.metadata.generation ?? 0;
    const unchanged =
      status.currentHealthy === counts.currentHealthy &&
      status.desiredHealthy === counts.desiredHealthy &&
      status.expectedPods === counts.expectedPods &&
      status.disruptionsAllowed === disruptionsAllowed &&
      sameMap(status.disruptedPods, counts.disruptedPods) &&
      (status.observedGeneration ?? 0) === generation &&
      conditionsAreUpToDate(pdb);
    if (unchanged) return;
    const next: Record<string, unknown> = { ...counts, disruptionsAllowed, observedGeneration: generation, conditions: structuredClone(status.conditions ?? []) };
    // Go's omitempty: an empty disruptedPods map is not written.
    if (Object.keys(counts.disruptedPods).length === 0) delete next.disruptedPods;
    updateDisruptionAllowedCondition(next, now);
    await this.options.client.update(refs.budgets, { ...structuredClone(pdb), status: next } as KubeObject, { subresource: 'status' });
  }

  /** failSafe: at least stop evictions, and say why in the condition. */
  private async failSafe(pdb: Obj, message: string): Promise<void> {
    const status = structuredClone(pdb.status ?? {});
    status.disruptionsAllowed = 0;
    status.conditions = setStatusCondition(status.conditions as StatusCondition[] | undefined, { type: disruptionAllowedCondition, status: 'False', reason: syncFailedReason, message, observedGeneration: status.observedGeneration }, this.options.clock.now());
    await this.options.client.update(refs.budgets, { ...structuredClone(pdb), status } as KubeObject, { subresource: 'status' });
  }
}

/** Whether a budget selects a pod: `{}` selects every pod of its namespace, a missing selector none. */
function selects(pdb: Obj, pod: Obj): boolean {
  try {
    return selectorFromLabelSelector(pdb.spec?.selector).matches(pod.metadata.labels ?? {});
  } catch {
    return false; // an invalid selector selects nothing (the lister skips it)
  }
}

/** apiequality.Semantic.DeepEqual on maps of times: nil and empty are equal. */
function sameMap(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  const keys = Object.keys(a ?? {});
  return keys.length === Object.keys(b).length && keys.every((k) => a![k] === b[k]);
}
