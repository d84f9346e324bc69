/**
 * Walks iptables chains for one NEW connection the way netfilter does: rules in order, matches
 * left to right (so `-m statistic` draws only when the earlier matches passed), jumps into user
 * chains and back at their end or at RETURN, KUBE-MARK-MASQ marking without stopping, DNAT /
 * REJECT / DROP / ACCEPT ending the walk. `-m recent` lists live here, keyed by list name and
 * source address, with the injected clock. Conntrack sees every connection as NEW.
 */
import { matchesRandom, type Match, type Protocol, type Rule } from './iptables-rule.js';
import { cidrContains, parseCidr, type Cidr } from './ipv4.js';

export interface Packet {
  source: number;
  sourceIP: string;
  destination: number;
  destinationPort: number;
  protocol: Protocol;
  /** `-m addrtype --src-type LOCAL`: the connection comes from the node's own addresses. */
  sourceIsLocal: boolean;
  /** `-m addrtype --dst-type LOCAL`: addressed to one of the node's own addresses. */
  destinationIsLocal: boolean;
}

export type ChainResult =
  | { type: 'dnat'; ip: string; port: number; servicePortName: string }
  | { type: 'reject' }
  | { type: 'drop' }
  | { type: 'accept' }
  /** Fell off the end of the chain or hit RETURN: the caller goes on with its next rule. */
  | { type: 'continue' };

export interface EvaluationState {
  /** Set by KUBE-MARK-MASQ: the source will be masqueraded to the node's address. */
  marked: boolean;
}

/** xt_recent lists: `--set` records the source now, `--rcheck --seconds S --reap` looks it up. */
export class RecentLists {
  private readonly lists = new Map<string, Map<string, number>>();

  set(name: string, source: string, now: number): void {
    let list = this.lists.get(name);
    if (!list) this.lists.set(name, (list = new Map()));
    list.set(source, now);
  }

  check(name: string, source: string, seconds: number, now: number): boolean {
    const list = this.lists.get(name);
    const seen = list?.get(source);
    if (seen === undefined) return false;
    if (now - seen <= seconds * 1000) return true;
    list!.delete(source); // --reap: forget entries older than --seconds
    return false;
  }

  /** The kernel frees a list with the last rule naming it. */
  drop(name: string): void {
    this.lists.delete(name);
  }
}

export interface EvaluationEnvironment {
  /** The rules of `chain` that can match `packet` (an index may narrow a long chain). */
  rulesFor(chain: string, packet: Packet): readonly Rule[] | undefined;
  random(): number;
  now(): number;
  recent: RecentLists;
}

/** Nested jumps deeper than this mean a loop, which iptables-restore would refuse. */
const maxDepth = 16;

/** Parsed `-s`/`-d` values: the same few thousand addresses are matched over and over. */
const parsedCidrs = new Map<string, Cidr | undefined>();

function addressMatches(cidrText: string, address: number): boolean {
  let cidr = parsedCidrs.get(cidrText);
  if (cidr === undefined && !parsedCidrs.has(cidrText)) {
    cidr = parseCidr(cidrText);
    if (parsedCidrs.size >= 50_000) parsedCidrs.clear();
    parsedCidrs.set(cidrText, cidr);
  }
  return cidr !== undefined && cidrContains(cidr, address);
}

function matchPasses(match: Match, packet: Packet, state: EvaluationState, env: EvaluationEnvironment): boolean {
  switch (match.module) {
    case 'comment':
      return true;
    case 'addrtype':
      return (match.srcType === undefined || packet.sourceIsLocal) && (match.dstType === undefined || packet.destinationIsLocal);
    case 'protocol':
      return match.protocol === packet.protocol && (match.dport === undefined || match.dport === packet.destinationPort);
    case 'statistic':
      return matchesRandom(match.probability, env.random());
    case 'recent':
      if (match.mode === 'set') {
        env.recent.set(match.name, packet.sourceIP, env.now());
        return true;
      }
      return env.recent.check(match.name, packet.sourceIP, match.seconds, env.now());
    case 'mark':
      return state.marked !== match.negate;
    case 'conntrack':
      return match.states.includes('NEW') !== match.negate;
  }
}

function rulePasses(rule: Rule, packet: Packet, state: EvaluationState, env: EvaluationEnvironment): boolean {
  if (rule.source && addressMatches(rule.source.cidr, packet.source) === !!rule.source.negate) return false;
  if (rule.destination && !addressMatches(rule.destination, packet.destination)) return false;
  if (rule.protocol && rule.protocol !== packet.protocol) return false;
  for (const match of rule.matches) if (!matchPasses(match, packet, state, env)) return false;
  return true;
}

export function evaluateChain(env: EvaluationEnvironment, chain: string, packet: Packet, state: EvaluationState, depth = 0): ChainResult {
  if (depth > maxDepth) throw new Error(`evaluate iptables chain ${chain}: jumps nested deeper than ${maxDepth}`);
  for (const rule of env.rulesFor(chain, packet) ?? []) {
    if (!rulePasses(rule, packet, state, env)) continue;
    const target = rule.target;
    if (!target) continue;
    switch (target.type) {
      case 'jump': {
        const result = evaluateChain(env, target.chain, packet, state, depth + 1);
        if (result.type !== 'continue') return result;
        break;
      }
      case 'dnat':
        return { type: 'dnat', ip: target.ip, port: target.port, servicePortName: rule.servicePortName ?? '' };
      case 'reject':
        return { type: 'reject' };
      case 'verdict':
        if (target.verdict === 'RETURN') return { type: 'continue' };
        return target.verdict === 'DROP' ? { type: 'drop' } : { type: 'accept' };
      case 'mark':
        // Only KUBE-MARK-MASQ sets the bit; KUBE-POSTROUTING (mask 0) is never walked for a route.
        if (target.mask !== 0) state.marked = true;
        break;
      case 'masquerade':
        return { type: 'accept' };
    }
  }
  return { type: 'continue' };
}
