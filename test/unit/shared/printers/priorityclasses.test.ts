import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { priorityClassPrinter } from '../../../../shared/printers/priorityclasses.js';

const now = Date.parse('2024-01-01T12:00:00Z');

describe('priorityClassPrinter', () => {
  it('prints NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY, all shown without -o wide', () => {
    assert.deepEqual(
      priorityClassPrinter.columns.map((c) => [c.name, c.type, c.priority]),
      [['Name', 'string', 0], ['Value', 'integer', 0], ['Global-Default', 'boolean', 0], ['Age', 'string', 0], ['PreemptionPolicy', 'string', 0]],
    );
    const pc = { metadata: { name: 'system-node-critical', creationTimestamp: '2024-01-01T11:00:00Z' }, value: 2000001000, preemptionPolicy: 'PreemptLowerPriority' };
    assert.deepEqual(priorityClassPrinter.cells(pc, now), ['system-node-critical', 2000001000, false, '60m', 'PreemptLowerPriority']);
  });

  it('prints globalDefault and an empty policy when unset', () => {
    const pc = { metadata: { name: 'low', creationTimestamp: '2024-01-01T11:59:30Z' }, value: -5, globalDefault: true };
    assert.deepEqual(priorityClassPrinter.cells(pc, now), ['low', -5, true, '30s', '']);
  });
});
