/**
 * Resource quantities and container resources: apimachinery's Quantity parsing and canonical form
 * (`0.5` → `500m`, `2048Mi` → `2Gi`), SetDefaults_ResourceList (round up to milli), the
 * requests/limits validation of core validation, limits copied into requests (SetDefaults_Pod),
 * and the pod QoS class (`pkg/apis/core/helper/qos`). Exact rational arithmetic with BigInt.
 * The Quantity half belongs in shared/quantity.ts once the project has that module.
 */
import { badRequest, field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { isQualifiedName } from './name-validation.js';
import { invalidEach, isNegativeMessage, sortedKeys } from './metadata.js';

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** value = mantissa × 10^exponent, with the format the input was written in. */
export interface Quantity {
  mantissa: bigint;
  exponent: number;
  format: QuantityFormat;
}

export const quantityFormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** resource.ParseQuantity; throws an Error with apimachinery's message. */
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
  const divisor = 10n ** BigInt(-3 - q.exponent);
  let mantissa = q.mantissa / divisor;
  if (q.mantissa % divisor !== 0n) mantissa += q.mantissa < 0n ? -1n : 1n;
  return { ...q, mantissa, exponent: -3 };
}

/** The mantissa at another exponent; going up truncates (callers only do it for exact values). */
function scaled(q: Quantity, exponent: number): bigint {
  const shift = q.exponent - exponent;
  return shift >= 0 ? q.mantissa * 10n ** BigInt(shift) : q.mantissa / 10n ** BigInt(-shift);
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

/**
 * SetDefaults_ResourceList on a JSON ResourceList: every value parsed, rounded up to milli and
 * written back canonical. A bad quantity is a decode error in Kubernetes (400, not 422), so it
 * throws `<Kind> in version "<v>" cannot be handled as a <Kind>: quantities must match …`.
 */
export function canonicalizeResourceList(list: Record<string, unknown> | undefined, owner: KubeObject): void {
  if (!list || typeof list !== 'object') return;
  for (const key of Object.keys(list)) {
    try {
      list[key] = formatQuantity(roundUpToMilli(parseQuantity(list[key])));
    } catch (err) {
      const kind = owner.kind ?? 'Object';
      const version = (owner.apiVersion ?? 'v1').split('/').pop();
      throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: ${(err as Error).message}`);
    }
  }
}

/** Reads an already canonical value; undefined for anything unparsable. */
export function quantityOf(value: unknown): Quantity | undefined {
  try {
    return parseQuantity(value);
  } catch {
    return undefined; // canonicalizeResourceList rejected bad values at decode time
  }
}

const standardContainerResources = new Set(['cpu', 'memory', 'ephemeral-storage']);
const standardResources = new Set([
  ...standardContainerResources,
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'storage',
  'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
  'services.nodeports', 'services.loadbalancers',
]);

/** validateContainerResourceName: `must be a standard resource for containers` and friends. */
function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errors = invalidEach(path, name, isQualifiedName(name));
  if (errors.length) return errors;
  const isHugePages = name.startsWith('hugepages-');
  if (!name.includes('/')) {
    if (!standardResources.has(name) && !isHugePages && !name.startsWith('requests.hugepages-')) {
      return [field.invalid(path, name, 'must be a standard resource type or fully qualified')];
    }
    if (!standardContainerResources.has(name) && !isHugePages) return [field.invalid(path, name, 'must be a standard resource for containers')];
  }
  return [];
}

/** ValidateResourceRequirements of a container: names, non-negative values, requests ≤ limits. */
export function validateResourceRequirements(resources: { limits?: Record<string, unknown>; requests?: Record<string, unknown> } | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const limits = resources?.limits ?? {};
  const requests = resources?.requests ?? {};
  for (const [kind, list] of [['limits', limits], ['requests', requests]] as const) {
    for (const name of sortedKeys(list)) {
      const at = `${path}.${kind}[${name}]`;
      errors.push(...validateContainerResourceName(name, at));
      const q = quantityOf(list[name]);
      if (q && q.mantissa < 0n) errors.push(field.invalid(at, formatQuantity(q), isNegativeMessage));
      if (kind !== 'requests' || !q || !(name in limits)) continue;
      const limit = quantityOf(limits[name]);
      // Only the overcommittable resources exist here, so "request ≤ limit" is the one rule.
      if (limit && compareQuantities(q, limit) > 0) {
        errors.push(field.invalid(`${path}.requests`, formatQuantity(q), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`));
      }
    }
  }
  return errors;
}

/** SetDefaults_Pod: a limit without a request makes the request equal to the limit (pods only). */
export function copyLimitsToRequests(resources: { limits?: Record<string, unknown>; requests?: Record<string, unknown> } | undefined): void {
  if (!resources?.limits) return;
  const requests = (resources.requests ??= {});
  for (const name of Object.keys(resources.limits)) if (!(name in requests)) requests[name] = resources.limits[name];
}

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/**
 * ComputePodQOS: only cpu and memory above zero count. BestEffort when nothing is set;
 * Guaranteed when every container (init included) limits both and the summed requests equal the
 * summed limits; Burstable otherwise.
 */
export function computeQosClass(spec: { containers?: unknown[]; initContainers?: unknown[] } | undefined): QosClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])] as { resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } }[];
  const add = (sum: Map<string, Quantity>, name: string, q: Quantity) => sum.set(name, sum.has(name) ? addQuantities(sum.get(name)!, q) : q);
  for (const container of containers) {
    for (const [name, value] of Object.entries(container.resources?.requests ?? {})) {
      const q = quantityOf(value);
      if ((name === 'cpu' || name === 'memory') && q && q.mantissa > 0n) add(requests, name, q);
    }
    const limited = new Set<string>();
    for (const [name, value] of Object.entries(container.resources?.limits ?? {})) {
      const q = quantityOf(value);
      if ((name === 'cpu' || name === 'memory') && q && q.mantissa > 0n) {
        limited.add(name);
        add(limits, name, q);
      }
    }
    if (!limited.has('cpu') || !limited.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, request] of requests) {
      const limit = limits.get(name);
      if (!limit || compareQuantities(limit, request) !== 0) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
