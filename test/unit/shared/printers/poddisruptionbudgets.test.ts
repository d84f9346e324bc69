import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podDisruptionBudgetPrinter } from '../../../../shared/printers/poddisruptionbudgets.js';

const now = Date.parse('2024-01-01T12:00:00Z');
const pdb = (spec: object) => ({ metadata: { name: 'web', creationTimestamp: '2024-01-01T11:00:00Z' }, spec, status: { disruptionsAllowed: 1 } });

describe('podDisruptionBudgetPrinter', () => {
  it('declares ALLOWED DISRUPTIONS as an integer column', () => {
    assert.deepEqual(
      podDisruptionBudgetPrinter.columns.map((c) => `${c.name}:${c.type}`),
      ['Name:string', 'Min Available:string', 'Max Unavailable:string', 'Allowed Disruptions:integer', 'Age:string'],
    );
  });

  const cases: { name: string; given: object; want: unknown[] }[] = [
    { name: 'prints N/A for an unset maxUnavailable', given: { minAvailable: 2 }, want: ['web', '2', 'N/A', 1, '60m'] },
    { name: 'prints a percentage as given', given: { maxUnavailable: '25%' }, want: ['web', 'N/A', '25%', 1, '60m'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(podDisruptionBudgetPrinter.cells(pdb(c.given), now), c.want));
  }
});
