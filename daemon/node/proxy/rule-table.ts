/**
 * ProxyRuleTable: one node's kube-proxy rule table in iptables mode. It keeps the Services and
 * EndpointSlices it is fed (by proxy.ts's informers), compiles each Service into its share of the
 * nat and filter tables (service-fragment.ts) only when that Service or its slices change, prints
 * the tables as `iptables-save` does, and routes one NEW connection through them as netfilter would
 * (nat PREROUTING/OUTPUT, then the filter REJECT/DROP rules). Left out: real packets, conntrack
 * beyond "this connection is new", topology hints, IPv6, the CNI's own rules.
 */
import { isDeepStrictEqual } from 'node:util';
import { objectKey } from '../../../shared/api/keys.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { Clock } from '../../../shared/clock.js';
import { logger } from '../../../shared/log.js';
import { filterBaseChains, kubeletFirewallChain, natBaseChains, natBuiltinChains } from './base-chains.js';
import { DispatchIndexes } from './chain-index.js';
import { mergeSlices, parseEndpointSlice, sameSlice, type EndpointInfo, type ParsedSlice } from './endpoint-info.js';
import type { Protocol, Rule } from './iptables-rule.js';
import { withSaveHeader } from './iptables-save.js';
import { SortedNames } from './sorted-names.js';
import { parseIPv4 } from './ipv4.js';
import { evaluateChain, RecentLists, type EvaluationEnvironment, type Packet } from './rule-evaluator.js';
import { buildServiceFragment, sameOutput, type OwnChain, type ServiceFragment } from './service-fragment.js';
import { servicePortsOf, type ServicePortInfo } from './service-info.js';
import { filterTableBody, natTableBody } from './table-render.js';

const log = logger('kube-proxy');

/** kube-proxy's largeClusterEndpointsThreshold: above it, per-endpoint comments are dropped. */
const largeClusterEndpointsThreshold = 1000;

export interface ProxyRuleTableOptions {
  nodeName: string;
  nodeIP: string;            // e.g. 127.0.10.2
  clusterCIDR: string;       // pod network, "10.244.0.0/16" (for KUBE-MARK-MASQ rules)
  clock: Clock;              // ClientIP affinity timeouts (shared/clock.ts)
  random?: () => number;     // [0,1); tests pass a seeded one
  /** Other addresses `-m addrtype --dst-type LOCAL` counts as this node's; default 127.0.0.1. */
  localAddresses?: string[];
}

export interface Connection {
  sourceIP: string;
  destinationIP: string;
  destinationPort: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  /** 'pod': from a pod on this node (PREROUTING); 'node': from the node itself, e.g. `kubelab node shell` (OUTPUT); 'external': arrived at the node from outside, e.g. the host's curl to a NodePort. */
  origin: 'pod' | 'node' | 'external';
}

export type RouteDecision =
  /** `masquerade`: KUBE-MARK-MASQ matched, so the endpoint sees the node's address as the source. */
  | { type: 'dnat'; ip: string; port: number; servicePortName: string /* "ns/name:portName" as kube-proxy prints it */; masquerade: boolean }
  | { type: 'reject' }   // a REJECT rule matched (service without ready endpoints): "Connection refused"
  | { type: 'drop' }     // a DROP rule matched (e.g. externalTrafficPolicy: Local with no local endpoint): the client times out
  | { type: 'none' };    // no nat rule matched: the packet goes to destinationIP unchanged (pod IPs, unknown IPs)

/** Whether a Service update changes nothing kube-proxy uses (status or label changes, say). */
function samePorts(a: readonly ServicePortInfo[] | undefined, b: readonly ServicePortInfo[]): boolean {
  if (a === undefined) return b.length === 0;
  return isDeepStrictEqual(a, b);
}

export class ProxyRuleTable {
  private readonly options: ProxyRuleTableOptions;
  private readonly random: () => number;
  private readonly localAddresses: Set<string>;
  private readonly services = new Map<string, ServicePortInfo[]>();
  /** Service key → slice name → parsed slice. */
  private readonly slicesByService = new Map<string, Map<string, ParsedSlice>>();
  /** Slice key (ns/slice) → the Service key it was filed under. */
  private readonly sliceOwners = new Map<string, string>();
  private readonly endpointsByService = new Map<string, Map<string, EndpointInfo[]>>();
  private readonly fragments = new Map<string, ServiceFragment>();
  /** Every service-owned nat chain (SVC, SVL, EXT, FW, SEP): rules for route(), text for render(). */
  private readonly serviceChains = new Map<string, OwnChain>();
  /** All nat user chains in print order. */
  private readonly natChainNames = new SortedNames();
  private readonly natBase = natBaseChains();
  private readonly filterBase = filterBaseChains();
  private readonly recent = new RecentLists();
  private readonly listeners = new Set<() => void>();
  private totalEndpoints = 0;
  private largeClusterMode = false;
  private sortedServiceKeys: string[] | undefined;
  private indexes: DispatchIndexes | undefined;
  private natBody: string | undefined;
  private filterBody: string | undefined;

