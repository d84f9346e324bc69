/**
 * The nat and filter tables' bodies from the base chains and the Services' fragments, in
 * iptables-save order. Service rules are spliced into the shared dispatch chains (KUBE-SERVICES,
 * KUBE-NODEPORTS, …) in Service order; the Services' own chains are printed by sorted name.
 */
import { externalServicesChain, filterBuiltinChains, natBuiltinChains, nodePortsChain, nodePortsJump, proxyFirewallChain, servicesChain } from './base-chains.js';
import { chainText, type Rule } from './iptables-rule.js';
import { compareChainNames, tableBody, type RenderedChain } from './iptables-save.js';
import type { OwnChain, ServiceFragment } from './service-fragment.js';

function builtins(names: readonly string[], base: ReadonlyMap<string, Rule[]>): RenderedChain[] {
  return names.map((name) => ({ name, text: chainText(name, base.get(name) ?? []) }));
}

/** `sortedNames`: every nat user chain, base and service-owned, already in print order. */
export function natTableBody(
  fragments: readonly ServiceFragment[],
  sortedNames: readonly string[],
  serviceChains: ReadonlyMap<string, OwnChain>,
  base: ReadonlyMap<string, Rule[]>,
): string {
  const spliced = new Map<string, string>([
    [servicesChain, fragments.map((f) => f.natServicesText).join('') + chainText(servicesChain, [nodePortsJump])],
    [nodePortsChain, fragments.map((f) => f.natNodePortsText).join('')],
  ]);
  const userChains = sortedNames.map((name) => ({
    name,
    text: spliced.get(name) ?? serviceChains.get(name)?.text ?? chainText(name, base.get(name) ?? []),
  }));
  return tableBody('nat', builtins(natBuiltinChains, base), userChains);
}

export function filterTableBody(fragments: readonly ServiceFragment[], base: ReadonlyMap<string, Rule[]>): string {
  const spliced = new Map<string, string>([
    [servicesChain, fragments.map((f) => f.filterServicesText).join('')],
    [externalServicesChain, fragments.map((f) => f.filterExternalServicesText).join('')],
    [nodePortsChain, fragments.map((f) => f.filterNodePortsText).join('')],
    [proxyFirewallChain, fragments.map((f) => f.filterFirewallText).join('')],
  ]);
  const userChains: RenderedChain[] = [];
  for (const [name, rules] of base) {
    if ((filterBuiltinChains as readonly string[]).includes(name)) continue;
    userChains.push({ name, text: spliced.get(name) ?? chainText(name, rules) });
  }
  userChains.sort(compareChainNames);
  return tableBody('filter', builtins(filterBuiltinChains, base), userChains);
}
