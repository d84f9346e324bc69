import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceAccountPrinter } from '../../../../shared/printers/serviceaccounts.js';

const now = Date.parse('2024-01-01T12:00:00Z');

describe('serviceAccountPrinter', () => {
  const cases: { name: string; given: object; want: unknown[] }[] = [
    { name: 'prints 0 secrets for a 1.32 default account', given: {}, want: ['default', 0, '60m'] },
    { name: 'counts listed secrets', given: { secrets: [{ name: 'token' }] }, want: ['default', 1, '60m'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(serviceAccountPrinter.cells({ metadata: { name: 'default', creationTimestamp: '2024-01-01T11:00:00Z' }, ...c.given }, now), c.want));
  }
});
