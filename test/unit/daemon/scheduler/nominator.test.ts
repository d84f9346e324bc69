import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { Nominator } from '../../../../daemon/scheduler/nominator.js';
import { podInfoOf } from '../../../../daemon/scheduler/pod-info.js';

function pod(name: string, nominatedNodeName?: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: name }, spec: { containers: [] }, status: nominatedNodeName ? { nominatedNodeName } : {} };
}
const names = (n: Nominator, node: string): string[] => n.nominatedPodsForNode(node).map((p) => p.pod.metadata.name!);

test('a nomination comes from the status or from a preemption, and follows updates', () => {
  const n = new Nominator();
  n.add(podInfoOf(pod('a', 'node1')));
  n.add(podInfoOf(pod('b')));
  assert.deepEqual([names(n, 'node1'), n.size], [['a'], 1]);
  // A preemption nominates b in memory before its status says so…
  n.add(podInfoOf(pod('b')), 'node2');
  // …and an update whose status has no nomination yet keeps it.
  n.update(pod('b'), podInfoOf(pod('b')));
  assert.deepEqual(names(n, 'node2'), ['b']);
  // A status that drops the nomination wins.
  n.update(pod('a', 'node1'), podInfoOf(pod('a')));
  assert.deepEqual([names(n, 'node1'), n.nominatedNodeOf('default/a')], [[], undefined]);
  n.delete('default/b');
  assert.equal(n.size, 0);
});
