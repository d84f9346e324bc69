/**
 * The machines behind `kubelab node kill|start|add|remove`: what a person with their hands on the
 * hardware can do, and the one-line answers when the action makes no sense. Removing a node is
 * not draining it: the machine goes and its Node object is deleted, as `kubectl delete node` after
 * pulling the plug; the pod garbage collector then deletes the pods bound to it. Killing the
 * control-plane node stops its kubelet only — the control plane is kubelab's own process — and
 * says so, where a real single control-plane cluster would lose its API server.
 */
import { isNotFound, StatusError } from '../../shared/api/errors.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { logger } from '../../shared/log.js';
import { nextFreeAddresses } from './ip-allocator.js';
import { VirtualNode } from './virtual-node.js';

const nodesRef: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };
const podsRef: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const log = logger('node-fleet');
/** A node name is a DNS-1123 subdomain (ValidateNodeName). */
const nodeNamePattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export interface NodeFleetOptions {
  client: ApiClient;
  clock: Clock;
  nodeSubnet: string;
  /** The daemon's live list of machines; add and remove change it in place. */
  nodes: () => VirtualNode[];
  /** A machine was removed: what the daemon keeps of it on disk (its container logs) goes. */
  onRemoved?: (nodeName: string) => void;
}

export type NodeAction = 'kill' | 'start' | 'remove';

export class NodeFleet {
  constructor(private readonly options: NodeFleetOptions) {}

  /** Applies an action to a node; resolves with the line to show, or throws a StatusError. */
  async act(action: NodeAction, name: string): Promise<string> {
    const node = this.options.nodes().find((n) => n.name === name);
    if (!node) throw new StatusError(404, 'NotFound', `no node named "${name}"`);
    if (action === 'kill') return this.kill(node);
    if (action === 'start') return this.start(node);
    return this.remove(node);
  }

  private async kill(node: VirtualNode): Promise<string> {
    if (!node.running) throw new StatusError(409, 'Conflict', `node ${node.name} is already down`);
    await node.kill();
    if (node.identity.controlPlane) {
      return `node ${node.name} killed: its kubelet stopped, but the API server, scheduler and controllers keep running because they are kubelab's own process (a real single control-plane cluster would lose its API)`;
    }
    return `node ${node.name} killed (its kubelet and containers stopped)`;
  }

  private async start(node: VirtualNode): Promise<string> {
    if (node.running) throw new StatusError(409, 'Conflict', `node ${node.name} is already running`);
    await node.start();
    return `node ${node.name} started`;
  }

  /** The machine goes away and its Node object with it; its pods are left to the pod GC. */
  private async remove(node: VirtualNode): Promise<string> {
    if (node.identity.controlPlane) throw new StatusError(400, 'BadRequest', `cannot remove ${node.name}: kubelab's control plane runs there (kill it to stop its kubelet)`);
    await node.kill();
    const { client } = this.options;
    const bound = await client.list(podsRef, undefined, { fieldSelector: `spec.nodeName=${node.name}` });
    try {
      await client.delete(nodesRef, undefined, node.name);
    } catch (err) {
      if (!isNotFound(err)) throw err; // deleted with kubectl already: the machine was all that was left
    }
    const nodes = this.options.nodes();
    nodes.splice(nodes.indexOf(node), 1);
    this.options.onRemoved?.(node.name);
    log.info('node removed', { node: node.name, pods: bound.items.length });
    const pods = bound.items.length;
    const tail = pods === 0 ? '' : `; the pod garbage collector deletes the ${pods} pod${pods === 1 ? '' : 's'} bound to it`;
    return `node ${node.name} removed (machine gone, Node object deleted${tail})`;
  }

  /** A new worker: the next free name, node IP and pod CIDR; registered and Ready when this resolves. */
  async add(requested?: string): Promise<{ name: string; message: string }> {
    const { client, clock } = this.options;
    const nodes = this.options.nodes();
    const stored = (await client.list(nodesRef, undefined)).items;
    const taken = new Set([...nodes.map((n) => n.name), ...stored.map((n) => n.metadata.name!)]);
    let name = requested;
    if (name !== undefined) {
      if (!nodeNamePattern.test(name) || name.length > 253) {
        throw new StatusError(400, 'BadRequest', `invalid node name "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`);
      }
      if (taken.has(name)) throw new StatusError(409, 'AlreadyExists', `node "${name}" already exists`);
    } else {
      let i = 1;
      while (taken.has(`node${i}`)) i++;
      name = `node${i}`;
    }
    const storedIPs = stored.flatMap((n) => (n.status?.addresses ?? []).filter((a: { type: string }) => a.type === 'InternalIP').map((a: { address: string }) => a.address));
    const { ip, podCIDR } = nextFreeAddresses(this.options.nodeSubnet, {
      ips: [...nodes.map((n) => n.identity.ip), ...storedIPs],
      podCIDRs: [...nodes.map((n) => n.identity.podCIDR), ...stored.map((n) => n.spec?.podCIDR ?? '')],
    });
    const node = new VirtualNode({ client, clock, name, ip, podCIDR, controlPlane: false, makePodRunner: nodes[0]?.podRunnerFactory });
    nodes.push(node);
    await node.start();
    log.info('node added', { node: name, ip, podCIDR });
    return { name, message: `node ${name} added (InternalIP ${ip}, PodCIDR ${podCIDR})` };
  }
}
