/**
 * Container resources in the registry: SetDefaults_ResourceList (every quantity rounded up to milli
 * and written back canonical: `0.5` → `500m`, `2048Mi` → `2Gi`), the requests/limits validation of
 * core validation, limits copied into requests (SetDefaults_Pod), and the pod QoS class
 * (`pkg/apis/core/helper/qos`). The Quantity maths itself is shared/quantity.ts.
 */
import { badRequest, field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { isQualifiedName } from './name-validation.js';
import { invalidEach, isNegativeMessage, sortedKeys } from './metadata.js';

// The Quantity maths is shared with the scheduler and the kubelet (shared/quantity.ts).
import { addQuantities, compareQuantities, formatQuantity, parseQuantity, quantityFormatError, roundUpToMilli, type Quantity, type QuantityFormat } from '../../../shared/quantity.js';

export { addQuantities, compareQuantities, formatQuantity, parseQuantity, quantityFormatError, roundUpToMilli };
export type { Quantity, QuantityFormat };

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
