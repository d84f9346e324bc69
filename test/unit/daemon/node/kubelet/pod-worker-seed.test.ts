import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { seedContainerRecords } from '../../../../../daemon/node/kubelet/pod-worker-seed.js';

const id = `containerd://${'ab'.repeat(32)}`;
const pod: KubeObject = {
  metadata: { name: 'web', namespace: 'default', uid: 'u1' },
  spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
  status: {
    phase: 'Running',
    containerStatuses: [{ name: 'nginx', ready: true, started: true, restartCount: 2, containerID: id, image: 'docker.io/library/nginx:latest', imageID: 'x', state: { running: { startedAt: '2026-01-01T00:00:10Z' } } }],
  },
};
const now = Date.UTC(2026, 0, 1, 0, 5);

test('after a reboot a container the status shows running has exited as containerd reports it: exit 255, Unknown', () => {
  const record = seedContainerRecords(pod, now).get('nginx')!;
  assert.equal(record.restartCount, 2);
  assert.deepEqual(record.current?.exit, { exitCode: 255, reason: 'Unknown', finishedAt: now });
  assert.equal(record.readinessSucceeded, false);
});

test('after a kubelet restart it is adopted: same ID, start time, restart count and readiness, still running', () => {
  const record = seedContainerRecords(pod, now, true).get('nginx')!;
  assert.deepEqual([record.current?.id, record.current?.startedAt, record.current?.exit, record.current?.adopted], [id, Date.UTC(2026, 0, 1, 0, 0, 10), undefined, true]);
  assert.deepEqual([record.restartCount, record.readinessSucceeded, record.startupSucceeded], [2, true, true]);
});
