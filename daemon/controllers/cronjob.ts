/**
 * The CronJob controller (kube-controller-manager's cronjob-controller, the v2 one): at each
 * schedule time it creates a Job `<cronjob>-<minutes since the epoch>`, honours suspend,
 * startingDeadlineSeconds and the Allow/Forbid/Replace concurrency policies, tracks
 * `status.active`, `lastScheduleTime` and `lastSuccessfulTime`, and deletes finished Jobs beyond the
 * history limits. It requeues itself for the next schedule time instead of polling every 10 s.
 */
import { isAlreadyExists, isConflict, isNotFound } from '../../shared/api/errors.js';
import { keyOf, objectKey } from '../../shared/api/keys.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { rfc3339, type Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { EventRecorder } from '../../shared/client/events.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { logger } from '../../shared/log.js';
import { formatRfc1123Z, isKnownTimeZone, jobFromTemplate, jobName, mostRecentScheduleTime, nextScheduleDelayMs, parseSchedule, type Schedule } from './cronjob-schedule.js';
import { controllerOf, isNamespaceTerminating } from './job-pods.js';
import { findCondition, isJobFinished, isJobSucceeded } from './job-status.js';
import type { Controller, ControllerContext } from './manager.js';

const cronJobsRef: ResourceRef = { group: 'batch', version: 'v1', resource: 'cronjobs' };
const jobsRef: ResourceRef = { group: 'batch', version: 'v1', resource: 'jobs' };
const component = 'cronjob-controller';
const log = logger(component);
const jobsByCronJob = 'cronjob-controller/cronjob';
/** How soon to retry a status write that met a newer CronJob. */
const conflictRetryMs = 1000;

const reasonSuccessfulCreate = 'SuccessfulCreate';
const reasonFailedCreate = 'FailedCreate';
const reasonSuccessfulDelete = 'SuccessfulDelete';
const reasonFailedDelete = 'FailedDelete';
const reasonSawCompletedJob = 'SawCompletedJob';
const reasonUnexpectedJob = 'UnexpectedJob';
const reasonMissingJob = 'MissingJob';
const reasonJobAlreadyActive = 'JobAlreadyActive';
const messageJobAlreadyActive = 'Not starting job because prior execution is running and concurrency policy is Forbid';
const reasonMissSchedule = 'MissSchedule';
const reasonUnknownTimeZone = 'UnknownTimeZone';
const reasonUnparseableSchedule = 'UnparseableSchedule';
const reasonUnparseableOnUpdate = 'UnParseableCronJobSchedule';
const reasonInvalidSchedule = 'InvalidSchedule';
const reasonTooManyMissedTimes = 'TooManyMissedTimes';
const messageTooManyMissedTimes = 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew';
const reasonUnsupportedSchedule = 'UnsupportedSchedule';
const reasonFailedGet = 'FailedGet';

export interface CronJobControllerOptions {
  client: ApiClient;
  clock: Clock;
  cronJobs: SharedInformer;
  jobs: SharedInformer;
  /** --concurrent-cron-job-syncs, 5 by default. */
  workers?: number;
}

/** The CronJob being synced: a private copy, replaced when the API has a newer one. */
interface SyncState {
  cronJob: KubeObject;
  updateStatus: boolean;
}

export class CronJobController implements Controller {
  readonly name = component;
  readonly queue: RateLimitingQueue<string>;
  readonly recorder: EventRecorder;

  constructor(private readonly options: CronJobControllerOptions) {
    const { client, clock } = options;
    this.queue = new RateLimitingQueue({ clock });
    this.recorder = new EventRecorder({ client, clock, component });
    options.jobs.addIndexer(jobsByCronJob, (job) => {
      const ref = controllerOf(job);
      // Kubernetes matches a CronJob's Jobs by the owner's name alone (getJobsToBeReconciled).
      return ref?.kind === 'CronJob' ? [objectKey(job.metadata.namespace, ref.name)] : [];
    });
    options.cronJobs.addEventHandler({
      onAdd: (cronJob) => this.queue.add(keyOf(cronJob)),
      onUpdate: (old, cronJob) => this.updateCronJob(old, cronJob),
      onDelete: (cronJob) => this.queue.add(keyOf(cronJob)),
    });
    options.jobs.addEventHandler({
      onAdd: (job) => this.enqueueOwner(job),
      onUpdate: (old, job) => {
        if (old.metadata.resourceVersion === job.metadata.resourceVersion) return;
        if (controllerOf(old)?.uid !== controllerOf(job)?.uid) this.enqueueOwner(old);
        this.enqueueOwner(job);
      },
      onDelete: (job) => this.enqueueOwner(job),
    });
  }

