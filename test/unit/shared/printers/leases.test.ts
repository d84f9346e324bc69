import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { leasePrinter } from '../../../../shared/printers/leases.js';

const now = Date.parse('2024-01-01T12:00:00Z');

describe('leasePrinter', () => {
  it('prints the holder of a node lease', () => {
    const lease = { metadata: { name: 'node1', namespace: 'kube-node-lease', creationTimestamp: '2024-01-01T11:00:00Z' }, spec: { holderIdentity: 'node1', leaseDurationSeconds: 40 } };
    assert.deepEqual(leasePrinter.cells(lease, now), ['node1', 'node1', '60m']);
  });

  it('prints an empty holder for a free lease', () => {
    assert.deepEqual(leasePrinter.cells({ metadata: { name: 'l', creationTimestamp: '2024-01-01T11:00:00Z' }, spec: {} }, now), ['l', '', '60m']);
  });
});
