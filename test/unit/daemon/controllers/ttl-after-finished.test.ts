import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNotFound } from '../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { rfc3339 } from '../../../../shared/clock.js';
import { TTLAfterFinishedController } from '../../../../daemon/controllers/ttl-after-finished.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const jobs = { group: 'batch', version: 'v1', resource: 'jobs' };

async function setUp(t: Parameters<typeof startApi>[0]): Promise<{ api: TestApi; controller: TTLAfterFinishedController }> {
  // With the garbage collector on, a foreground deletion leaves the Job Terminating, as in a cluster.
  const api = await startApi(t, { gc: true });
  const controller = TTLAfterFinishedController.fromContext(api);
  await api.syncInformers();
  return { api, controller };
}

async function createJob(api: TestApi, name: string, ttl?: number): Promise<KubeObject> {
  return api.client.create(jobs, 'default', {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { ...(ttl === undefined ? {} : { ttlSecondsAfterFinished: ttl }), template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
  });
}

/** What the job controller writes when the Job's only pod has succeeded. */
async function complete(api: TestApi, name: string): Promise<void> {
  const now = rfc3339(api.clock.now());
  const job = await api.client.get(jobs, 'default', name);
  const condition = (type: string) => ({ type, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' });
  job.status = { startTime: now, completionTime: now, succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {}, conditions: [condition('SuccessCriteriaMet'), condition('Complete')] };
  const updated = await api.client.update(jobs, job, { subresource: 'status' });
  await waitFor(() => api.informers.informerFor(jobs).get(`default/${name}`)?.metadata.resourceVersion === updated.metadata.resourceVersion, { what: `${name} complete in the cache` });
}

test('a finished Job is deleted in the foreground once ttlSecondsAfterFinished has passed', async (t) => {
  const { api, controller } = await setUp(t);
  await createJob(api, 'pi', 100);
  await complete(api, 'pi');

  api.clock.step(99_000);
  await controller.sync('default/pi');
  const kept = await api.client.get(jobs, 'default', 'pi');
  assert.equal(kept.metadata.deletionTimestamp, undefined, 'one second before the TTL the Job is still there');

  api.clock.step(1_000);
  await controller.sync('default/pi');
  // Foreground: the Job waits, Terminating, for the garbage collector to delete its pods first.
  const deleting = await api.client.get(jobs, 'default', 'pi');
  assert.ok(deleting.metadata.deletionTimestamp);
  assert.deepEqual(deleting.metadata.finalizers, ['foregroundDeletion']);
});

test('the Job is requeued for the moment its TTL runs out', async (t) => {
  const { api, controller } = await setUp(t);
  await createJob(api, 'pi', 5);
  await complete(api, 'pi');
  // Take the key the update handler queued, as a worker would.
  const key = await controller.queue.get();
  await controller.sync(key!);
  controller.queue.done(key!);
  assert.equal(controller.queue.len(), 0);
  api.clock.step(4_999);
  assert.equal(controller.queue.len(), 0);
  api.clock.step(1);
  assert.equal(controller.queue.len(), 1, 'the key is back in the queue after 5 s');
});

test('ttlSecondsAfterFinished: 0 deletes the Job as soon as it finishes', async (t) => {
  const { api, controller } = await setUp(t);
  await createJob(api, 'now', 0);
  await complete(api, 'now');
  await controller.sync('default/now');
  const deleting = await api.client.get(jobs, 'default', 'now').catch((err) => (isNotFound(err) ? undefined : Promise.reject(err)));
  assert.ok(deleting === undefined || deleting.metadata.deletionTimestamp);
});

test('Jobs without a TTL, and unfinished ones, are left alone', async (t) => {
  const { api, controller } = await setUp(t);
  await createJob(api, 'no-ttl');
  await complete(api, 'no-ttl');
  await createJob(api, 'running', 1);
  api.clock.step(3_600_000);
  await controller.sync('default/no-ttl');
  await controller.sync('default/running');
  for (const name of ['no-ttl', 'running']) assert.equal((await api.client.get(jobs, 'default', name)).metadata.deletionTimestamp, undefined, name);
});
