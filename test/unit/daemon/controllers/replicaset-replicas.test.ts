import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slowStartBatch } from '../../../../daemon/controllers/replicaset-replicas.js';

const cases: { name: string; given: { count: number; failAt?: number }; want: { batches: number[]; successes: number; failed: boolean } }[] = [
  { name: 'doubles the batch while every call succeeds', given: { count: 10 }, want: { batches: [1, 2, 4, 3], successes: 10, failed: false } },
  { name: 'stops after the batch in which a call failed', given: { count: 10, failAt: 5 }, want: { batches: [1, 2, 4], successes: 6, failed: true } },
  { name: 'makes one call only when the first one fails', given: { count: 500, failAt: 1 }, want: { batches: [1], successes: 0, failed: true } },
];

for (const { name, given, want } of cases) {
  test(name, async () => {
    const batches: number[] = [];
    let calls = 0;
    let inBatch = 0;
    const result = await slowStartBatch(given.count, 1, async () => {
      const call = ++calls;
      if (inBatch++ === 0) queueMicrotask(() => (batches.push(inBatch), (inBatch = 0)));
      if (call === given.failAt) throw new Error('quota');
    });
    assert.deepEqual({ batches, successes: result.successes, failed: result.error !== undefined }, want);
  });
}
