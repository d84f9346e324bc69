// DefaultPreemption's decisions on a cache built by hand (no API): which pods a node gives up,
// which node is chosen, when a pod may not preempt, and the exact `preemption:` texts of v1.32.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { combineSelectors } from '../../../../../daemon/scheduler/default-selector.js';
import { fitErrorMessage } from '../../../../../daemon/scheduler/messages.js';
import { Nominator } from '../../../../../daemon/scheduler/nominator.js';
import { podInfoOf } from '../../../../../daemon/scheduler/pod-info.js';
import { preempt, selectVictimsOnNode, type PreemptionResult } from '../../../../../daemon/scheduler/plugins/default-preemption.js';
import { defaultProfile } from '../../../../../daemon/scheduler/profile.js';
import { SchedulerCache } from '../../../../../daemon/scheduler/scheduler-cache.js';
import { nodeObject } from '../../../../helpers/nodes.js';

let uid = 0;
interface PodOptions {
  node?: string;
  cpu?: string;
  priority?: number;
  labels?: Record<string, string>;
  startTime?: string;
  extra?: Record<string, unknown>;
  status?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

function pod(name: string, o: PodOptions = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${++uid}`, labels: o.labels ?? {}, ...o.metadata },
    spec: {
      schedulerName: 'default-scheduler',
      priority: o.priority ?? 0,
      preemptionPolicy: 'PreemptLowerPriority',
      ...(o.node ? { nodeName: o.node } : {}),
      containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: o.cpu ?? '100m' } } }],
      ...o.extra,
    },
    status: { ...(o.startTime ? { startTime: o.startTime } : {}), ...o.status },
  };
}

function pdb(name: string, matchLabels: Record<string, string>, disruptionsAllowed: number, disruptedPods: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec: { selector: { matchLabels } }, status: { disruptionsAllowed, disruptedPods } };
}

interface Given {
  workers?: string[];
  bound: KubeObject[];
  pod: KubeObject;
  pdbs?: KubeObject[];
  nominated?: { pod: KubeObject; node: string }[];
}

/** One failed cycle, then PostFilter; the node list starts with the tainted control plane. */
function run(given: Given): { result: PreemptionResult; message: string } {
  const cache = new SchedulerCache();
  cache.setNode(nodeObject('control-plane', { controlPlane: true }));
  for (const name of given.workers ?? ['node1', 'node2', 'node3']) cache.setNode(nodeObject(name));
  for (const bound of given.bound) cache.addPod(bound);
  const nominator = new Nominator();
  for (const { pod: p, node } of given.nominated ?? []) nominator.add(podInfoOf(p), node);
  const framework = defaultProfile({ defaultSelector: () => combineSelectors({}, []), random: () => 0 });
  const info = podInfoOf(given.pod);
  const scheduled = framework.schedulePod(info, cache, nominator);
  assert.equal(scheduled.type, 'NoFit', 'the pod must fail its cycle first');
  if (scheduled.type !== 'NoFit') throw new Error('unreachable');
  const result = preempt({ pod: info, diagnosis: scheduled.diagnosis, snapshot: cache, pdbs: given.pdbs ?? [], nominated: nominator, random: () => 0 });
  return { result, message: fitErrorMessage(scheduled.numAllNodes, scheduled.diagnosis, result.type === 'Preempt' ? undefined : result.message) };
}

function victimsOf(result: PreemptionResult): string {
  assert.equal(result.type, 'Preempt');
  if (result.type !== 'Preempt') return '';
  return `${result.nodeName}: ${result.victims.map((v) => v.pod.metadata.name).join(' ')}`;
}

const taint = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';

test('victims on one node: all lower-priority pods out, then back from the highest priority while the pod still fits', () => {
  // node1 has 2 cpu: a (600m, priority 100) + b (600m, 50) + c (200m, 10) leave 600m; the pod needs 1.
  const { result, message } = run({
    workers: ['node1'],
    bound: [pod('a', { node: 'node1', cpu: '600m', priority: 100 }), pod('b', { node: 'node1', cpu: '600m', priority: 50 }), pod('c', { node: 'node1', cpu: '200m', priority: 10 })],
    pod: pod('high', { cpu: '1', priority: 1000 }),
  });
  // a comes back (1.4 cpu left), b does not fit back (0.8 left), c does (1.2 left): only b goes.
  assert.equal(victimsOf(result), 'node1: b');
  assert.equal(message, `0/2 nodes are available: 1 Insufficient cpu, 1 ${taint}.`);
});

test('pods of the same or higher priority are never victims', () => {
  const cases: { name: string; given: Given; want: string }[] = [
    {
      name: 'every pod has the default priority',
      given: { bound: ['node1', 'node2', 'node3'].map((n) => pod(`low-${n}`, { node: n, cpu: '1500m' })), pod: pod('p', { cpu: '1' }) },
      want: `0/4 nodes are available: 1 ${taint}, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.`,
    },
    {
      name: 'the lower-priority pods are too small to make room',
      given: {
        bound: ['node1', 'node2', 'node3'].flatMap((n) => [pod(`same-${n}`, { node: n, cpu: '1500m', priority: 1000 }), pod(`low-${n}`, { node: n, cpu: '100m' })]),
        pod: pod('p', { cpu: '1', priority: 1000 }),
      },
      want: `0/4 nodes are available: 1 ${taint}, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 Insufficient cpu.`,
    },
    {
      name: 'preemptionPolicy Never',
      given: { bound: [pod('low', { node: 'node1', cpu: '1500m' })], workers: ['node1'], pod: pod('p', { cpu: '1', priority: 1000, extra: { preemptionPolicy: 'Never' } }) },
      want: `0/2 nodes are available: 1 Insufficient cpu, 1 ${taint}. preemption: not eligible due to preemptionPolicy=Never.`,
    },
  ];
  for (const c of cases) assert.equal(run(c.given).message, c.want, c.name);
});

test('PodDisruptionBudgets: protected pods are given back first', () => {
  const bound = [pod('web', { node: 'node1', cpu: '1', priority: 100, labels: { app: 'web' } }), pod('db', { node: 'node1', cpu: '1', priority: 50, labels: { app: 'db' } })];
  const high = pod('high', { cpu: '1', priority: 1000 });
  // Without a budget the higher-priority web pod is kept and db goes.
  assert.equal(victimsOf(run({ workers: ['node1'], bound, pod: high }).result), 'node1: db');
  // A budget that allows no disruption of db keeps db instead, and web goes.
  assert.equal(victimsOf(run({ workers: ['node1'], bound, pod: high, pdbs: [pdb('db', { app: 'db' }, 0)] }).result), 'node1: web');
  // A budget whose disruptedPods already lists db does not protect it.
  assert.equal(victimsOf(run({ workers: ['node1'], bound, pod: high, pdbs: [pdb('db', { app: 'db' }, 0, { db: '2026-01-01T00:00:00Z' })] }).result), 'node1: db');
});

test('the node: fewest PDB violations, lowest victim priority, smallest priority sum, fewest victims, latest start', () => {
  const cases: { name: string; bound: KubeObject[]; pdbs?: KubeObject[]; want: string }[] = [
    {
      name: 'a node whose victim is protected by a budget loses',
      bound: [pod('n1', { node: 'node1', cpu: '2', labels: { app: 'db' } }), pod('n2', { node: 'node2', cpu: '2', priority: 10 })],
      pdbs: [pdb('db', { app: 'db' }, 0)],
      want: 'node2: n2',
    },
    {
      name: 'the lowest highest-priority victim',
      bound: [pod('n1', { node: 'node1', cpu: '2', priority: 20 }), pod('n2', { node: 'node2', cpu: '2', priority: 10 })],
      want: 'node2: n2',
    },
    {
      name: 'the smallest sum of priorities',
      bound: [
        pod('n1-a', { node: 'node1', cpu: '1', priority: 10 }), pod('n1-b', { node: 'node1', cpu: '1', priority: 10 }),
        pod('n2-a', { node: 'node2', cpu: '1', priority: 10 }), pod('n2-b', { node: 'node2', cpu: '1', priority: 0 }),
      ],
      want: 'node2: n2-a n2-b',
    },
    {
      name: 'fewer victims (the shifted priority sum already prefers them)',
      bound: [
        pod('n1-a', { node: 'node1', cpu: '1', priority: -5 }), pod('n1-b', { node: 'node1', cpu: '1', priority: 5 }),
        pod('n2', { node: 'node2', cpu: '2', priority: 5 }),
      ],
      want: 'node2: n2',
    },
    {
      name: 'the latest start of the most important victims',
      bound: [pod('n1', { node: 'node1', cpu: '2', priority: 5, startTime: '2026-01-01T00:00:00Z' }), pod('n2', { node: 'node2', cpu: '2', priority: 5, startTime: '2026-01-01T01:00:00Z' })],
      want: 'node2: n2',
    },
  ];
  for (const c of cases) {
    const { result } = run({ workers: ['node1', 'node2'], bound: c.bound, pdbs: c.pdbs, pod: pod('high', { cpu: '2', priority: 1000 }) });
    assert.equal(victimsOf(result), c.want, c.name);
  }
});

test('a pod whose victims are still terminating on its nominated node waits for them', () => {
  const terminating = pod('victim', {
    node: 'node1',
    cpu: '2',
    metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' },
    status: { conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' }] },
  });
  const other = pod('other', { node: 'node2', cpu: '2' });
  const { result, message } = run({ workers: ['node1', 'node2'], bound: [terminating, other], pod: pod('high', { cpu: '2', priority: 1000, status: { nominatedNodeName: 'node1' } }) });
  assert.equal(result.type, 'NotEligible');
  assert.equal(message, `0/3 nodes are available: 1 ${taint}, 2 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node.`);
  // A pod being deleted for another reason does not hold the preemptor back.
  const deleted = { ...terminating, status: {} };
  assert.equal(victimsOf(run({ workers: ['node1', 'node2'], bound: [deleted, other], pod: pod('high', { cpu: '2', priority: 1000, status: { nominatedNodeName: 'node1' } }) }).result).startsWith('node'), true);
});

test('nominated pods keep their room from lower-priority pods, and lose it to a higher-priority preemptor', () => {
  const waiting = pod('waiting', { cpu: '1500m', priority: 500, status: { nominatedNodeName: 'node1' } });
  // A priority-0 pod that would fit node1 alone does not: the room is the nominated pod's.
  const cache = new SchedulerCache();
  cache.setNode(nodeObject('node1'));
  const nominator = new Nominator();
  nominator.add(podInfoOf(waiting));
  const framework = defaultProfile({ defaultSelector: () => combineSelectors({}, []) });
  const low = framework.schedulePod(podInfoOf(pod('low', { cpu: '1' })), cache, nominator);
  assert.equal(low.type === 'NoFit' && fitErrorMessage(low.numAllNodes, low.diagnosis), '0/1 nodes are available: 1 Insufficient cpu.');
  // A pod of higher priority ignores the nomination; it fits.
  assert.deepEqual(framework.schedulePod(podInfoOf(pod('higher', { cpu: '1', priority: 600 })), cache, nominator), { type: 'Scheduled', nodeName: 'node1', evaluatedNodes: 1, feasibleNodes: 1 });
  // A preemptor of higher priority evicts on node1 and takes the nomination from the waiting pod.
  const { result } = run({ workers: ['node1'], bound: [pod('busy', { node: 'node1', cpu: '2' })], pod: pod('high', { cpu: '1', priority: 1000 }), nominated: [{ pod: waiting, node: 'node1' }] });
  assert.equal(victimsOf(result), 'node1: busy');
  assert.deepEqual(result.type === 'Preempt' && result.lowerPriorityNominated.map((p) => p.pod.metadata.name), ['waiting']);
});

test('a node where the pod fits with every lower-priority pod given back is no candidate (kube-scheduler\'s "expected at least one victim")', () => {
  // The cycle failed on node1 (full); node2, seen by the dry run, has room and one small low pod.
  const cache = new SchedulerCache();
  cache.setNode(nodeObject('node1'));
  cache.addPod(pod('busy', { node: 'node1', cpu: '2', priority: 2000 }));
  const high = podInfoOf(pod('high', { cpu: '1', priority: 1000 }));
  const framework = defaultProfile({ defaultSelector: () => combineSelectors({}, []) });
  const failed = framework.schedulePod(high, cache, new Nominator());
  if (failed.type !== 'NoFit') throw new Error('the pod must fail its cycle first');
  const roomy = new SchedulerCache();
  roomy.setNode(nodeObject('node2'));
  roomy.addPod(pod('small', { node: 'node2', cpu: '100m', priority: 0 }));
  assert.deepEqual(selectVictimsOnNode({ pod: high, diagnosis: failed.diagnosis, pdbs: [] }, roomy.nodes[0]!), {
    code: 'UnschedulableAndUnresolvable',
    reasons: ['expected at least one victim pod on node "node2"'],
  });
});
