// The default profile's filters and scores on a cache built by hand (no API): which node wins,
// and the exact FailedScheduling text kube-scheduler v1.32 gives when none does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { combineSelectors } from '../../../../daemon/scheduler/default-selector.js';
import { fitErrorMessage, noNodesAvailableMessage } from '../../../../daemon/scheduler/messages.js';
import { podInfoOf } from '../../../../daemon/scheduler/pod-info.js';
import { preemptionMessage } from '../../../../daemon/scheduler/plugins/default-preemption.js';
import { defaultProfile } from '../../../../daemon/scheduler/profile.js';
import { SchedulerCache } from '../../../../daemon/scheduler/scheduler-cache.js';
import { nodeObject, type NodeOptions } from '../../../helpers/nodes.js';

let uid = 0;
function pod(name: string, spec: Record<string, unknown> = {}, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${++uid}`, labels },
    spec: { schedulerName: 'default-scheduler', priority: 0, containers: [{ name: 'c', image: 'nginx' }], ...spec },
  };
}

function withRequests(cpu: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu } } }], ...extra };
}

interface Given {
  /** Worker options by name; the tainted control-plane node is always there. */
  workers?: Record<string, NodeOptions>;
  bound?: KubeObject[];
  pod: KubeObject;
}

/** One scheduling cycle: the chosen node, or the FailedScheduling message. */
function scheduleOnce(given: Given): string {
  const cache = new SchedulerCache();
  cache.setNode(nodeObject('control-plane', { controlPlane: true }));
  for (const [name, options] of Object.entries(given.workers ?? { node1: {}, node2: {}, node3: {} })) cache.setNode(nodeObject(name, options));
  for (const bound of given.bound ?? []) cache.addPod(bound);
  // Ties go to the first node in the list, so a test only passes if the scores decide.
  const framework = defaultProfile({ defaultSelector: () => combineSelectors({}, []), random: () => 0.999 });
  const info = podInfoOf(given.pod);
  const result = framework.schedulePod(info, cache);
  if (result.type === 'Scheduled') return `scheduled on ${result.nodeName}`;
  if (result.type === 'NoNodes') return noNodesAvailableMessage;
  return fitErrorMessage(result.numAllNodes, result.diagnosis, preemptionMessage({ pod: info, diagnosis: result.diagnosis, snapshot: cache, pdbs: [] }));
}

const taint = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';

test('FailedScheduling texts, reason by reason', () => {
  const cases: { name: string; given: Given; want: string }[] = [
    {
      name: 'a cordoned node was unschedulable',
      given: { workers: { node1: { unschedulable: true }, node2: {}, node3: {} }, pod: pod('p', { nodeSelector: { 'kubernetes.io/hostname': 'node1' } }) },
      want: `0/4 nodes are available: 1 ${taint}, 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.`,
    },
    {
      name: 'host ports in use on every worker',
      given: {
        bound: ['node1', 'node2', 'node3'].map((n) => pod(`web-${n}`, { nodeName: n, containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080 }] }] })),
        pod: pod('p', { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }] }] }),
      },
      want: `0/4 nodes are available: 1 ${taint}, 3 node(s) didn't have free ports for the requested pod ports. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.`,
    },
    {
      name: 'a DaemonSet-style pod pinned by matchFields to a full node',
      given: {
        pod: pod('ds', withRequests('3', {
          affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node1'] }] }] } } },
        })),
      },
      want: '0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn\'t satisfy plugin(s) [NodeAffinity]. preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.',
    },
    {
      name: 'hard topology spread: skew too large, a node without the zone label, tainted nodes',
      given: {
        workers: { node1: { labels: { 'topology.kubernetes.io/zone': 'a' } }, node2: { labels: { 'topology.kubernetes.io/zone': 'b' }, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }, node3: {} },
        bound: [pod('a1', { nodeName: 'node1' }, { app: 'web' }), pod('a2', { nodeName: 'node1' }, { app: 'web' })],
        pod: pod('p', { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }] }, { app: 'web' }),
      },
      want: `0/4 nodes are available: 1 node(s) didn't match pod topology spread constraints, 1 node(s) didn't match pod topology spread constraints (missing required label), 1 node(s) had untolerated taint {dedicated: db}, 1 ${taint}. preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.`,
    },
    {
      name: 'lower-priority pods whose removal would not be enough',
      given: {
        bound: ['node1', 'node2', 'node3'].map((n) => pod(`low-${n}`, { ...withRequests('100m'), nodeName: n })),
        pod: pod('p', withRequests('3', { priority: 1000 })),
      },
      want: `0/4 nodes are available: 1 ${taint}, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 Insufficient cpu.`,
    },
    {
      name: 'preemptionPolicy Never',
      given: { pod: pod('p', withRequests('3', { preemptionPolicy: 'Never' })) },
      want: `0/4 nodes are available: 1 ${taint}, 3 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.`,
    },
    {
      name: 'affinity expressions: Gt on a numeric label and DoesNotExist',
      given: {
        workers: { node1: { labels: { cores: '4', gpu: 'yes' } }, node2: { labels: { cores: '16', gpu: 'yes' } }, node3: { labels: { cores: '16' } } },
        pod: pod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }, { key: 'gpu', operator: 'DoesNotExist' }] }] } } } }),
      },
      want: 'scheduled on node3',
    },
  ];
  for (const c of cases) assert.equal(scheduleOnce(c.given), c.want, c.name);
});

test('no nodes at all', () => {
  const cache = new SchedulerCache();
  const framework = defaultProfile({ defaultSelector: () => combineSelectors({}, []) });
  assert.deepEqual(framework.schedulePod(podInfoOf(pod('p')), cache), { type: 'NoNodes' });
});

test('scores pick the emptier node and avoid PreferNoSchedule taints', () => {
  const cases: { name: string; given: Given; want: string }[] = [
    {
      name: 'LeastAllocated: the node with the most free cpu',
      given: {
        workers: { node1: {}, node2: {} },
        bound: [pod('big', { ...withRequests('1500m'), nodeName: 'node1' }), pod('small', { ...withRequests('500m'), nodeName: 'node2' })],
        pod: pod('p', withRequests('100m')),
      },
      want: 'scheduled on node2',
    },
    {
      name: 'TaintToleration: an untolerated PreferNoSchedule taint loses',
      given: { workers: { node1: { taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }] }, node2: {} }, pod: pod('p') },
      want: 'scheduled on node2',
    },
    {
      name: 'NodeAffinity: the preferred term with the larger weight wins',
      given: {
        workers: { node1: { labels: { disk: 'hdd' } }, node2: { labels: { disk: 'ssd' } } },
        pod: pod('p', { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['hdd'] }] } }, { weight: 90, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } }] } } }),
      },
      want: 'scheduled on node2',
    },
  ];
  for (const c of cases) assert.equal(scheduleOnce(c.given), c.want, c.name);
});
