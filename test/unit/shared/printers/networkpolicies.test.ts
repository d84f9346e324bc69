import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { networkPolicyPrinter } from '../../../../shared/printers/networkpolicies.js';

const now = Date.parse('2024-01-01T12:00:00Z');
const policy = (podSelector: object) => ({ metadata: { name: 'deny', creationTimestamp: '2024-01-01T11:00:00Z' }, spec: { podSelector } });

describe('networkPolicyPrinter', () => {
  const cases: { name: string; given: object; want: unknown[] }[] = [
    { name: 'prints the pod selector', given: { matchLabels: { app: 'db' } }, want: ['deny', 'app=db', '60m'] },
    { name: 'prints <none> for the select-all selector', given: {}, want: ['deny', '<none>', '60m'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(networkPolicyPrinter.cells(policy(c.given), now), c.want));
  }
});
