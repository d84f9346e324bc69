/**
 * The C library's resolver inside a container (getaddrinfo as glibc and musl do it), used by curl,
 * wget and every other program that connects to a name: `/etc/hosts` first, then the name servers
 * of `/etc/resolv.conf` with its search list and `ndots` (a name with fewer dots than ndots tries
 * the search domains first, so `nginx` becomes `nginx.<ns>.svc.cluster.local`). Reads the files of
 * the container's own filesystem, so what the kubelet wrote (dnsPolicy, hostAliases) is what counts.
 * Left out: IPv6 (no AAAA lookups), `options rotate`/`edns0`, per-search-domain timeouts.
 */
import type { Clock } from '../../../shared/clock.js';
import { isIPv4, type DnsOutcome, type DnsQuestion, type DnsTransport } from './dns-message.js';

export interface ResolvConf {
  nameservers: string[];
  search: string[];
  ndots: number;
  timeoutMs: number;
  attempts: number;
}

/** resolv.conf(5) defaults: ndots 1, timeout 5 s, 2 attempts, the local host when no nameserver. */
export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], search: [], ndots: 1, timeoutMs: 5000, attempts: 2 };
  for (const line of text.split('\n')) {
    const [keyword, ...args] = line.replace(/[#;].*$/, '').trim().split(/\s+/);
    if (keyword === 'nameserver' && args[0] && conf.nameservers.length < 3) conf.nameservers.push(args[0]);
    // The last `search` or `domain` line wins, as in glibc.
    else if (keyword === 'search' && args.length) conf.search = args.filter(Boolean);
    else if (keyword === 'domain' && args[0]) conf.search = [args[0]];
    else if (keyword === 'options') {
      for (const option of args) {
        const [name, value] = option.split(':');
        const n = Number(value);
        if (name === 'ndots' && Number.isInteger(n) && n >= 0) conf.ndots = Math.min(n, 15);
        if (name === 'timeout' && Number.isInteger(n) && n >= 1) conf.timeoutMs = Math.min(n, 30) * 1000;
        if (name === 'attempts' && Number.isInteger(n) && n >= 1) conf.attempts = Math.min(n, 5);
      }
    }
  }
  if (conf.nameservers.length === 0) conf.nameservers.push('127.0.0.1');
  return conf;
}

/** The addresses /etc/hosts gives a name (case-insensitive, any of a line's names), in file order. */
export function hostsLookup(text: string, name: string): string[] {
  const wanted = name.toLowerCase().replace(/\.$/, '');
  const found: string[] = [];
  for (const line of text.split('\n')) {
    const [address, ...names] = line.replace(/#.*$/, '').trim().split(/\s+/);
    if (address && isIPv4(address) && names.some((n) => n.toLowerCase() === wanted)) found.push(address);
  }
  return found;
}

/** The first name of the first /etc/hosts line that has the name: the entry's canonical name. */
function hostsCanonicalName(text: string, name: string): string {
  const wanted = name.toLowerCase().replace(/\.$/, '');
  for (const line of text.split('\n')) {
    const [address, ...names] = line.replace(/#.*$/, '').trim().split(/\s+/);
    if (address && isIPv4(address) && names.some((n) => n.toLowerCase() === wanted)) return names[0]!;
  }
  return name;
}

/** The names tried, in order: absolute first when the name has at least ndots dots. */
export function candidateNames(name: string, conf: Pick<ResolvConf, 'search' | 'ndots'>): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const dots = name.split('.').length - 1;
  const searched = conf.search.map((domain) => `${name}.${domain.replace(/\.$/, '')}`);
  return dots >= conf.ndots ? [name, ...searched] : [...searched, name];
}

export interface ResolverEnvironment {
  /** The container's files: /etc/hosts and /etc/resolv.conf are read at each lookup. */
  readFile(path: string): string | undefined;
  transport: DnsTransport;
  /** The pod's IP, the source of the queries. */
  fromIP: string;
  clock: Clock;
  signal?: AbortSignal;
}

/**
 * What getaddrinfo found: the addresses, and the name they belong to (the hosts line's first name,
 * or the search candidate that answered: what `getent hosts` prints as h_name). CNAME targets are
 * not followed into the name.
 */
export type LookupResult = { addresses: string[]; canonicalName?: string } | { error: 'not-found' | 'unreachable' };

/** getaddrinfo(name) for IPv4: the addresses, or why there are none. */
export async function lookupHost(env: ResolverEnvironment, name: string): Promise<LookupResult> {
  if (isIPv4(name)) return { addresses: [name] };
  const hostsText = env.readFile('/etc/hosts') ?? '';
  const fromHosts = hostsLookup(hostsText, name);
  if (fromHosts.length) return { addresses: fromHosts, canonicalName: hostsCanonicalName(hostsText, name) };
  const conf = parseResolvConf(env.readFile('/etc/resolv.conf') ?? '');
  for (const candidate of candidateNames(name.toLowerCase(), conf)) {
    const answer = await queryAddresses(env, conf, candidate);
    if (answer === 'unreachable') return { error: 'unreachable' };
    if (answer.length) return { addresses: answer, canonicalName: candidate };
  }
  return { error: 'not-found' };
}

/**
 * The A records of one name, following CNAMEs the answer does not resolve itself; [] for
 * NXDOMAIN or no data. `unreachable` when no server answered: glibc gives up at once on a refused
 * query (res_nsearch's ECONNREFUSED case) and, after its timeouts, on silence.
 */
async function queryAddresses(env: ResolverEnvironment, conf: ResolvConf, name: string, depth = 0): Promise<string[] | 'unreachable'> {
  const outcome = await askServers(env, conf, name);
  if (outcome.type !== 'reply') return 'unreachable';
  if (outcome.reply.rcode !== 'NOERROR') return [];
  const answers = outcome.reply.answers;
  const addresses = answers.flatMap((r) => (r.type === 'A' ? [r.address] : []));
  if (addresses.length || depth > 7) return addresses;
  const alias = answers.flatMap((r) => (r.type === 'CNAME' ? [r.target] : []))[0];
  return alias ? queryAddresses(env, conf, alias, depth + 1) : [];
}

async function askServers(env: ResolverEnvironment, conf: ResolvConf, name: string): Promise<DnsOutcome> {
  let last: DnsOutcome = { type: 'timeout' };
  for (const server of conf.nameservers) {
    last = await env.transport.query(env.fromIP, server, { name, type: 'A' });
    if (last.type === 'reply' && last.reply.rcode !== 'SERVFAIL') return last;
    if (last.type === 'timeout') await env.clock.sleep(conf.timeoutMs * conf.attempts, env.signal);
  }
  return last;
}

/** What a process of a container gets (ProcessContext.dns). */
export interface ProcessDns {
  lookup(name: string): Promise<LookupResult>;
  query(server: string, question: DnsQuestion): Promise<DnsOutcome>;
}
