import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { daemonSetCounts, nextDaemonSetStatus, podsShouldBeOnNode, rollingUpdatePlan, rolloutLimits } from '../../../../daemon/controllers/daemonset-rollout.js';

const now = Date.UTC(2026, 0, 1, 12);

function node(name: string): KubeObject {
  return { metadata: { name }, spec: {} };
}

function ds(rollingUpdate: Record<string, unknown> = { maxUnavailable: 1, maxSurge: 0 }): KubeObject {
  return {
    metadata: { name: 'logs', namespace: 'default', generation: 2, annotations: { 'deprecated.daemonset.template.generation': '2' } },
    spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate }, template: { spec: {} } },
    status: { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 },
  };
}

/** A pod on a node at a revision; `ready` pods became Ready an hour ago. */
function pod(name: string, nodeName: string, hash: string, ready: boolean, created = '2026-01-01T10:00:00Z'): KubeObject {
  const conditions = [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2026-01-01T11:00:00Z' }];
  return { metadata: { name, creationTimestamp: created, labels: { 'controller-revision-hash': hash } }, spec: { nodeName }, status: { phase: 'Running', conditions } };
}

test('maxSurge rounds percentages up; both zero falls back to one unavailable', () => {
  assert.deepEqual(rolloutLimits(ds({ maxUnavailable: '25%', maxSurge: 0 }), 5), { maxSurge: 0, maxUnavailable: 2 });
  assert.deepEqual(rolloutLimits(ds({ maxUnavailable: 0, maxSurge: '10%' }), 5), { maxSurge: 1, maxUnavailable: 0 });
  assert.deepEqual(rolloutLimits(ds({ maxUnavailable: 0, maxSurge: 0 }), 5), { maxSurge: 0, maxUnavailable: 1 });
  assert.deepEqual(rolloutLimits({ metadata: {}, spec: { updateStrategy: { type: 'OnDelete' } } }, 5), { maxSurge: 0, maxUnavailable: 0 });
});

const plans: { name: string; given: { rollingUpdate?: Record<string, unknown>; pods: KubeObject[] }; want: { deletePods: string[]; createOn: string[] } }[] = [
  {
    name: 'deletes one available old pod at a time',
    given: { pods: [pod('a', 'n1', 'old', true), pod('b', 'n2', 'old', true), pod('c', 'n3', 'old', true)] },
    want: { deletePods: ['a'], createOn: [] },
  },
  {
    name: 'waits while an updated pod is not yet available',
    given: { pods: [pod('a', 'n1', 'new', false), pod('b', 'n2', 'old', true), pod('c', 'n3', 'old', true)] },
    want: { deletePods: [], createOn: [] },
  },
  {
    name: 'replaces unavailable old pods at once, whatever the budget',
    given: { pods: [pod('a', 'n1', 'old', false), pod('b', 'n2', 'old', false), pod('c', 'n3', 'new', true)] },
    want: { deletePods: ['a', 'b'], createOn: [] },
  },
  {
    name: 'with maxSurge starts a new pod beside an old one first',
    given: { rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }, pods: [pod('a', 'n1', 'old', true), pod('b', 'n2', 'old', true), pod('c', 'n3', 'old', true)] },
    want: { deletePods: [], createOn: ['n1'] },
  },
  {
    name: 'with maxSurge deletes the old pod once its replacement is available',
    given: { rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }, pods: [pod('a', 'n1', 'old', true), pod('a2', 'n1', 'new', true), pod('b', 'n2', 'old', true), pod('c', 'n3', 'old', true)] },
    want: { deletePods: ['a'], createOn: ['n2'] },
  },
];

for (const { name, given, want } of plans) {
  test(`rollingUpdatePlan ${name}`, () => {
    const byNode = new Map<string, KubeObject[]>();
    for (const p of given.pods) byNode.set(p.spec.nodeName, [...(byNode.get(p.spec.nodeName) ?? []), p]);
    assert.deepEqual(rollingUpdatePlan(ds(given.rollingUpdate), [node('n1'), node('n2'), node('n3')], byNode, 'new', now), want);
  });
}

test('without surge, extra pods on a node go and the oldest stays; finished pods are replaced', () => {
  const older = pod('older', 'n1', 'new', true, '2026-01-01T09:00:00Z');
  const newer = pod('newer', 'n1', 'new', true);
  const events: string[] = [];
  const actions = podsShouldBeOnNode(node('n1'), [newer, older], ds(), 'new', now, () => true, (p) => events.push(p.metadata.name!));
  assert.deepEqual(actions.deletePods.map((p) => p.metadata.name), ['newer']);
  const done = { ...pod('done', 'n1', 'new', false), status: { phase: 'Succeeded' } };
  const after = podsShouldBeOnNode(node('n1'), [done], ds(), 'new', now, () => true, (p) => events.push(p.metadata.name!));
  assert.deepEqual([after.deletePods.map((p) => p.metadata.name), events], [['done'], ['done']]);
});

test('counts each node once, by its oldest pod, and pods where they should not be as misscheduled', () => {
  const tainted: KubeObject = { metadata: { name: 'n3' }, spec: { taints: [{ key: 'x', effect: 'NoExecute' }] } };
  const byNode = new Map([
    ['n1', [pod('a', 'n1', 'new', true)]],
    ['n2', [pod('b', 'n2', 'old', false)]],
    ['n3', [pod('c', 'n3', 'new', true)]],
  ]);
  const counts = daemonSetCounts(ds(), [node('n1'), node('n2'), tainted], byNode, 'new', now);
  assert.deepEqual(counts, { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 1, numberReady: 1, updatedNumberScheduled: 1, numberAvailable: 1, numberUnavailable: 1 });
  assert.deepEqual(Object.keys(nextDaemonSetStatus(ds(), counts, true)!), ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady', 'observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable']);
});