  static fromContext(context: ControllerContext): CronJobController {
    return new CronJobController({ client: context.client, clock: context.clock, cronJobs: context.informers.informerFor(cronJobsRef), jobs: context.informers.informerFor(jobsRef) });
  }

  async start(signal: AbortSignal): Promise<void> {
    if (!(await this.options.cronJobs.waitForSync(signal)) || !(await this.options.jobs.waitForSync(signal))) return;
    await runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.options.workers ?? 5, signal, log });
  }

  /** A new schedule takes effect at its own next time; any other change syncs now. */
  private updateCronJob(old: Readonly<KubeObject>, cronJob: Readonly<KubeObject>): void {
    const key = keyOf(cronJob);
    if (old.spec?.schedule === cronJob.spec?.schedule && old.spec?.timeZone === cronJob.spec?.timeZone) return this.queue.add(key);
    let schedule: Schedule;
    try {
      schedule = parseSchedule(cronJob.spec?.schedule ?? '', cronJob.spec?.timeZone);
    } catch {
      this.recorder.event(cronJob as KubeObject, 'Warning', reasonUnparseableOnUpdate, `unparseable schedule for cronjob: ${cronJob.spec?.schedule}`);
      return;
    }
    this.queue.addAfter(key, nextScheduleDelayMs(cronJob, this.options.clock.now(), schedule));
  }

  private enqueueOwner(job: Readonly<KubeObject>): void {
    const ref = controllerOf(job);
    if (ref?.kind !== 'CronJob') return;
    const cronJob = this.options.cronJobs.get(objectKey(job.metadata.namespace, ref.name));
    if (cronJob?.metadata.uid === ref.uid) this.queue.add(keyOf(cronJob));
  }

  /** One step for one CronJob: clean up history, reconcile the active list, start a Job if one is due. */
  async sync(key: string): Promise<void> {
    const cached = this.options.cronJobs.get(key);
    if (!cached) return;
    const jobs = this.options.jobs.byIndex(jobsByCronJob, key);
    const state: SyncState = { cronJob: structuredClone(cached) as KubeObject, updateStatus: false };
    state.cronJob.status ??= {};
    state.updateStatus = await this.cleanupFinishedJobs(state.cronJob, jobs);
    let requeueAfter: number | undefined;
    let syncError: unknown;
    try {
      requeueAfter = await this.syncCronJob(state, jobs);
    } catch (err) {
      syncError = err;
    }
    if (state.updateStatus && !(await this.writeStatus(key, state.cronJob))) return;
    if (syncError) throw syncError;
    if (requeueAfter !== undefined) this.queue.addAfter(key, requeueAfter);
  }

  /** Returns false on a Conflict, after requeueing: the next sync starts from the newer CronJob. */
  private async writeStatus(key: string, cronJob: KubeObject): Promise<boolean> {
    const status = { ...cronJob.status };
    if (!status.active?.length) delete status.active; // omitempty
    try {
      await this.options.client.update(cronJobsRef, { ...cronJob, status }, { subresource: 'status' });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      if (!isConflict(err)) throw err;
      this.queue.addAfter(key, conflictRetryMs);
      return false;
    }
  }

  /** syncCronJob; returns when to look again, or undefined when only a change to the CronJob can help. */
  private async syncCronJob(state: SyncState, jobs: readonly Readonly<KubeObject>[]): Promise<number | undefined> {
    const now = this.options.clock.now();
    await this.reconcileActiveJobs(state, jobs);
    const cronJob = state.cronJob;
    const spec = cronJob.spec ?? {};
    if (cronJob.metadata.deletionTimestamp) return undefined;
    if (spec.timeZone !== undefined && spec.timeZone !== null && !isKnownTimeZone(spec.timeZone)) {
      this.recorder.event(cronJob, 'Warning', reasonUnknownTimeZone, `invalid timeZone: ${JSON.stringify(spec.timeZone)}: unknown time zone ${spec.timeZone}`);
      return undefined;
    }
    if (spec.suspend) return undefined;
    const schedule = this.parseScheduleOrReport(cronJob);
    if (!schedule) return undefined;
    const recent = mostRecentScheduleTime(cronJob, now, schedule, true);
    if (recent.mostRecent === undefined || recent.mostRecent > now) {
      if (recent.error) return void this.recorder.event(cronJob, 'Warning', reasonInvalidSchedule, `invalid schedule: ${spec.schedule} : ${recent.error}`);
      return nextScheduleDelayMs(cronJob, now, schedule);
    }
    const scheduled = recent.mostRecent;
    if (recent.missed === 'many') this.recorder.event(cronJob, 'Warning', reasonTooManyMissedTimes, messageTooManyMissedTimes);
    const deadline = spec.startingDeadlineSeconds;
    if (deadline !== undefined && deadline !== null && scheduled + deadline * 1000 < now) {
      this.recorder.event(cronJob, 'Warning', reasonMissSchedule, `Missed scheduled time to start a job: ${formatRfc1123Z(scheduled)}`);
      return nextScheduleDelayMs(cronJob, now, schedule);
    }
    const name = jobName(cronJob, scheduled);
    const active: ActiveRef[] = cronJob.status.active ?? [];
    const alreadyProcessed = active.some((ref) => ref.name === name) || Date.parse(cronJob.status.lastScheduleTime ?? '') === scheduled;
    if (alreadyProcessed) return nextScheduleDelayMs(cronJob, now, schedule);
    if (spec.concurrencyPolicy === 'Forbid' && active.length > 0) {
      this.recorder.event(cronJob, 'Normal', reasonJobAlreadyActive, messageJobAlreadyActive);
      return nextScheduleDelayMs(cronJob, now, schedule);
    }
    if (spec.concurrencyPolicy === 'Replace') await this.replaceActiveJobs(state);
    if (!(await this.startJob(state, scheduled))) return undefined;
    return nextScheduleDelayMs(state.cronJob, now, schedule);
  }

  /** The first half of syncCronJob: finished Jobs leave `status.active`, lost ones are noticed. */
  private async reconcileActiveJobs(state: SyncState, jobs: readonly Readonly<KubeObject>[]): Promise<void> {
    const children = new Set<string>();
    for (const job of jobs) {
      const uid = job.metadata.uid ?? '';
      children.add(uid);
      const found = isActive(state.cronJob, uid);
      if (!found && !isJobFinished(job)) {
        // Our own status write may not be in the cache yet: ask the API before complaining.
        const fresh = await this.options.client.get(cronJobsRef, state.cronJob.metadata.namespace, state.cronJob.metadata.name!);
        if (isActive(fresh, uid)) {
          state.cronJob = fresh;
          state.cronJob.status ??= {};
          continue;
        }
        this.recorder.event(state.cronJob, 'Warning', reasonUnexpectedJob, `Saw a job that the controller did not create or forgot: ${job.metadata.name}`);
      } else if (isJobFinished(job)) {
        if (found) {
          const condition = findCondition(job, 'Complete')?.status === 'True' ? 'Complete' : 'Failed';
          removeFromActive(state.cronJob, uid);
          this.recorder.event(state.cronJob, 'Normal', reasonSawCompletedJob, `Saw completed job: ${job.metadata.name}, condition: ${condition}`);
          state.updateStatus = true;
        }
        const completed = job.status?.completionTime;
        const last = state.cronJob.status.lastSuccessfulTime;
        if (isJobSucceeded(job) && completed && (!last || Date.parse(completed) > Date.parse(last))) {
          state.cronJob.status.lastSuccessfulTime = completed;
          state.updateStatus = true;
        }
      }
    }
    for (const ref of [...(state.cronJob.status.active ?? [])] as ActiveRef[]) {
      if (children.has(ref.uid)) continue;
      try {
        await this.options.client.get(jobsRef, ref.namespace, ref.name); // the cache may just be behind
      } catch (err) {
        if (!isNotFound(err)) throw err;
        this.recorder.event(state.cronJob, 'Normal', reasonMissingJob, `Active job went missing: ${ref.name}`);
        removeFromActive(state.cronJob, ref.uid);
        state.updateStatus = true;
      }
    }
  }

  private parseScheduleOrReport(cronJob: KubeObject): Schedule | undefined {
    const schedule: string = cronJob.spec?.schedule ?? '';
    if (schedule.includes('TZ')) {
      const message = `CRON_TZ or TZ used in schedule ${JSON.stringify(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`;
      this.recorder.event(cronJob, 'Warning', reasonUnsupportedSchedule, message);
    }
    try {
      return parseSchedule(schedule, cronJob.spec?.timeZone);
    } catch (err) {
      this.recorder.event(cronJob, 'Warning', reasonUnparseableSchedule, `unparseable schedule: ${JSON.stringify(schedule)} : ${(err as Error).message}`);
      return undefined;
    }
  }

  /** concurrencyPolicy Replace: the running Jobs make way for the new one. */
  private async replaceActiveJobs(state: SyncState): Promise<void> {
    for (const ref of [...(state.cronJob.status.active ?? [])] as ActiveRef[]) {
      let job: KubeObject;
      try {
        job = await this.options.client.get(jobsRef, ref.namespace, ref.name);
      } catch (err) {
        this.recorder.event(state.cronJob, 'Warning', reasonFailedGet, `Get job: ${(err as Error).message}`);
        throw err;
      }
      if (!(await this.deleteJob(state.cronJob, job))) throw new Error(`could not replace job ${job.metadata.namespace}/${job.metadata.name}`);
      state.updateStatus = true;
    }
  }

  /** Creates the Job for the schedule time and records it as active; false when another actor owns that name. */
  private async startJob(state: SyncState, scheduled: number): Promise<boolean> {
    const cronJob = state.cronJob;
    const wanted = jobFromTemplate(cronJob, scheduled);
    let job: Readonly<KubeObject>;
    try {
      job = await this.options.client.create(jobsRef, cronJob.metadata.namespace, wanted);
      this.recorder.event(cronJob, 'Normal', reasonSuccessfulCreate, `Created job ${job.metadata.name}`);
    } catch (err) {
      if (isNamespaceTerminating(err)) throw err;
      if (!isAlreadyExists(err)) {
        this.recorder.event(cronJob, 'Warning', reasonFailedCreate, `Error creating job: ${(err as Error).message}`);
        throw err;
      }
      // Created on an earlier try whose status write was lost: adopt it into the active list.
      job = await this.options.client.get(jobsRef, cronJob.metadata.namespace, wanted.metadata.name!);
      if (controllerOf(job)?.uid !== cronJob.metadata.uid || isActive(cronJob, job.metadata.uid ?? '')) return false;
      log.info('Job already exists', { cronJob: keyOf(cronJob), job: keyOf(job) });
    }
    const active: ActiveRef[] = (cronJob.status.active ??= []);
    active.push({ kind: 'Job', namespace: job.metadata.namespace!, name: job.metadata.name!, uid: job.metadata.uid!, apiVersion: 'batch/v1', resourceVersion: job.metadata.resourceVersion! });
    cronJob.status.lastScheduleTime = rfc3339(scheduled);
    state.updateStatus = true;
    return true;
  }

  /** cleanupFinishedJobs: keep the newest `successfulJobsHistoryLimit` Complete and `failedJobsHistoryLimit` Failed Jobs. */
  private async cleanupFinishedJobs(cronJob: KubeObject, jobs: readonly Readonly<KubeObject>[]): Promise<boolean> {
    const { successfulJobsHistoryLimit: successLimit, failedJobsHistoryLimit: failedLimit } = cronJob.spec ?? {};
    let changed = false;
    const finishedAs = (type: string) => jobs.filter((j) => (j.status?.conditions ?? []).find((c: { type: string; status: string }) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type === type);
    for (const [limit, type] of [[successLimit, 'Complete'], [failedLimit, 'Failed']] as const) {
      if (limit === undefined || limit === null) continue;
      const oldest = finishedAs(type).sort(byStartTime);
      for (const job of oldest.slice(0, Math.max(0, oldest.length - limit))) if (await this.deleteJob(cronJob, job)) changed = true;
    }
    return changed;
  }

  /** deleteJob: the Job goes with background propagation, so the garbage collector takes its pods. */
  private async deleteJob(cronJob: KubeObject, job: Readonly<KubeObject>): Promise<boolean> {
    try {
      await this.options.client.delete(jobsRef, job.metadata.namespace, job.metadata.name!, { propagationPolicy: 'Background' });
    } catch (err) {
      this.recorder.event(cronJob, 'Warning', reasonFailedDelete, `Deleted job: ${(err as Error).message}`);
      log.error('could not delete a job', { cronJob: keyOf(cronJob), job: keyOf(job), error: (err as Error).message });
      return false;
    }
    removeFromActive(cronJob, job.metadata.uid ?? '');
    this.recorder.event(cronJob, 'Normal', reasonSuccessfulDelete, `Deleted job ${job.metadata.name}`);
    return true;
  }
}

/** A `status.active` entry: the ObjectReference Kubernetes writes. */
interface ActiveRef {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  apiVersion: string;
  resourceVersion: string;
}

function isActive(cronJob: Readonly<KubeObject>, uid: string): boolean {
  return (cronJob.status?.active ?? []).some((ref: ActiveRef) => ref.uid === uid);
}

function removeFromActive(cronJob: KubeObject, uid: string): void {
  cronJob.status.active = (cronJob.status.active ?? []).filter((ref: ActiveRef) => ref.uid !== uid);
}

/** byJobStartTime: oldest first, Jobs that never started last, names breaking ties. */
function byStartTime(a: Readonly<KubeObject>, b: Readonly<KubeObject>): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (sa && !sb) return -1;
  if (!sa && sb) return 1;
  const byTime = sa && sb ? Date.parse(sa) - Date.parse(sb) : 0;
  const [na, nb] = [a.metadata.name ?? '', b.metadata.name ?? ''];
  return byTime || (na < nb ? -1 : na > nb ? 1 : 0);
}
