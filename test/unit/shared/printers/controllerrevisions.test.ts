import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { controllerRevisionPrinter } from '../../../../shared/printers/controllerrevisions.js';

const now = Date.parse('2024-01-01T12:00:00Z');

describe('controllerRevisionPrinter', () => {
  it('names the controller as kind.group/name', () => {
    const revision = {
      metadata: {
        name: 'fluentd-6b8f9c7d5',
        creationTimestamp: '2024-01-01T11:00:00Z',
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'fluentd', uid: 'u1', controller: true }],
      },
      revision: 2,
    };
    assert.deepEqual(controllerRevisionPrinter.cells(revision, now), ['fluentd-6b8f9c7d5', 'daemonset.apps/fluentd', 2, '60m']);
  });

  it('prints <none> without a controlling owner', () => {
    const orphan = { metadata: { name: 'r1', creationTimestamp: '2024-01-01T11:00:00Z' }, revision: 1 };
    assert.deepEqual(controllerRevisionPrinter.cells(orphan, now), ['r1', '<none>', 1, '60m']);
  });
});
