import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { rfc3339 } from '../../../../shared/clock.js';
import type { ResourceRef } from '../../../../shared/client/client.js';
import { CronJobController } from '../../../../daemon/controllers/cronjob.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const cronjobs = { group: 'batch', version: 'v1', resource: 'cronjobs' };
const jobs = { group: 'batch', version: 'v1', resource: 'jobs' };
const events = { group: '', version: 'v1', resource: 'events' };
const start = Date.UTC(2026, 0, 1); // 29453760 minutes since the epoch
const minute = 60_000;

function cronJobManifest(spec: Record<string, unknown> = {}): KubeObject {
  const template = { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox:1.28', command: ['date'] }] } };
  return { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'hello' }, spec: { schedule: '*/1 * * * *', ...spec, jobTemplate: { spec: { template } } } };
}

async function caughtUp(api: TestApi, ref: ResourceRef): Promise<void> {
  const informer = api.informers.informerFor(ref);
  await waitFor(
    async () => {
      const listed = (await api.client.list(ref, 'default')).items;
      return listed.length === informer.list().length && listed.every((o) => informer.get(`default/${o.metadata.name}`)?.metadata.resourceVersion === o.metadata.resourceVersion);
    },
    { what: `the ${ref.resource} cache to catch up` },
  );
}

async function setup(t: { after: (fn: () => Promise<void>) => void }, spec: Record<string, unknown> = {}) {
  const api = await startApi(t);
  const controller = CronJobController.fromContext(api);
  await api.syncInformers();
  const cronJob = await api.client.create(cronjobs, 'default', cronJobManifest(spec));
  const sync = async (): Promise<KubeObject> => {
    await caughtUp(api, cronjobs);
    await caughtUp(api, jobs);
    // Play the worker: take the key off the queue, so that what is queued afterwards is the requeue.
    while (controller.queue.len() > 0) controller.queue.done((await controller.queue.get())!);
    await controller.sync('default/hello');
    await controller.recorder.flush();
    return api.client.get(cronjobs, 'default', 'hello');
  };
  return { api, controller, cronJob, sync };
}

async function jobNames(api: TestApi): Promise<string[]> {
  return (await api.client.list(jobs, 'default')).items.map((j) => j.metadata.name!).sort();
}

async function cronJobEvents(api: TestApi): Promise<string[]> {
  const list = (await api.client.list(events, 'default')).items.filter((e) => e.involvedObject.kind === 'CronJob');
  return list.map((e) => `${e.type} ${e.reason} ${e.source.component}: ${e.message}`);
}

/** What the job controller writes when a Job's pods are done. */
async function finishJob(api: TestApi, name: string, type: 'Complete' | 'Failed'): Promise<void> {
  const job = await api.client.get(jobs, 'default', name);
  const now = rfc3339(api.clock.now());
  const condition = { type, status: 'True', lastProbeTime: now, lastTransitionTime: now };
  job.status = { ...job.status, startTime: job.metadata.creationTimestamp, conditions: [condition], ...(type === 'Complete' ? { completionTime: now, succeeded: 1 } : { failed: 1 }) };
  await api.client.update(jobs, job, { subresource: 'status' });
}

