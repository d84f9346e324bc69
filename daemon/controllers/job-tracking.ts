/**
 * How the job controller counts finished pods without losing or double-counting one (k/k
 * trackJobStatusAndRemoveFinalizers, flushUncountedAndRemoveFinalizers, enactJobFinished): every
 * pod carries the `batch.kubernetes.io/job-tracking` finalizer; a finished pod's UID is first
 * written to `status.uncountedTerminatedPods`, then its finalizer is removed, then the UID moves
 * into the `succeeded`/`failed` counters. Terminal conditions (Complete, Failed) are written only
 * once nothing is uncounted and no pod is still terminating, after SuccessCriteriaMet/FailureTarget.
 */
import { isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { EventRecorder } from '../../shared/client/events.js';
import type { FinalizerExpectations } from './job-expectations.js';
import { matchPodFailurePolicy } from './job-failure-policy.js';
import { completionIndexOf, hasTrackingFinalizer, isIndexedJob, isPodFailed, trackingFinalizer, unknownIndex } from './job-pods.js';
import { ensureCondition, findCondition, formatIndexes, newCondition, wireStatus, type BackoffRecord, type JobCondition } from './job-status.js';

type Pod = Readonly<KubeObject>;

const jobs: ResourceRef = { group: 'batch', version: 'v1', resource: 'jobs' };
const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
/** MaxUncountedPods: keeps the UID lists near 20 KB and stops one big Job starving the others. */
const maxUncountedPods = 500;

const reasonCompleted = 'Completed';
const messageCompleted = 'Job completed';
const reasonTooManySucceeded = 'TooManySucceededPods';
const messageTooManySucceeded = 'Too many succeeded pods running after completion count reached';

/** One sync's view of a Job (k/k syncJobCtx); `job` is a private copy the sync may change. */
export interface SyncContext {
  key: string;
  job: KubeObject;
  pods: readonly Pod[];
  activePods: readonly Pod[];
  active: number;
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
  /** Indexed Jobs: completed indexes before and after this sync's pods. */
  previousIndexes: ReadonlySet<number>;
  succeededIndexes: Set<number>;
  uncounted: { succeeded: ReadonlySet<string>; failed: ReadonlySet<string> };
  expectedRemovals: ReadonlySet<string>;
  backoff: BackoffRecord;
  /** The condition the Job is heading for: SuccessCriteriaMet, FailureTarget, or the final one. */
  finished?: JobCondition;
}

export interface TrackingDeps {
  client: ApiClient;
  clock: Clock;
  recorder: EventRecorder;
  finalizers: FinalizerExpectations;
  /** Called after a status write succeeds: the back-off record is kept only once the failures are on record. */
  onFlushed(context: SyncContext): void;
}

/** Records finished pods, removes their finalizers, and writes the status and terminal condition. */
export async function trackStatusAndRemoveFinalizers(deps: TrackingDeps, ctx: SyncContext, needsFlush: boolean): Promise<void> {
  const status = ctx.job.status;
  const uncounted = status.uncountedTerminatedPods;
  uncounted.succeeded ??= [];
  uncounted.failed ??= [];
  const withFinalizer = new Set(ctx.pods.filter((p) => hasTrackingFinalizer(p) && !ctx.expectedRemovals.has(p.metadata.uid!)).map((p) => p.metadata.uid!));
  if (countUncounted(status, withFinalizer)) needsFlush = true;
  const indexed = isIndexedJob(ctx.job);
  const completions: number = ctx.job.spec?.completions ?? 0;
  const ordered = indexed ? [...ctx.pods].sort((a, b) => completionIndexOf(a) - completionIndexOf(b)) : ctx.pods;
  const toRemove: Pod[] = [];
  const newIndexes: number[] = [];
  let reachedMax = false;
  for (const pod of ordered) {
    const uid = pod.metadata.uid!;
    if (!hasTrackingFinalizer(pod) || ctx.expectedRemovals.has(uid)) continue; // counted in an earlier sync
    const failed = isPodFailed(pod, ctx.job);
    if (!canRemoveFinalizer(ctx, pod, failed)) continue;
    toRemove.push(pod);
    const index = completionIndexOf(pod);
    if (pod.status?.phase === 'Succeeded' && !ctx.uncounted.failed.has(uid)) {
      if (indexed) {
        if (index !== unknownIndex && index < completions && !ctx.previousIndexes.has(index)) {
          newIndexes.push(index);
          needsFlush = true;
        }
      } else if (!ctx.uncounted.succeeded.has(uid)) {
        uncounted.succeeded.push(uid);
        needsFlush = true;
      }
    } else if (failed || (ctx.finished && ctx.finished.type !== 'SuccessCriteriaMet')) {
      // Once the Job is failing, every pod that has not succeeded counts as failed.
      if (!ctx.uncounted.failed.has(uid) && (!indexed || (index !== unknownIndex && index < completions))) {
        // A failure an Ignore rule of the podFailurePolicy matches is not counted; its finalizer still goes.
        if (matchPodFailurePolicy(ctx.job, pod).countFailed) {
          uncounted.failed.push(uid);
          needsFlush = true;
        }
      }
    }
    if (newIndexes.length + uncounted.succeeded.length + uncounted.failed.length >= maxUncountedPods) {
      reachedMax = true;
      break;
    }
  }
  if (indexed) {
    for (const index of newIndexes) ctx.succeededIndexes.add(index);
    const text = formatIndexes([...ctx.succeededIndexes].sort((a, b) => a - b));
    if (text !== (status.completedIndexes ?? '')) needsFlush = true;
    status.succeeded = ctx.succeededIndexes.size;
    status.completedIndexes = text;
  }
  needsFlush = recordInterimCondition(deps, ctx) || needsFlush;
  needsFlush = await flushAndRemoveFinalizers(deps, ctx, toRemove, withFinalizer, needsFlush);
  const finished = !reachedMax && enactJobFinished(deps, ctx);
  if (finished || needsFlush) await writeStatus(deps, ctx);
  if (finished) recordJobFinished(deps, ctx);
}

/** canRemoveFinalizer: the Job is going away or finishing, or the pod is done with. */
function canRemoveFinalizer(ctx: SyncContext, pod: Pod, considerFailed: boolean): boolean {
  return Boolean(ctx.job.metadata.deletionTimestamp) || Boolean(ctx.finished) || pod.status?.phase === 'Succeeded' || considerFailed;
}

/**
 * FailureTarget and SuccessCriteriaMet go on record before any finalizer is removed, so that a
 * restart cannot forget the verdict; the final Failed/Complete carries the same reason and message.
 */
function recordInterimCondition(deps: TrackingDeps, ctx: SyncContext): boolean {
  const finished = ctx.finished;
  if (!finished || (finished.type !== 'FailureTarget' && finished.type !== 'SuccessCriteriaMet')) return false;
  const conditions: JobCondition[] = (ctx.job.status.conditions ??= []);
  const present = findCondition(ctx.job, finished.type)?.status === 'True';
  if (!present) conditions.push(finished);
  const finalType = finished.type === 'FailureTarget' ? 'Failed' : 'Complete';
  ctx.finished = newCondition(finalType, 'True', finished.reason ?? '', finished.message ?? '', deps.clock.now());
  return !present;
}

/** flushUncountedAndRemoveFinalizers; returns whether the status still has unwritten changes. */
async function flushAndRemoveFinalizers(deps: TrackingDeps, ctx: SyncContext, toRemove: readonly Pod[], withFinalizer: Set<string>, needsFlush: boolean): Promise<boolean> {
  if (needsFlush) {
    await writeStatus(deps, ctx);
    deps.onFlushed(ctx);
    needsFlush = false;
  }
  let removeError: unknown;
  if (toRemove.length > 0) {
    deps.finalizers.expectRemoved(ctx.key, toRemove.map((p) => p.metadata.uid!));
    const results = await Promise.allSettled(toRemove.map((pod) => removeTrackingFinalizer(deps.client, pod)));
    results.forEach((result, i) => {
      const uid = toRemove[i]!.metadata.uid!;
      if (result.status === 'fulfilled') return void withFinalizer.delete(uid);
      // No update will come for this pod: stop waiting for it.
      deps.finalizers.removalObserved(ctx.key, uid);
      removeError ??= result.reason;
    });
  }
  if (countUncounted(ctx.job.status, withFinalizer)) needsFlush = true;
  if (removeError) {
    if (needsFlush) await writeStatus(deps, ctx);
    throw removeError;
  }
  return needsFlush;
}

/** removeTrackingFinalizerPatch, as the strategic-merge directive kube-controller-manager sends; a pod already gone counts as done. */
export async function removeTrackingFinalizer(client: ApiClient, pod: Pod): Promise<void> {
  if (!hasTrackingFinalizer(pod)) return;
  try {
    await client.patch(pods, pod.metadata.namespace, pod.metadata.name!, 'strategic', { metadata: { '$deleteFromPrimitiveList/finalizers': [trackingFinalizer] } });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** cleanUncountedPodsWithoutFinalizers: UIDs whose finalizer is gone move into the counters. */
function countUncounted(status: KubeObject['status'], withFinalizer: ReadonlySet<string>): boolean {
  const uncounted = status.uncountedTerminatedPods;
  let changed = false;
  for (const key of ['succeeded', 'failed'] as const) {
    const list: string[] = uncounted[key] ?? [];
    const still = list.filter((uid) => withFinalizer.has(uid));
    if (still.length === list.length) continue;
    status[key] = (status[key] ?? 0) + list.length - still.length;
    uncounted[key] = still;
    changed = true;
  }
  return changed;
}

/** enactJobFinished: the terminal condition, once nothing is uncounted and no pod is terminating. */
function enactJobFinished(deps: TrackingDeps, ctx: SyncContext): boolean {
  const finished = ctx.finished;
  if (!finished) return false;
  const uncounted = ctx.job.status.uncountedTerminatedPods;
  if ((uncounted.succeeded?.length ?? 0) + (uncounted.failed?.length ?? 0) > 0) return false;
  if (ctx.terminating > 0) return false; // delayTerminalCondition: on in 1.32 (JobPodReplacementPolicy, JobManagedBy)
  const condition = newCondition(finished.type, 'True', finished.reason ?? '', finished.message ?? '', deps.clock.now());
  ensureCondition((ctx.job.status.conditions ??= []), condition);
  if (finished.type === 'Complete') ctx.job.status.completionTime = condition.lastTransitionTime;
  ctx.finished = condition;
  return true;
}

function recordJobFinished(deps: TrackingDeps, ctx: SyncContext): void {
  const job = ctx.job;
  const finished = ctx.finished!;
  if (finished.type === 'Complete') {
    const completions = job.spec?.completions;
    if (completions !== undefined && completions !== null && (job.status.succeeded ?? 0) > completions) deps.recorder.event(job, 'Warning', reasonTooManySucceeded, messageTooManySucceeded);
    deps.recorder.event(job, 'Normal', reasonCompleted, messageCompleted);
  } else {
    deps.recorder.event(job, 'Warning', finished.reason ?? '', finished.message ?? '');
  }
}

/** PUT /status with the resourceVersion read; the answer becomes the Job the sync goes on with. */
async function writeStatus(deps: TrackingDeps, ctx: SyncContext): Promise<void> {
  const body = { ...ctx.job, status: wireStatus(ctx.job.status) };
  // The answer is the store's shared frozen version; the sync goes on changing the Job, so it copies.
  const written = structuredClone(await deps.client.update(jobs, body, { subresource: 'status' })) as KubeObject;
  written.kind ??= 'Job';
  written.apiVersion ??= 'batch/v1';
  written.status ??= {};
  written.status.uncountedTerminatedPods ??= {};
  written.status.uncountedTerminatedPods.succeeded ??= [];
  written.status.uncountedTerminatedPods.failed ??= [];
  ctx.job = written;
}
