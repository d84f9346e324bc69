/**
 * DNS as the simulated programs see it: one question, the records of an answer and the reply's
 * rcode and AA bit (what nslookup prints), and the transport that carries a question to a name
 * server at an IP (UDP/53 in a real pod). No wire format: the simulated network delivers values.
 * The cluster's server (daemon/node/dns) implements DnsTransport; the pod resolver uses it.
 */

export type DnsType = 'A' | 'AAAA' | 'CNAME' | 'PTR' | 'SRV' | 'NS' | 'SOA' | 'MX' | 'TXT' | 'ANY';

export interface DnsQuestion {
  /** Lower-case, without the trailing dot: `nginx.default.svc.cluster.local`. */
  name: string;
  type: DnsType;
}

export type DnsRecord =
  | { name: string; type: 'A' | 'AAAA'; ttl: number; address: string }
  | { name: string; type: 'CNAME' | 'PTR'; ttl: number; target: string }
  | { name: string; type: 'SRV'; ttl: number; priority: number; weight: number; port: number; target: string };

export type DnsRcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';

export interface DnsReply {
  rcode: DnsRcode;
  /** The AA bit: set by the kubernetes plugin's own answers, clear on what CoreDNS's cache serves. */
  authoritative: boolean;
  answers: DnsRecord[];
}

/**
 * What came back from a server: a reply; `refused` when the packet met a REJECT (a Service with no
 * ready endpoints: ICMP port unreachable, ECONNREFUSED at once); `timeout` when nobody answers.
 */
export type DnsOutcome = { type: 'reply'; reply: DnsReply } | { type: 'refused' } | { type: 'timeout' };

export interface DnsTransport {
  /** Sends one question from a pod's IP to server:53 and resolves with what came back. */
  query(fromIP: string, server: string, question: DnsQuestion): Promise<DnsOutcome> | DnsOutcome;
}

/** A transport with no name server anywhere: every question times out. */
export const unreachableDns: DnsTransport = { query: () => ({ type: 'timeout' }) };

/** `10.96.0.10` → `10.0.96.10.in-addr.arpa`; undefined when text is not an IPv4 address. */
export function reverseName(text: string): string | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return `${parts.map(Number).reverse().join('.')}.in-addr.arpa`;
}

export function isIPv4(text: string): boolean {
  return reverseName(text) !== undefined;
}
