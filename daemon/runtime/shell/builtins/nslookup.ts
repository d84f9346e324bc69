/**
 * busybox `nslookup`, in both shapes learners meet:
 * - busybox 1.29 and later (its own resolver, FEATURE_NSLOOKUP_BIG): `Server:\t\t10.96.0.10`,
 *   `Address:\t10.96.0.10:53`, then per query (A and AAAA; the search domains are tried only for
 *   a name without a dot, so `kubernetes.default` is NXDOMAIN) `Name:\t…` / `Address: …` or
 *   `** server can't find x: NXDOMAIN`, `Non-authoritative answer:` on cached answers, exit 1 when
 *   any query failed; `;; connection timed out; no servers could be reached` when nothing answers;
 * - busybox 1.28 (the Kubernetes docs' debugging image; the C library's getaddrinfo with the
 *   search path): `Server:    10.96.0.10` / `Address 1: 10.96.0.10 kube-dns.kube-system.svc…`,
 *   `Name:      kubernetes.default` / `Address 1: 10.96.0.1 kubernetes.default.svc.cluster.local`,
 *   or `nslookup: can't resolve 'x'`.
 * Questions go through ProcessContext.dns, from the pod, to the servers of its /etc/resolv.conf.
 */
import { reverseName, type DnsOutcome, type DnsRecord, type DnsType } from '../../dns/dns-message.js';
import { parseResolvConf } from '../../dns/stub-resolver.js';
import type { ProcessContext, Program } from '../../process.js';
import { busyboxBanner } from './common.js';

