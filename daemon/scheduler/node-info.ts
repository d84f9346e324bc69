/**
 * NodeInfo (kube-scheduler `framework.NodeInfo`): one node with the pods assigned to it — bound
 * ones from the informer and assumed ones still being bound — and the running totals the filters
 * read: requested resources, requests with scoring defaults, used host ports, and the node's
 * allocatable resources from `status.allocatable`.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { parseMilliValue, parseValue } from '../../shared/quantity.js';
import { emptyResources, type HostPort, type PodInfo, type Resources } from './pod-info.js';

/** framework.DefaultBindAllHostIP. */
const bindAllHostIP = '0.0.0.0';
/** Distinct memo keys a node keeps (one per selector and namespace spread over). */
const memoLimit = 256;

export interface Allocatable extends Resources {
  /** `pods`: how many pods the kubelet admits (maxPods). */
  allowedPodNumber: number;
}

/** framework.HostPortInfo: ip → `protocol/port` in use. */
export class HostPortInfo {
  private readonly byIP = new Map<string, Map<string, number>>();

  add(port: HostPort, delta: 1 | -1): void {
    const key = `${port.protocol}/${port.port}`;
    let ports = this.byIP.get(port.hostIP);
    if (!ports) this.byIP.set(port.hostIP, (ports = new Map()));
    const count = (ports.get(key) ?? 0) + delta;
    if (count > 0) ports.set(key, count);
    else ports.delete(key);
    if (ports.size === 0) this.byIP.delete(port.hostIP);
  }

  /** CheckConflict: 0.0.0.0 conflicts with the port on any address; an address with itself and 0.0.0.0. */
  conflicts(port: HostPort): boolean {
    const key = `${port.protocol}/${port.port}`;
    if (port.hostIP === bindAllHostIP) {
      for (const ports of this.byIP.values()) if (ports.has(key)) return true;
      return false;
    }
    return !!this.byIP.get(bindAllHostIP)?.has(key) || !!this.byIP.get(port.hostIP)?.has(key);
  }
}

export class NodeInfo {
  /** Undefined while pods are known on a node the informer has not (or no longer) listed. */
  node: Readonly<KubeObject> | undefined;
  readonly pods = new Map<string, PodInfo>();
  readonly requested: Resources = emptyResources();
  nonZeroMilliCPU = 0;
  nonZeroMemory = 0;
  readonly usedPorts = new HostPortInfo();
  allocatable: Allocatable = { ...emptyResources(), allowedPodNumber: 0 };
  /** Bumped whenever the pods change, so per-node memos know when they are stale. */
  generation = 0;
  private readonly memo = new Map<string, { generation: number; value: number }>();
  private readonly counters = new Map<string, { matches: (info: PodInfo) => boolean; count: number }>();

  constructor(readonly name: string) {}

  /**
   * A number derived from this node's pods (PodTopologySpread's matching-pod counts), computed
   * again only after the pods change: a cycle changes one node, and the others answer from here.
   */
  memoized(key: string, compute: () => number): number {
    const known = this.memo.get(key);
    if (known?.generation === this.generation) return known.value;
    const value = compute();
    if (this.memo.size >= memoLimit) this.memo.clear();
    this.memo.set(key, { generation: this.generation, value });
    return value;
  }

  /**
   * How many of this node's pods `matches` selects, kept up to date as pods come and go (the same
   * key must always mean the same predicate). PodTopologySpread asks this for every node in every
   * cycle; recounting the changed node's pods would make 10,000 pods on 10 nodes quadratic.
   */
  countPods(key: string, matches: (info: PodInfo) => boolean): number {
    let counter = this.counters.get(key);
    if (!counter) {
      if (this.counters.size >= memoLimit) this.counters.clear();
      let count = 0;
      for (const info of this.pods.values()) if (matches(info)) count++;
      this.counters.set(key, (counter = { matches, count }));
    }
    return counter.count;
  }

  setNode(node: Readonly<KubeObject> | undefined): void {
    this.node = node;
    this.allocatable = allocatableOf(node);
  }

  addPod(info: PodInfo): void {
    this.removePod(info.key);
    this.pods.set(info.key, info);
    this.account(info, 1);
  }

  removePod(key: string): PodInfo | undefined {
    const info = this.pods.get(key);
    if (!info) return undefined;
    this.pods.delete(key);
    this.account(info, -1);
    return info;
  }

  /** A copy whose pods can be taken away without touching this one (preemption's dry run). */
  clone(): NodeInfo {
    const copy = new NodeInfo(this.name);
    copy.setNode(this.node);
    for (const info of this.pods.values()) copy.addPod(info);
    return copy;
  }

  private account(info: PodInfo, sign: 1 | -1): void {
    this.generation++;
    for (const counter of this.counters.values()) if (counter.matches(info)) counter.count += sign;
    const r = info.requests;
    this.requested.milliCPU += sign * r.milliCPU;
    this.requested.memory += sign * r.memory;
    this.requested.ephemeralStorage += sign * r.ephemeralStorage;
    for (const [name, value] of r.scalar) this.requested.scalar.set(name, (this.requested.scalar.get(name) ?? 0) + sign * value);
    this.nonZeroMilliCPU += sign * info.nonZeroMilliCPU;
    this.nonZeroMemory += sign * info.nonZeroMemory;
    for (const port of info.hostPorts) this.usedPorts.add(port, sign);
  }
}

/** NodeInfo.SetNode: status.allocatable read as framework.Resource; unparsable values count as 0. */
function allocatableOf(node: Readonly<KubeObject> | undefined): Allocatable {
  const result: Allocatable = { ...emptyResources(), allowedPodNumber: 0 };
  for (const [name, value] of Object.entries((node?.status?.allocatable ?? {}) as Record<string, unknown>)) {
    try {
      if (name === 'cpu') result.milliCPU = parseMilliValue(value);
      else if (name === 'memory') result.memory = parseValue(value);
      else if (name === 'ephemeral-storage') result.ephemeralStorage = parseValue(value);
      else if (name === 'pods') result.allowedPodNumber = parseValue(value);
      else result.scalar.set(name, parseValue(value));
    } catch {
      // The apiserver canonicalizes allocatable on write, so this is only reachable with a corrupt store.
    }
  }
  return result;
}
