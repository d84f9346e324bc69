/**
 * A pod's cpu and memory requests and a node's "Allocated resources", computed as `kubectl
 * describe node` does (client-side, resourcehelper.PodRequestsAndLimits): the app containers and
 * sidecars (restartable init containers) add up, a plain init container counts only when it needs
 * more than they do, `spec.overhead` adds on top; only non-terminated pods (phase neither
 * Succeeded nor Failed) count. Percentages are of allocatable, truncated, as kubectl prints them.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { addQuantities, compareQuantities, formatQuantity, parseQuantity, type Quantity } from '../../shared/quantity.js';

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

type Resources = Record<string, unknown> | undefined;
interface Container {
  resources?: { requests?: Resources };
  restartPolicy?: string;
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

function add(a: ResourceAmounts, requests: Resources): ResourceAmounts {
  return { cpu: plus(a.cpu, quantityOf(requests?.cpu)), memory: plus(a.memory, quantityOf(requests?.memory)) };
}

function max(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  return { cpu: compareQuantities(a.cpu, b.cpu) >= 0 ? a.cpu : b.cpu, memory: compareQuantities(a.memory, b.memory) >= 0 ? a.memory : b.memory };
}

export function podRequests(pod: Readonly<KubeObject>): ResourceAmounts {
  const spec = pod.spec ?? {};
  let sidecars: ResourceAmounts = { cpu: zero(), memory: zero() };
  let initPeak: ResourceAmounts = { cpu: zero(), memory: zero() };
  for (const init of (spec.initContainers ?? []) as Container[]) {
    if (init.restartPolicy === 'Always') {
      sidecars = add(sidecars, init.resources?.requests);
      initPeak = max(initPeak, sidecars);
    } else {
      // A plain init container runs next to the sidecars started before it.
      initPeak = max(initPeak, add(sidecars, init.resources?.requests));
    }
  }
  let total = sidecars;
  for (const container of (spec.containers ?? []) as Container[]) total = add(total, container.resources?.requests);
  return add(max(total, initPeak), spec.overhead);
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
  const allocatable: Resources = node.status?.allocatable;
  return { cpu: row(sum.cpu, allocatable?.cpu), memory: row(sum.memory, allocatable?.memory) };
}

function row(requested: Quantity, allocatableValue: unknown): AllocatedResource {
  const allocatable = quantityOf(allocatableValue);
  const asNumber = (q: Quantity): number => Number(q.mantissa) * 10 ** q.exponent;
  const total = asNumber(allocatable);
  const percent = total > 0 ? Math.trunc((asNumber(requested) / total) * 100) : 0;
  return { requested: formatQuantity(requested), allocatable: allocatableValue === undefined ? '0' : formatQuantity(allocatable), percent };
}