/** busybox's qtypes table, in its order (explicit -type queries are sent in this order). */
const queryTypes: readonly DnsType[] = ['SOA', 'NS', 'A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'PTR', 'ANY'];
const timeoutMs = 5000;

const usage = `${busyboxBanner}\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n`;

function readResolvConf(ctx: ProcessContext): string {
  try {
    return ctx.fs.readFile('/etc/resolv.conf');
  } catch {
    return ''; // no resolv.conf: busybox falls back to 127.0.0.1
  }
}

/** The `search` (or, without one, `domain`) argument of resolv.conf, as busybox keeps it. */
function searchDomains(text: string): string[] {
  let search: string[] = [];
  let sawSearch = false;
  for (const line of text.split('\n')) {
    const [keyword, ...args] = line.trim().split(/\s+/);
    if (keyword === 'search' && args.length) [search, sawSearch] = [args, true];
    else if (keyword === 'domain' && args.length && !sawSearch) search = args;
  }
  return search.length === 1 && search[0] === '.' ? [] : search;
}

export const nslookupProgram: Program = async (ctx) => {
  const args = ctx.argv.slice(1);
  const types: DnsType[] = [];
  while (args[0]?.startsWith('-')) {
    const [option = '', value = ''] = args.shift()!.slice(1).split(/=(.*)/s);
    if (option === 'type' || option === 'querytype' || option === 'query') {
      const type = queryTypes.find((t) => t === value.toUpperCase());
      if (!type) {
        ctx.stderr(`nslookup: invalid query type "${value}"\n`);
        return 1;
      }
      types.push(type);
    } else if (!['port', 'retry', 'debug', 't', 'timeout'].includes(option)) {
      ctx.stderr(usage);
      return 1;
    }
  }
  const [host, explicitServer, extra] = args;
  if (!host || extra !== undefined || !ctx.dns) {
    ctx.stderr(usage);
    return 1;
  }
  const resolvConf = readResolvConf(ctx);
  const servers = explicitServer ? [explicitServer] : parseResolvConf(resolvConf).nameservers;
  const search = searchDomains(resolvConf);
  // add_query_with_search: the search domains only for a name without a dot, never for PTR.
  const withSearch = (type: DnsType): string[] => (type === 'PTR' || !search.length || host.includes('.') ? [host] : search.map((d) => `${host}.${d}`));
  const ptr = reverseName(host);
  const queries: { name: string; type: DnsType }[] = types.length
    ? queryTypes.filter((t) => types.includes(t)).flatMap((type) => withSearch(type).map((name) => ({ name, type })))
    : ptr
      ? [{ name: ptr, type: 'PTR' }]
      : (['A', 'AAAA'] as const).flatMap((type) => withSearch(type).map((name) => ({ name, type })));

  for (const server of servers) {
    const outcomes: DnsOutcome[] = [];
    for (const query of queries) outcomes.push(await ctx.dns.query(server, { name: query.name.replace(/\.$/, '').toLowerCase(), type: query.type }));
    if (outcomes.every((o) => o.type === 'reply')) return printReplies(ctx, server, queries, outcomes);
    // Refused: each (re)send gets ICMP port unreachable back, reported by read(); busybox keeps
    // waiting for its 5 s, sending again halfway. Silence just waits.
    if (outcomes.some((o) => o.type === 'refused')) ctx.stderr('nslookup: read: Connection refused\n');
    await ctx.clock.sleep(timeoutMs / 2, ctx.signal);
    if (outcomes.some((o) => o.type === 'refused')) ctx.stderr('nslookup: read: Connection refused\n');
    await ctx.clock.sleep(timeoutMs / 2, ctx.signal);
  }
  ctx.stdout(';; connection timed out; no servers could be reached\n\n');
  return 1;
};

function printReplies(ctx: ProcessContext, server: string, queries: readonly { name: string }[], outcomes: readonly DnsOutcome[]): number {
  let out = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
  let status = 0;
  outcomes.forEach((outcome, i) => {
    if (outcome.type !== 'reply') return;
    const { reply } = outcome;
    if (reply.rcode !== 'NOERROR') {
      out += `** server can't find ${queries[i]!.name}: ${reply.rcode}\n\n`;
      status = 1;
      return;
    }
    if (!reply.authoritative) out += 'Non-authoritative answer:\n';
    out += reply.answers.map(recordLine).join('');
    out += '\n';
  });
  ctx.stdout(out);
  return status;
}

function recordLine(record: DnsRecord): string {
  switch (record.type) {
    case 'A':
    case 'AAAA':
      return `Name:\t${record.name}\nAddress: ${record.address}\n`;
    case 'CNAME':
      return `${record.name}\tcanonical name = ${record.target}\n`;
    case 'PTR':
      return `${record.name}\tname = ${record.target}\n`;
    case 'SRV':
      return `${record.name}\tservice = ${record.priority} ${record.weight} ${record.port} ${record.target}\n`;
  }
}

/** busybox 1.28's nslookup: getaddrinfo and getnameinfo of the C library, printed its way. */
export const legacyNslookupProgram: Program = async (ctx) => {
  const [host, server] = ctx.argv.slice(1);
  if (!host || host.startsWith('-') || ctx.argv.length > 3 || !ctx.dns) {
    ctx.stderr(`${busyboxBanner.replace('1.37.0 (2024-09-26 21:31:42 UTC)', '1.28.4 (2018-05-22 17:00:17 UTC)')}\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server\n`);
    return 1;
  }
  const dnsServer = server ?? parseResolvConf(readResolvConf(ctx)).nameservers[0] ?? '127.0.0.1';
  let out = `${'Server:'.padEnd(10)} ${dnsServer}\nAddress 1: ${dnsServer}${await reverseOf(ctx, dnsServer)}\n\n`;
  const found = await ctx.dns.lookup(host);
  if ('error' in found) {
    ctx.stdout(out);
    ctx.stderr(`nslookup: can't resolve '${host}'\n`);
    return 1;
  }
  out += `${'Name:'.padEnd(10)} ${host}\n`;
  for (const [i, address] of found.addresses.entries()) out += `Address ${i + 1}: ${address}${await reverseOf(ctx, address)}\n`;
  ctx.stdout(out);
  return 0;
};

/** getnameinfo(NI_NAMEREQD): ` <name>` when a PTR answers, '' otherwise. */
async function reverseOf(ctx: ProcessContext, address: string): Promise<string> {
  const name = reverseName(address);
  if (!name || !ctx.dns) return '';
  for (const server of parseResolvConf(readResolvConf(ctx)).nameservers) {
    const outcome = await ctx.dns.query(server, { name, type: 'PTR' });
    if (outcome.type !== 'reply') continue;
    const target = outcome.reply.answers.find((r) => r.type === 'PTR');
    return target && target.type === 'PTR' ? ` ${target.target}` : '';
  }
  return '';
}
