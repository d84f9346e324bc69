/**
 * The cluster's machines. A new data dir gets the default cluster: a `control-plane` node and
 * workers `node1..nodeN`, node IPs from the node subnet and pod CIDRs 10.244.<i>.0/24 (i = 0 for
 * the control plane). A data dir that already holds Node objects gets those machines back — the
 * nodes added or removed since, with their IPs, pod CIDRs and machine identity — so a daemon
 * restart brings back the same cluster whatever `--nodes` says (a real cluster keeps its nodes too).
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient } from '../../shared/client/client.js';
import { nodeIPs } from './ip-allocator.js';
import { VirtualNode, type PodRunner } from './virtual-node.js';

export interface ClusterNodesOptions {
  client: ApiClient;
  clock: Clock;
  workers: number;
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
  const names = [controlPlaneName, ...Array.from({ length: options.workers }, (_, i) => `node${i + 1}`)];
  const ips = nodeIPs(options.nodeSubnet, names.length);
  return names.map((name, i) => new VirtualNode({ client, clock, name, ip: ips[i]!, podCIDR: `10.244.${i}.0/24`, controlPlane: i === 0, makePodRunner }));
}

/** A stored Node's machine: name, InternalIP, pod CIDR, role and the ids it reported. */
function machineOf(node: Readonly<KubeObject>): { name: string; ip: string; podCIDR: string; controlPlane: boolean; machine: { machineID?: string; systemUUID?: string; bootID?: string } } | undefined {
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
  };
}

/** The control plane first, then workers in natural order (node2 before node10). */
function byName(a: { name: string; controlPlane: boolean }, b: { name: string; controlPlane: boolean }): number {
  if (a.controlPlane !== b.controlPlane) return a.controlPlane ? -1 : 1;
  return a.name.localeCompare(b.name, 'en', { numeric: true });
}
