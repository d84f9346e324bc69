import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../shared/clock.js';
import { createThrottle } from '../../../tui/state/throttle.js';

test('the first change renders at once', () => {
  const clock = new ManualClock();
  let renders = 0;
  createThrottle(clock, () => renders++, 50).notify();
  assert.equal(renders, 1);
});

test('a burst of changes inside the interval folds into one trailing render', () => {
  const clock = new ManualClock();
  let renders = 0;
  const throttle = createThrottle(clock, () => renders++, 50);
  throttle.notify();
  for (let i = 0; i < 100; i++) {
    clock.step(1);
    throttle.notify();
  }
  // 100 ms of constant changes at 1 kHz: the leading render, then one per 50 ms.
  assert.equal(renders, 3);
  clock.step(50);
  assert.equal(renders, 4, 'the last change renders at the end of its interval');
  clock.step(500);
  assert.equal(renders, 4, 'nothing left to render after the burst');
});

test('1,000 changes per second render at most 20 times per second', () => {
  const clock = new ManualClock();
  let renders = 0;
  const throttle = createThrottle(clock, () => renders++, 50);
  for (let i = 0; i < 1000; i++) {
    throttle.notify();
    clock.step(1);
  }
  assert.ok(renders <= 21, `rendered ${renders} times`);
  assert.ok(renders >= 19, `rendered ${renders} times`);
});

test('cancel drops the trailing render', () => {
  const clock = new ManualClock();
  let renders = 0;
  const throttle = createThrottle(clock, () => renders++, 50);
  throttle.notify();
  throttle.notify();
  throttle.cancel();
  clock.step(100);
  assert.equal(renders, 1);
});
