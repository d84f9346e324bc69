/**
 * Pure status helpers of the job controller (k/k pkg/controller/job: job_controller.go,
 * backoff_utils.go, indexed_job_utils.go): Job conditions, the failure and deadline tests, the
 * pod-failure back-off, completed-index sets in their `1,3-5,7` text form, and the omitempty rules
 * that decide which status fields `kubectl get job -o yaml` shows.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { rfc3339 } from '../../shared/clock.js';
import { completionIndexOf, isActivePod, restartCount } from './job-pods.js';

type Pod = Readonly<KubeObject>;

export interface JobCondition {
  type: string;
  status: 'True' | 'False';
  lastProbeTime: string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff. */
const podFailureBackoffMs = 10_000;
const maxPodFailureBackoffMs = 10 * 60_000;

export function newCondition(type: string, status: 'True' | 'False', reason: string, message: string, now: number): JobCondition {
  const condition: JobCondition = { type, status, lastProbeTime: rfc3339(now), lastTransitionTime: rfc3339(now) };
  // Go's omitempty drops empty reason and message from the JSON.
  if (reason) condition.reason = reason;
  if (message) condition.message = message;
  return condition;
}

export function findCondition(job: Readonly<KubeObject>, type: string): JobCondition | undefined {
  return (job.status?.conditions ?? []).find((c: JobCondition) => c.type === type);
}

function hasTrueCondition(job: Readonly<KubeObject>, type: string): boolean {
  return findCondition(job, type)?.status === 'True';
}

/** util.IsJobFinished: a Complete or Failed condition that is True. */
export function isJobFinished(job: Readonly<KubeObject>): boolean {
  return hasTrueCondition(job, 'Complete') || hasTrueCondition(job, 'Failed');
}

export function isJobSucceeded(job: Readonly<KubeObject>): boolean {
  return hasTrueCondition(job, 'Complete');
}

/**
 * ensureJobConditionStatus: replaces a condition whose status, reason or message differ (new
 * timestamps), appends a missing one unless it would be False; says whether anything changed.
 */
export function ensureCondition(conditions: JobCondition[], wanted: JobCondition): boolean {
  const index = conditions.findIndex((c) => c.type === wanted.type);
  if (index >= 0) {
    const current = conditions[index]!;
    if (current.status === wanted.status && (current.reason ?? '') === (wanted.reason ?? '') && (current.message ?? '') === (wanted.message ?? '')) return false;
    conditions[index] = wanted;
    return true;
  }
  if (wanted.status === 'False') return false;
  conditions.push(wanted);
  return true;
}

export function isSuspended(job: Readonly<KubeObject>): boolean {
  return job.spec?.suspend === true;
}

/** pastBackoffLimitOnFailure: with OnFailure the kubelet restarts in place, so restarts are the failures. */
export function pastBackoffLimitOnFailure(job: Readonly<KubeObject>, pods: readonly Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  const restarts = pods.filter((p) => p.status?.phase === 'Running' || p.status?.phase === 'Pending' || !p.status?.phase).reduce((sum, p) => sum + restartCount(p), 0);
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** How long until activeDeadlineSeconds passes (≤ 0: passed); undefined without a deadline or while suspended. */
export function remainingActiveMs(job: Readonly<KubeObject>, now: number): number | undefined {
  const seconds = job.spec?.activeDeadlineSeconds;
  const start = job.status?.startTime;
  if (seconds === undefined || seconds === null || !start || isSuspended(job)) return undefined;
  return Date.parse(start) + seconds * 1000 - now;
}

/** The consecutive failures since the last success, which set the delay before a replacement pod. */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

/** backoffStore.newBackoffRecord: fold newly finished pods into the previous record. */
export function nextBackoffRecord(previous: BackoffRecord, succeeded: readonly Pod[], failed: readonly Pod[]): BackoffRecord {
  const failedTimes = failed.map(podFinishedTime).sort((a, b) => a - b);
  if (succeeded.length === 0) {
    if (failed.length === 0) return previous;
    return { failuresAfterLastSuccess: previous.failuresAfterLastSuccess + failed.length, lastFailureTime: failedTimes[failedTimes.length - 1] };
  }
  const lastSuccess = Math.max(...succeeded.map(podFinishedTime));
  const after = failedTimes.filter((t) => t > lastSuccess);
  return after.length === 0 ? { failuresAfterLastSuccess: 0 } : { failuresAfterLastSuccess: after.length, lastFailureTime: after[after.length - 1] };
}

/** getRemainingTime: 10 s doubling per consecutive failure, capped at 10 min, from the last failure. */
export function remainingBackoffMs(record: BackoffRecord, now: number): number {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureTime === undefined) return 0;
  const delay = Math.min(podFailureBackoffMs * 2 ** (record.failuresAfterLastSuccess - 1), maxPodFailureBackoffMs);
  return Math.max(0, delay - (now - record.lastFailureTime));
}

