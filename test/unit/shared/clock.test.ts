import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rfc3339 } from '../../../shared/clock.js';

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
