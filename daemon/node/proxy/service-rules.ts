/**
 * The iptables rules of one service port, as kube-proxy's iptables proxier writes them in
 * syncProxyRules (k/k pkg/proxy/iptables/proxier.go): the KUBE-SERVICES / KUBE-NODEPORTS entries,
 * the KUBE-SVC / KUBE-SVL / KUBE-EXT / KUBE-FW / KUBE-SEP chains in the nat table, and the REJECT
 * and DROP rules of the filter table for services without (local) endpoints. Pure: no state, no
 * rendering. Left out: masqueradeAll and health-check servers.
 */
import { categorizeEndpoints, type EndpointInfo } from './endpoint-info.js';
import { kernelProbability, type Match, type Protocol, type Rule, type Target } from './iptables-rule.js';
import { cidrContains, parseCidr, parseIPv4 } from './ipv4.js';
import { isExternallyAccessible, type ServicePortInfo } from './service-info.js';

export const markMasqChain = 'KUBE-MARK-MASQ';

/** Rules one Service contributes, all ports together, in kube-proxy's write order. */
export interface ServiceRules {
  natServices: Rule[];
  natNodePorts: Rule[];
  /** The service's own nat chains but KUBE-SEP (SVC, SVL, EXT, FW); a chain may be empty. */
  natChains: Map<string, Rule[]>;
  /** One KUBE-SEP chain per reachable endpoint; its rules come from endpointChainRules. */
  endpointChains: EndpointChain[];
  filterServices: Rule[];
  filterExternalServices: Rule[];
  filterNodePorts: Rule[];
  filterFirewall: Rule[];
  /** Endpoints known for the service's ports, ready or not (kube-proxy's large-cluster count). */
  endpointCount: number;
  /** Ports with a node port whose outside traffic reaches an endpoint (no REJECT or DROP). */
  reachableNodePorts: ServicePortInfo[];
}

export interface EndpointChain {
  name: string;
  info: ServicePortInfo;
  endpoint: EndpointInfo;
}

export interface BuildContext {
  nodeIP: string;
  clusterCIDR: string;
  /** Over 1,000 endpoints kube-proxy drops the per-endpoint comments to keep the table small. */
  largeClusterMode: boolean;
}

export function emptyServiceRules(): ServiceRules {
  return { natServices: [], natNodePorts: [], natChains: new Map(), endpointChains: [], filterServices: [], filterExternalServices: [], filterNodePorts: [], filterFirewall: [], endpointCount: 0, reachableNodePorts: [] };
}

const jump = (chain: string): Target => ({ type: 'jump', chain });
const comment = (text: string): Match => ({ module: 'comment', comment: text });

/** `-d IP -p proto -m comment … -m proto --dport N -j target`, the shape of every VIP rule. */
function vipRule(ip: string, port: number, protocol: Protocol, text: string, target: Target): Rule {
  return { destination: ip, protocol, matches: [comment(text), { module: 'protocol', protocol, dport: port }], target };
}

/** Probabilities repeat for every service; kube-proxy precomputes them for the same reason. */
const probabilities: number[] = [];
function probability(n: number): number {
  return (probabilities[n] ??= kernelProbability(n));
}

