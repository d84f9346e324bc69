/**
 * The cluster's machines. A new data dir gets the default cluster: a `control-plane` node and
 * workers `node1..nodeN`, node IPs from the node subnet and pod CIDRs 10.244.<i>.0/24 (i = 0 for
 * the control plane). A data dir that already holds Node objects gets those machines back — the
 * nodes added or removed since, with their IPs, pod CIDRs and machine identity — so a daemon
 * restart brings back the same cluster whatever `--nodes` says (a real cluster keeps its nodes too).
 * A `kubelab up --config` file names the workers instead, with their labels, taints and capacity.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient } from '../../shared/client/client.js';
import type { WorkerSpec } from '../config.js';
import { nodeCapacity } from './node-object.js';
import { nodeIPs, podCIDRAt, podCIDRMask } from './ip-allocator.js';
import { VirtualNode, type PodRunner, type VirtualNodeOptions } from './virtual-node.js';

export interface ClusterNodesOptions {
  client: ApiClient;
  clock: Clock;
  workers: number;
  /** The workers of a `--config` file; `workers` plain workers node1..N when absent. */
  workerSpecs?: readonly WorkerSpec[];
  nodeSubnet: string;
  /** The Node objects already stored, when the data dir is not new. */
  existing?: readonly KubeObject[];
  makePodRunner?: (node: VirtualNode) => PodRunner;
}

export const controlPlaneName = 'control-plane';

export function clusterNodes(options: ClusterNodesOptions): VirtualNode[] {
  const { client, clock, makePodRunner } = options;
  const restored = (options.existing ?? []).map((node) => machineOf(node)).filter((m) => m !== undefined);
  if (restored.length > 0) {
    return restored.sort(byName).map((m) => new VirtualNode({ client, clock, makePodRunner, ...m }));
  }
  const workers: readonly WorkerSpec[] = options.workerSpecs ?? Array.from({ length: options.workers }, (_, i) => ({ name: `node${i + 1}` }));
  const specs: WorkerSpec[] = [{ name: controlPlaneName }, ...workers];
  const ips = nodeIPs(options.nodeSubnet, specs.length);
  // One mask for every node, as kube-controller-manager's --node-cidr-mask-size: /24 unless maxPods needs more.
  const mask = podCIDRMask(Math.max(110, ...specs.map((s) => s.maxPods ?? 110)));
  return specs.map((spec, i) => new VirtualNode({ client, clock, name: spec.name, ip: ips[i]!, podCIDR: podCIDRAt(i, mask), controlPlane: i === 0, makePodRunner, shape: shapeOf(spec) }));
}

/** A config worker's Node shape: capacity overrides (maxPods is the `pods` capacity), labels, taints. */
function shapeOf(spec: WorkerSpec): VirtualNodeOptions['shape'] {
  const capacity: Record<string, string> = {};
  if (spec.cpu) capacity.cpu = spec.cpu;
  if (spec.memory) capacity.memory = spec.memory;
  if (spec.maxPods) capacity.pods = String(spec.maxPods);
  return { capacity: Object.keys(capacity).length > 0 ? capacity : undefined, labels: spec.labels, taints: spec.taints };
}

/** A stored Node's machine: name, InternalIP, pod CIDR, role and the ids it reported. */
function machineOf(node: Readonly<KubeObject>): { name: string; ip: string; podCIDR: string; controlPlane: boolean; machine: { machineID?: string; systemUUID?: string; bootID?: string }; shape: VirtualNodeOptions['shape'] } | undefined {
  const ip = (node.status?.addresses ?? []).find((a: { type: string }) => a.type === 'InternalIP')?.address as string | undefined;
  const podCIDR = node.spec?.podCIDR as string | undefined;
  if (!ip || !podCIDR) return undefined; // not one of ours (made by hand through the API)
  const info = node.status?.nodeInfo ?? {};
  return {
    name: node.metadata.name!,
    ip,
    podCIDR,
    controlPlane: node.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined,
    machine: { machineID: info.machineID, systemUUID: info.systemUUID, bootID: info.bootID },
    shape: { capacity: restoredCapacity(node.status?.capacity) },
  };
}

/** The control plane first, then workers in natural order (node2 before node10). */
function byName(a: { name: string; controlPlane: boolean }, b: { name: string; controlPlane: boolean }): number {
  if (a.controlPlane !== b.controlPlane) return a.controlPlane ? -1 : 1;
  return a.name.localeCompare(b.name, 'en', { numeric: true });
}

/** The cpu, memory and pods a stored Node reported where they differ from the fixed machine (a `--config` worker). */
function restoredCapacity(stored: Record<string, string> | undefined): Record<string, string> | undefined {
  const capacity: Record<string, string> = {};
  for (const key of ['cpu', 'memory', 'pods'] as const) {
    if (stored?.[key] && stored[key] !== nodeCapacity[key]) capacity[key] = stored[key];
  }
  return Object.keys(capacity).length > 0 ? capacity : undefined;
}
