/**
 * One iptables rule as data, and its text as `iptables-save` prints it. kube-proxy writes its
 * arguments in its own order (`-m comment … -m tcp -p tcp -d IP --dport N`); the kernel keeps the
 * IP header fields apart from the match modules, so iptables-save always prints `[!] -s`, `-d`, `-p`
 * first and then the modules in the order they were given. Rules here are kept in that saved
 * shape, so the text and the evaluator (rule-evaluator.ts) read the same structure.
 */

export type Protocol = 'tcp' | 'udp' | 'sctp';

export type Match =
  | { module: 'comment'; comment: string }
  | { module: 'addrtype'; srcType?: 'LOCAL'; dstType?: 'LOCAL' }
  | { module: 'protocol'; protocol: Protocol; dport?: number }
  /** `probability` is the kernel's fixed-point value: matches when a 31-bit random number is below it. */
  | { module: 'statistic'; probability: number }
  | { module: 'recent'; mode: 'rcheck'; seconds: number; name: string }
  | { module: 'recent'; mode: 'set'; name: string }
  | { module: 'mark'; negate: boolean; mark: number }
  | { module: 'conntrack'; negate: boolean; states: string[] };

export type Target =
  | { type: 'jump'; chain: string }
  | { type: 'dnat'; ip: string; port: number }
  | { type: 'verdict'; verdict: 'ACCEPT' | 'DROP' | 'RETURN' }
  | { type: 'reject' }
  | { type: 'mark'; value: number; mask: number }
  | { type: 'masquerade' };

export interface Rule {
  source?: { cidr: string; negate?: boolean };
  destination?: string;
  protocol?: Protocol;
  matches: Match[];
  /** A rule without a target only counts packets (kube-proxy's last KUBE-FW rule). */
  target?: Target;
  /** Not printed: the service port a DNAT rule belongs to (comments vanish in large-cluster mode). */
  servicePortName?: string;
}

/** Letters, digits, `-` and `_` print bare (xtables_save_string); anything else is quoted. */
function isPlainWord(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const plain = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
    if (!plain) return false;
  }
  return true;
}

function quoted(text: string): string {
  if (isPlainWord(text)) return text;
  const escaped = text.includes('"') || text.includes('\\') || text.includes("'") ? text.replace(/(["\\'])/g, '\\$1') : text;
  return `"${escaped}"`;
}

function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

const kernelProbabilityScale = 0x80000000;

/**
 * kube-proxy writes 1/n as `%0.10f`; xt_statistic stores round(p × 2³¹) and iptables-save prints
 * that back with 11 decimals, hence `0.33333333349` for 1/3.
 */
export function kernelProbability(n: number): number {
  return Math.round(Number((1 / n).toFixed(10)) * kernelProbabilityScale);
}

const probabilityTexts = new Map<number, string>();

/** Cached: the same few values (1/2, 1/3, …) print thousands of times. */
export function probabilityText(probability: number): string {
  let text = probabilityTexts.get(probability);
  if (text === undefined) {
    text = (probability / kernelProbabilityScale).toFixed(11);
    if (probabilityTexts.size < 10_000) probabilityTexts.set(probability, text);
  }
  return text;
}

export function matchesRandom(probability: number, random: number): boolean {
  return Math.floor(random * kernelProbabilityScale) < probability;
}

function matchText(match: Match): string {
  switch (match.module) {
    case 'comment':
      return ` -m comment --comment ${quoted(match.comment)}`;
    case 'addrtype':
      return ` -m addrtype${match.srcType ? ` --src-type ${match.srcType}` : ''}${match.dstType ? ` --dst-type ${match.dstType}` : ''}`;
    case 'protocol':
      return ` -m ${match.protocol}${match.dport !== undefined ? ` --dport ${match.dport}` : ''}`;
    case 'statistic':
      return ` -m statistic --mode random --probability ${probabilityText(match.probability)}`;
    case 'recent':
      return match.mode === 'rcheck'
        ? ` -m recent --rcheck --seconds ${match.seconds} --reap --name ${match.name} --mask 255.255.255.255 --rsource`
        : ` -m recent --set --name ${match.name} --mask 255.255.255.255 --rsource`;
    case 'mark':
      return ` -m mark${match.negate ? ' !' : ''} --mark ${hex(match.mark)}/${hex(match.mark)}`;
    case 'conntrack':
      return ` -m conntrack${match.negate ? ' !' : ''} --ctstate ${match.states.join(',')}`;
  }
}

function targetText(target: Target | undefined): string {
  if (!target) return '';
  switch (target.type) {
    case 'jump':
      return ` -j ${target.chain}`;
    case 'dnat':
      return ` -j DNAT --to-destination ${target.ip}:${target.port}`;
    case 'verdict':
      return ` -j ${target.verdict}`;
    case 'reject':
      return ' -j REJECT --reject-with icmp-port-unreachable';
    case 'mark':
      return ` -j MARK --set-xmark ${hex(target.value)}/${hex(target.mask)}`;
    case 'masquerade':
      return ' -j MASQUERADE --random-fully';
  }
}

function addressText(cidr: string): string {
  return cidr.includes('/') ? cidr : `${cidr}/32`;
}

/** `-A CHAIN …` exactly as iptables-save prints the rule. */
export function ruleText(chain: string, rule: Rule): string {
  let text = `-A ${chain}`;
  if (rule.source) text += `${rule.source.negate ? ' !' : ''} -s ${addressText(rule.source.cidr)}`;
  if (rule.destination) text += ` -d ${addressText(rule.destination)}`;
  if (rule.protocol) text += ` -p ${rule.protocol}`;
  for (const match of rule.matches) text += matchText(match);
  return text + targetText(rule.target);
}

/** The rules of one chain, one line each, with a trailing newline (empty for an empty chain). */
export function chainText(chain: string, rules: readonly Rule[]): string {
  if (rules.length === 0) return '';
  // join() gives a flat string; `+=` would leave a rope that every later render walks again.
  const lines: string[] = new Array(rules.length + 1);
  for (let i = 0; i < rules.length; i++) lines[i] = ruleText(chain, rules[i]);
  lines[rules.length] = '';
  return lines.join('\n');
}
