import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, RealClock, rfc3339, rfc3339Micro, rfc3339NanoFixed } from '../../../shared/clock.js';

test('rfc3339 prints whole seconds as metav1.Time does, the same for repeated and alternating calls', () => {
  const cases: [number, string][] = [
    [Date.UTC(2026, 0, 1), '2026-01-01T00:00:00Z'],
    [Date.UTC(2026, 0, 1) + 999, '2026-01-01T00:00:00Z'],
    [Date.UTC(2026, 0, 1) + 1000, '2026-01-01T00:00:01Z'],
    [Date.UTC(2026, 0, 1) + 999, '2026-01-01T00:00:00Z'],
    [0, '1970-01-01T00:00:00Z'],
    [-1, '1969-12-31T23:59:59Z'],
    [Date.UTC(2026, 0, 1) + 1500, '2026-01-01T00:00:01Z'],
  ];
  for (const [ms, want] of cases) assert.equal(rfc3339(ms), want, String(ms));
  assert.throws(() => rfc3339(Number.NaN), RangeError);
});

test('MicroTime and the CRI log time print the fraction below the millisecond, in fixed width', () => {
  const t = Date.UTC(2026, 10, 23, 2, 43, 18, 834);
  const cases: { name: string; ms: number; micro: string; nano: string }[] = [
    { name: 'a whole millisecond', ms: t, micro: '2026-11-23T02:43:18.834000Z', nano: '2026-11-23T02:43:18.834000000Z' },
    // a double of today's epoch milliseconds holds steps of 0.24 µs: 0.512 ms past is kept as 0.511963…
    { name: 'microseconds', ms: t + 0.512, micro: '2026-11-23T02:43:18.834512Z', nano: '2026-11-23T02:43:18.834511963Z' },
    { name: 'a whole second', ms: Date.UTC(2026, 0, 1), micro: '2026-01-01T00:00:00.000000Z', nano: '2026-01-01T00:00:00.000000000Z' },
  ];
  for (const c of cases) {
    assert.equal(rfc3339Micro(c.ms), c.micro, c.name);
    assert.equal(rfc3339NanoFixed(c.ms), c.nano, c.name);
  }
});

test('the real clock gives time below the millisecond within a millisecond of the wall clock; the manual clock its own time', () => {
  const clock = new RealClock();
  let fractions = 0;
  for (let i = 0; i < 200; i++) {
    const before = Date.now();
    const precise = clock.nowPrecise();
    const after = Date.now();
    assert.ok(precise >= before - 1 && precise < after + 1, `${precise} outside [${before}, ${after}]`);
    if (precise % 1 !== 0) fractions++;
  }
  assert.ok(fractions > 0, 'no reading had a fraction of a millisecond');
  const manual = new ManualClock(Date.UTC(2026, 0, 1));
  manual.step(1500);
  assert.equal(manual.nowPrecise(), Date.UTC(2026, 0, 1, 0, 0, 1, 500));
});