test('creates the Job for each schedule time and requeues itself for the next one', async (t) => {
  const { api, controller, cronJob, sync } = await setup(t);
  const idle = await sync();
  assert.deepEqual(idle.status, {}, 'nothing is due at creation time');
  api.clock.step(minute);
  assert.equal(controller.queue.len(), 0, 'not yet: the controller wakes 100 ms after the schedule time');
  api.clock.step(100);
  assert.equal(controller.queue.len(), 1);

  const running = await sync();
  assert.deepEqual(await jobNames(api), ['hello-29453761']);
  const job = await api.client.get(jobs, 'default', 'hello-29453761');
  assert.deepEqual(job.metadata.annotations, { 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-01-01T00:01:00Z' });
  assert.deepEqual(job.metadata.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: cronJob.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  assert.deepEqual(running.status, {
    active: [{ kind: 'Job', namespace: 'default', name: 'hello-29453761', uid: job.metadata.uid, apiVersion: 'batch/v1', resourceVersion: job.metadata.resourceVersion }],
    lastScheduleTime: '2026-01-01T00:01:00Z',
  });
  assert.deepEqual(await cronJobEvents(api), ['Normal SuccessfulCreate cronjob-controller: Created job hello-29453761']);
  api.clock.step(minute);
  assert.equal(controller.queue.len(), 1, 'requeued for 00:02');
});

test('notes a finished Job, records lastSuccessfulTime and keeps successfulJobsHistoryLimit Jobs', async (t) => {
  const { api, sync } = await setup(t, { successfulJobsHistoryLimit: 1 });
  api.clock.step(minute + 100);
  await sync();
  api.clock.step(10_000);
  await finishJob(api, 'hello-29453761', 'Complete');
  api.clock.step(minute - 10_000);
  const second = await sync();
  assert.equal(second.status.lastSuccessfulTime, '2026-01-01T00:01:10Z');
  assert.deepEqual(second.status.active.map((r: { name: string }) => r.name), ['hello-29453762']);
  api.clock.step(10_000);
  await finishJob(api, 'hello-29453762', 'Complete');
  const cleaned = await sync();
  assert.equal(cleaned.status.active, undefined, 'an empty active list is left out');
  assert.equal(cleaned.status.lastSuccessfulTime, '2026-01-01T00:02:10Z');
  assert.deepEqual(await jobNames(api), ['hello-29453762']);
  assert.deepEqual(await cronJobEvents(api), [
    'Normal SuccessfulCreate cronjob-controller: Created job hello-29453761',
    'Normal SawCompletedJob cronjob-controller: Saw completed job: hello-29453761, condition: Complete',
    'Normal SuccessfulCreate cronjob-controller: Created job hello-29453762',
    'Normal SuccessfulDelete cronjob-controller: Deleted job hello-29453761',
    'Normal SawCompletedJob cronjob-controller: Saw completed job: hello-29453762, condition: Complete',
  ]);
});

const concurrencyCases = [
  {
    name: 'Forbid skips a schedule time while the previous Job runs',
    given: 'Forbid',
    want: { jobs: ['hello-29453761'], lastEvent: 'Normal JobAlreadyActive cronjob-controller: Not starting job because prior execution is running and concurrency policy is Forbid' },
  },
  {
    name: 'Replace deletes the running Job and starts the new one',
    given: 'Replace',
    want: { jobs: ['hello-29453762'], lastEvent: 'Normal SuccessfulCreate cronjob-controller: Created job hello-29453762' },
  },
  {
    name: 'Allow runs the Jobs side by side',
    given: 'Allow',
    want: { jobs: ['hello-29453761', 'hello-29453762'], lastEvent: 'Normal SuccessfulCreate cronjob-controller: Created job hello-29453762' },
  },
];

for (const { name, given, want } of concurrencyCases) {
  test(name, async (t) => {
    const { api, sync } = await setup(t, { concurrencyPolicy: given });
    api.clock.step(minute + 100);
    await sync();
    api.clock.step(minute);
    await sync();
    assert.deepEqual(await jobNames(api), want.jobs);
    const recorded = await cronJobEvents(api);
    assert.equal(recorded[recorded.length - 1], want.lastEvent);
    if (given === 'Replace') assert.ok(recorded.includes('Normal SuccessfulDelete cronjob-controller: Deleted job hello-29453761'));
  });
}

test('schedules in spec.timeZone and stamps the scheduled time in that zone', async (t) => {
  const { api, sync } = await setup(t, { schedule: '0 9 * * *', timeZone: 'Asia/Tokyo' });
  api.clock.step(24 * 60 * minute + 100); // 2026-01-01T00:00Z is 09:00 in Tokyo: the next run is a day later
  const cronJob = await sync();
  assert.deepEqual(await jobNames(api), ['hello-29455200']);
  const job = await api.client.get(jobs, 'default', 'hello-29455200');
  assert.equal(job.metadata.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2026-01-02T09:00:00+09:00');
  assert.equal(cronJob.status.lastScheduleTime, rfc3339(start + 24 * 60 * minute));
});

test('starts nothing while suspended', async (t) => {
  const { api, controller, sync } = await setup(t, { suspend: true });
  api.clock.step(5 * minute);
  await sync();
  assert.deepEqual(await jobNames(api), []);
  api.clock.step(5 * minute);
  assert.equal(controller.queue.len(), 0, 'a suspended CronJob is not requeued');
});

test('skips a schedule time older than startingDeadlineSeconds', async (t) => {
  const { api, sync } = await setup(t, { startingDeadlineSeconds: 30 });
  api.clock.step(5 * minute + 40_000); // the controller was away: 00:05 passed 40 s ago
  await sync();
  assert.deepEqual(await jobNames(api), []);
  api.clock.step(20_100);
  await sync();
  assert.deepEqual(await jobNames(api), ['hello-29453766']);
});
