import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runtimeClassPrinter } from '../../../../shared/printers/runtimeclasses.js';

describe('runtimeClassPrinter', () => {
  it('prints NAME HANDLER AGE', () => {
    assert.deepEqual(runtimeClassPrinter.columns.map((c) => c.name), ['Name', 'Handler', 'Age']);
    const rc = { metadata: { name: 'gvisor', creationTimestamp: '2024-01-01T10:00:00Z' }, handler: 'runsc' };
    assert.deepEqual(runtimeClassPrinter.cells(rc, Date.parse('2024-01-01T12:00:00Z')), ['gvisor', 'runsc', '120m']);
  });
});
