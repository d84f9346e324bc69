/**
 * One Service's compiled share of the node's tables: its rules (service-rules.ts) plus their
 * iptables-save text, rendered when the Service or its endpoints change. render() then only
 * concatenates fragments. A rebuild reuses the previous fragment's KUBE-SEP chains (rules and
 * text) for endpoints that did not change, so an update to a 1,000-endpoint Service costs little
 * more than its KUBE-SVC chain, whose probabilities do shift.
 */
import type { EndpointInfo } from './endpoint-info.js';
import { portKey } from './endpoint-info.js';
import { chainText, type Rule } from './iptables-rule.js';
import { addServicePortRules, emptyServiceRules, endpointChainRules, type EndpointChain, type ServiceRules } from './service-rules.js';
import type { ServicePortInfo } from './service-info.js';
import { externalServicesChain, nodePortsChain, proxyFirewallChain, servicesChain } from './base-chains.js';

/** One of the Service's own nat chains. */
export interface OwnChain {
  rules: Rule[];
  text: string;
  /** KUBE-SEP only: what else its text depends on (affinity, large-cluster mode), for reuse. */
  variant?: string;
}

export interface ServiceFragment {
  rules: ServiceRules;
  natServicesText: string;
  natNodePortsText: string;
  filterServicesText: string;
  filterExternalServicesText: string;
  filterNodePortsText: string;
  filterFirewallText: string;
  /** SVC, SVL, EXT, FW and SEP chains by name. */
  chains: Map<string, OwnChain>;
}

export interface FragmentInput {
  ports: readonly ServicePortInfo[];
  /** Merged endpoint lists of the Service, by portKey(name, protocol). */
  endpoints: ReadonlyMap<string, readonly EndpointInfo[]> | undefined;
  nodeIP: string;
  clusterCIDR: string;
  largeClusterMode: boolean;
  previous: ServiceFragment | undefined;
}

export function buildServiceFragment(input: FragmentInput): ServiceFragment {
  const rules = emptyServiceRules();
  const context = { nodeIP: input.nodeIP, clusterCIDR: input.clusterCIDR, largeClusterMode: input.largeClusterMode };
  for (const info of input.ports) {
    addServicePortRules(rules, info, input.endpoints?.get(portKey(info.portName, info.apiProtocol)) ?? [], context);
  }
  const chains = new Map<string, OwnChain>();
  for (const [name, chain] of rules.natChains) chains.set(name, { rules: chain, text: chainText(name, chain) });
  for (const chain of rules.endpointChains) chains.set(chain.name, endpointChain(chain, input.largeClusterMode, input.previous?.chains));
  return {
    rules,
    natServicesText: chainText(servicesChain, rules.natServices),
    natNodePortsText: chainText(nodePortsChain, rules.natNodePorts),
    filterServicesText: chainText(servicesChain, rules.filterServices),
    filterExternalServicesText: chainText(externalServicesChain, rules.filterExternalServices),
    filterNodePortsText: chainText(nodePortsChain, rules.filterNodePorts),
    filterFirewallText: chainText(proxyFirewallChain, rules.filterFirewall),
    chains,
  };
}

function endpointChain(chain: EndpointChain, largeClusterMode: boolean, previous: ReadonlyMap<string, OwnChain> | undefined): OwnChain {
  // The name already hashes the service port, protocol and ip:port.
  const variant = chain.info.stickyMaxAgeSeconds > 0 ? (largeClusterMode ? 'affinity,large' : 'affinity') : largeClusterMode ? 'large' : '';
  const cached = previous?.get(chain.name);
  if (cached && cached.variant === variant) return cached;
  const rules = endpointChainRules(chain, largeClusterMode);
  return { rules, text: chainText(chain.name, rules), variant };
}

/** Whether two builds print the same rules (so the table need not tell anyone). */
export function sameOutput(a: ServiceFragment | undefined, b: ServiceFragment | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.natServicesText !== b.natServicesText || a.natNodePortsText !== b.natNodePortsText) return false;
  if (a.filterServicesText !== b.filterServicesText || a.filterExternalServicesText !== b.filterExternalServicesText) return false;
  if (a.filterNodePortsText !== b.filterNodePortsText || a.filterFirewallText !== b.filterFirewallText) return false;
  if (a.chains.size !== b.chains.size) return false;
  // Lengths first: most changes show there, and comparing long strings costs more.
  for (const [name, chain] of a.chains) if (b.chains.get(name)?.text.length !== chain.text.length) return false;
  for (const [name, chain] of a.chains) if (b.chains.get(name)?.text !== chain.text) return false;
  return true;
}
