/**
 * What the scheduler needs to know about a pod, computed once per pod object: its resource
 * requests as kube-scheduler counts them (component-helpers `PodRequests`: the sum of the app
 * containers, raised to the largest init container — sidecars, i.e. restartable init containers,
 * add up — plus `spec.overhead`), the same with the 100m / 200Mi defaults for containers that
 * request nothing (used only for scoring), its host ports and its priority.
 */
import { keyOf } from '../../shared/api/keys.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { parseMilliValue, parseValue } from '../../shared/quantity.js';

/** schedutil.DefaultMilliCPURequest and DefaultMemoryRequest: what a request-less container counts as when scoring. */
export const defaultMilliCPURequest = 100;
export const defaultMemoryRequest = 200 * 1024 * 1024;

/** framework.Resource: cpu in millicores, the rest in whole units (bytes, counts). */
export interface Resources {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended resources and hugepages, by name. */
  scalar: Map<string, number>;
}

export interface HostPort {
  hostIP: string;
  protocol: string;
  port: number;
}

export interface PodInfo {
  readonly key: string;
  readonly pod: Readonly<KubeObject>;
  readonly requests: Resources;
  /** Requests with the scoring defaults for containers that name no cpu or memory request. */
  readonly nonZeroMilliCPU: number;
  readonly nonZeroMemory: number;
  readonly hostPorts: readonly HostPort[];
  readonly priority: number;
}

type ResourceList = Record<string, unknown> | undefined;
interface Container {
  resources?: { requests?: ResourceList };
  restartPolicy?: string;
  ports?: { hostPort?: number; hostIP?: string; protocol?: string }[];
}

export function emptyResources(): Resources {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: new Map() };
}

type SpecInfo = Omit<PodInfo, 'key' | 'pod'>;

const infos = new WeakMap<object, PodInfo>();
/**
 * What depends on the spec alone, by spec object: the store's versions share a frozen spec that
 * did not change (a kubelet's status writes), so a pod's requests are worked out once per spec
 * (created, then bound) and not once per status change.
 */
const specInfos = new WeakMap<object, SpecInfo>();

/** The PodInfo of a pod object; cached objects are immutable, so it is computed once per version. */
export function podInfoOf(pod: Readonly<KubeObject>): PodInfo {
  let info = infos.get(pod);
  if (!info) {
    info = { key: keyOf(pod), pod, ...specInfoOf(pod.spec) };
    infos.set(pod, info);
  }
  return info;
}

function specInfoOf(spec: Readonly<KubeObject['spec']> | undefined): SpecInfo {
  if (!spec) return computeSpecInfo({});
  let info = specInfos.get(spec);
  if (!info) {
    info = computeSpecInfo(spec);
    specInfos.set(spec, info);
  }
  return info;
}

function computeSpecInfo(spec: NonNullable<KubeObject['spec']>): SpecInfo {
  const requests = podRequests(spec, undefined);
  const nonZero = podRequests(spec, { cpu: defaultMilliCPURequest, memory: defaultMemoryRequest });
  const hostPorts: HostPort[] = [];
  for (const container of (spec.containers ?? []) as Container[]) {
    for (const port of container.ports ?? []) {
      if ((port.hostPort ?? 0) > 0) hostPorts.push({ hostIP: port.hostIP || '0.0.0.0', protocol: port.protocol || 'TCP', port: port.hostPort! });
    }
  }
  return { requests, nonZeroMilliCPU: nonZero.milliCPU, nonZeroMemory: nonZero.memory, hostPorts, priority: spec.priority ?? 0 };
}

/** Converts a ResourceList the way framework.Resource.Add does; `pods` is not a request. */
function addList(into: Resources, list: ResourceList, missing?: { cpu: number; memory: number }): void {
  for (const [name, value] of Object.entries(list ?? {})) {
    if (name === 'cpu') into.milliCPU += parseMilliValue(value);
    else if (name === 'memory') into.memory += parseValue(value);
    else if (name === 'ephemeral-storage') into.ephemeralStorage += parseValue(value);
    else if (name !== 'pods') into.scalar.set(name, (into.scalar.get(name) ?? 0) + parseValue(value));
  }
  // applyNonMissing: a container that does not name cpu (memory) counts the default instead.
  if (missing && !(list && 'cpu' in list)) into.milliCPU += missing.cpu;
  if (missing && !(list && 'memory' in list)) into.memory += missing.memory;
}

function addResources(into: Resources, other: Resources): void {
  into.milliCPU += other.milliCPU;
  into.memory += other.memory;
  into.ephemeralStorage += other.ephemeralStorage;
  for (const [name, value] of other.scalar) into.scalar.set(name, (into.scalar.get(name) ?? 0) + value);
}

function maxResources(into: Resources, other: Resources): void {
  into.milliCPU = Math.max(into.milliCPU, other.milliCPU);
  into.memory = Math.max(into.memory, other.memory);
  into.ephemeralStorage = Math.max(into.ephemeralStorage, other.ephemeralStorage);
  for (const [name, value] of other.scalar) into.scalar.set(name, Math.max(into.scalar.get(name) ?? 0, value));
}

function containerRequests(container: Container, missing?: { cpu: number; memory: number }): Resources {
  const resources = emptyResources();
  addList(resources, container.resources?.requests, missing);
  return resources;
}

/**
 * AggregateContainerRequests + overhead. While the i-th init container runs, the pod uses it plus
 * every restartable (sidecar) init container started before it; the pod needs the most of that
 * and of the steady state (app containers plus all sidecars).
 */
function podRequests(spec: { containers?: unknown[]; initContainers?: unknown[]; overhead?: ResourceList }, missing?: { cpu: number; memory: number }): Resources {
  const total = emptyResources();
  for (const container of (spec.containers ?? []) as Container[]) addResources(total, containerRequests(container, missing));
  const sidecars = emptyResources();
  const initPeak = emptyResources();
  for (const container of (spec.initContainers ?? []) as Container[]) {
    const own = containerRequests(container, missing);
    if (container.restartPolicy === 'Always') {
      addResources(total, own);
      addResources(sidecars, own);
      maxResources(initPeak, sidecars);
    } else {
      addResources(own, sidecars);
      maxResources(initPeak, own);
    }
  }
  maxResources(total, initPeak);
  addList(total, spec.overhead);
  return total;
}