/** getFinishedTime: the last container's finishedAt, else Ready=False's transition, else deletion, else creation. */
export function podFinishedTime(pod: Pod): number {
  const statuses: { state?: { terminated?: { finishedAt?: string } } }[] = pod.status?.containerStatuses ?? [];
  const finished = statuses.map((s) => s.state?.terminated?.finishedAt);
  if (finished.length > 0 && finished.every(Boolean)) return Math.max(...finished.map((t) => Date.parse(t!)));
  const ready = (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
  if (ready?.status === 'False' && ready.lastTransitionTime) return Date.parse(ready.lastTransitionTime);
  if (pod.metadata.deletionTimestamp) return Date.parse(pod.metadata.deletionTimestamp) - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return Date.parse(pod.metadata.creationTimestamp ?? '') || 0;
}

/** parseIndexesFromString: `1,3-5,7` to the sorted indexes below completions. */
export function parseIndexes(text: string | undefined, completions: number): number[] {
  const indexes = new Set<number>();
  for (const part of (text ?? '').split(',')) {
    const [first, last = first] = part.split('-').map((n) => Number.parseInt(n!, 10));
    if (first === undefined || Number.isNaN(first) || Number.isNaN(last!)) continue;
    for (let i = first; i <= Math.min(last!, completions - 1); i++) indexes.add(i);
  }
  return [...indexes].sort((a, b) => a - b);
}

/** orderedIntervals.String: runs of three or more become `a-b`, pairs stay `a,b`. */
export function formatIndexes(sorted: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${sorted[i]}-${sorted[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(sorted[k]));
    i = j + 1;
  }
  return parts.join(',');
}

/** firstPendingIndexes: the lowest indexes neither completed nor held by an active pod. */
export function firstPendingIndexes(completed: ReadonlySet<number>, activePods: readonly Pod[], count: number, completions: number): number[] {
  const taken = new Set(completed);
  for (const pod of activePods) if (isActivePod(pod)) taken.add(completionIndexOf(pod));
  const result: number[] = [];
  for (let i = 0; i < completions && result.length < count; i++) if (!taken.has(i)) result.push(i);
  return result;
}

/**
 * The status as the API serialises it: Go drops zero `active`, `succeeded`, `failed` and empty
 * uncounted lists (omitempty), while `ready` and `terminating` are pointers and stay at 0.
 */
export function wireStatus(status: Record<string, unknown>): Record<string, unknown> {
  const out = { ...status };
  for (const key of ['active', 'succeeded', 'failed'] as const) if (!out[key]) delete out[key];
  if (!out.completedIndexes) delete out.completedIndexes;
  const uncounted = { ...((out.uncountedTerminatedPods as Record<string, string[]>) ?? {}) };
  for (const key of ['succeeded', 'failed']) if (!uncounted[key]?.length) delete uncounted[key];
  out.uncountedTerminatedPods = uncounted;
  if (Array.isArray(out.conditions) && out.conditions.length === 0) delete out.conditions;
  return out;
}