/** Appends one service port's rules to `out`. */
export function addServicePortRules(out: ServiceRules, info: ServicePortInfo, endpoints: readonly EndpointInfo[], ctx: BuildContext): void {
  out.endpointCount += endpoints.length;
  const { clusterEndpoints, localEndpoints, allReachable, hasAnyEndpoints } = categorizeEndpoints(endpoints, info);
  const name = info.servicePortName;
  const { protocol, port } = info;
  const chains = info.chains;
  const usesClusterPolicyChain = clusterEndpoints.length > 0;
  const usesLocalPolicyChain = localEndpoints.length > 0;
  const hasInternalEndpoints = hasAnyEndpoints && (!info.internalPolicyLocal || localEndpoints.length > 0);
  const internalTrafficChain = info.internalPolicyLocal ? chains.localPolicy : chains.clusterPolicy;
  const hasExternalEndpoints = hasAnyEndpoints && (!info.externalPolicyLocal || localEndpoints.length > 0);
  const externalPolicyChain = info.externalPolicyLocal ? chains.localPolicy : chains.clusterPolicy;
  const usesExternalTrafficChain = hasAnyEndpoints && isExternallyAccessible(info);
  const usesFirewallChain = hasAnyEndpoints && info.loadBalancerVIPs.length > 0 && info.loadBalancerSourceRanges.length > 0;
  const loadBalancerTrafficChain = usesFirewallChain ? chains.firewall : chains.external;

  // Written only where traffic has nowhere to go: with no endpoints at all REJECT (connection
  // refused); with endpoints only on other nodes under a Local policy DROP (the client times out).
  const filter = hasAnyEndpoints
    ? { target: { type: 'verdict', verdict: 'DROP' } as Target, text: `${name} has no local endpoints` }
    : { target: { type: 'reject' } as Target, text: `${name} has no endpoints` };

  if (hasInternalEndpoints) out.natServices.push(vipRule(info.clusterIP, port, protocol, `${name} cluster IP`, jump(internalTrafficChain)));
  else out.filterServices.push(vipRule(info.clusterIP, port, protocol, filter.text, filter.target));

  for (const ip of info.externalIPs) {
    if (hasAnyEndpoints) out.natServices.push(vipRule(ip, port, protocol, `${name} external IP`, jump(chains.external)));
    if (!hasExternalEndpoints) out.filterExternalServices.push(vipRule(ip, port, protocol, filter.text, filter.target));
  }
  for (const ip of info.loadBalancerVIPs) {
    if (hasAnyEndpoints) out.natServices.push(vipRule(ip, port, protocol, `${name} loadbalancer IP`, jump(loadBalancerTrafficChain)));
    if (usesFirewallChain) {
      out.filterFirewall.push(vipRule(ip, port, protocol, `${name} traffic not accepted by ${chains.firewall}`, { type: 'verdict', verdict: 'DROP' }));
    }
  }
  if (!hasExternalEndpoints) {
    for (const ip of info.loadBalancerVIPs) out.filterExternalServices.push(vipRule(ip, port, protocol, filter.text, filter.target));
  }
  if (info.nodePort !== 0) {
    const dport: Match = { module: 'protocol', protocol, dport: info.nodePort };
    if (hasAnyEndpoints) out.natNodePorts.push({ protocol, matches: [comment(name), dport], target: jump(chains.external) });
    if (!hasExternalEndpoints) {
      out.filterExternalServices.push({ protocol, matches: [comment(filter.text), { module: 'addrtype', dstType: 'LOCAL' }, dport], target: filter.target });
    } else out.reachableNodePorts.push(info);
  }
  if (info.healthCheckNodePort !== 0) {
    out.filterNodePorts.push({ protocol: 'tcp', matches: [comment(`${name} health check node port`), { module: 'protocol', protocol: 'tcp', dport: info.healthCheckNodePort }], target: { type: 'verdict', verdict: 'ACCEPT' } });
  }

  const chain = (chainName: string): Rule[] => {
    let rules = out.natChains.get(chainName);
    if (!rules) out.natChains.set(chainName, (rules = []));
    return rules;
  };
  if (hasInternalEndpoints) {
    // Masquerade traffic to the VIP that does not come from a pod (e.g. from the node itself).
    chain(internalTrafficChain).push({ ...vipRule(info.clusterIP, port, protocol, `${name} cluster IP`, jump(markMasqChain)), source: { cidr: ctx.clusterCIDR, negate: true } });
  }
  if (usesExternalTrafficChain) addExternalChain(chain(chains.external), info, hasExternalEndpoints, externalPolicyChain, ctx);
  if (usesFirewallChain) addFirewallChain(chain(chains.firewall), info, ctx);
  if (usesClusterPolicyChain) addEndpointRules(chain(chains.clusterPolicy), info, clusterEndpoints, ctx);
  if (usesLocalPolicyChain) addEndpointRules(chain(chains.localPolicy), info, localEndpoints, ctx);
  for (const endpoint of allReachable) out.endpointChains.push({ name: endpoint.chainName, info, endpoint });
}

