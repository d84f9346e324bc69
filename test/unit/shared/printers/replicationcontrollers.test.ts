import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replicationControllerPrinter } from '../../../../shared/printers/replicationcontrollers.js';

const now = Date.parse('2024-01-01T12:00:00Z');

describe('replicationControllerPrinter', () => {
  it('prints counts and the map selector sorted', () => {
    const rc = {
      metadata: { name: 'nginx', creationTimestamp: '2024-01-01T11:59:00Z' },
      spec: { replicas: 2, selector: { tier: 'web', app: 'nginx' }, template: { spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
      status: { replicas: 2 },
    };
    assert.deepEqual(replicationControllerPrinter.cells(rc, now), ['nginx', 2, 2, 0, '60s', 'nginx', 'nginx', 'app=nginx,tier=web']);
  });

  it('prints <none> for a missing selector', () => {
    const rc = { metadata: { name: 'x' }, spec: {} };
    assert.equal(replicationControllerPrinter.cells(rc, now)[7], '<none>');
  });
});
