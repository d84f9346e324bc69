import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trendOf } from '../../../../scripts/bench/soak.js';

test('trendOf: the least-squares slope and the scatter around it', () => {
  const flat = trendOf([{ x: 0, y: 100 }, { x: 1, y: 100 }, { x: 2, y: 100 }]);
  assert.deepEqual(flat, { slope: 0, residualSd: 0 });
  const rising = trendOf([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 5 }, { x: 3, y: 7 }]);
  assert.equal(rising.slope, 2);
  assert.equal(rising.residualSd, 0);
  // 0, 2, 0, 2: the line is y = 0.4x + 0.4, residuals -0.4, 1.2, -1.2, 0.4, sum of squares 3.2 over n - 2 = 2
  const noisy = trendOf([{ x: 0, y: 0 }, { x: 1, y: 2 }, { x: 2, y: 0 }, { x: 3, y: 2 }]);
  assert.ok(Math.abs(noisy.slope - 0.4) < 1e-12, String(noisy.slope));
  assert.ok(Math.abs(noisy.residualSd - Math.sqrt(1.6)) < 1e-12, String(noisy.residualSd));
  assert.deepEqual(trendOf([{ x: 5, y: 1 }, { x: 5, y: 9 }]), { slope: 0, residualSd: 0 });
});
