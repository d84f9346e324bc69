import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { namespacePrinter } from '../../../../shared/printers/namespaces.js';

const now = Date.parse('2024-01-01T12:00:00Z');

describe('namespacePrinter', () => {
  const cases: { name: string; given: string; want: unknown[] }[] = [
    { name: 'prints an Active namespace', given: 'Active', want: ['dev', 'Active', '3h'] },
    { name: 'prints a Terminating namespace', given: 'Terminating', want: ['dev', 'Terminating', '3h'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(namespacePrinter.cells({ metadata: { name: 'dev', creationTimestamp: '2024-01-01T09:00:00Z' }, status: { phase: c.given } }, now), c.want));
  }
});
