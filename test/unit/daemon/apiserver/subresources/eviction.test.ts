import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNotFound, StatusError } from '../../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { startApi, type TestApi } from '../../../../helpers/api.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const budgets = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' };

async function runningPod(api: TestApi, name: string, ready = true): Promise<void> {
  await api.client.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'web' } }, spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'nginx' }] } });
  const pod = await api.client.get(pods, 'default', name);
  pod.status = { ...pod.status, phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' }] };
  await api.client.update(pods, pod, { subresource: 'status' });
}

/** A budget whose status the disruption controller would have written. */
async function budget(api: TestApi, status: { currentHealthy: number; desiredHealthy: number; disruptionsAllowed: number }): Promise<void> {
  await api.client.create(budgets, 'default', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web-pdb' }, spec: { minAvailable: status.desiredHealthy, selector: { matchLabels: { app: 'web' } } } });
  const pdb = await api.client.get(budgets, 'default', 'web-pdb');
  pdb.status = { ...status, expectedPods: 3, observedGeneration: 1, conditions: [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 1, lastTransitionTime: '2026-01-01T00:00:00Z' }] };
  await api.client.update(budgets, pdb, { subresource: 'status' });
}

function evict(api: TestApi, name: string): Promise<unknown> {
  return api.client.createSubresource(pods, 'default', name, 'eviction', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } });
}

test('without a budget the pod is marked DisruptionTarget and deleted gracefully', async (t) => {
  const api = await startApi(t);
  await runningPod(api, 'web-1');
  assert.deepEqual(await evict(api, 'web-1'), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
  const pod = await api.client.get(pods, 'default', 'web-1');
  assert.equal(pod.metadata.deletionTimestamp, '2026-01-01T00:00:30Z');
  assert.deepEqual(pod.status.conditions.find((c: { type: string }) => c.type === 'DisruptionTarget'), {
    type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z',
  });
});

test('a budget with a disruption to spare gives it up and records the pod', async (t) => {
  const api = await startApi(t);
  await runningPod(api, 'web-1');
  await budget(api, { currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 });
  await evict(api, 'web-1');
  const status = (await api.client.get(budgets, 'default', 'web-pdb')).status;
  assert.equal(status.disruptionsAllowed, 0);
  assert.deepEqual(status.disruptedPods, { 'web-1': '2026-01-01T00:00:00Z' });
  assert.deepEqual(status.conditions.map((c: { status: string; reason: string }) => `${c.status} ${c.reason}`), ['False InsufficientPods']);
  assert.ok((await api.client.get(pods, 'default', 'web-1')).metadata.deletionTimestamp);
});

test('a budget with no disruption left refuses with 429 and the DisruptionBudget cause', async (t) => {
  const api = await startApi(t);
  await runningPod(api, 'web-1');
  await budget(api, { currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 });
  const err = await evict(api, 'web-1').then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof StatusError);
  assert.deepEqual(err.status, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 429, reason: 'TooManyRequests',
    message: "Cannot evict pod as it would violate the pod's disruption budget.",
    details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently' }] },
  });
  assert.equal((await api.client.get(pods, 'default', 'web-1')).metadata.deletionTimestamp, undefined);
});

test('an unready pod goes when the budget is otherwise met, without spending a disruption', async (t) => {
  const api = await startApi(t);
  await runningPod(api, 'web-1', false);
  await budget(api, { currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 });
  await evict(api, 'web-1');
  assert.ok((await api.client.get(pods, 'default', 'web-1')).metadata.deletionTimestamp);
  assert.equal((await api.client.get(budgets, 'default', 'web-pdb')).status.disruptionsAllowed, 0);
});

test('a Pending pod is deleted at once whatever the budget says', async (t) => {
  const api = await startApi(t);
  await api.client.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'waiting', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } as KubeObject);
  await budget(api, { currentHealthy: 0, desiredHealthy: 2, disruptionsAllowed: 0 });
  await evict(api, 'waiting');
  await assert.rejects(api.client.get(pods, 'default', 'waiting'), isNotFound);
});

test('a budget whose spec changed since its status was written answers "still being processed"', async (t) => {
  const api = await startApi(t);
  await runningPod(api, 'web-1');
  await budget(api, { currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 });
  const pdb = await api.client.get(budgets, 'default', 'web-pdb');
  await api.client.update(budgets, { ...pdb, spec: { ...pdb.spec, minAvailable: 1 } });
  const err = await evict(api, 'web-1').then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof StatusError);
  assert.equal(err.status.code, 429);
  assert.deepEqual(err.status.details, { retryAfterSeconds: 10, causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web-pdb is still being processed by the server.' }] });
});

test('the Eviction must name the pod of the URL', async (t) => {
  const api = await startApi(t);
  await runningPod(api, 'web-1');
  await assert.rejects(api.client.createSubresource(pods, 'default', 'web-1', 'eviction', { metadata: { name: 'other' } }), /name in URL does not match name in Eviction object/);
});
