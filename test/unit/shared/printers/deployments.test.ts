import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { deploymentPrinter } from '../../../../shared/printers/deployments.js';

const now = Date.parse('2024-01-01T12:00:00Z');

function deployment(selector: unknown, status: Record<string, unknown>): KubeObject {
  return {
    metadata: { name: 'web', namespace: 'default', creationTimestamp: '2024-01-01T11:57:00Z' },
    spec: { replicas: 3, selector, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }] } } },
    status,
  };
}

describe('deploymentPrinter', () => {
  it('declares NAME READY UP-TO-DATE AVAILABLE AGE and the wide columns', () => {
    assert.deepEqual(
      deploymentPrinter.columns.map((c) => `${c.name}:${c.priority}`),
      ['Name:0', 'Ready:0', 'Up-to-date:0', 'Available:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1'],
    );
  });

  const cases: { name: string; given: KubeObject; want: unknown[] }[] = [
    {
      name: 'prints ready/desired and the selector string',
      given: deployment({ matchLabels: { app: 'web' } }, { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 }),
      want: ['web', '2/3', 3, 2, '3m', 'nginx,log', 'nginx:1.27,busybox', 'app=web'],
    },
    { name: 'prints 0/3 before any status', given: deployment({ matchLabels: { app: 'web' } }, {}), want: ['web', '0/3', 0, 0, '3m', 'nginx,log', 'nginx:1.27,busybox', 'app=web'] },
    { name: 'prints an empty SELECTOR, not <none>, for an empty selector', given: deployment({}, {}), want: ['web', '0/3', 0, 0, '3m', 'nginx,log', 'nginx:1.27,busybox', ''] },
    { name: 'prints <invalid> for a selector that cannot be converted', given: deployment({ matchLabels: { 'bad key': 'x' } }, {}), want: ['web', '0/3', 0, 0, '3m', 'nginx,log', 'nginx:1.27,busybox', '<invalid>'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(deploymentPrinter.cells(c.given, now), c.want));
  }
});
