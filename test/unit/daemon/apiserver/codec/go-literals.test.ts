import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base64DecodeError, quantityParseError, timeParseError } from '../../../../../daemon/apiserver/codec/go-literals.js';

const formatWrong = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

describe('quantityParseError', () => {
  const cases: { name: string; given: string; want: string | undefined }[] = [
    { name: 'accepts millicores', given: '500m', want: undefined },
    { name: 'accepts binary suffixes', given: '1Gi', want: undefined },
    { name: 'accepts a fraction with a binary suffix', given: '1.5Gi', want: undefined },
    { name: 'accepts exponents', given: '1e3', want: undefined },
    { name: 'accepts negative exponents', given: '12E-3', want: undefined },
    { name: 'accepts a signed plain number', given: '+0.25', want: undefined },
    { name: 'accepts zero', given: '0', want: undefined },
    { name: 'rejects the empty string', given: '', want: formatWrong },
    { name: 'rejects letters', given: 'abc', want: formatWrong },
    { name: 'rejects a unit that is not a suffix', given: '1Gb', want: formatWrong },
    { name: 'rejects two dots', given: '1.2.3', want: formatWrong },
    { name: 'rejects a doubled suffix', given: '1KK', want: "unable to parse quantity's suffix" },
    { name: 'rejects a bare exponent marker', given: '1e', want: "unable to parse quantity's suffix" },
    { name: 'rejects lower-case k-binary', given: '1ki', want: "unable to parse quantity's suffix" },
  ];
  for (const { name, given, want } of cases) it(name, () => assert.equal(quantityParseError(given), want));
});

describe('timeParseError', () => {
  const layout = '"2006-01-02T15:04:05Z07:00"';
  const cases: { name: string; given: string; want: string | undefined }[] = [
    { name: 'accepts UTC', given: '2024-01-01T00:00:00Z', want: undefined },
    { name: 'accepts an offset', given: '2024-06-30T23:59:59+02:00', want: undefined },
    { name: 'accepts fractional seconds', given: '2024-01-01T00:00:00.123456Z', want: undefined },
    { name: 'rejects words', given: 'yesterday', want: `parsing time "yesterday" as ${layout}: cannot parse "yesterday" as "2006"` },
    { name: 'rejects a date alone', given: '2024-01-01', want: `parsing time "2024-01-01" as ${layout}: cannot parse "" as "T"` },
    { name: 'rejects a space for T', given: '2024-01-01 00:00:00Z', want: `parsing time "2024-01-01 00:00:00Z" as ${layout}: cannot parse " 00:00:00Z" as "T"` },
    { name: 'rejects a missing zone', given: '2024-01-01T00:00:00', want: `parsing time "2024-01-01T00:00:00" as ${layout}: cannot parse "" as "Z07:00"` },
    { name: 'rejects month 13', given: '2024-13-01T00:00:00Z', want: 'parsing time "2024-13-01T00:00:00Z": month out of range' },
    { name: 'rejects 30 February', given: '2024-02-30T00:00:00Z', want: 'parsing time "2024-02-30T00:00:00Z": day out of range' },
    { name: 'rejects trailing text', given: '2024-01-01T00:00:00Zjunk', want: 'parsing time "2024-01-01T00:00:00Zjunk": extra text: "junk"' },
  ];
  for (const { name, given, want } of cases) it(name, () => assert.equal(timeParseError(given), want));

  it('requires six fraction digits for MicroTime', () => {
    assert.equal(timeParseError('2024-01-01T00:00:00.000000Z', true), undefined);
    assert.equal(
      timeParseError('2024-01-01T00:00:00Z', true),
      'parsing time "2024-01-01T00:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
    );
  });
});

describe('base64DecodeError', () => {
  const cases: { name: string; given: string; want: string | undefined }[] = [
    { name: 'accepts padded input', given: 'dGVzdA==', want: undefined },
    { name: 'accepts a full quantum', given: 'czNjcmV0', want: undefined },
    { name: 'skips newlines', given: 'czNj\ncmV0\n', want: undefined },
    { name: 'rejects an illegal character at its offset', given: 'a$bc', want: 'illegal base64 data at input byte 1' },
    { name: 'rejects missing padding at the start of the last quantum', given: 'abc', want: 'illegal base64 data at input byte 0' },
    { name: 'rejects half padding at the end', given: 'dGVzdA=', want: 'illegal base64 data at input byte 7' },
    { name: 'rejects text after the padding', given: 'dGVzdA==x', want: 'illegal base64 data at input byte 8' },
    { name: 'rejects a wrong second pad', given: 'ab=c', want: 'illegal base64 data at input byte 2' },
  ];
  for (const { name, given, want } of cases) it(name, () => assert.equal(base64DecodeError(given), want));
});
