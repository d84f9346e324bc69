import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNotFound } from '../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { rfc3339 } from '../../../../shared/clock.js';
import type { ResourceRef } from '../../../../shared/client/client.js';
import { JobController } from '../../../../daemon/controllers/job.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const jobs = { group: 'batch', version: 'v1', resource: 'jobs' };
const pods = { group: '', version: 'v1', resource: 'pods' };
const events = { group: '', version: 'v1', resource: 'events' };
const generatedSuffix = /^[bcdfghjklmnpqrstvwxz2456789]{5}$/;
const start = Date.UTC(2026, 0, 1);

function jobManifest(name: string, spec: Record<string, unknown> = {}, restartPolicy = 'Never'): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { ...spec, template: { spec: { restartPolicy, containers: [{ name: 'pi', image: 'perl:5.34' }] } } },
  };
}

/** Waits until the informer holds exactly what the API holds for this resource (our writes included). */
async function caughtUp(api: TestApi, ref: ResourceRef): Promise<void> {
  const informer = api.informers.informerFor(ref);
  await waitFor(
    async () => {
      const listed = (await api.client.list(ref, 'default')).items;
      const cached = informer.list().filter((o) => o.metadata.namespace === 'default');
      return listed.length === cached.length && listed.every((o) => informer.get(`default/${o.metadata.name}`)?.metadata.resourceVersion === o.metadata.resourceVersion);
    },
    { what: `the ${ref.resource} cache to catch up` },
  );
}

async function setup(t: { after: (fn: () => Promise<void>) => void }) {
  const api = await startApi(t);
  const controller = JobController.fromContext(api);
  await api.syncInformers();
  const sync = async (name: string): Promise<KubeObject> => {
    await caughtUp(api, jobs);
    await caughtUp(api, pods);
    await controller.sync(`default/${name}`);
    await controller.recorder.flush();
    return api.client.get(jobs, 'default', name);
  };
  return { api, controller, sync };
}

async function jobPods(api: TestApi): Promise<KubeObject[]> {
  return (await api.client.list(pods, 'default')).items;
}

/** What a kubelet writes when the pod's only container exits. */
async function finishPod(api: TestApi, pod: KubeObject, exitCode: number): Promise<void> {
  const now = rfc3339(api.clock.now());
  const fresh = await api.client.get(pods, 'default', pod.metadata.name!);
  fresh.status = {
    ...fresh.status,
    phase: exitCode === 0 ? 'Succeeded' : 'Failed',
    conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: now, reason: 'PodCompleted' }],
    containerStatuses: [{ name: 'pi', ready: false, restartCount: 0, image: 'perl:5.34', imageID: '', state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: now, finishedAt: now } } }],
  };
  await api.client.update(pods, fresh, { subresource: 'status' });
}

async function jobEvents(api: TestApi, name: string): Promise<string[]> {
  const list = (await api.client.list(events, 'default')).items.filter((e) => e.involvedObject.kind === 'Job' && e.involvedObject.name === name);
  return list.map((e) => `${e.type} ${e.reason} ${e.source.component}: ${e.message}`);
}

