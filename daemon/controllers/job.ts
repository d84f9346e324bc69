/**
 * The job controller (kube-controller-manager's job-controller, v1.32): runs a Job's pods until
 * `completions` succeed, `parallelism` at a time, replacing failed ones after a back-off; fails the
 * Job past `backoffLimit` or `activeDeadlineSeconds`; suspends and resumes; counts pods through
 * the tracking finalizer (job-tracking.ts); applies podFailurePolicy (job-failure-policy.ts) and an
 * Indexed Job's successPolicy (job-success-policy.ts). Left out: backoffLimitPerIndex, and adopting
 * orphan pods that match a manual selector (ttlSecondsAfterFinished is ttl-after-finished.ts).
 */
import { isConflict } from '../../shared/api/errors.js';
import { keyOf, objectKey } from '../../shared/api/keys.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { rfc3339, type Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { EventRecorder } from '../../shared/client/events.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { logger } from '../../shared/log.js';
import { FinalizerExpectations, PodExpectations } from './job-expectations.js';
import { countedFailures, failJobMessage } from './job-failure-policy.js';
import { matchSuccessPolicy } from './job-success-policy.js';
import { JobPodManager } from './job-manage.js';
import { completionIndexOf, controllerOf, hasTrackingFinalizer, isActivePod, isIndexedJob, isPodFailed, isPodReady, isTerminatingPod, unknownIndex } from './job-pods.js';
import { ensureCondition, findCondition, isJobFinished, isSuspended, newCondition, nextBackoffRecord, parseIndexes, pastBackoffLimitOnFailure, remainingActiveMs, type BackoffRecord } from './job-status.js';
import { removeTrackingFinalizer, trackStatusAndRemoveFinalizers, type SyncContext } from './job-tracking.js';
import type { Controller, ControllerContext } from './manager.js';

const jobsRef: ResourceRef = { group: 'batch', version: 'v1', resource: 'jobs' };
const podsRef: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const component = 'job-controller';
const log = logger(component);

const reasonSuspended = 'Suspended';
const messageSuspended = 'Job suspended';
const reasonResumed = 'Resumed';
const messageResumed = 'Job resumed';
const reasonBackoffLimitExceeded = 'BackoffLimitExceeded';
const messageBackoffLimitExceeded = 'Job has reached the specified backoff limit';
const reasonDeadlineExceeded = 'DeadlineExceeded';
const messageDeadlineExceeded = 'Job was active longer than specified deadline';
const reasonPodFailurePolicy = 'PodFailurePolicy';
const reasonSuccessPolicy = 'SuccessPolicy';
const reasonCompletionsReached = 'CompletionsReached';
const messageCompletionsReached = 'Reached expected number of succeeded pods';
const reasonUnknownCompletionMode = 'UnknownCompletionMode';
const messageUnknownCompletionMode = 'Skipped Job sync because completion mode is unknown';

/** syncJobBatchPeriod: pod events are batched into one sync a second later. */
const syncBatchMs = 1000;
const jobControllerName = 'kubernetes.io/job-controller';
const podsByControllerUid = 'job-controller/controller-uid';

export interface JobControllerOptions {
  client: ApiClient;
  clock: Clock;
  jobs: SharedInformer;
  pods: SharedInformer;
  /** --concurrent-job-syncs, 5 by default. */
  workers?: number;
}

export class JobController implements Controller {
  readonly name = component;
  readonly queue: RateLimitingQueue<string>;
  /** Pods that may still carry a Job's tracking finalizer though no live Job counts them. */
  readonly orphanQueue: RateLimitingQueue<string>;
  readonly recorder: EventRecorder;
  private readonly expectations: PodExpectations;
  private readonly finalizers = new FinalizerExpectations();
  private readonly backoffs = new Map<string, BackoffRecord>();
  private readonly podManager: JobPodManager;

  constructor(private readonly options: JobControllerOptions) {
    const { client, clock } = options;
    this.queue = new RateLimitingQueue({ clock });
    this.orphanQueue = new RateLimitingQueue({ clock });
    this.recorder = new EventRecorder({ client, clock, component });
    this.expectations = new PodExpectations(clock);
    this.podManager = new JobPodManager({ client, clock, recorder: this.recorder, expectations: this.expectations, requeue: (key, ms) => this.queue.addAfter(key, ms) });
    options.pods.addIndexer(podsByControllerUid, (pod) => {
      const ref = controllerOf(pod);
      return ref?.kind === 'Job' ? [ref.uid] : [];
    });
    options.jobs.addEventHandler({
      onAdd: (job) => this.queue.add(keyOf(job)),
      onUpdate: (old, job) => this.updateJob(old, job),
      onDelete: (job) => {
        this.queue.add(keyOf(job));
        this.enqueueFinalizedPods(job);
      },
    });
    options.pods.addEventHandler({
      onAdd: (pod) => this.addPod(pod),
      onUpdate: (old, pod) => this.updatePod(old, pod),
      onDelete: (pod) => this.deletePod(pod, true),
    });
  }