  constructor(options: ProxyRuleTableOptions) {
    if (parseIPv4(options.nodeIP) === undefined) throw new Error(`kube-proxy rule table: node IP ${options.nodeIP} is not an IPv4 address`);
    this.options = options;
    this.random = options.random ?? Math.random;
    this.localAddresses = new Set([options.nodeIP, ...(options.localAddresses ?? ['127.0.0.1'])]);
    this.natChainNames.addAll([...this.natBase.keys()].filter((name) => !(natBuiltinChains as readonly string[]).includes(name)));
  }

  setService(service: Readonly<KubeObject>): void {
    const key = objectKey(service.metadata.namespace, service.metadata.name ?? '');
    const ports = servicePortsOf(service);
    if (samePorts(this.services.get(key), ports)) return;
    // Headless and ExternalName Services are not proxied: as if deleted.
    if (ports.length === 0) this.services.delete(key);
    else this.services.set(key, ports);
    this.rebuild([key]);
  }

  deleteService(namespace: string, name: string): void {
    const key = objectKey(namespace, name);
    this.services.delete(key);
    this.rebuild([key]);
  }

  setEndpointSlice(slice: Readonly<KubeObject>): void {
    const sliceName = slice.metadata.name ?? '';
    const sliceKey = objectKey(slice.metadata.namespace, sliceName);
    const owner = this.sliceOwners.get(sliceKey);
    const previous = owner === undefined ? undefined : this.slicesByService.get(owner)?.get(sliceName);
    const parsed = parseEndpointSlice(slice, this.options.nodeName, previous);
    if (parsed && sameSlice(previous, parsed)) return;
    const touched = this.forgetSlice(sliceKey, sliceName);
    if (parsed) {
      let slices = this.slicesByService.get(parsed.serviceKey);
      if (!slices) this.slicesByService.set(parsed.serviceKey, (slices = new Map()));
      slices.set(sliceName, parsed);
      this.sliceOwners.set(sliceKey, parsed.serviceKey);
      touched.add(parsed.serviceKey);
    }
    for (const key of touched) this.mergeEndpoints(key);
    this.rebuild(touched);
  }

  deleteEndpointSlice(namespace: string, name: string): void {
    const touched = this.forgetSlice(objectKey(namespace, name), name);
    for (const key of touched) this.mergeEndpoints(key);
    this.rebuild(touched);
  }

  /** Evaluates the tables for one NEW connection: nat first, then the filter REJECT/DROP rules. */
  route(connection: Connection): RouteDecision {
    const source = parseIPv4(connection.sourceIP);
    const destination = parseIPv4(connection.destinationIP);
    if (source === undefined || destination === undefined) return { type: 'none' };
    const packet: Packet = {
      source,
      sourceIP: connection.sourceIP,
      destination,
      destinationPort: connection.destinationPort,
      protocol: connection.protocol.toLowerCase() as Protocol,
      sourceIsLocal: connection.origin === 'node',
      destinationIsLocal: this.localAddresses.has(connection.destinationIP),
    };
    const indexes = this.currentIndexes();
    const state = { marked: false };
    const nat = evaluateChain(this.environment((chain) => this.natRulesFor(chain, packet, connection.destinationIP, indexes)), connection.origin === 'node' ? 'OUTPUT' : 'PREROUTING', packet, state);
    if (nat.type === 'dnat') return { ...nat, masquerade: state.marked };
    // Not DNATed: the filter table sees the original destination (INPUT if it is this node's, else FORWARD).
    const hook = connection.origin === 'node' ? 'OUTPUT' : packet.destinationIsLocal ? 'INPUT' : 'FORWARD';
    const filter = evaluateChain(this.environment((chain) => this.filterRulesFor(chain, packet, connection.destinationIP, indexes)), hook, packet, state);
    return filter.type === 'reject' || filter.type === 'drop' ? { type: filter.type } : { type: 'none' };
  }

  /** `iptables-save -t nat` text of this node's table. */
  render(): string {
    this.natBody ??= natTableBody(this.orderedFragments(), this.natChainNames.sorted(), this.serviceChains, this.natBase);
    return withSaveHeader(this.natBody, this.options.clock.now());
  }

