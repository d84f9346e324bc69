import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIndexes, parseIndexes, remainingBackoffMs } from '../../../../daemon/controllers/job-status.js';

const indexCases = [
  { name: 'runs of three or more are compressed', given: [1, 3, 4, 5, 7], want: '1,3-5,7' },
  { name: 'a pair stays a pair', given: [0, 1, 4], want: '0,1,4' },
  { name: 'nothing completed is the empty string', given: [], want: '' },
];

for (const { name, given, want } of indexCases) {
  test(`completedIndexes: ${name}`, () => {
    assert.equal(formatIndexes(given), want);
    assert.deepEqual(parseIndexes(want, 10), given);
  });
}

test('completedIndexes beyond completions are dropped when read', () => {
  assert.deepEqual(parseIndexes('1,3-5,7', 5), [1, 3, 4]);
});

const backoffCases = [
  { name: 'no failure means no wait', given: { failures: 0, sinceMs: 0 }, want: 0 },
  { name: 'the first failure waits 10 s', given: { failures: 1, sinceMs: 4_000 }, want: 6_000 },
  { name: 'each further failure doubles the wait', given: { failures: 3, sinceMs: 0 }, want: 40_000 },
  { name: 'the wait is capped at 10 min', given: { failures: 12, sinceMs: 0 }, want: 600_000 },
];

for (const { name, given, want } of backoffCases) {
  test(`pod failure back-off: ${name}`, () => {
    assert.equal(remainingBackoffMs({ failuresAfterLastSuccess: given.failures, lastFailureTime: 1_000_000 }, 1_000_000 + given.sinceMs), want);
  });
}
