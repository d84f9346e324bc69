import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Status } from '../../../../daemon/scheduler/framework.js';
import { fitErrorMessage, scheduledMessage, truncateNote } from '../../../../daemon/scheduler/messages.js';

const status = (...reasons: string[]): Status => ({ code: 'Unschedulable', reasons });

test('FitError counts each reason and sorts the counted strings byte-wise', () => {
  const nodeToStatus = new Map<string, Status>([
    ['a', status("node(s) didn't match Pod's node affinity/selector")],
    ['b', status('Insufficient cpu', 'Insufficient memory')],
    ['c', status('Insufficient memory')],
    ['d', status('node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }')],
  ]);
  assert.equal(
    fitErrorMessage(4, { nodeToStatus }),
    "0/4 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory.",
  );
});

test('nodes without their own status count under the absent-nodes status', () => {
  const nodeToStatus = new Map<string, Status>([['node1', status('Insufficient cpu')]]);
  const absentNodesStatus = { code: 'UnschedulableAndUnresolvable' as const, reasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"] };
  assert.equal(fitErrorMessage(4, { nodeToStatus, absentNodesStatus }), "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity].");
});

test('a PreFilter rejection replaces the per-node reasons; the preemption text follows', () => {
  assert.equal(
    fitErrorMessage(3, { nodeToStatus: new Map(), preFilterMessage: 'pod affinity terms conflict' }, 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.'),
    '0/3 nodes are available: pod affinity terms conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
  );
});

test('event notes over 1024 characters end in " ..."', () => {
  const long = 'x'.repeat(1100);
  assert.equal(truncateNote(long), `${'x'.repeat(1020)} ...`);
  assert.equal(truncateNote('short'), 'short');
  assert.equal(scheduledMessage('default', 'web', 'node2'), 'Successfully assigned default/web to node2');
});
