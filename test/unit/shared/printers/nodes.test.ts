import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { nodePrinter, nodeRoles, nodeStatus } from '../../../../shared/printers/nodes.js';

const now = Date.parse('2024-01-01T12:00:00Z');

function node(ready: string | undefined, extra: { unschedulable?: boolean; labels?: Record<string, string> } = {}): KubeObject {
  return {
    metadata: { name: 'node1', creationTimestamp: '2023-12-30T12:00:00Z', labels: extra.labels ?? {} },
    spec: extra.unschedulable ? { unschedulable: true } : {},
    status: {
      conditions: ready === undefined ? [{ type: 'MemoryPressure', status: 'False' }] : [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: ready }],
      addresses: [
        { type: 'InternalIP', address: '172.18.0.2' },
        { type: 'Hostname', address: 'node1' },
      ],
      nodeInfo: { kubeletVersion: 'v1.32.4', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.8.0', containerRuntimeVersion: 'containerd://1.7.24' },
    },
  };
}

describe('node STATUS', () => {
  const cases: { name: string; given: KubeObject; want: string }[] = [
    { name: 'shows Ready for a Ready=True condition', given: node('True'), want: 'Ready' },
    { name: 'shows NotReady for Ready=False', given: node('False'), want: 'NotReady' },
    { name: 'shows NotReady, not Unknown, when the kubelet stopped reporting', given: node('Unknown'), want: 'NotReady' },
    { name: 'shows Unknown without a Ready condition', given: node(undefined), want: 'Unknown' },
    { name: 'adds SchedulingDisabled when cordoned', given: node('True', { unschedulable: true }), want: 'Ready,SchedulingDisabled' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(nodeStatus(c.given), c.want));
  }
});

describe('node ROLES', () => {
  const cases: { name: string; given: Record<string, string>; want: string }[] = [
    { name: 'reads node-role.kubernetes.io labels', given: { 'node-role.kubernetes.io/control-plane': '' }, want: 'control-plane' },
    { name: 'sorts several roles', given: { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/infra': '' }, want: 'infra,worker' },
    { name: 'reads the legacy kubernetes.io/role value', given: { 'kubernetes.io/role': 'master' }, want: 'master' },
    { name: 'ignores an empty legacy role', given: { 'kubernetes.io/role': '' }, want: '<none>' },
    { name: 'prints <none> without role labels', given: { 'kubernetes.io/hostname': 'node1' }, want: '<none>' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(nodeRoles(node('True', { labels: c.given })), c.want));
  }
});

describe('nodePrinter', () => {
  it('declares NAME STATUS ROLES AGE VERSION and the wide columns', () => {
    assert.deepEqual(
      nodePrinter.columns.map((c) => `${c.name}:${c.priority}`),
      ['Name:0', 'Status:0', 'Roles:0', 'Age:0', 'Version:0', 'Internal-IP:1', 'External-IP:1', 'OS-Image:1', 'Kernel-Version:1', 'Container-Runtime:1'],
    );
  });

  it('prints a node row cell by cell', () => {
    assert.deepEqual(nodePrinter.cells(node('True', { labels: { 'node-role.kubernetes.io/control-plane': '' } }), now), [
      'node1',
      'Ready',
      'control-plane',
      '2d',
      'v1.32.4',
      '172.18.0.2',
      '<none>',
      'Debian GNU/Linux 12 (bookworm)',
      '6.8.0',
      'containerd://1.7.24',
    ]);
  });

  it('prints <unknown> for missing node info', () => {
    const bare = node('True');
    bare.status.nodeInfo = {};
    assert.deepEqual(nodePrinter.cells(bare, now).slice(7), ['<unknown>', '<unknown>', '<unknown>']);
  });
});
