/**
 * Validators for the JSON strings that Go types parse themselves, returning the exact error text Go
 * gives, because the apiserver passes it through to kubectl: resource.Quantity (ParseQuantity),
 * metav1.Time / MicroTime (time.Parse with RFC 3339), and []byte fields (base64.StdEncoding).
 * Validation only: Quantity arithmetic belongs elsewhere.
 */

/** apimachinery resource.ErrFormatWrong, ErrNumeric and ErrSuffix. */
export const quantityFormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const quantityNumericError = 'unable to parse numeric part of quantity';
const quantitySuffixError = "unable to parse quantity's suffix";

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** The error ParseQuantity returns for `text`, or undefined when it parses. Follows parseQuantityString. */
export function quantityParseError(text: string): string | undefined {
  if (text.length === 0) return quantityFormatError;
  if (text === '0') return undefined;
  const m = /^([+-]?)(0*)([0-9]*)(?:\.([0-9]*))?(.*)$/s.exec(text);
  if (!m) return quantityFormatError;
  const [, , , digits, denom = '', suffix] = m;
  // The suffix is letters from [eEinumkKMGTP], then an optional sign and digits, and nothing else.
  if (!/^[eEinumkKMGTP]*[-+]?[0-9]*$/.test(suffix)) return quantityFormatError;
  const num = digits === '' ? '0' : digits;
  let exponent: number;
  let binary = false;
  if (suffix in decimalSuffixes) exponent = decimalSuffixes[suffix];
  else if (suffix in binarySuffixes) [exponent, binary] = [binarySuffixes[suffix], true];
  else if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[-+]?[0-9]+$/.test(suffix.slice(1))) exponent = Number(suffix.slice(1));
  else return quantitySuffixError;
  // The fast path (an int64 mantissa) accepts any digit string; the slow path needs a decimal with a digit.
  const precision = binary ? (denom === '' ? 15 - num.length - Math.trunc((exponent * 3) / 10) - 1 : -1) : 18 - (num.length + denom.length);
  const scale = (binary ? 0 : exponent) - denom.length;
  if (precision >= 0 && scale >= -9) return undefined;
  const value = text.slice(0, text.length - suffix.length);
  return /[0-9]/.test(value) ? undefined : quantityNumericError;
}

interface Chunk {
  prefix: string;
  std: '2006' | '01' | '02' | '15' | '04' | '05' | '.000000' | 'Z07:00';
}

const rfc3339: Chunk[] = [
  { prefix: '', std: '2006' },
  { prefix: '-', std: '01' },
  { prefix: '-', std: '02' },
  { prefix: 'T', std: '15' },
  { prefix: ':', std: '04' },
  { prefix: ':', std: '05' },
  { prefix: '', std: 'Z07:00' },
];
const rfc3339Micro: Chunk[] = [...rfc3339.slice(0, 6), { prefix: '', std: '.000000' }, rfc3339[6]];

/**
 * The error time.Parse gives for `text` with layout RFC3339 (metav1.Time) or RFC3339Micro
 * (metav1.MicroTime), or undefined when it parses. Follows Go's parse loop: literal prefix, then
 * the element, range checks, extra text, then the day of the month.
 */
export function timeParseError(text: string, micro = false): string | undefined {
  const layout = micro ? '2006-01-02T15:04:05.000000Z07:00' : '2006-01-02T15:04:05Z07:00';
  const cannot = (valueElem: string, layoutElem: string) =>
    `parsing time ${goQuote(text)} as ${goQuote(layout)}: cannot parse ${goQuote(valueElem)} as ${goQuote(layoutElem)}`;
  const outOfRange = (what: string) => `parsing time ${goQuote(text)}: ${what} out of range`;
  const chunks = micro ? rfc3339Micro : rfc3339;
  let value = text;
  const n: Record<string, number> = {};
  for (const [index, chunk] of chunks.entries()) {
    if (chunk.prefix && !value.startsWith(chunk.prefix)) return cannot(value, chunk.prefix);
    value = value.slice(chunk.prefix.length);
    const hold = value;
    const two = (fixed: boolean): number | undefined => {
      if (!isDigit(value, 0)) return undefined;
      const width = isDigit(value, 1) ? 2 : fixed ? 0 : 1;
      if (width === 0) return undefined;
      const got = Number(value.slice(0, width));
      value = value.slice(width);
      return got;
    };
    let got: number | undefined;
    switch (chunk.std) {
      case '2006':
        got = value.length >= 4 && /^[0-9]{4}/.test(value) ? Number(value.slice(0, 4)) : undefined;
        if (got !== undefined) value = value.slice(4);
        break;
      case '01':
      case '02':
      case '04':
      case '05':
        got = two(true);
        break;
      case '15':
        got = two(false);
        break;
      case '.000000':
        got = value.length >= 7 && /^[.,][0-9]{6}/.test(value) ? 0 : undefined;
        if (got !== undefined) value = value.slice(7);
        break;
      case 'Z07:00':
        if (value.startsWith('Z')) [got, value] = [0, value.slice(1)];
        else if (value.length >= 6 && value[3] === ':' && /^[+-][0-9]{2}:[0-9]{2}/.test(value)) [got, value] = [0, value.slice(6)];
        break;
    }
    if (got === undefined) return cannot(hold, chunk.std);
    n[chunk.std] = got;
    const range = rangeError(chunk.std, got);
    if (range) return outOfRange(range);
    // A fraction after the seconds is accepted although the RFC3339 layout has none.
    if (chunk.std === '05' && chunks[index + 1]?.std !== '.000000') {
      const fraction = /^[.,][0-9]+/.exec(value);
      if (fraction) value = value.slice(fraction[0].length);
    }
  }
  if (value.length > 0) return `parsing time ${goQuote(text)}: extra text: ${goQuote(value)}`;
  if (n['02'] < 1 || n['02'] > daysIn(n['01'], n['2006'])) return outOfRange('day');
  return undefined;
}

function rangeError(std: Chunk['std'], value: number): string | undefined {
  if (std === '01' && (value < 1 || value > 12)) return 'month';
  if (std === '15' && value >= 24) return 'hour';
  if (std === '04' && value >= 60) return 'minute';
  if (std === '05' && value >= 60) return 'second';
  return undefined;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isDigit(s: string, i: number): boolean {
  return i < s.length && s[i] >= '0' && s[i] <= '9';
}

/** Go time's quote(): ASCII as is (with " and \ escaped), anything else as \x bytes. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    if (ch >= ' ' && ch <= '~') out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

const base64Alphabet = /^[A-Za-z0-9+/]$/;

/**
 * The error base64.StdEncoding.Decode gives for `text` (`illegal base64 data at input byte 4`), or
 * undefined when it decodes. Follows Go's decodeQuantum: newlines are skipped, padding is required.
 */
export function base64DecodeError(text: string): string | undefined {
  const corrupt = (at: number) => `illegal base64 data at input byte ${at}`;
  const isNewline = (c: string | undefined) => c === '\n' || c === '\r';
  let si = 0;
  while (si < text.length) {
    for (let j = 0; j < 4; j++) {
      if (si === text.length) return j === 0 ? undefined : corrupt(si - j);
      const c = text[si++];
      if (base64Alphabet.test(c)) continue;
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== '=' || j < 2) return corrupt(si - 1);
      if (j === 2) {
        while (si < text.length && isNewline(text[si])) si++;
        if (si === text.length) return corrupt(text.length);
        if (text[si] !== '=') return corrupt(si - 1);
        si++;
      }
      while (si < text.length && isNewline(text[si])) si++;
      return si < text.length ? corrupt(si) : undefined;
    }
  }
  return undefined;
}
