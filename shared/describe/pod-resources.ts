/**
 * Pod-level resource arithmetic describe needs, as kubectl computes it client-side: a pod's
 * effective requests and limits (kubectl pkg/util/resource PodRequestsAndLimits: the sum of its
 * containers, at least the largest init container, sidecars added, plus overhead) for the node's
 * "Non-terminated Pods" and "Allocated resources" tables, and the QoS class (status.qosClass, else
 * computed as kubectl's qos.ComputePodQOS does). In-place resize statuses are left out.
 */
import { addQuantities, compareQuantities, type Quantity } from '../quantity.js';
import { toQuantity } from './format.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export type ResourceList = Map<string, Quantity>;

function toList(raw: Record<string, unknown> | undefined): ResourceList {
  const list: ResourceList = new Map();
  for (const [name, value] of Object.entries(raw ?? {})) {
    const q = toQuantity(value);
    if (q) list.set(name, q);
  }
  return list;
}

function add(into: ResourceList, other: ResourceList): void {
  for (const [name, q] of other) {
    const current = into.get(name);
    into.set(name, current ? addQuantities(current, q) : q);
  }
}

function maxInto(into: ResourceList, other: ResourceList): void {
  for (const [name, q] of other) {
    const current = into.get(name);
    if (!current || compareQuantities(q, current) > 0) into.set(name, q);
  }
}

function isSidecar(container: Json): boolean {
  return container.restartPolicy === 'Always';
}

function podTotals(pod: Json, field: 'requests' | 'limits'): ResourceList {
  const total: ResourceList = new Map();
  for (const container of pod.spec?.containers ?? []) add(total, toList(container.resources?.[field]));
  const sidecars: ResourceList = new Map();
  const initMax: ResourceList = new Map();
  for (const container of pod.spec?.initContainers ?? []) {
    const own = toList(container.resources?.[field]);
    if (isSidecar(container)) {
      add(total, own);
      add(sidecars, own);
      maxInto(initMax, sidecars);
    } else {
      const withSidecars: ResourceList = new Map();
      add(withSidecars, own);
      add(withSidecars, sidecars);
      maxInto(initMax, withSidecars);
    }
  }
  maxInto(total, initMax);
  const overhead = toList(pod.spec?.overhead);
  if (field === 'requests') add(total, overhead);
  else
    for (const [name, q] of overhead) {
      const current = total.get(name);
      if (current && current.mantissa !== 0n) total.set(name, addQuantities(current, q));
    }
  return total;
}

export function podRequestsAndLimits(pod: Json): { requests: ResourceList; limits: ResourceList } {
  return { requests: podTotals(pod, 'requests'), limits: podTotals(pod, 'limits') };
}

const qosResources = new Set(['cpu', 'memory']);

/** Sums the positive cpu and memory quantities of a list into `into`; returns which were set. */
function collectQos(into: ResourceList, raw: Record<string, unknown> | undefined): Set<string> {
  const seen = new Set<string>();
  for (const [name, q] of toList(raw)) {
    if (!qosResources.has(name) || q.mantissa <= 0n) continue;
    seen.add(name);
    const current = into.get(name);
    into.set(name, current ? addQuantities(current, q) : q);
  }
  return seen;
}

/** The pod's QoS class: the one the kubelet recorded, else computed from requests and limits. */
export function podQosClass(pod: Json): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const requests: ResourceList = new Map();
  const limits: ResourceList = new Map();
  let isGuaranteed = true;
  const sources = pod.spec?.resources ? [pod.spec.resources] : [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c: Json) => c.resources ?? {});
  for (const resources of sources) {
    collectQos(requests, resources.requests);
    const limited = collectQos(limits, resources.limits);
    if (!limited.has('cpu') || !limited.has('memory')) isGuaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (isGuaranteed) {
    for (const [name, q] of requests) {
      const limit = limits.get(name);
      if (!limit || compareQuantities(limit, q) !== 0) isGuaranteed = false;
    }
  }
  return isGuaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
