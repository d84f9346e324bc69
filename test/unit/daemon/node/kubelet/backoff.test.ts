import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../../shared/clock.js';
import { Backoff, formatGoDuration } from '../../../../../daemon/node/kubelet/backoff.js';

const durations = [
  { name: 'zero is 0s', given: 0, want: '0s' },
  { name: 'under a second is in milliseconds', given: 812, want: '812ms' },
  { name: 'a fraction of a second keeps its digits without trailing zeros', given: 1200, want: '1.2s' },
  { name: 'milliseconds are kept to three digits', given: 1393, want: '1.393s' },
  { name: 'whole seconds', given: 10_000, want: '10s' },
  { name: 'minutes and seconds', given: 80_000, want: '1m20s' },
  { name: 'the cap shows a zero seconds part', given: 300_000, want: '5m0s' },
  { name: 'hours show every unit', given: 3_600_000, want: '1h0m0s' },
];

for (const { name, given, want } of durations) {
  test(`formatGoDuration: ${name}`, () => assert.equal(formatGoDuration(given), want));
}

test('the back-off starts at 10 s and doubles up to 300 s', () => {
  const clock = new ManualClock();
  const backoff = new Backoff(clock);
  const seen: number[] = [];
  for (let i = 0; i < 8; i++) {
    backoff.next('k', clock.now());
    seen.push(backoff.get('k') / 1000);
    clock.step(1000);
  }
  assert.deepEqual(seen, [10, 20, 40, 80, 160, 300, 300, 300]);
});

test('a container is held while less than the back-off has passed since it exited', () => {
  const clock = new ManualClock();
  const backoff = new Backoff(clock);
  assert.equal(backoff.isInBackOffSince('k', clock.now()), false, 'no entry: restart at once');
  backoff.next('k', clock.now());
  const exitedAt = clock.now();
  clock.step(9_999);
  assert.equal(backoff.isInBackOffSince('k', exitedAt), true);
  clock.step(1);
  assert.equal(backoff.isInBackOffSince('k', exitedAt), false);
});

test('an entry quiet for more than 10 minutes starts again from 10 s', () => {
  const clock = new ManualClock();
  const backoff = new Backoff(clock);
  for (let i = 0; i < 4; i++) backoff.next('k', clock.now());
  assert.equal(backoff.get('k'), 80_000);
  clock.step(600_001);
  assert.equal(backoff.isInBackOffSince('k', clock.now()), false);
  backoff.next('k', clock.now());
  assert.equal(backoff.get('k'), 10_000);
});

test('image pulls are held from the last failure, and a pod forgets its entries', () => {
  const clock = new ManualClock();
  const backoff = new Backoff(clock);
  backoff.next('uid1_nginx:nope', clock.now());
  backoff.next('uid2_nginx:nope', clock.now());
  clock.step(5000);
  assert.equal(backoff.isInBackOffSinceUpdate('uid1_nginx:nope', clock.now()), true);
  assert.equal(backoff.endsAfterUpdate('uid1_nginx:nope'), clock.now() + 5000);
  backoff.forgetPrefix('uid1_');
  assert.equal(backoff.isInBackOffSinceUpdate('uid1_nginx:nope', clock.now()), false);
  assert.equal(backoff.isInBackOffSinceUpdate('uid2_nginx:nope', clock.now()), true);
});
