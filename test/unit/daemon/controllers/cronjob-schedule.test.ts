import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRfc1123Z, formatRfc3339InZone, mostRecentScheduleTime, nextScheduleDelayMs, parseSchedule } from '../../../../daemon/controllers/cronjob-schedule.js';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

const nextCases = [
  { name: 'a step schedule skips the time it is asked from', given: { schedule: '*/5 * * * *', from: '2026-01-01T00:05:00Z' }, want: '2026-01-01T00:10:00.000Z' },
  { name: 'a fraction of a second before a slot still lands on it', given: { schedule: '*/5 * * * *', from: '2026-01-01T00:04:59.500Z' }, want: '2026-01-01T00:05:00.000Z' },
  { name: '@hourly is the top of the next hour', given: { schedule: '@hourly', from: '2026-01-01T00:00:00Z' }, want: '2026-01-01T01:00:00.000Z' },
  { name: 'day of month and day of week both set means either (robfig)', given: { schedule: '0 0 1 * 1', from: '2026-01-01T00:00:00Z' }, want: '2026-01-05T00:00:00.000Z' },
  { name: '@every counts from the whole second', given: { schedule: '@every 1m30s', from: '2026-01-01T00:00:00.700Z' }, want: '2026-01-01T00:01:30.000Z' },
  { name: 'timeZone moves the wall-clock time', given: { schedule: '0 9 * * *', timeZone: 'Europe/Berlin', from: '2026-01-01T00:00:00Z' }, want: '2026-01-01T08:00:00.000Z' },
  { name: 'a TZ= prefix in the schedule is honoured', given: { schedule: 'TZ=Asia/Tokyo 0 9 * * *', from: '2026-01-01T00:00:00Z' }, want: '2026-01-02T00:00:00.000Z' },
];

for (const { name, given, want } of nextCases) {
  test(name, () => {
    assert.equal(iso(parseSchedule(given.schedule, given.timeZone).next(at(given.from))), want);
  });
}

test('an unknown time zone is refused', () => {
  assert.throws(() => parseSchedule('* * * * *', 'Mars/Olympus'), /unknown time zone Mars\/Olympus/);
});

const cronJob = (lastScheduleTime?: string) => ({ metadata: { name: 'hello', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: {}, status: lastScheduleTime ? { lastScheduleTime } : {} });

const recentCases = [
  { name: 'nothing is due before the first schedule time', given: { now: '2026-01-01T00:00:59Z' }, want: { mostRecent: undefined, missed: 'none' } },
  { name: 'the one due time is returned', given: { now: '2026-01-01T00:01:30Z' }, want: { mostRecent: '2026-01-01T00:01:00.000Z', missed: 'none' } },
  { name: 'after a gap only the latest missed time is returned', given: { now: '2026-01-01T00:04:30Z' }, want: { mostRecent: '2026-01-01T00:04:00.000Z', missed: 'few' } },
  { name: 'more than a hundred misses are many', given: { now: '2026-01-01T03:00:30Z' }, want: { mostRecent: '2026-01-01T03:00:00.000Z', missed: 'many' } },
];

for (const { name, given, want } of recentCases) {
  test(name, () => {
    const recent = mostRecentScheduleTime(cronJob(), at(given.now), parseSchedule('*/1 * * * *', undefined), true);
    assert.deepEqual({ mostRecent: iso(recent.mostRecent), missed: recent.missed }, want);
  });
}

test('the next sync is 100 ms after the next schedule time', () => {
  assert.equal(nextScheduleDelayMs(cronJob('2026-01-01T00:01:00Z'), at('2026-01-01T00:01:20Z'), parseSchedule('*/1 * * * *', undefined)), 40_100);
});

test('formats times as Go does', () => {
  assert.equal(formatRfc3339InZone(at('2026-01-01T00:01:00Z'), 'UTC'), '2026-01-01T00:01:00Z');
  assert.equal(formatRfc3339InZone(at('2026-01-01T08:00:00Z'), 'Europe/Berlin'), '2026-01-01T09:00:00+01:00');
  assert.equal(formatRfc3339InZone(at('2026-07-01T12:00:00Z'), 'America/New_York'), '2026-07-01T08:00:00-04:00');
  assert.equal(formatRfc1123Z(at('2026-01-01T00:01:00Z')), 'Thu, 01 Jan 2026 00:01:00 +0000');
});
