import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { daemonSetPrinter } from '../../../../shared/printers/daemonsets.js';

const now = Date.parse('2024-01-01T12:00:00Z');

function daemonSet(nodeSelector?: Record<string, string>): KubeObject {
  return {
    metadata: { name: 'fluentd', namespace: 'kube-system', creationTimestamp: '2024-01-01T10:00:00Z' },
    spec: { selector: { matchLabels: { name: 'fluentd' } }, template: { spec: { nodeSelector, containers: [{ name: 'fluentd', image: 'fluentd:v1' }] } } },
    status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 },
  };
}

describe('daemonSetPrinter', () => {
  it('declares the daemon set columns', () => {
    assert.deepEqual(
      daemonSetPrinter.columns.map((c) => `${c.name}:${c.type}:${c.priority}`),
      [
        'Name:string:0',
        'Desired:integer:0',
        'Current:integer:0',
        'Ready:integer:0',
        'Up-to-date:integer:0',
        'Available:integer:0',
        'Node Selector:string:0',
        'Age:string:0',
        'Containers:string:1',
        'Images:string:1',
        'Selector:string:1',
      ],
    );
  });

  const cases: { name: string; given: KubeObject; want: unknown[] }[] = [
    { name: 'prints <none> without a node selector', given: daemonSet(), want: ['fluentd', 3, 3, 2, 3, 2, '<none>', '120m', 'fluentd', 'fluentd:v1', 'name=fluentd'] },
    {
      name: 'prints the template node selector',
      given: daemonSet({ 'kubernetes.io/os': 'linux' }),
      want: ['fluentd', 3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '120m', 'fluentd', 'fluentd:v1', 'name=fluentd'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(daemonSetPrinter.cells(c.given, now), c.want));
  }
});
