/**
 * The rules every kube-proxy node has before any Service (k/k pkg/proxy/iptables/proxier.go
 * iptablesJumpChains and the fixed part of syncProxyRules, kubelet's KUBE-FIREWALL and canary
 * chains), in nat and filter. Data only: the per-service rules are spliced into KUBE-SERVICES,
 * KUBE-NODEPORTS, KUBE-EXTERNAL-SERVICES and KUBE-PROXY-FIREWALL by rule-table.ts. Left out: the
 * CNI's and the container runtime's own chains, which a real node also shows.
 */
import type { Match, Rule, Target } from './iptables-rule.js';

/** kube-proxy's default --iptables-masquerade-bit 14. */
export const masqueradeMark = 0x4000;

export const servicesChain = 'KUBE-SERVICES';
export const nodePortsChain = 'KUBE-NODEPORTS';
export const externalServicesChain = 'KUBE-EXTERNAL-SERVICES';
export const proxyFirewallChain = 'KUBE-PROXY-FIREWALL';
export const kubeletFirewallChain = 'KUBE-FIREWALL';

export const natBuiltinChains = ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'] as const;
export const filterBuiltinChains = ['INPUT', 'FORWARD', 'OUTPUT'] as const;

const jump = (chain: string): Target => ({ type: 'jump', chain });
const comment = (text: string): Match => ({ module: 'comment', comment: text });
const ctNew: Match = { module: 'conntrack', negate: false, states: ['NEW'] };

/** Last rule of nat KUBE-SERVICES: anything addressed to this node may be a NodePort. */
export const nodePortsJump: Rule = {
  matches: [comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'), { module: 'addrtype', dstType: 'LOCAL' }],
  target: jump(nodePortsChain),
};

/** nat chains and their fixed rules; KUBE-SERVICES and KUBE-NODEPORTS get the services' rules. */
export function natBaseChains(): Map<string, Rule[]> {
  const portals: Rule = { matches: [comment('kubernetes service portals')], target: jump(servicesChain) };
  return new Map<string, Rule[]>([
    ['PREROUTING', [portals]],
    ['INPUT', []],
    ['OUTPUT', [portals]],
    ['POSTROUTING', [{ matches: [comment('kubernetes postrouting rules')], target: jump('KUBE-POSTROUTING') }]],
    ['KUBE-KUBELET-CANARY', []],
    ['KUBE-MARK-MASQ', [{ matches: [], target: { type: 'mark', value: masqueradeMark, mask: masqueradeMark } }]],
    [nodePortsChain, []],
    ['KUBE-POSTROUTING', [
      { matches: [{ module: 'mark', negate: true, mark: masqueradeMark }], target: { type: 'verdict', verdict: 'RETURN' } },
      // kube-proxy writes `--xor-mark 0x4000`; the kernel stores it as set-xmark with mask 0.
      { matches: [], target: { type: 'mark', value: masqueradeMark, mask: 0 } },
      { matches: [comment('kubernetes service traffic requiring SNAT')], target: { type: 'masquerade' } },
    ]],
    ['KUBE-PROXY-CANARY', []],
    [servicesChain, []],
  ]);
}

/**
 * filter chains. The jumps are prepended one by one at start-up, so each hook lists them in
 * reverse order of kube-proxy's table; the kubelet's KUBE-FIREWALL jump was there first and ends last.
 */
export function filterBaseChains(): Map<string, Rule[]> {
  const lbFirewall: Rule = { matches: [ctNew, comment('kubernetes load balancer firewall')], target: jump(proxyFirewallChain) };
  const externalPortals: Rule = { matches: [ctNew, comment('kubernetes externally-visible service portals')], target: jump(externalServicesChain) };
  const portals: Rule = { matches: [ctNew, comment('kubernetes service portals')], target: jump(servicesChain) };
  const kubeletFirewall: Rule = { matches: [], target: jump(kubeletFirewallChain) };
  return new Map<string, Rule[]>([
    ['INPUT', [lbFirewall, { matches: [comment('kubernetes health check service ports')], target: jump(nodePortsChain) }, externalPortals, kubeletFirewall]],
    ['FORWARD', [lbFirewall, { matches: [comment('kubernetes forwarding rules')], target: jump('KUBE-FORWARD') }, portals, externalPortals]],
    ['OUTPUT', [lbFirewall, portals, kubeletFirewall]],
    [externalServicesChain, []],
    [kubeletFirewallChain, [{
      // --iptables-localhost-nodeports (default true) makes localhost NodePorts work; this guards them.
      source: { cidr: '127.0.0.0/8', negate: true },
      destination: '127.0.0.0/8',
      matches: [comment('block incoming localnet connections'), { module: 'conntrack', negate: true, states: ['RELATED', 'ESTABLISHED', 'DNAT'] }],
      target: { type: 'verdict', verdict: 'DROP' },
    }]],
    ['KUBE-FORWARD', [
      { matches: [{ module: 'conntrack', negate: false, states: ['INVALID'] }], target: { type: 'verdict', verdict: 'DROP' } },
      { matches: [comment('kubernetes forwarding rules'), { module: 'mark', negate: false, mark: masqueradeMark }], target: { type: 'verdict', verdict: 'ACCEPT' } },
      { matches: [comment('kubernetes forwarding conntrack rule'), { module: 'conntrack', negate: false, states: ['RELATED', 'ESTABLISHED'] }], target: { type: 'verdict', verdict: 'ACCEPT' } },
    ]],
    ['KUBE-KUBELET-CANARY', []],
    [nodePortsChain, []],
    ['KUBE-PROXY-CANARY', []],
    [proxyFirewallChain, []],
    [servicesChain, []],
  ]);
}