test('runs a pod named after the Job, then completes the Job when it succeeds', async (t) => {
  const { api, sync } = await setup(t);
  const job = await api.client.create(jobs, 'default', jobManifest('pi'));
  const running = await sync('pi');
  const [pod] = await jobPods(api);
  assert.ok(pod, 'a pod was created');
  assert.match(pod.metadata.name!.slice('pi-'.length), generatedSuffix);
  assert.equal(pod.metadata.generateName, 'pi-');
  assert.deepEqual(pod.metadata.labels, {
    'batch.kubernetes.io/controller-uid': job.metadata.uid,
    'batch.kubernetes.io/job-name': 'pi',
    'controller-uid': job.metadata.uid,
    'job-name': 'pi',
  });
  assert.deepEqual(pod.metadata.finalizers, ['batch.kubernetes.io/job-tracking']);
  assert.deepEqual(pod.metadata.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: job.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  assert.deepEqual(running.status, { active: 1, ready: 0, terminating: 0, startTime: rfc3339(start), uncountedTerminatedPods: {} });

  api.clock.step(30_000);
  await finishPod(api, pod, 0);
  const done = await sync('pi');
  const at = rfc3339(start + 30_000);
  const reached = { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', status: 'True', lastProbeTime: at, lastTransitionTime: at };
  assert.deepEqual(done.status, {
    conditions: [{ type: 'SuccessCriteriaMet', ...reached }, { type: 'Complete', ...reached }],
    startTime: rfc3339(start),
    completionTime: at,
    succeeded: 1,
    ready: 0,
    terminating: 0,
    uncountedTerminatedPods: {},
  });
  assert.equal((await jobPods(api))[0]!.metadata.finalizers, undefined, 'the counted pod loses its tracking finalizer');
  assert.deepEqual(await jobEvents(api, 'pi'), [`Normal SuccessfulCreate job-controller: Created pod: ${pod.metadata.name}`, 'Normal Completed job-controller: Job completed']);
});

test('runs parallelism pods at a time until completions succeed', async (t) => {
  const { api, sync } = await setup(t);
  await api.client.create(jobs, 'default', jobManifest('batch', { completions: 3, parallelism: 2 }));
  await sync('batch');
  const first = await jobPods(api);
  assert.equal(first.length, 2);
  await finishPod(api, first[0]!, 0);
  const after = await sync('batch');
  assert.deepEqual({ active: after.status.active, succeeded: after.status.succeeded }, { active: 2, succeeded: 1 });
  assert.equal((await jobPods(api)).length, 3);
});

test('replaces a failed pod after the back-off, and fails the Job past backoffLimit', async (t) => {
  const { api, sync } = await setup(t);
  await api.client.create(jobs, 'default', jobManifest('flaky', { backoffLimit: 1 }));
  await sync('flaky');
  const [firstPod] = await jobPods(api);
  await finishPod(api, firstPod!, 1);
  const waiting = await sync('flaky');
  assert.deepEqual({ failed: waiting.status.failed, active: waiting.status.active, pods: (await jobPods(api)).length }, { failed: 1, active: undefined, pods: 1 }, 'no replacement during the 10 s back-off');

  api.clock.step(10_000);
  await sync('flaky');
  const second = (await jobPods(api)).find((p) => p.metadata.name !== firstPod!.metadata.name)!;
  assert.ok(second, 'a replacement pod after 10 s');
  assert.equal((await jobPods(api)).find((p) => p.metadata.name === firstPod!.metadata.name)?.status.phase, 'Failed', 'the failed pod stays');

  await finishPod(api, second, 1);
  const failed = await sync('flaky');
  const at = rfc3339(start + 10_000);
  const exceeded = { status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: at, lastTransitionTime: at };
  assert.deepEqual(failed.status.conditions, [{ type: 'FailureTarget', ...exceeded }, { type: 'Failed', ...exceeded }]);
  assert.equal(failed.status.failed, 2);
  assert.deepEqual((await jobEvents(api, 'flaky')).slice(-1), ['Warning BackoffLimitExceeded job-controller: Job has reached the specified backoff limit']);
});

test('with restartPolicy OnFailure, container restarts in the same pod count against backoffLimit', async (t) => {
  const { api, sync } = await setup(t);
  await api.client.create(jobs, 'default', jobManifest('retry', { backoffLimit: 2 }, 'OnFailure'));
  await sync('retry');
  const [pod] = await jobPods(api);
  const fresh = await api.client.get(pods, 'default', pod!.metadata.name!);
  const restarted = { name: 'pi', ready: false, restartCount: 2, image: 'perl:5.34', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } } };
  await api.client.update(pods, { ...fresh, status: { ...fresh.status, phase: 'Running', containerStatuses: [restarted] } }, { subresource: 'status' });
  const failing = await sync('retry');
  assert.deepEqual(failing.status.conditions.map((c: { type: string; reason: string }) => `${c.type} ${c.reason}`), ['FailureTarget BackoffLimitExceeded']);
  assert.equal((await jobPods(api)).length, 0, 'no new pod: the kubelet restarted the container in place, and the pod is now deleted');
  const failed = await sync('retry');
  assert.deepEqual(failed.status.conditions.map((c: { type: string; reason: string }) => `${c.type} ${c.reason}`), ['FailureTarget BackoffLimitExceeded', 'Failed BackoffLimitExceeded']);
  assert.deepEqual({ failed: failed.status.failed, active: failed.status.active, terminating: failed.status.terminating }, { failed: 1, active: undefined, terminating: 0 });
});

test('fails a Job that outlives activeDeadlineSeconds and deletes its running pod', async (t) => {
  const { api, controller, sync } = await setup(t);
  await api.client.create(jobs, 'default', jobManifest('slow', { activeDeadlineSeconds: 60 }));
  await sync('slow');
  const [pod] = await jobPods(api);
  api.clock.step(60_000);
  assert.ok(controller.queue.len() > 0, 'the deadline requeued the Job');
  const failing = await sync('slow');
  assert.deepEqual(failing.status.conditions.map((c: { type: string }) => c.type), ['FailureTarget'], 'Failed waits until the deleted pod is gone');
  assert.equal(failing.status.terminating, 1);
  const failed = await sync('slow');
  assert.deepEqual(
    failed.status.conditions.map((c: { type: string; reason: string; message: string }) => `${c.type} ${c.reason}: ${c.message}`),
    ['FailureTarget DeadlineExceeded: Job was active longer than specified deadline', 'Failed DeadlineExceeded: Job was active longer than specified deadline'],
  );
  assert.deepEqual({ failed: failed.status.failed, active: failed.status.active }, { failed: 1, active: undefined });
  assert.deepEqual(await jobPods(api), [], 'the unscheduled pod is gone once its finalizer is removed');
  assert.deepEqual((await jobEvents(api, 'slow')).slice(1), [
    `Normal SuccessfulDelete job-controller: Deleted pod: ${pod!.metadata.name}`,
    'Warning DeadlineExceeded job-controller: Job was active longer than specified deadline',
  ]);
});

