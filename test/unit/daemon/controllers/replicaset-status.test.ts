import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { calculateStatus, statusNeedsUpdate } from '../../../../daemon/controllers/replicaset-status.js';

const now = Date.UTC(2026, 0, 1, 12, 0, 0);
const ago = (seconds: number): string => new Date(now - seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

function replicaSet(status: Record<string, unknown> = { replicas: 0 }, replicas = 3): KubeObject {
  return {
    metadata: { name: 'web', generation: 2 },
    spec: { replicas, minReadySeconds: 30, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', tier: 'front' } } } },
    status,
  };
}

function pod(labels: Record<string, string>, readyFor?: number): KubeObject {
  const conditions = readyFor === undefined ? [] : [{ type: 'Ready', status: 'True', lastTransitionTime: ago(readyFor) }];
  return { metadata: { name: 'p', labels }, status: { phase: 'Running', conditions } };
}

test('counts all, fully labelled, ready and available (ready for minReadySeconds) pods', () => {
  const pods = [pod({ app: 'web', tier: 'front' }, 60), pod({ app: 'web', tier: 'front' }, 10), pod({ app: 'web' })];
  assert.deepEqual(calculateStatus(replicaSet(), pods, undefined, now), { replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1, observedGeneration: 2 });
});

test('leaves zero counts out, as the API does', () => {
  assert.deepEqual(calculateStatus(replicaSet(), [], undefined, now), { replicas: 0, observedGeneration: 2 });
});

const cases: { name: string; given: { status: Record<string, unknown>; pods: number; error?: string }; want: unknown }[] = [
  {
    name: 'adds ReplicaFailure with reason FailedCreate when a create failed',
    given: { status: { replicas: 1 }, pods: 1, error: 'pods "web-" is forbidden: exceeded quota' },
    want: [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2026-01-01T12:00:00Z', reason: 'FailedCreate', message: 'pods "web-" is forbidden: exceeded quota' }],
  },
  {
    name: 'adds ReplicaFailure with reason FailedDelete when a delete failed',
    given: { status: { replicas: 5 }, pods: 5, error: 'unable to delete pods: boom' },
    want: [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2026-01-01T12:00:00Z', reason: 'FailedDelete', message: 'unable to delete pods: boom' }],
  },
  {
    name: 'keeps the first failure message while failures go on',
    given: { status: { replicas: 1, conditions: [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: ago(60), reason: 'FailedCreate', message: 'first' }] }, pods: 1, error: 'second' },
    want: [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: ago(60), reason: 'FailedCreate', message: 'first' }],
  },
  {
    name: 'removes ReplicaFailure after a clean sync',
    given: { status: { replicas: 1, conditions: [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: ago(60), reason: 'FailedCreate', message: 'first' }] }, pods: 1 },
    want: undefined,
  },
];

for (const { name, given, want } of cases) {
  test(name, () => {
    const pods = Array.from({ length: given.pods }, () => pod({ app: 'web', tier: 'front' }));
    const status = calculateStatus(replicaSet(given.status), pods, given.error ? new Error(given.error) : undefined, now);
    assert.deepEqual(status.conditions, want);
  });
}

test('writes only when a count, the observed generation or the conditions changed', () => {
  const current = { replicas: 2, fullyLabeledReplicas: 2, observedGeneration: 2 };
  assert.equal(statusNeedsUpdate(replicaSet(current), { ...current }), false);
  assert.equal(statusNeedsUpdate(replicaSet(current), { ...current, readyReplicas: 1 }), true);
  assert.equal(statusNeedsUpdate(replicaSet({ ...current, observedGeneration: 1 }), { ...current }), true);
});
