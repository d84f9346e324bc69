import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { podInfoOf, type PodInfo } from '../../../../../daemon/scheduler/pod-info.js';
import { moreImportantPod, pickOneNodeForPreemption, podsWithPDBViolation, type Candidate } from '../../../../../daemon/scheduler/plugins/preemption-candidates.js';

function pod(name: string, priority: number, startTime?: string, labels: Record<string, string> = {}): PodInfo {
  const obj: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels }, spec: { priority, containers: [] }, status: startTime ? { startTime } : {} };
  return podInfoOf(obj);
}
const names = (pods: readonly PodInfo[]): string[] => pods.map((p) => p.pod.metadata.name!);

test('MoreImportantPod: priority first, then the earlier start; a pod not started yet counts as now', () => {
  assert.equal(moreImportantPod(pod('a', 10), pod('b', 5)), true);
  assert.equal(moreImportantPod(pod('a', 5, '2026-01-01T00:00:00Z'), pod('b', 5, '2026-01-01T00:00:01Z')), true);
  assert.equal(moreImportantPod(pod('a', 5), pod('b', 5, '2026-01-01T00:00:01Z')), false);
});

test('each pod a budget selects uses one allowed disruption; the ones beyond it would violate it', () => {
  const budget: KubeObject = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } } }, status: { disruptionsAllowed: 1 } };
  const empty: KubeObject = { ...budget, metadata: { name: 'all', namespace: 'default' }, spec: { selector: {} }, status: { disruptionsAllowed: 0 } };
  const pods = [pod('w1', 0, undefined, { app: 'web' }), pod('w2', 0, undefined, { app: 'web' }), pod('other', 0, undefined, { app: 'db' }), pod('bare', 0)];
  const { violating, nonViolating } = podsWithPDBViolation(pods, [budget, empty]);
  assert.deepEqual([names(violating), names(nonViolating)], [['w2'], ['w1', 'other', 'bare']]);
});

test('pickOneNodeForPreemption: the latest start among the most important victims decides a tie', () => {
  const candidate = (nodeName: string, pods: PodInfo[]): Candidate => ({ nodeName, victims: { pods, numPDBViolations: 0 } });
  const early = candidate('node1', [pod('a', 5, '2026-01-01T01:00:00Z'), pod('b', 1, '2026-01-01T03:00:00Z')]);
  const late = candidate('node2', [pod('c', 5, '2026-01-01T02:00:00Z'), pod('d', 1, '2026-01-01T00:00:00Z')]);
  assert.equal(pickOneNodeForPreemption([early, late]).nodeName, 'node2');
  // All equal: the first candidate.
  assert.equal(pickOneNodeForPreemption([late, candidate('node3', [pod('e', 5, '2026-01-01T02:00:00Z'), pod('f', 1)])]).nodeName, 'node2');
});