  /** `iptables-save -t filter`: where the REJECT rules of Services without endpoints live. */
  renderFilter(): string {
    this.filterBody ??= filterTableBody(this.orderedFragments(), this.filterBase);
    return withSaveHeader(this.filterBody, this.options.clock.now());
  }

  /** The node ports whose outside traffic reaches an endpoint now (what the host may listen on). */
  reachableNodePorts(): ServicePortInfo[] {
    return this.orderedFragments().flatMap((fragment) => fragment.rules.reachableNodePorts);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private forgetSlice(sliceKey: string, sliceName: string): Set<string> {
    const touched = new Set<string>();
    const owner = this.sliceOwners.get(sliceKey);
    if (owner === undefined) return touched;
    this.sliceOwners.delete(sliceKey);
    const slices = this.slicesByService.get(owner);
    slices?.delete(sliceName);
    if (slices?.size === 0) this.slicesByService.delete(owner);
    touched.add(owner);
    return touched;
  }

  private mergeEndpoints(serviceKey: string): void {
    const slices = this.slicesByService.get(serviceKey);
    if (slices) this.endpointsByService.set(serviceKey, mergeSlices(slices.values()));
    else this.endpointsByService.delete(serviceKey);
  }

  /** Recompiles the given Services; notifies listeners if anything printable changed. */
  private rebuild(serviceKeys: Iterable<string>): void {
    let changed = false;
    for (const key of serviceKeys) changed = this.rebuildOne(key) || changed;
    const large = this.totalEndpoints > largeClusterEndpointsThreshold;
    if (large !== this.largeClusterMode) {
      this.largeClusterMode = large;
      for (const key of [...this.fragments.keys()]) changed = this.rebuildOne(key) || changed;
    }
    if (!changed) return;
    this.natBody = undefined;
    this.filterBody = undefined;
    this.indexes = undefined;
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (err) {
        log.error('rule table change listener failed', { node: this.options.nodeName, error: (err as Error).message });
      }
    }
  }

  private rebuildOne(serviceKey: string): boolean {
    const previous = this.fragments.get(serviceKey);
    const ports = this.services.get(serviceKey);
    const next = ports
      ? buildServiceFragment({
        ports,
        endpoints: this.endpointsByService.get(serviceKey),
        nodeIP: this.options.nodeIP,
        clusterCIDR: this.options.clusterCIDR,
        largeClusterMode: this.largeClusterMode,
        previous,
      })
      : undefined;
    if (previous) {
      this.totalEndpoints -= previous.rules.endpointCount;
      for (const name of previous.chains.keys()) {
        if (next?.chains.has(name)) continue;
        this.serviceChains.delete(name);
        this.natChainNames.remove(name);
        this.recent.drop(name);
      }
    }
    if (next) {
      this.totalEndpoints += next.rules.endpointCount;
      const added: string[] = [];
      for (const [name, chain] of next.chains) {
        if (!this.serviceChains.has(name)) added.push(name);
        this.serviceChains.set(name, chain);
      }
      this.natChainNames.addAll(added);
      this.fragments.set(serviceKey, next);
    } else {
      this.fragments.delete(serviceKey);
    }
    if (!previous !== !next) this.sortedServiceKeys = undefined;
    return !sameOutput(previous, next);
  }

  private serviceKeysInOrder(): string[] {
    // Real kube-proxy writes Services in Go map order (random); kubelab sorts them for stable output.
    return (this.sortedServiceKeys ??= [...this.fragments.keys()].sort());
  }

  private orderedFragments(): ServiceFragment[] {
    return this.serviceKeysInOrder().map((key) => this.fragments.get(key)!);
  }

  private currentIndexes(): DispatchIndexes {
    return (this.indexes ??= new DispatchIndexes(this.orderedFragments().map((f) => f.rules)));
  }

  private environment(rulesFor: (chain: string) => readonly Rule[] | undefined): EvaluationEnvironment {
    return { rulesFor, random: this.random, now: () => this.options.clock.now(), recent: this.recent };
  }

  private natRulesFor(chain: string, packet: Packet, destinationIP: string, indexes: DispatchIndexes): readonly Rule[] | undefined {
    return indexes.nat(chain, packet, destinationIP) ?? this.natBase.get(chain) ?? this.serviceChains.get(chain)?.rules;
  }

  private filterRulesFor(chain: string, packet: Packet, destinationIP: string, indexes: DispatchIndexes): readonly Rule[] | undefined {
    // The kubelet's localnet guard is not walked: kubelab's node IPs are loopback addresses
    // (127.0.10.x), where that rule would drop what a real node's routable address accepts.
    if (chain === kubeletFirewallChain) return [];
    return indexes.filter(chain, packet, destinationIP) ?? this.filterBase.get(chain);
  }
}