function addExternalChain(rules: Rule[], info: ServicePortInfo, hasExternalEndpoints: boolean, externalPolicyChain: string, ctx: BuildContext): void {
  const name = info.servicePortName;
  if (!info.externalPolicyLocal) {
    // Cluster policy may cross nodes, so the source is NATed to the node.
    rules.push({ matches: [comment(`masquerade traffic for ${name} external destinations`)], target: jump(markMasqChain) });
  } else {
    // Pods and the node itself reach an external IP as if from outside and back: any endpoint will do.
    rules.push({ source: { cidr: ctx.clusterCIDR }, matches: [comment(`pod traffic for ${name} external destinations`)], target: jump(info.chains.clusterPolicy) });
    rules.push({ matches: [comment(`masquerade LOCAL traffic for ${name} external destinations`), { module: 'addrtype', srcType: 'LOCAL' }], target: jump(markMasqChain) });
    rules.push({ matches: [comment(`route LOCAL traffic for ${name} external destinations`), { module: 'addrtype', srcType: 'LOCAL' }], target: jump(info.chains.clusterPolicy) });
  }
  if (hasExternalEndpoints) rules.push({ matches: [], target: jump(externalPolicyChain) });
}

function addFirewallChain(rules: Rule[], info: ServicePortInfo, ctx: BuildContext): void {
  const text = `${info.servicePortName} loadbalancer IP`;
  const nodeIP = parseIPv4(ctx.nodeIP);
  let allowFromNode = false;
  for (const range of info.loadBalancerSourceRanges) {
    rules.push({ source: { cidr: range }, matches: [comment(text)], target: jump(info.chains.external) });
    const cidr = parseCidr(range);
    if (cidr && nodeIP !== undefined && cidrContains(cidr, nodeIP)) allowFromNode = true;
  }
  // A node reaching its own VIP loops back with the VIP as source address.
  if (allowFromNode) {
    for (const ip of info.loadBalancerVIPs) rules.push({ source: { cidr: ip }, matches: [comment(text)], target: jump(info.chains.external) });
  }
  rules.push({ matches: [comment(`other traffic to ${info.servicePortName} will be dropped by KUBE-PROXY-FIREWALL`)] });
}

/** KUBE-SVC/KUBE-SVL: affinity checks first, then endpoint i of n taken with probability 1/(n−i). */
function addEndpointRules(rules: Rule[], info: ServicePortInfo, endpoints: readonly EndpointInfo[], ctx: BuildContext): void {
  const comments = (endpoint: EndpointInfo): Match[] => (ctx.largeClusterMode ? [] : [comment(`${info.servicePortName} -> ${endpoint.endpoint}`)]);
  if (info.stickyMaxAgeSeconds > 0) {
    for (const endpoint of endpoints) {
      const sep = endpoint.chainName;
      rules.push({ matches: [...comments(endpoint), { module: 'recent', mode: 'rcheck', seconds: info.stickyMaxAgeSeconds, name: sep }], target: jump(sep) });
    }
  }
  const n = endpoints.length;
  endpoints.forEach((endpoint, i) => {
    const matches = comments(endpoint);
    if (i < n - 1) matches.push({ module: 'statistic', probability: probability(n - i) });
    rules.push({ matches, target: jump(endpoint.chainName) });
  });
}

/** KUBE-SEP: hairpin masquerade, then DNAT (recording the client for ClientIP affinity). */
export function endpointChainRules({ name, info, endpoint }: EndpointChain, largeClusterMode: boolean): Rule[] {
  const commentMatches: Match[] = largeClusterMode ? [] : [comment(info.servicePortName)];
  const dnat: Match[] = [...commentMatches];
  if (info.stickyMaxAgeSeconds > 0) dnat.push({ module: 'recent', mode: 'set', name });
  dnat.push({ module: 'protocol', protocol: info.protocol });
  return [
    { source: { cidr: endpoint.ip }, matches: commentMatches, target: jump(markMasqChain) },
    { protocol: info.protocol, matches: dnat, target: { type: 'dnat', ip: endpoint.ip, port: endpoint.port }, servicePortName: info.servicePortName },
  ];
}
