/**
 * The TTL-after-finished controller (kube-controller-manager's ttl-after-finished-controller,
 * `pkg/controller/ttlafterfinished`): a finished Job (condition Complete or Failed True) that sets
 * `spec.ttlSecondsAfterFinished` is deleted that many seconds after the condition's
 * lastTransitionTime, with `propagationPolicy: Foreground` and a UID precondition, so its pods go
 * first and a Job recreated under the same name is left alone. Before deleting it re-reads the Job
 * from the API server, as upstream does, since the TTL or the Job may have changed since the cache
 * saw it. It records no Events, as upstream. Left out: metrics, the time-skew warning log.
 */
import { isNotFound } from '../../shared/api/errors.js';
import { keyOf, splitKey } from '../../shared/api/keys.js';
import type { KubeObject } from '../../shared/api/meta.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { parseTimestamp } from '../../shared/duration.js';
import { logger } from '../../shared/log.js';
import { findCondition, isJobFinished } from './job-status.js';
import type { Controller, ControllerContext } from './manager.js';

type Obj = Readonly<KubeObject>;

const componentName = 'ttl-after-finished-controller';
const jobsRef: ResourceRef = { group: 'batch', version: 'v1', resource: 'jobs' };
const log = logger(componentName);

export interface TTLAfterFinishedControllerOptions {
  client: ApiClient;
  clock: Clock;
  jobs: SharedInformer;
  /** --concurrent-ttl-after-finished-syncs, 5 by default. */
  workers?: number;
}

export class TTLAfterFinishedController implements Controller {
  readonly name = componentName;
  /** Job keys (namespace/name). */
  readonly queue: RateLimitingQueue<string>;

  constructor(private readonly options: TTLAfterFinishedControllerOptions) {
    this.queue = new RateLimitingQueue({ clock: options.clock });
    const onJob = (job: Obj): void => {
      if (!job.metadata.deletionTimestamp && needsCleanup(job)) this.queue.add(keyOf(job));
    };
    options.jobs.addEventHandler({ onAdd: onJob, onUpdate: (_old, job) => onJob(job) });
  }

  static fromContext(context: ControllerContext): TTLAfterFinishedController {
    const { client, clock, informers } = context;
    return new TTLAfterFinishedController({ client, clock, jobs: informers.informerFor(jobsRef) });
  }

  async start(signal: AbortSignal): Promise<void> {
    if (!(await this.options.jobs.waitForSync(signal))) return;
    await runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.options.workers ?? 5, signal, log });
  }

  /** processJob: requeue until the TTL runs out, then check a fresh copy and delete it. */
  async sync(key: string): Promise<void> {
    const cached = this.options.jobs.get(key);
    if (!cached || !this.isExpired(key, cached)) return;
    const { namespace, name } = splitKey(key);
    let fresh: KubeObject;
    try {
      fresh = await this.options.client.get(jobsRef, namespace, name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (!this.isExpired(key, fresh)) return;
    try {
      await this.options.client.delete(jobsRef, namespace, name, { propagationPolicy: 'Foreground', preconditions: { uid: fresh.metadata.uid } });
      log.info('deleted a finished Job past its TTL', { job: key });
    } catch (err) {
      // Deleted meanwhile, by a user or the garbage collector: what was wanted.
      if (!isNotFound(err)) throw err;
    }
  }

  /** processTTL: true once the TTL has run out; before that the key is queued for when it will. */
  private isExpired(key: string, job: Obj): boolean {
    if (job.metadata.deletionTimestamp || !needsCleanup(job)) return false;
    const expireAt = expiryTime(job);
    // A finished Job whose condition lacks a time cannot be aged: upstream returns an error and
    // retries with back-off, which is what throwing from sync does here.
    if (expireAt === undefined) throw new Error(`unable to find the time when the Job ${key} finished`);
    const left = expireAt - this.options.clock.now();
    if (left <= 0) return true;
    this.queue.addAfter(key, left);
    return false;
  }
}

/** needsCleanup: a TTL is set and the Job has finished. */
export function needsCleanup(job: Obj): boolean {
  return typeof job.spec?.ttlSecondsAfterFinished === 'number' && isJobFinished(job);
}

/** jobFinishTime + TTL: when the Complete or Failed condition turned True, plus the seconds. */
export function expiryTime(job: Obj): number | undefined {
  const finished = [findCondition(job, 'Complete'), findCondition(job, 'Failed')].find((c) => c?.status === 'True');
  const finishedAt = parseTimestamp(finished?.lastTransitionTime);
  if (finishedAt === undefined) return undefined;
  return finishedAt + Number(job.spec?.ttlSecondsAfterFinished) * 1000;
}
