/**
 * Resource quantities (apimachinery `pkg/api/resource`): parsing `250m`, `1.5Gi`, `1e3`, the
 * canonical string form the API stores (`0.5` → `500m`, `2048Mi` → `2Gi`), and the integer views
 * the scheduler and kubelet compute with, Value() and MilliValue(), both rounded up as
 * Kubernetes rounds them. The exact form keeps a BigInt mantissa and a decimal exponent, so no
 * binary float ever decides whether a pod fits.
 */

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** value = mantissa × 10^exponent, with the format the input was written in. */
export interface Quantity {
  mantissa: bigint;
  exponent: number;
  format: QuantityFormat;
}

/** The decode error apimachinery returns for text that is not a quantity. */
export const quantityFormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** resource.ParseQuantity; throws an Error with apimachinery's message. Numbers are accepted as their decimal text. */
export function parseQuantity(input: unknown): Quantity {
  const text = typeof input === 'number' ? String(input) : typeof input === 'string' ? input : '';
  const match = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/.exec(text);
  if (!match) throw new Error(quantityFormatError);
  const [, number, suffix] = match as unknown as [string, string, string];
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(number)) throw new Error("unable to parse quantity's numeric part");
  const negative = number.startsWith('-');
  const [whole, fraction = ''] = number.replace(/^[+-]/, '').split('.');
  let mantissa = BigInt(`${whole || '0'}${fraction}`) * (negative ? -1n : 1n);
  let exponent = -fraction.length;
  let format: QuantityFormat;
  if (suffix in decimalSuffixes) {
    format = 'DecimalSI';
    exponent += decimalSuffixes[suffix]!;
  } else if (suffix in binarySuffixes) {
    format = 'BinarySI';
    mantissa *= 2n ** BigInt(binarySuffixes[suffix]!);
  } else if (/^[eE][-+]?\d+$/.test(suffix)) {
    format = 'DecimalExponent';
    exponent += Number(suffix.slice(1));
  } else {
    throw new Error("unable to parse quantity's suffix");
  }
  return { mantissa, exponent, format };
}

/** Quantity.RoundUp(-3): no precision finer than milli, rounding away from zero. */
export function roundUpToMilli(q: Quantity): Quantity {
  if (q.exponent >= -3) return q;
  return { ...q, mantissa: scaledRoundedUp(q, -3), exponent: -3 };
}

/** The mantissa at another exponent; going up truncates (callers only do it for exact values). */
function scaled(q: Quantity, exponent: number): bigint {
  const shift = q.exponent - exponent;
  return shift >= 0 ? q.mantissa * 10n ** BigInt(shift) : q.mantissa / 10n ** BigInt(-shift);
}

/** The value in units of 10^exponent, rounded away from zero (ScaledValue's rounding). */
function scaledRoundedUp(q: Quantity, exponent: number): bigint {
  if (q.exponent >= exponent) return scaled(q, exponent);
  const divisor = 10n ** BigInt(exponent - q.exponent);
  const truncated = q.mantissa / divisor;
  return q.mantissa % divisor === 0n ? truncated : truncated + (q.mantissa < 0n ? -1n : 1n);
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  const e = Math.min(a.exponent, b.exponent);
  const x = scaled(a, e);
  const y = scaled(b, e);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addQuantities(a: Quantity, b: Quantity): Quantity {
  const e = Math.min(a.exponent, b.exponent);
  return { mantissa: scaled(a, e) + scaled(b, e), exponent: e, format: a.format };
}

/** Quantity.String(): the canonical form that keeps the input's family (CanonicalizeBytes). */
export function formatQuantity(q: Quantity): string {
  if (q.mantissa === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const small = compareQuantities(q, { mantissa: -1024n, exponent: 0, format }) > 0 && compareQuantities(q, { mantissa: 1024n, exponent: 0, format }) < 0;
    const integral = q.exponent >= 0 || q.mantissa % 10n ** BigInt(-q.exponent) === 0n;
    if (small || !integral) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let value = scaled(q, 0);
    let power = 0;
    while (power < 6 && value % 1024n === 0n) {
      value /= 1024n;
      power++;
    }
    return `${value}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][power]}`;
  }
  let { mantissa, exponent } = q;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  const extra = ((exponent % 3) + 3) % 3; // bring the exponent down to a multiple of 3
  mantissa *= 10n ** BigInt(extra);
  exponent -= extra;
  if (format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  const suffix = Object.entries(decimalSuffixes).find(([, e]) => e === exponent)?.[0] ?? '';
  return `${mantissa}${suffix}`;
}

/** Quantity.Value(): whole units rounded up (bytes for memory, a count for pods). */
export function quantityValue(q: Quantity): number {
  return Number(scaledRoundedUp(q, 0));
}

/** Quantity.MilliValue(): thousandths rounded up (millicores for cpu). */
export function quantityMilliValue(q: Quantity): number {
  return Number(scaledRoundedUp(q, -3));
}

// Hot paths (the scheduler reads every request of every pod) see the same few strings again and
// again: remember their values. Bounded so that odd input cannot grow it without end.
const memoLimit = 4096;
const milliMemo = new Map<string, number>();
const valueMemo = new Map<string, number>();

function memoized(memo: Map<string, number>, input: unknown, convert: (q: Quantity) => number): number {
  const text = typeof input === 'number' ? String(input) : typeof input === 'string' ? input : '';
  const known = memo.get(text);
  if (known !== undefined) return known;
  const value = convert(parseQuantity(text));
  if (memo.size >= memoLimit) memo.clear();
  memo.set(text, value);
  return value;
}

/** parseQuantity then MilliValue, memoized: `250m` → 250, `2` → 2000. Throws on bad input. */
export function parseMilliValue(input: unknown): number {
  return memoized(milliMemo, input, quantityMilliValue);
}

/** parseQuantity then Value, memoized: `1Gi` → 1073741824, `110` → 110. Throws on bad input. */
export function parseValue(input: unknown): number {
  return memoized(valueMemo, input, quantityValue);
}
