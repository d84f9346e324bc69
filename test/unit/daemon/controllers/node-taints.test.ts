import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { reconcileTaints } from '../../../../daemon/controllers/node-taints.js';

const now = Date.UTC(2026, 0, 1, 0, 1);
const userTaint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };
const old = '2026-01-01T00:00:00Z';

function node(ready: string | undefined, taints: object[] = [], unschedulable = false): KubeObject {
  const conditions = ready ? [{ type: 'Ready', status: ready }] : [];
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node1' }, spec: { taints, unschedulable }, status: { conditions } } as KubeObject;
}

test('reconcileTaints', () => {
  const cases: { name: string; given: KubeObject; want: object[] | undefined }[] = [
    { name: 'a Ready node with only a user taint needs no change', given: node('True', [userTaint]), want: undefined },
    {
      name: 'a node reporting Ready=False gets the not-ready taints after the user one',
      given: node('False', [userTaint]),
      want: [userTaint, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: '2026-01-01T00:01:00Z' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: '2026-01-01T00:01:00Z' }],
    },
    {
      name: 'an Unknown node swaps not-ready for unreachable',
      given: node('Unknown', [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: old }]),
      want: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: '2026-01-01T00:01:00Z' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:01:00Z' }],
    },
    {
      name: 'taints already present keep their timeAdded',
      given: node('Unknown', [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: old }]),
      want: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: old }, { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: '2026-01-01T00:01:00Z' }],
    },
    { name: 'a cordoned node gets the unschedulable taint', given: node('True', [], true), want: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: '2026-01-01T00:01:00Z' }] },
    { name: 'an uncordoned node loses it and keeps the user taint', given: node('True', [userTaint, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: old }]), want: [userTaint] },
  ];
  for (const c of cases) assert.deepEqual(reconcileTaints(c.given, now), c.want, c.name);
});

test('reconcileTaints while evictions are held or stopped (zone disruption)', () => {
  const cases: { name: string; given: KubeObject; mode: 'held' | 'stopped'; want: object[] | undefined }[] = [
    {
      name: 'held: an Unknown node gets the unreachable NoSchedule taint but not yet the NoExecute one',
      given: node('Unknown'), mode: 'held',
      want: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: '2026-01-01T00:01:00Z' }],
    },
    {
      name: 'held: a NoExecute taint already there stays',
      given: node('Unknown', [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: old }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: old }]), mode: 'held',
      want: undefined,
    },
    {
      name: 'held: not-ready still swaps for unreachable at once',
      given: node('Unknown', [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: old }]), mode: 'held',
      want: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: '2026-01-01T00:01:00Z' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:01:00Z' }],
    },
    {
      name: 'stopped: the NoExecute taint comes off, the NoSchedule one stays',
      given: node('Unknown', [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: old }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: old }]), mode: 'stopped',
      want: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: old }],
    },
  ];
  for (const c of cases) assert.deepEqual(reconcileTaints(c.given, now, c.mode), c.want, c.name);
});
