// Graceful pod deletion as a v1.32 apiserver's BeforeDelete does it, through the in-process client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { isNotFound } from '../../../../../shared/api/errors.js';
import { startApi } from '../../../../helpers/api.js';

const pods = { group: '', version: 'v1', resource: 'pods' };

const jobPod = (): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'onfail-x8k2p', finalizers: ['batch.kubernetes.io/job-tracking'] },
  spec: { nodeName: 'node1', restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] },
});

test('the kubelet\'s grace-0 delete of a terminating pod that has turned Failed shortens its grace period', async (t) => {
  const api = await startApi(t);
  await api.client.create(pods, 'default', jobPod());
  // The job controller deletes the running pod (BackoffLimitExceeded): 30 s of grace.
  const first = await api.client.delete(pods, 'default', 'onfail-x8k2p');
  assert.equal(first.metadata.deletionGracePeriodSeconds, 30);
  // The kubelet stops it and writes the terminal phase ...
  const stopped = await api.client.get(pods, 'default', 'onfail-x8k2p');
  await api.client.update(pods, { ...stopped, status: { ...stopped.status, phase: 'Failed' } }, { subresource: 'status' });
  // ... then deletes it for good, while the Job's tracking finalizer is still on it.
  const last = await api.client.delete(pods, 'default', 'onfail-x8k2p', { gracePeriodSeconds: 0, preconditions: { uid: first.metadata.uid } });
  assert.equal(last.metadata.deletionGracePeriodSeconds, 0);
  assert.equal(last.metadata.deletionTimestamp, '2026-01-01T00:00:00Z');
  // The job controller counts it and drops the finalizer: the pod is gone, as on a real cluster.
  await api.client.patch(pods, 'default', 'onfail-x8k2p', 'merge', { metadata: { finalizers: null } });
  await assert.rejects(api.client.get(pods, 'default', 'onfail-x8k2p'), isNotFound);
});

test('a second delete of a terminated pod without a shorter grace period changes nothing', async (t) => {
  const api = await startApi(t);
  await api.client.create(pods, 'default', jobPod());
  const first = await api.client.delete(pods, 'default', 'onfail-x8k2p');
  const stopped = await api.client.get(pods, 'default', 'onfail-x8k2p');
  await api.client.update(pods, { ...stopped, status: { ...stopped.status, phase: 'Failed' } }, { subresource: 'status' });
  const again = await api.client.delete(pods, 'default', 'onfail-x8k2p');
  assert.equal(again.metadata.deletionGracePeriodSeconds, 30);
  assert.equal(again.metadata.deletionTimestamp, first.metadata.deletionTimestamp);
});

test('a terminated pod deleted for the first time goes at once, finalizers aside', async (t) => {
  const api = await startApi(t);
  await api.client.create(pods, 'default', { ...jobPod(), metadata: { name: 'done' } });
  const created = await api.client.get(pods, 'default', 'done');
  await api.client.update(pods, { ...created, status: { ...created.status, phase: 'Succeeded' } }, { subresource: 'status' });
  await api.client.delete(pods, 'default', 'done');
  await assert.rejects(api.client.get(pods, 'default', 'done'), isNotFound);
});

test('a second delete that names no grace period leaves a longer pending one as it is', async (t) => {
  const api = await startApi(t);
  await api.client.create(pods, 'default', jobPod());
  // `kubectl delete pod --grace-period=120`, then a plain `kubectl delete pod` (no gracePeriodSeconds sent).
  const first = await api.client.delete(pods, 'default', 'onfail-x8k2p', { gracePeriodSeconds: 120 });
  assert.equal(first.metadata.deletionTimestamp, '2026-01-01T00:02:00Z');
  const again = await api.client.delete(pods, 'default', 'onfail-x8k2p');
  assert.equal(again.metadata.deletionGracePeriodSeconds, 120);
  assert.equal(again.metadata.deletionTimestamp, '2026-01-01T00:02:00Z');
});