  static fromContext(context: ControllerContext): JobController {
    return new JobController({ client: context.client, clock: context.clock, jobs: context.informers.informerFor(jobsRef), pods: context.informers.informerFor(podsRef) });
  }

  async start(signal: AbortSignal): Promise<void> {
    if (!(await this.options.jobs.waitForSync(signal)) || !(await this.options.pods.waitForSync(signal))) return;
    await Promise.all([
      runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.options.workers ?? 5, signal, log }),
      runWorkers({ queue: this.orphanQueue, sync: (key) => this.syncOrphanPod(key), workers: 1, signal, log }),
    ]);
  }

  private updateJob(old: Readonly<KubeObject>, job: Readonly<KubeObject>): void {
    if (old.metadata.resourceVersion === job.metadata.resourceVersion) return;
    const key = keyOf(job);
    // A spec change syncs at once; a status change (usually our own write) is batched like pod events.
    if (old.metadata.generation === job.metadata.generation) this.queue.addAfter(key, syncBatchMs);
    else this.queue.add(key);
    if (isJobFinished(job)) this.enqueueFinalizedPods(job);
    if (job.status?.startTime && job.spec?.activeDeadlineSeconds !== old.spec?.activeDeadlineSeconds) {
      const remaining = remainingActiveMs(job, this.options.clock.now());
      if (remaining !== undefined) this.queue.addAfter(key, remaining);
    }
  }

  private addPod(pod: Readonly<KubeObject>): void {
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod, false);
    const ref = controllerOf(pod);
    if (!ref) {
      if (hasTrackingFinalizer(pod)) this.orphanQueue.add(keyOf(pod));
      return;
    }
    const job = this.resolveJob(pod.metadata.namespace, ref);
    if (!job) return;
    this.expectations.creationObserved(keyOf(job));
    this.queue.addAfter(keyOf(job), syncBatchMs);
  }

  /** k/k updatePod: a pod that changed hands wakes both Jobs; a removed finalizer is an expectation met. */
  private updatePod(old: Readonly<KubeObject>, pod: Readonly<KubeObject>): void {
    if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod, false);
    const finalizerRemoved = !hasTrackingFinalizer(pod);
    const oldRef = controllerOf(old);
    const ref = controllerOf(pod);
    for (const owner of oldRef && oldRef.uid !== ref?.uid ? [oldRef, ref] : [ref]) {
      const job = owner && this.resolveJob(pod.metadata.namespace, owner);
      if (!job) continue;
      if (finalizerRemoved) this.finalizers.removalObserved(keyOf(job), pod.metadata.uid!);
      this.queue.addAfter(keyOf(job), syncBatchMs);
    }
    if (!ref && hasTrackingFinalizer(pod)) this.orphanQueue.add(keyOf(pod));
  }

  private deletePod(pod: Readonly<KubeObject>, final: boolean): void {
    const ref = controllerOf(pod);
    const job = ref && this.resolveJob(pod.metadata.namespace, ref);
    if (!job || isJobFinished(job)) {
      if (hasTrackingFinalizer(pod) && !final) this.orphanQueue.add(keyOf(pod));
      return;
    }
    const key = keyOf(job);
    this.expectations.deletionObserved(key);
    if (final || !hasTrackingFinalizer(pod)) this.finalizers.removalObserved(key, pod.metadata.uid!);
    this.queue.addAfter(key, syncBatchMs);
  }

  /** cleanupPodFinalizers: a deleted or finished Job's pods must not keep its finalizer forever. */
  private enqueueFinalizedPods(job: Readonly<KubeObject>): void {
    for (const pod of this.options.pods.byIndex(podsByControllerUid, job.metadata.uid ?? '')) {
      if (hasTrackingFinalizer(pod)) this.orphanQueue.add(keyOf(pod));
    }
  }

  private resolveJob(namespace: string | undefined, ref: { kind: string; name: string; uid: string }): Readonly<KubeObject> | undefined {
    if (ref.kind !== 'Job') return undefined;
    const job = this.options.jobs.get(objectKey(namespace, ref.name));
    return job?.metadata.uid === ref.uid ? job : undefined;
  }

  /** syncOrphanPod: drops the tracking finalizer of a pod no unfinished Job owns. */
  async syncOrphanPod(key: string): Promise<void> {
    const pod = this.options.pods.get(key);
    if (!pod || !hasTrackingFinalizer(pod)) return;
    const ref = controllerOf(pod);
    if (ref) {
      if (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return;
      const job = this.resolveJob(pod.metadata.namespace, ref);
      if (job && !isJobFinished(job)) return; // still counted by its Job
    }
    await removeTrackingFinalizer(this.options.client, pod);
  }

  /** One step for one Job: decide its verdict, create or delete pods, count the finished ones, write status. */
  async sync(key: string): Promise<void> {
    const cached = this.options.jobs.get(key);
    if (!cached) return this.forget(key);
    const managedBy = cached.spec?.managedBy;
    if (managedBy && managedBy !== jobControllerName) return; // another controller owns this Job's status
    if (isJobFinished(cached)) return void this.backoffs.delete(key);
    const mode = cached.spec?.completionMode;
    if (mode && mode !== 'NonIndexed' && mode !== 'Indexed') {
      return this.recorder.event(cached as KubeObject, 'Warning', reasonUnknownCompletionMode, messageUnknownCompletionMode);
    }
    try {
      await this.syncJob(key, cached);
    } catch (err) {
      if (!isConflict(err)) throw err;
      this.queue.addAfter(key, syncBatchMs); // the cache was behind our own write: look again shortly
    }
  }

  private forget(key: string): void {
    this.expectations.forget(key);
    this.finalizers.forget(key);
    this.backoffs.delete(key);
  }

  private async syncJob(key: string, cached: Readonly<KubeObject>): Promise<void> {
    const satisfied = this.expectations.satisfied(key);
    const ctx = this.newContext(key, cached);
    const status = ctx.job.status;
    this.decideFailure(ctx);
    if (!ctx.finished && isIndexedJob(ctx.job) && ctx.job.spec?.successPolicy) {
      const message = matchSuccessPolicy(ctx.job, ctx.succeededIndexes);
      if (message) ctx.finished = newCondition('SuccessCriteriaMet', 'True', reasonSuccessPolicy, message, this.options.clock.now());
    }
    let suspendChanged = false;
    if (ctx.finished) {
      const allDeleted = await this.podManager.deleteActivePods(ctx);
      // Not final yet while a pod survived, or pods may exist that the cache has not shown yet.
      if (!allDeleted || !satisfied) ctx.finished = undefined;
    } else {
      let managed = false;
      if (satisfied && !ctx.job.metadata.deletionTimestamp) {
        ctx.active = await this.podManager.manageJob(ctx);
        managed = true;
      }
      const completions = ctx.job.spec?.completions;
      const complete = completions === undefined || completions === null ? ctx.succeeded > 0 && ctx.active === 0 : ctx.succeeded >= completions && ctx.active === 0;
      if (complete) ctx.finished = newCondition('SuccessCriteriaMet', 'True', reasonCompletionsReached, messageCompletionsReached, this.options.clock.now());
      else if (managed) suspendChanged = this.updateSuspendCondition(ctx);
    }
    const needsUpdate = suspendChanged || ctx.active !== (status.active ?? 0) || ctx.ready !== status.ready || ctx.terminating !== status.terminating;
    status.active = ctx.active;
    status.ready = ctx.ready;
    status.terminating = ctx.terminating;
    await trackStatusAndRemoveFinalizers(
      { client: this.options.client, clock: this.options.clock, recorder: this.recorder, finalizers: this.finalizers, onFlushed: (c) => this.backoffs.set(key, c.backoff) },
      ctx,
      needsUpdate,
    );
  }

  /** Reads the cache into one sync's context: pods, counts so far, newly finished pods, back-off. */
  private newContext(key: string, cached: Readonly<KubeObject>): SyncContext {
    const job = structuredClone(cached) as KubeObject;
    const status = (job.status ??= {});
    const uncountedStatus = (status.uncountedTerminatedPods ??= {});
    const pods = this.options.pods.byIndex(podsByControllerUid, job.metadata.uid ?? '').filter((p) => p.metadata.namespace === job.metadata.namespace);
    const activePods = pods.filter(isActivePod);
    const uncounted = { succeeded: new Set<string>(uncountedStatus.succeeded ?? []), failed: new Set<string>(uncountedStatus.failed ?? []) };
    const expectedRemovals = this.finalizers.expected(key);
    const indexed = isIndexedJob(job);
    const completions: number = job.spec?.completions ?? 0;
    // getNewFinishedPods: finished pods still holding the finalizer that no earlier sync recorded.
    const fresh = (uncountedSet: ReadonlySet<string>, test: (p: Readonly<KubeObject>) => boolean): Readonly<KubeObject>[] =>
      pods.filter((p) => {
        const uid = p.metadata.uid!;
        if (!hasTrackingFinalizer(p) || uncountedSet.has(uid) || expectedRemovals.has(uid)) return false;
        const index = completionIndexOf(p);
        if (indexed && (index === unknownIndex || index >= completions)) return false;
        return test(p);
      });
    const newSucceeded = fresh(uncounted.succeeded, (p) => p.status?.phase === 'Succeeded');
    const newFailed = fresh(uncounted.failed, (p) => isPodFailed(p, job));
    if (!status.startTime && !isSuspended(job)) status.startTime = rfc3339(this.options.clock.now());
    const previousIndexes = new Set(indexed ? parseIndexes(status.completedIndexes, completions) : []);
    const succeededIndexes = new Set(previousIndexes);
    if (indexed) for (const p of newSucceeded) succeededIndexes.add(completionIndexOf(p));
    return {
      key,
      job,
      pods,
      activePods,
      active: activePods.length,
      ready: activePods.filter(isPodReady).length,
      terminating: pods.filter(isTerminatingPod).length,
      succeeded: indexed ? succeededIndexes.size : (status.succeeded ?? 0) + newSucceeded.length + uncounted.succeeded.size,
      failed: (status.failed ?? 0) + countedFailures(job, newFailed) + uncounted.failed.size,
      previousIndexes,
      succeededIndexes,
      uncounted,
      expectedRemovals,
      backoff: nextBackoffRecord(this.backoffs.get(key) ?? { failuresAfterLastSuccess: 0 }, newSucceeded, newFailed),
    };
  }

  /** The failure verdict: an earlier SuccessCriteriaMet or FailureTarget stands; else back-off limit, else deadline. */
  private decideFailure(ctx: SyncContext): void {
    const job = ctx.job;
    const now = this.options.clock.now();
    const met = findCondition(job, 'SuccessCriteriaMet');
    if (met?.status === 'True') return void (ctx.finished = met);
    const target = findCondition(job, 'FailureTarget');
    if (target?.status === 'True') return void (ctx.finished = newCondition('Failed', 'True', target.reason ?? '', target.message ?? '', now));
    const failJob = failJobMessage(job, ctx.pods.filter((p) => isPodFailed(p, job)));
    if (failJob) return void (ctx.finished = newCondition('FailureTarget', 'True', reasonPodFailurePolicy, failJob, now));
    if (ctx.failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, ctx.pods)) {
      ctx.finished = newCondition('FailureTarget', 'True', reasonBackoffLimitExceeded, messageBackoffLimitExceeded, now);
      return;
    }
    const remaining = remainingActiveMs(job, now);
    if (remaining === undefined) return;
    if (remaining <= 0) ctx.finished = newCondition('FailureTarget', 'True', reasonDeadlineExceeded, messageDeadlineExceeded, now);
    else this.queue.addAfter(ctx.key, remaining);
  }

  /** The Suspended condition; resuming restarts the activeDeadlineSeconds clock. */
  private updateSuspendCondition(ctx: SyncContext): boolean {
    const status = ctx.job.status;
    const now = this.options.clock.now();
    const conditions = (status.conditions ??= []);
    if (isSuspended(ctx.job)) {
      const changed = ensureCondition(conditions, newCondition('Suspended', 'True', 'JobSuspended', messageSuspended, now));
      if (changed) this.recorder.event(ctx.job, 'Normal', reasonSuspended, messageSuspended);
      return changed;
    }
    const changed = ensureCondition(conditions, newCondition('Suspended', 'False', 'JobResumed', messageResumed, now));
    if (changed) {
      this.recorder.event(ctx.job, 'Normal', reasonResumed, messageResumed);
      status.startTime = rfc3339(this.options.clock.now());
    }
    return changed;
  }
}
