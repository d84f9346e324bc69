/**
 * The job controller's manageJob (k/k job_controller.go): create the pods a Job is missing, with
 * slow-start batches and after the pod-failure back-off, or delete the surplus (all of them while
 * suspended); and delete the active pods of a Job that is failing. Events go on the Job, worded as
 * kube-controller-manager's RealPodControl words them.
 */
import { isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { EventRecorder } from '../../shared/client/events.js';
import { logger } from '../../shared/log.js';
import type { PodExpectations } from './job-expectations.js';
import { activePodsForRemoval, isIndexedJob, isNamespaceTerminating, isPodReady, onlyReplaceFailedPods, podFromTemplate, unknownIndex } from './job-pods.js';
import { firstPendingIndexes, isSuspended, remainingBackoffMs } from './job-status.js';
import { removeTrackingFinalizer, type SyncContext } from './job-tracking.js';

const podsRef: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const log = logger('job-controller');

const reasonSuccessfulCreate = 'SuccessfulCreate';
const reasonFailedCreate = 'FailedCreate';
const reasonSuccessfulDelete = 'SuccessfulDelete';
const reasonFailedDelete = 'FailedDelete';

/** MaxPodCreateDeletePerSync. */
const maxPodChangesPerSync = 500;
/** enqueueSyncJobWithDelay never waits less than the one-second sync batch. */
const minRequeueMs = 1000;

export interface JobPodManagerDeps {
  client: ApiClient;
  clock: Clock;
  recorder: EventRecorder;
  expectations: PodExpectations;
  /** Brings the Job back after `ms`, when the back-off allows a new pod. */
  requeue(key: string, ms: number): void;
}

export class JobPodManager {
  constructor(private readonly deps: JobPodManagerDeps) {}

  /** manageJob: delete surplus pods (all of them when suspended), or create the missing ones after any back-off. */
  async manageJob(ctx: SyncContext): Promise<number> {
    const job = ctx.job;
    const active = ctx.activePods.length;
    const parallelism: number = job.spec?.parallelism ?? 1;
    const completions = job.spec?.completions;
    let want: number;
    if (isSuspended(job)) want = 0;
    else if (completions === undefined || completions === null) want = ctx.succeeded > 0 ? active : parallelism;
    else want = Math.max(0, Math.min(completions - ctx.succeeded, parallelism));
    const surplus = isSuspended(job) ? active : Math.max(0, active - want);
    const toDelete = activePodsForRemoval(job, ctx.activePods, surplus).slice(0, maxPodChangesPerSync);
    // One kind of change per sync, deletions first, as in Kubernetes.
    if (toDelete.length > 0) return active - (await this.deleteJobPods(ctx, toDelete));
    const missing = want - (onlyReplaceFailedPods(job) ? ctx.terminating : 0) - active;
    if (missing <= 0) return active;
    const wait = remainingBackoffMs(ctx.backoff, this.deps.clock.now());
    if (wait > 0) {
      this.deps.requeue(ctx.key, Math.max(wait, minRequeueMs));
      return 0; // Kubernetes reports no active pods for this sync while it waits out the back-off
    }
    let indexes: number[] = [];
    let count = Math.min(missing, maxPodChangesPerSync);
    if (isIndexedJob(job)) {
      indexes = firstPendingIndexes(ctx.succeededIndexes, ctx.activePods, count, completions ?? 0);
      count = indexes.length;
    }
    return active + (await this.createPods(ctx, count, indexes));
  }

  /** Slow start, as every k/k controller creates pods: batches of 1, 2, 4…, stopping at the first failing batch. */
  private async createPods(ctx: SyncContext, count: number, indexes: readonly number[]): Promise<number> {
    this.deps.expectations.expect(ctx.key, count, 0);
    let created = 0;
    let next = 0;
    let failure: unknown;
    for (let batch = Math.min(count, 1); next < count; batch = Math.min(2 * batch, count - next)) {
      const results = await Promise.allSettled(Array.from({ length: batch }, (_, i) => this.createPod(ctx.job, indexes[next + i] ?? unknownIndex)));
      next += batch;
      for (const result of results) {
        if (result.status === 'fulfilled') created++;
        else {
          this.deps.expectations.creationObserved(ctx.key);
          failure ??= result.reason;
        }
      }
      if (failure) break;
    }
    for (let skipped = count - next; skipped > 0; skipped--) this.deps.expectations.creationObserved(ctx.key);
    if (failure && !isNamespaceTerminating(failure)) throw failure;
    return created;
  }

  private async createPod(job: KubeObject, index: number): Promise<void> {
    try {
      const pod = await this.deps.client.create(podsRef, job.metadata.namespace, podFromTemplate(job, index));
      this.deps.recorder.event(job, 'Normal', reasonSuccessfulCreate, `Created pod: ${pod.metadata.name}`);
    } catch (err) {
      this.deps.recorder.event(job, 'Warning', reasonFailedCreate, `Error creating: ${(err as Error).message}`);
      throw err;
    }
  }

  /** deleteJobPods: surplus or suspended pods lose their finalizer first, so they are not counted as failures. */
  private async deleteJobPods(ctx: SyncContext, toDelete: readonly Readonly<KubeObject>[]): Promise<number> {
    this.deps.expectations.expect(ctx.key, 0, toDelete.length);
    const results = await Promise.allSettled(
      toDelete.map(async (pod) => {
        try {
          await removeTrackingFinalizer(this.deps.client, pod);
          await this.deletePodWithEvent(ctx.job, pod);
        } catch (err) {
          this.deps.expectations.deletionObserved(ctx.key);
          throw err;
        }
      }),
    );
    return this.countDeleted(ctx, toDelete, results);
  }

  /** deleteActivePods: a failing Job's pods keep their finalizer, so that they are counted as failed. */
  async deleteActivePods(ctx: SyncContext): Promise<boolean> {
    const results = await Promise.allSettled(ctx.activePods.map((pod) => this.deletePodWithEvent(ctx.job, pod)));
    const deleted = this.countDeleted(ctx, ctx.activePods, results);
    ctx.active -= deleted;
    return deleted === ctx.activePods.length;
  }

  private countDeleted(ctx: SyncContext, pods: readonly Readonly<KubeObject>[], results: PromiseSettledResult<void>[]): number {
    let deleted = 0;
    let failure: unknown;
    results.forEach((result, i) => {
      if (result.status === 'rejected') return void (failure ??= result.reason);
      deleted++;
      ctx.terminating++;
      if (isPodReady(pods[i]!)) ctx.ready--;
    });
    if (failure) log.error('could not delete a pod', { job: ctx.key, error: (failure as Error).message });
    return deleted;
  }

  /** RealPodControl.DeletePod: a pod already gone is no error and no event. */
  private async deletePodWithEvent(job: KubeObject, pod: Readonly<KubeObject>): Promise<void> {
    try {
      await this.deps.client.delete(podsRef, pod.metadata.namespace, pod.metadata.name!);
      this.deps.recorder.event(job, 'Normal', reasonSuccessfulDelete, `Deleted pod: ${pod.metadata.name}`);
    } catch (err) {
      if (isNotFound(err)) return;
      this.deps.recorder.event(job, 'Warning', reasonFailedDelete, `Error deleting: ${(err as Error).message}`);
      throw err;
    }
  }
}
