/**
 * resource.Quantity as Go holds it in memory (apimachinery `quantity.go` ParseQuantity and
 * CanonicalizeBytes), for the pod-template-hash: the int64 amount, its decimal scale, the format,
 * and the cached string that ParseQuantity keeps only for canonical input. The apiserver stores the
 * canonical string, and kube-controller-manager parses that string again, so the hash sees
 * parse(canonical(parse(input))). Only the int64 fast path is reproduced; quantities that need
 * Go's arbitrary-precision path (more than 18 digits, below a nano) are approximated.
 */

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface GoQuantity {
  value: bigint;
  scale: number;
  format: QuantityFormat;
  /** The cached string form (Quantity.s), '' when none. */
  cached: string;
  /** True when Go would have used its inf.Dec path, which kubelab does not model. */
  approximate: boolean;
}

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const maxInt64 = (1n << 63n) - 1n;
const nano = -9;

/** The quantity the Deployment controller holds for a value written in a manifest. */
export function quantityAsStored(input: string): GoQuantity {
  const parsed = parseQuantity(input);
  if (!parsed.approximate) return parseQuantity(parsed.cached || canonicalString(parsed));
  // Go's inf.Dec path (`1.5Gi`, `0.1234567891`): the exact amount, rounded up to nanos.
  const exact = exactAmount(input);
  return exact ? parseQuantity(canonicalString(exact)) : parsed;
}

/** The amount as value·10^scale, as Go's arbitrary-precision parse keeps it (scale ≥ -9, rounded up). */
function exactAmount(str: string): GoQuantity | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?([KMGTPE]i|[numkMGTPE]?)$/.exec(str);
  if (!m) return undefined;
  const denom = m[3] ?? '';
  let value = BigInt((m[2] || '0') + denom);
  let scale = -denom.length;
  let format: QuantityFormat = 'DecimalSI';
  if (m[4]! in binarySuffixes) {
    value *= 1n << BigInt(binarySuffixes[m[4]!]!);
    format = 'BinarySI';
  } else scale += decimalSuffixes[m[4]!]!;
  if (scale < nano) {
    const divisor = 10n ** BigInt(nano - scale);
    value = (value + divisor - 1n) / divisor;
    scale = nano;
  }
  if (m[1] === '-') value = -value;
  return { value, scale, format, cached: '', approximate: false };
}

export function parseQuantity(str: string): GoQuantity {
  const zero: GoQuantity = { value: 0n, scale: 0, format: 'DecimalSI', cached: '', approximate: false };
  if (str === '0') return { ...zero, cached: '0' };
  const m = /^([+-]?)0*(\d*)(?:\.(\d*))?([eEinumkKMGTP]*[+-]?\d*)$/.exec(str);
  if (!m) return { ...zero, approximate: true }; // the API server rejects these before they get here
  const positive = m[1] !== '-';
  const num = m[2] || '0';
  const denom = m[3] ?? '';
  const suffix = m[4]!;
  let exponent: number;
  let format: QuantityFormat;
  if (suffix in decimalSuffixes) [exponent, format] = [decimalSuffixes[suffix]!, 'DecimalSI'];
  else if (suffix in binarySuffixes) [exponent, format] = [binarySuffixes[suffix]!, 'BinarySI'];
  else if (/^[eE][+-]?\d+$/.test(suffix)) [exponent, format] = [Number(suffix.slice(1)), 'DecimalExponent'];
  else return { ...zero, approximate: true };
  let scale = 0;
  let precision: number;
  let mantissa = 1n;
  if (format === 'BinarySI') {
    if (exponent >= 0 && denom.length === 0) {
      mantissa = 1n << BigInt(exponent);
      precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    } else precision = -1;
  } else {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= nano) {
      const shifted = num + denom;
      const value = BigInt(shifted);
      const result = value * mantissa;
      if (value <= maxInt64 && result <= maxInt64) {
        const signed = positive ? result : -result;
        const canonical =
          format === 'BinarySI' ? exponent % 10 === 0 && (value & 7n) !== 0n : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        return { value: signed, scale, format, cached: canonical ? str : '', approximate: false };
      }
    }
  }
  return { ...zero, format, approximate: true };
}

/** Quantity.String() without a cached string (CanonicalizeBytes of an int64 amount). */
export function canonicalString(q: GoQuantity): string {
  if (q.value === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const exact = q.scale >= 0 ? q.value * 10n ** BigInt(q.scale) : q.value % 10n ** BigInt(-q.scale) === 0n ? q.value / 10n ** BigInt(-q.scale) : undefined;
    const small = exact !== undefined ? exact > -1024n && exact < 1024n : Math.abs(Number(q.value) * 10 ** q.scale) < 1024;
    if (small || exact === undefined) format = 'DecimalSI';
    else {
      const [amount, times] = removeFactors(exact, 1024n);
      return `${amount}${Object.keys(binarySuffixes)[times - 1] ?? ''}`;
    }
  }
  let [amount, times] = removeFactors(q.value, 10n);
  let exponent = q.scale + times;
  const rest = ((exponent % 3) + 3) % 3;
  amount *= 10n ** BigInt(rest);
  exponent -= rest;
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  const suffix = Object.entries(decimalSuffixes).find(([, e]) => e === exponent)?.[0] ?? '';
  return `${amount}${suffix}`;
}

function removeFactors(value: bigint, base: bigint): [bigint, number] {
  const negative = value < 0n;
  let result = negative ? -value : value;
  let times = 0;
  while (result >= base && result % base === 0n) {
    result /= base;
    times++;
  }
  return [negative ? -result : result, times];
}
