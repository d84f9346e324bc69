import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configMapPrinter } from '../../../../shared/printers/configmaps.js';

const now = Date.parse('2024-01-01T12:00:00Z');

describe('configMapPrinter', () => {
  const cases: { name: string; given: object; want: unknown[] }[] = [
    { name: 'counts data and binaryData keys together', given: { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, want: ['settings', 3, '60s'] },
    { name: 'prints 0 for an empty config map', given: {}, want: ['settings', 0, '60s'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(configMapPrinter.cells({ metadata: { name: 'settings', creationTimestamp: '2024-01-01T11:59:00Z' }, ...c.given }, now), c.want));
  }

  it('declares NAME DATA AGE', () => {
    assert.deepEqual(configMapPrinter.columns.map((c) => c.name), ['Name', 'Data', 'Age']);
  });
});
