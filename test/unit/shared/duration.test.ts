import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { humanDuration, parseTimestamp, translateTimestampSince } from '../../../shared/duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

describe('humanDuration', () => {
  const cases: { name: string; given: number; want: string }[] = [
    { name: 'prints <invalid> for more than a second in the future', given: -2 * s, want: '<invalid>' },
    { name: 'tolerates up to a second of clock skew as 0s', given: -1.9 * s, want: '0s' },
    { name: 'prints 0s for zero', given: 0, want: '0s' },
    { name: 'drops fractions of a second', given: 999, want: '0s' },
    { name: 'prints plain seconds below two minutes', given: 119 * s + 999, want: '119s' },
    { name: 'switches to minutes at exactly two minutes', given: 2 * m, want: '2m' },
    { name: 'shows minutes and seconds below ten minutes', given: 3 * m + 7 * s, want: '3m7s' },
    { name: 'omits zero seconds below ten minutes', given: 5 * m, want: '5m' },
    { name: 'shows 9m59s just below ten minutes', given: 10 * m - s, want: '9m59s' },
    { name: 'drops seconds from ten minutes on', given: 10 * m + 30 * s, want: '10m' },
    { name: 'keeps counting minutes up to three hours', given: 179 * m + 59 * s, want: '179m' },
    { name: 'switches to hours at three hours', given: 3 * h, want: '3h' },
    { name: 'shows hours and minutes below eight hours', given: 5 * h + 3 * m, want: '5h3m' },
    { name: 'shows 7h59m just below eight hours', given: 8 * h - m, want: '7h59m' },
    { name: 'drops minutes from eight hours on', given: 8 * h + 30 * m, want: '8h' },
    { name: 'keeps counting hours below two days', given: 47 * h + 59 * m, want: '47h' },
    { name: 'switches to days at two days', given: 2 * d, want: '2d' },
    { name: 'shows days and hours below eight days', given: 3 * d + 4 * h, want: '3d4h' },
    { name: 'shows 7d23h just below eight days', given: 8 * d - h, want: '7d23h' },
    { name: 'drops hours from eight days on', given: 8 * d + 5 * h, want: '8d' },
    { name: 'keeps counting days below two years', given: 2 * y - d, want: '729d' },
    { name: 'switches to years at two years', given: 2 * y, want: '2y' },
    { name: 'shows years and days below eight years', given: 2 * y + 100 * d, want: '2y100d' },
    { name: 'drops days from eight years on', given: 8 * y + 100 * d, want: '8y' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(humanDuration(c.given), c.want));
  }
});

describe('translateTimestampSince', () => {
  const now = Date.parse('2024-01-01T12:00:00Z');
  const cases: { name: string; given: string | undefined | null; want: string }[] = [
    { name: 'prints the age of an RFC 3339 timestamp', given: '2024-01-01T11:55:00Z', want: '5m' },
    { name: 'prints <unknown> for a missing timestamp', given: undefined, want: '<unknown>' },
    { name: 'prints <unknown> for a null timestamp', given: null, want: '<unknown>' },
    { name: "prints <unknown> for Go's zero time", given: '0001-01-01T00:00:00Z', want: '<unknown>' },
    { name: 'prints <unknown> for garbage', given: 'yesterday', want: '<unknown>' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(translateTimestampSince(c.given, now), c.want));
  }

  it('parses microsecond timestamps as metav1.MicroTime writes them', () => {
    assert.equal(parseTimestamp('2024-01-01T11:59:30.123456Z'), Date.parse('2024-01-01T11:59:30.123Z'));
  });
});