test('waits for a running pod to terminate before marking the Job Failed', async (t) => {
  const { api, sync } = await setup(t);
  await api.client.create(jobs, 'default', jobManifest('bound', { activeDeadlineSeconds: 5 }));
  await sync('bound');
  const [pod] = await jobPods(api);
  await api.client.createSubresource(pods, 'default', pod!.metadata.name!, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod!.metadata.name }, target: { kind: 'Node', name: 'node1' } });
  const fresh = await api.client.get(pods, 'default', pod!.metadata.name!);
  await api.client.update(pods, { ...fresh, status: { ...fresh.status, phase: 'Running' } }, { subresource: 'status' });
  api.clock.step(5_000);
  const failing = await sync('bound');
  assert.deepEqual(failing.status.conditions.map((c: { type: string }) => c.type), ['FailureTarget']);
  assert.deepEqual({ terminating: failing.status.terminating, failed: failing.status.failed }, { terminating: 1, failed: 1 });

  await api.client.delete(pods, 'default', pod!.metadata.name!, { gracePeriodSeconds: 0 }); // the kubelet finishes
  const failed = await sync('bound');
  assert.deepEqual(failed.status.conditions.map((c: { type: string }) => c.type), ['FailureTarget', 'Failed']);
  assert.equal(failed.status.terminating, 0);
});

test('suspending deletes the pods; resuming creates them again', async (t) => {
  const { api, sync } = await setup(t);
  await api.client.create(jobs, 'default', jobManifest('paused'));
  await sync('paused');
  const [pod] = await jobPods(api);
  const job = await api.client.get(jobs, 'default', 'paused');
  await api.client.update(jobs, { ...job, spec: { ...job.spec, suspend: true } });
  const suspended = await sync('paused');
  const condition = suspended.status.conditions.find((c: { type: string }) => c.type === 'Suspended');
  assert.deepEqual({ status: condition.status, reason: condition.reason, message: condition.message }, { status: 'True', reason: 'JobSuspended', message: 'Job suspended' });
  assert.deepEqual(await jobPods(api), []);

  api.clock.step(60_000);
  const again = await api.client.get(jobs, 'default', 'paused');
  await api.client.update(jobs, { ...again, spec: { ...again.spec, suspend: false } });
  const resumed = await sync('paused');
  const after = resumed.status.conditions.find((c: { type: string }) => c.type === 'Suspended');
  assert.deepEqual({ status: after.status, reason: after.reason, message: after.message }, { status: 'False', reason: 'JobResumed', message: 'Job resumed' });
  assert.equal(resumed.status.startTime, rfc3339(start + 60_000), 'resuming restarts the deadline clock');
  assert.equal((await jobPods(api)).length, 1);
  const recorded = await jobEvents(api, 'paused');
  const replacement = (await jobPods(api))[0]!.metadata.name;
  assert.deepEqual(recorded.slice(1), [
    `Normal SuccessfulDelete job-controller: Deleted pod: ${pod!.metadata.name}`,
    'Normal Suspended job-controller: Job suspended',
    `Normal SuccessfulCreate job-controller: Created pod: ${replacement}`,
    'Normal Resumed job-controller: Job resumed',
  ]);
});

test('gives Indexed Job pods their completion index', async (t) => {
  const { api, sync } = await setup(t);
  await api.client.create(jobs, 'default', jobManifest('idx', { completions: 2, parallelism: 2, completionMode: 'Indexed' }));
  await sync('idx');
  const created = (await jobPods(api)).sort((a, b) => a.metadata.annotations!['batch.kubernetes.io/job-completion-index']!.localeCompare(b.metadata.annotations!['batch.kubernetes.io/job-completion-index']!));
  assert.deepEqual(
    created.map((p) => [p.metadata.generateName, p.metadata.labels!['batch.kubernetes.io/job-completion-index'], p.spec.hostname]),
    [['idx-0-', '0', 'idx-0'], ['idx-1-', '1', 'idx-1']],
  );
  assert.deepEqual(created[0]!.spec.containers[0].env, [{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } }]);
  await finishPod(api, created[1]!, 0);
  const after = await sync('idx');
  assert.deepEqual({ completedIndexes: after.status.completedIndexes, succeeded: after.status.succeeded, active: after.status.active }, { completedIndexes: '1', succeeded: 1, active: 1 });
});

