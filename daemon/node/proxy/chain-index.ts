/**
 * A lookup for the long dispatch chains (KUBE-SERVICES, KUBE-NODEPORTS, KUBE-EXTERNAL-SERVICES, …)
 * where every service rule matches one exact destination: by `-d IP` + port, or, for NodePorts,
 * by port alone. Returning only the rules with the packet's key, in chain order, gives the same
 * first match as the kernel's linear walk, in O(1) however many Services there are.
 */
import { externalServicesChain, nodePortsChain, nodePortsJump, proxyFirewallChain, servicesChain } from './base-chains.js';
import type { Packet } from './rule-evaluator.js';
import type { Rule } from './iptables-rule.js';
import type { ServiceRules } from './service-rules.js';

interface Entry {
  position: number;
  rule: Rule;
}

function destinationPort(rule: Rule): number | undefined {
  for (const match of rule.matches) if (match.module === 'protocol' && match.dport !== undefined) return match.dport;
  return undefined;
}

function keyOfRule(rule: Rule): string | undefined {
  const port = destinationPort(rule);
  if (port === undefined || !rule.protocol) return undefined;
  return rule.destination ? `${rule.protocol}|${rule.destination}|${port}` : `${rule.protocol}||${port}`;
}

export class ChainIndex {
  private readonly byKey = new Map<string, Entry[]>();
  /** Rules the index cannot key (none today); always considered, in order. */
  private readonly unkeyed: Entry[] = [];
  private size = 0;

  constructor(private readonly tail: readonly Rule[] = []) {}

  add(rule: Rule): void {
    const entry = { position: this.size++, rule };
    const key = keyOfRule(rule);
    if (key === undefined) {
      this.unkeyed.push(entry);
      return;
    }
    const list = this.byKey.get(key);
    if (list) list.push(entry);
    else this.byKey.set(key, [entry]);
  }

  /** The rules that may match, in chain order, followed by the chain's fixed last rules. */
  candidates(packet: Packet, destinationIP: string): Rule[] {
    const byDestination = this.byKey.get(`${packet.protocol}|${destinationIP}|${packet.destinationPort}`) ?? [];
    const byPort = this.byKey.get(`${packet.protocol}||${packet.destinationPort}`) ?? [];
    const entries = [...byDestination, ...byPort, ...this.unkeyed];
    if (byPort.length > 0 || this.unkeyed.length > 0) entries.sort((a, b) => a.position - b.position);
    return [...entries.map((e) => e.rule), ...this.tail];
  }
}

/** The indexed dispatch chains of both tables, built from the Services' rules in Service order. */
export class DispatchIndexes {
  private readonly natServices = new ChainIndex([nodePortsJump]);
  private readonly natNodePorts = new ChainIndex();
  private readonly filterServices = new ChainIndex();
  private readonly filterExternalServices = new ChainIndex();
  private readonly filterNodePorts = new ChainIndex();
  private readonly filterFirewall = new ChainIndex();

  constructor(services: Iterable<ServiceRules>) {
    for (const rules of services) {
      for (const rule of rules.natServices) this.natServices.add(rule);
      for (const rule of rules.natNodePorts) this.natNodePorts.add(rule);
      for (const rule of rules.filterServices) this.filterServices.add(rule);
      for (const rule of rules.filterExternalServices) this.filterExternalServices.add(rule);
      for (const rule of rules.filterNodePorts) this.filterNodePorts.add(rule);
      for (const rule of rules.filterFirewall) this.filterFirewall.add(rule);
    }
  }

  /** The candidate rules of an indexed nat chain; undefined for any other chain. */
  nat(chain: string, packet: Packet, destinationIP: string): Rule[] | undefined {
    if (chain === servicesChain) return this.natServices.candidates(packet, destinationIP);
    if (chain === nodePortsChain) return this.natNodePorts.candidates(packet, destinationIP);
    return undefined;
  }

  filter(chain: string, packet: Packet, destinationIP: string): Rule[] | undefined {
    switch (chain) {
      case servicesChain: return this.filterServices.candidates(packet, destinationIP);
      case externalServicesChain: return this.filterExternalServices.candidates(packet, destinationIP);
      case nodePortsChain: return this.filterNodePorts.candidates(packet, destinationIP);
      case proxyFirewallChain: return this.filterFirewall.candidates(packet, destinationIP);
      default: return undefined;
    }
  }
}
