import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { nodeSchedulingChanges } from '../../../../daemon/scheduler/cluster-events.js';
import { nodeObject } from '../../../helpers/nodes.js';

function changed(edit: (node: KubeObject) => void): string[] {
  const before = nodeObject('node1');
  const after = structuredClone(before);
  edit(after);
  return [...nodeSchedulingChanges(before, after)].sort();
}

test('which node updates can matter to scheduling', () => {
  const cases: { name: string; given: (node: KubeObject) => void; want: string[] }[] = [
    { name: 'a heartbeat alone changes nothing', given: (n) => (n.status.conditions[0].lastHeartbeatTime = '2026-01-01T00:05:00Z'), want: [] },
    { name: 'a cordon counts as a taint change', given: (n) => (n.spec.unschedulable = true), want: ['Taint'] },
    { name: 'a new taint', given: (n) => (n.spec.taints = [{ key: 'k', effect: 'NoSchedule' }]), want: ['Taint'] },
    { name: 'a new label', given: (n) => (n.metadata.labels = { ...n.metadata.labels, disk: 'ssd' }), want: ['Label'] },
    { name: 'more allocatable cpu', given: (n) => (n.status.allocatable = { ...n.status.allocatable, cpu: '4' }), want: ['Allocatable'] },
    { name: 'the node turning NotReady', given: (n) => (n.status.conditions[0].status = 'False'), want: ['Condition'] },
  ];
  for (const c of cases) assert.deepEqual(changed(c.given), c.want, c.name);
});
