import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { podsToDelete } from '../../../../daemon/controllers/pods-to-delete.js';

const now = Date.UTC(2026, 0, 1, 12, 0, 0);
const ago = (seconds: number): string => new Date(now - seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

interface PodShape {
  node?: string;
  phase?: string;
  readyFor?: number;
  restarts?: number;
  age?: number;
  cost?: string;
  uid?: string;
}

function pod(name: string, shape: PodShape = {}): KubeObject {
  const { node = 'node1', phase = 'Running', readyFor, restarts = 0, age = 3600, cost, uid = name } = shape;
  const conditions = readyFor === undefined ? [] : [{ type: 'Ready', status: 'True', lastTransitionTime: ago(readyFor) }];
  return {
    metadata: { name, uid, creationTimestamp: ago(age), annotations: cost === undefined ? {} : { 'controller.kubernetes.io/pod-deletion-cost': cost } },
    spec: { nodeName: node || undefined },
    status: { phase, conditions, containerStatuses: [{ name: 'c', restartCount: restarts }] },
  };
}

const cases: { name: string; given: KubeObject[]; related?: KubeObject[]; want: string }[] = [
  { name: 'deletes an unscheduled pod before a scheduled one', given: [pod('scheduled', { phase: 'Pending' }), pod('unscheduled', { node: '', phase: 'Pending' })], want: 'unscheduled' },
  { name: 'deletes a pending pod before a running one', given: [pod('running'), pod('pending', { phase: 'Pending' })], want: 'pending' },
  { name: 'deletes an unknown pod before a running one', given: [pod('running'), pod('unknown', { phase: 'Unknown' })], want: 'unknown' },
  { name: 'deletes not-ready pods before ready ones', given: [pod('ready', { readyFor: 60 }), pod('not-ready')], want: 'not-ready' },
  { name: 'deletes the pod with the lower pod-deletion-cost first', given: [pod('cheap', { cost: '-5', readyFor: 60 }), pod('dear', { cost: '10', readyFor: 60 })], want: 'cheap' },
  { name: 'treats an invalid pod-deletion-cost as 0', given: [pod('invalid', { cost: '+10', readyFor: 60 }), pod('one', { cost: '1', readyFor: 60 })], want: 'invalid' },
  {
    name: 'deletes a pod doubled up on a node with its siblings first',
    given: [pod('alone', { node: 'node1', readyFor: 60 }), pod('crowded', { node: 'node2', readyFor: 60 })],
    related: [pod('alone', { node: 'node1' }), pod('crowded', { node: 'node2' }), pod('sibling', { node: 'node2' })],
    want: 'crowded',
  },
  { name: 'deletes the pod ready for a shorter time first', given: [pod('long', { readyFor: 3000 }), pod('short', { readyFor: 30 })], want: 'short' },
  { name: 'deletes the pod with more restarts first', given: [pod('steady', { restarts: 0 }), pod('crashy', { restarts: 4 })], want: 'crashy' },
  { name: 'deletes the newer pod first', given: [pod('old', { age: 7200 }), pod('new', { age: 60 })], want: 'new' },
  // 100 s and 120 s old fall in the same power-of-two bucket of nanoseconds: the UID decides.
  { name: 'breaks a tie between pods of about the same age by UID', given: [pod('b-newer', { age: 100, uid: 'b' }), pod('a-older', { age: 120, uid: 'a' })], want: 'a-older' },
];

for (const { name, given, related, want } of cases) {
  test(name, () => {
    for (const order of [given, [...given].reverse()]) {
      assert.deepEqual(podsToDelete(order, related ?? [], 1, now).map((p) => p.metadata.name), [want]);
    }
  });
}

test('ranks by the first rule that differs: unscheduled, then phase, then readiness, then age', () => {
  const given = [pod('ready-old', { readyFor: 900, age: 9000 }), pod('running-not-ready'), pod('pending', { phase: 'Pending' }), pod('unscheduled', { node: '', phase: 'Pending' })];
  assert.deepEqual(podsToDelete(given, [], 3, now).map((p) => p.metadata.name), ['unscheduled', 'pending', 'running-not-ready']);
});

test('returns every pod unsorted when all are to go', () => {
  const given = [pod('a'), pod('b')];
  assert.deepEqual(podsToDelete(given, [], 2, now).map((p) => p.metadata.name), ['a', 'b']);
});
