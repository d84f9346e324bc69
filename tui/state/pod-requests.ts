/**
 * A pod's cpu and memory requests and a node's "Allocated resources", computed as `kubectl
 * describe node` does (shared/describe/pod-resources.ts, after resourcehelper.PodRequestsAndLimits);
 * only non-terminated pods (phase neither Succeeded nor Failed) count. Percentages are of
 * allocatable, truncated, as kubectl prints them.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { podRequestsAndLimits } from '../../shared/describe/pod-resources.js';
import { addQuantities, formatQuantity, parseQuantity, quantityMilliValue, quantityValue, type Quantity } from '../../shared/quantity.js';

export interface ResourceAmounts {
  cpu: Quantity;
  memory: Quantity;
}

export interface AllocatedResource {
  /** `950m`, `290Mi`: the requests as kubectl's Quantity String() prints the sum. */
  requested: string;
  /** `2`, `7901Mi`: the node's allocatable. */
  allocatable: string;
  /** int(requests / allocatable × 100), 0 when allocatable is zero or unknown. */
  percent: number;
}

const zero = (): Quantity => ({ mantissa: 0n, exponent: 0, format: 'DecimalSI' });

/** A quantity from the API, or zero when missing or malformed (the API validated it already). */
function quantityOf(value: unknown): Quantity {
  if (value === undefined || value === null) return zero();
  try {
    return parseQuantity(value);
  } catch {
    return zero(); // the apiserver rejects malformed quantities; this is only a defensive floor
  }
}

/** a + b; a zero sum takes b's format, as kubectl's sum starts as a copy of the first request. */
function plus(a: Quantity, b: Quantity): Quantity {
  if (a.mantissa === 0n) return b;
  if (b.mantissa === 0n) return a;
  return addQuantities(a, b);
}

export function podRequests(pod: Readonly<KubeObject>): ResourceAmounts {
  const { requests } = podRequestsAndLimits(pod);
  return { cpu: requests.get('cpu') ?? zero(), memory: requests.get('memory') ?? zero() };
}

/** Pods that still hold their requests on a node: `status.phase!=Succeeded,status.phase!=Failed`. */
export function isNonTerminated(pod: Readonly<KubeObject>): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/** The cpu and memory rows of "Allocated resources" for the pods on one node. */
export function allocatedResources(node: Readonly<KubeObject>, pods: readonly Readonly<KubeObject>[]): { cpu: AllocatedResource; memory: AllocatedResource } {
  let sum: ResourceAmounts = { cpu: zero(), memory: zero() };
  for (const pod of pods) {
    if (!isNonTerminated(pod)) continue;
    const requests = podRequests(pod);
    sum = { cpu: plus(sum.cpu, requests.cpu), memory: plus(sum.memory, requests.memory) };
  }
  const allocatable: Record<string, unknown> | undefined = node.status?.allocatable;
  return { cpu: row(sum.cpu, allocatable?.cpu, quantityMilliValue), memory: row(sum.memory, allocatable?.memory, quantityValue) };
}

/** One row; cpu compares MilliValues and memory Values, as describeNodeResource does. */
function row(requested: Quantity, allocatableValue: unknown, valueOf: (q: Quantity) => number): AllocatedResource {
  const allocatable = quantityOf(allocatableValue);
  const total = valueOf(allocatable);
  const percent = total > 0 ? Math.trunc((valueOf(requested) / total) * 100) : 0;
  return { requested: formatQuantity(requested), allocatable: allocatableValue === undefined ? '0' : formatQuantity(allocatable), percent };
}
