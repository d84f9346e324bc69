import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultPrinter } from '../../../../shared/printers/default.js';

describe('defaultPrinter', () => {
  it('declares NAME and a date-typed CREATED AT, as the apiserver default table does', () => {
    assert.deepEqual(
      defaultPrinter.columns.map((c) => [c.name, c.type, c.format]),
      [
        ['Name', 'string', 'name'],
        ['Created At', 'date', ''],
      ],
    );
  });

  const cases: { name: string; given: string | undefined; want: unknown[] }[] = [
    { name: 'prints the creation time in RFC 3339 UTC', given: '2024-01-01T11:00:00.000Z', want: ['limits', '2024-01-01T11:00:00Z'] },
    { name: "prints Go's zero time without a creation time", given: undefined, want: ['limits', '0001-01-01T00:00:00Z'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(defaultPrinter.cells({ metadata: { name: 'limits', creationTimestamp: c.given } }, 0), c.want));
  }
});
