/**
 * The default cluster's machines: a `control-plane` node and workers `node1..nodeN`, with node IPs
 * from the node subnet and pod CIDRs 10.244.<i>.0/24 (i = 0 for the control plane).
 */
import type { Clock } from '../../shared/clock.js';
import type { ApiClient } from '../../shared/client/client.js';
import { nodeIPs } from './ip-allocator.js';
import { VirtualNode, type PodRunner } from './virtual-node.js';

export interface ClusterNodesOptions {
  client: ApiClient;
  clock: Clock;
  workers: number;
  nodeSubnet: string;
  makePodRunner?: (node: VirtualNode) => PodRunner;
}

export function clusterNodes(options: ClusterNodesOptions): VirtualNode[] {
  const names = ['control-plane', ...Array.from({ length: options.workers }, (_, i) => `node${i + 1}`)];
  const ips = nodeIPs(options.nodeSubnet, names.length);
  return names.map(
    (name, i) =>
      new VirtualNode({
        client: options.client,
        clock: options.clock,
        name,
        ip: ips[i],
        podCIDR: `10.244.${i}.0/24`,
        controlPlane: i === 0,
        makePodRunner: options.makePodRunner,
      }),
  );
}