test('drops the tracking finalizer of a pod whose Job is gone', async (t) => {
  const { api, controller, sync } = await setup(t);
  await api.client.create(jobs, 'default', jobManifest('gone'));
  await sync('gone');
  const [pod] = await jobPods(api);
  await api.client.delete(jobs, 'default', 'gone');
  await api.client.delete(pods, 'default', pod!.metadata.name!);
  await caughtUp(api, jobs);
  await caughtUp(api, pods);
  assert.ok(controller.orphanQueue.len() > 0, 'the pod was queued as an orphan');
  await controller.syncOrphanPod(`default/${pod!.metadata.name}`);
  assert.deepEqual(await jobPods(api), []);
});

test('a podFailurePolicy FailJob rule fails the Job at the first matching exit code', async (t) => {
  const { api, sync } = await setup(t);
  const podFailurePolicy = { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'pi', operator: 'In', values: [42] } }] };
  await api.client.create(jobs, 'default', jobManifest('bug', { completions: 8, parallelism: 2, backoffLimit: 6, podFailurePolicy }));
  await sync('bug');
  const [first, second] = await jobPods(api);
  await finishPod(api, first!, 42);
  const failing = await sync('bug');
  const message = `Container pi for pod default/${first!.metadata.name} failed with exit code 42 matching FailJob rule at index 0`;
  const at = rfc3339(start);
  assert.deepEqual(failing.status.conditions, [{ type: 'FailureTarget', status: 'True', reason: 'PodFailurePolicy', message, lastProbeTime: at, lastTransitionTime: at }]);
  // The other pod is deleted (at once: no kubelet runs it here); the next sync makes the Job Failed.
  await assert.rejects(api.client.get(pods, 'default', second!.metadata.name!), isNotFound);
  const failed = await sync('bug');
  assert.deepEqual(failed.status.conditions.map((c: { type: string; reason: string; message: string }) => [c.type, c.reason, c.message]), [
    ['FailureTarget', 'PodFailurePolicy', message],
    ['Failed', 'PodFailurePolicy', message],
  ]);
  assert.deepEqual((await jobEvents(api, 'bug')).slice(-1), [`Warning PodFailurePolicy job-controller: ${message}`]);
});

test('a podFailurePolicy Ignore rule keeps the failure out of the backoffLimit count', async (t) => {
  const { api, sync } = await setup(t);
  const podFailurePolicy = { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [5] } }] };
  await api.client.create(jobs, 'default', jobManifest('flaky', { backoffLimit: 0, podFailurePolicy }));
  await sync('flaky');
  const [first] = await jobPods(api);
  await finishPod(api, first!, 5);
  const after = await sync('flaky');
  assert.equal(after.status.failed, undefined, 'not counted as failed');
  assert.equal(after.status.conditions, undefined, 'not past backoffLimit 0');
  api.clock.step(10_000);
  await sync('flaky');
  assert.equal((await jobPods(api)).length, 2, 'a replacement pod');
});

test('an Indexed Job whose successPolicy is met succeeds early and its other pods are stopped', async (t) => {
  const { api, sync } = await setup(t);
  const successPolicy = { rules: [{ succeededIndexes: '0-2', succeededCount: 1 }] };
  await api.client.create(jobs, 'default', jobManifest('leader', { completions: 3, parallelism: 3, completionMode: 'Indexed', successPolicy }));
  await sync('leader');
  const created = await jobPods(api);
  const index = (p: KubeObject) => p.metadata.annotations!['batch.kubernetes.io/job-completion-index'];
  await finishPod(api, created.find((p) => index(p) === '1')!, 0);
  const met = await sync('leader');
  const at = rfc3339(start);
  const condition = { status: 'True', reason: 'SuccessPolicy', message: 'Matched rules at index 0', lastProbeTime: at, lastTransitionTime: at };
  assert.deepEqual(met.status.conditions, [{ type: 'SuccessCriteriaMet', ...condition }]);
  // The pods of indexes 0 and 2 are deleted (at once here: no kubelet); then the Job is Complete.
  await waitFor(async () => (await jobPods(api)).length === 1, { what: 'the two running pods to go' });
  const complete = await sync('leader');
  assert.deepEqual(complete.status.conditions, [{ type: 'SuccessCriteriaMet', ...condition }, { type: 'Complete', ...condition }]);
  assert.deepEqual({ succeeded: complete.status.succeeded, completedIndexes: complete.status.completedIndexes, failed: complete.status.failed }, { succeeded: 1, completedIndexes: '1', failed: undefined });
  assert.deepEqual((await jobEvents(api, 'leader')).slice(-1), ['Normal Completed job-controller: Job completed']);
});
