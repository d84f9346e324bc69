import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { daemonPodTemplate, nodeShouldRunDaemonPod, pinToNode, targetNodeName, withDaemonTolerations } from '../../../../daemon/controllers/daemonset-placement.js';

function node(name: string, labels: Record<string, string> = {}, taints: unknown[] = []): KubeObject {
  return { metadata: { name, labels }, spec: { taints } };
}

function ds(podSpec: Record<string, unknown>): KubeObject {
  return { metadata: { name: 'logs', namespace: 'default', annotations: { 'deprecated.daemonset.template.generation': '3' } }, spec: { template: { metadata: { labels: { app: 'logs' } }, spec: { containers: [], ...podSpec } } } };
}

const cases: { name: string; given: { node: KubeObject; podSpec: Record<string, unknown> }; want: [boolean, boolean] }[] = [
  { name: 'runs on a plain node', given: { node: node('n1'), podSpec: {} }, want: [true, true] },
  { name: 'skips a node the nodeSelector does not match', given: { node: node('n1', { disk: 'hdd' }), podSpec: { nodeSelector: { disk: 'ssd' } } }, want: [false, false] },
  { name: 'runs where the nodeSelector matches', given: { node: node('n1', { disk: 'ssd' }), podSpec: { nodeSelector: { disk: 'ssd' } } }, want: [true, true] },
  {
    name: 'honours required node affinity expressions',
    given: { node: node('n1', { zone: 'b' }), podSpec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } } } },
    want: [false, false],
  },
  {
    name: 'ORs the affinity terms',
    given: {
      node: node('n1', { zone: 'b' }),
      podSpec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } } } },
    },
    want: [true, true],
  },
  { name: 'skips a node whose template nodeName differs', given: { node: node('n1'), podSpec: { nodeName: 'n2' } }, want: [false, false] },
  { name: 'tolerates a cordoned node', given: { node: node('n1', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]), podSpec: {} }, want: [true, true] },
  { name: 'tolerates a not-ready node', given: { node: node('n1', {}, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]), podSpec: {} }, want: [true, true] },
  { name: 'does not start on an untolerated NoSchedule taint but lets a running pod stay', given: { node: node('n1', {}, [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }]), podSpec: {} }, want: [false, true] },
  { name: 'evicts on an untolerated NoExecute taint', given: { node: node('n1', {}, [{ key: 'gpu', value: 'yes', effect: 'NoExecute' }]), podSpec: {} }, want: [false, false] },
  { name: 'ignores PreferNoSchedule', given: { node: node('n1', {}, [{ key: 'gpu', effect: 'PreferNoSchedule' }]), podSpec: {} }, want: [true, true] },
  { name: 'runs where the template tolerates the taint', given: { node: node('n1', {}, [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }]), podSpec: { tolerations: [{ key: 'gpu', operator: 'Equal', value: 'yes', effect: 'NoSchedule' }] } }, want: [true, true] },
  { name: 'a network-unavailable node only takes hostNetwork pods', given: { node: node('n1', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]), podSpec: {} }, want: [false, true] },
  { name: 'hostNetwork pods tolerate a network-unavailable node', given: { node: node('n1', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]), podSpec: { hostNetwork: true } }, want: [true, true] },
];

for (const { name, given, want } of cases) {
  test(`nodeShouldRunDaemonPod ${name}`, () => {
    const placement = nodeShouldRunDaemonPod(given.node, ds(given.podSpec));
    assert.deepEqual([placement.shouldRun, placement.shouldContinueRunning], want);
  });
}

test('hostNetwork pods also get the network-unavailable toleration, and existing ones are not doubled', () => {
  const tolerations = withDaemonTolerations({ hostNetwork: true, tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }] });
  assert.deepEqual(tolerations.map((t) => `${t.key}:${t.effect}${t.tolerationSeconds ? `:${t.tolerationSeconds}` : ''}`), [
    'node.kubernetes.io/not-ready:NoExecute',
    'node.kubernetes.io/unreachable:NoExecute',
    'node.kubernetes.io/disk-pressure:NoSchedule',
    'node.kubernetes.io/memory-pressure:NoSchedule',
    'node.kubernetes.io/pid-pressure:NoSchedule',
    'node.kubernetes.io/unschedulable:NoSchedule',
    'node.kubernetes.io/network-unavailable:NoSchedule',
  ]);
});

test('pinning replaces the required terms and keeps the preferred ones', () => {
  const preferred = [{ weight: 1, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } }];
  const affinity = pinToNode({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'x', operator: 'Exists' }] }] }, preferredDuringSchedulingIgnoredDuringExecution: preferred } }, 'n7');
  assert.deepEqual(affinity, {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n7'] }] }] },
      preferredDuringSchedulingIgnoredDuringExecution: preferred,
    },
  });
  assert.equal(targetNodeName({ metadata: {}, spec: { affinity } }), 'n7');
  assert.equal(targetNodeName({ metadata: {}, spec: { nodeName: 'n8', affinity } }), 'n8');
});

test('the pod template carries the revision hash and the template generation', () => {
  const template = daemonPodTemplate(ds({}), 'abc');
  assert.deepEqual(template.metadata.labels, { app: 'logs', 'pod-template-generation': '3', 'controller-revision-hash': 'abc' });
});
