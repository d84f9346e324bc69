import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCronSchedule } from '../../../../../daemon/apiserver/registry/cron-schedule.js';

describe('parseCronSchedule accepts standard cron', () => {
  it('expands steps, ranges and lists', () => {
    const s = parseCronSchedule('*/15 9-17 * * mon,fri');
    assert.deepEqual([...s.minutes], [0, 15, 30, 45]);
    assert.deepEqual([...s.hours], [9, 10, 11, 12, 13, 14, 15, 16, 17]);
    assert.deepEqual([...s.daysOfWeek], [1, 5]);
    assert.equal(s.domStar, true);
    assert.equal(s.dowStar, false);
  });

  it('expands @hourly', () => {
    assert.deepEqual([...parseCronSchedule('@hourly').minutes], [0]);
  });
});

describe('parseCronSchedule errors use robfig/cron wording', () => {
  const cases = [
    { name: 'counts the fields', given: '* * * *', want: 'expected exactly 5 fields, found 4: [* * * *]' },
    { name: 'checks the upper bound', given: '60 * * * *', want: 'end of range (60) above maximum (59): 60' },
    { name: 'checks the lower bound of days', given: '0 0 0 * *', want: 'beginning of range (0) below minimum (1): 0' },
    { name: 'rejects a word', given: 'x * * * *', want: 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax' },
    { name: 'rejects an unknown descriptor', given: '@sometimes', want: 'unrecognized descriptor: @sometimes' },
    { name: 'rejects a reversed range', given: '5-1 * * * *', want: 'beginning of range (5) beyond end of range (1): 5-1' },
  ];
  for (const { name, given, want } of cases) it(name, () => assert.throws(() => parseCronSchedule(given), { message: want }));
});
