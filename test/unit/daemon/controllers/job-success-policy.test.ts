import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { matchSuccessPolicy } from '../../../../daemon/controllers/job-success-policy.js';

const job = (rules: unknown[], completions = 10): KubeObject => ({
  apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { completions, completionMode: 'Indexed', successPolicy: { rules } },
});

const cases: { name: string; rules: unknown[]; succeeded: number[]; want: string | undefined }[] = [
  { name: 'every listed index succeeded', rules: [{ succeededIndexes: '0,2-3' }], succeeded: [0, 2, 3, 7], want: 'Matched rules at index 0' },
  { name: 'one listed index is still missing', rules: [{ succeededIndexes: '0,2-3' }], succeeded: [0, 3, 7], want: undefined },
  { name: 'succeededCount of the listed indexes is enough', rules: [{ succeededIndexes: '0-4', succeededCount: 2 }], succeeded: [1, 4, 9], want: 'Matched rules at index 0' },
  { name: 'a count alone counts any index', rules: [{ succeededIndexes: '8-9' }, { succeededCount: 3 }], succeeded: [1, 2, 5], want: 'Matched rules at index 1' },
  { name: 'nothing succeeded yet', rules: [{ succeededCount: 0 }], succeeded: [], want: undefined },
  { name: 'a range cut at completions still needs its indexes below it', rules: [{ succeededIndexes: '3-20' }], succeeded: [3, 4], want: undefined },
];

for (const { name, rules, succeeded, want } of cases) {
  test(name, () => assert.equal(matchSuccessPolicy(job(rules), new Set(succeeded)), want));
}

test('indexes beyond completions are dropped from a rule', () => {
  assert.equal(matchSuccessPolicy(job([{ succeededIndexes: '3-20' }], 5), new Set([3, 4])), 'Matched rules at index 0');
});
