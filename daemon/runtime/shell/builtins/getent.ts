/**
 * glibc's `getent` (the Debian, Ubuntu and CentOS images; busybox has none), for the databases a
 * learner checks name resolution and users with: `hosts` (`%-15s name`), `ahosts`/`ahostsv4` (one
 * line per socket type, the canonical name on the first), `passwd` and `group`. Names go through
 * the container's resolver (/etc/hosts, then the cluster DNS with the search path), so
 * `getent hosts my-svc` prints the ClusterIP and the FQDN that answered. Exit 2: key not found.
 * Left out: reverse lookups through DNS (PTR), IPv6; the other databases (services, shadow…) are
 * reported as unknown.
 */
import type { Program, ProcessContext } from '../../process.js';
import { errnoOf, linesOf } from './common.js';

/** argp's pointer to the help, which getent prints on stdout after its complaint on stderr. */
const seeHelp = "Try `getent --help' or `getent --usage' for more information.\n";

/** `getent passwd root`: the lines whose first field is the key (all lines without keys). */
function fileDatabase(ctx: ProcessContext, path: string, keys: string[]): number {
  let lines: string[];
  try {
    lines = linesOf(ctx.fs.readFile(path)).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  } catch (error) {
    errnoOf(error); // no such file: every key is simply not found
    lines = [];
  }
  if (keys.length === 0) {
    ctx.stdout(lines.map((l) => `${l}\n`).join(''));
    return 0;
  }
  let status = 0;
  for (const key of keys) {
    const fields = (l: string): string[] => l.split(':');
    const line = lines.find((l) => fields(l)[0] === key || (/^\d+$/.test(key) && fields(l)[2] === key));
    if (line) ctx.stdout(`${line}\n`);
    else status = 2;
  }
  return status;
}

/** An address key: the /etc/hosts line that has it (no PTR queries here). */
function reverseFromHosts(ctx: ProcessContext, address: string): string | undefined {
  return hostsEntries(ctx).find((line) => line.startsWith(`${address} `));
}

/** /etc/hosts as gethostent returns it, one `%-15s name aliases` line per entry. */
function hostsEntries(ctx: ProcessContext): string[] {
  let text = '';
  try {
    text = ctx.fs.readFile('/etc/hosts');
  } catch (error) {
    errnoOf(error); // no hosts file: no entries
  }
  return text.split('\n').flatMap((line) => {
    const [ip, ...names] = line.replace(/#.*$/, '').trim().split(/\s+/);
    return ip && names.length > 0 ? [`${ip.padEnd(15)} ${names.join(' ')}\n`] : [];
  });
}

async function hosts(ctx: ProcessContext, keys: string[], socketLines: boolean): Promise<number> {
  let status = 0;
  for (const key of keys) {
    if (/^\d+\.\d+\.\d+\.\d+$/.test(key) && !socketLines) {
      const line = reverseFromHosts(ctx, key);
      if (line) ctx.stdout(line);
      else status = 2;
      continue;
    }
    const found = ctx.dns ? await ctx.dns.lookup(key) : { error: 'not-found' as const };
    if ('error' in found) {
      status = 2;
      continue;
    }
    const name = found.canonicalName ?? key;
    for (const [i, address] of found.addresses.entries()) {
      if (!socketLines) ctx.stdout(`${address.padEnd(15)} ${name}\n`);
      else ctx.stdout(`${address.padEnd(15)} STREAM ${i === 0 ? name : ''}\n${address.padEnd(15)} DGRAM  \n${address.padEnd(15)} RAW    \n`);
    }
  }
  return status;
}

export const getentProgram: Program = async (ctx) => {
  const [database, ...keys] = ctx.argv.slice(1);
  if (database === undefined) {
    ctx.stderr('getent: wrong number of arguments\n');
    ctx.stdout(seeHelp);
    return 1;
  }
  if (database === 'passwd') return fileDatabase(ctx, '/etc/passwd', keys);
  if (database === 'group') return fileDatabase(ctx, '/etc/group', keys);
  // Without keys, ahosts enumerates /etc/hosts in hosts' format too.
  if ((database === 'hosts' || database === 'ahosts' || database === 'ahostsv4') && keys.length === 0) {
    ctx.stdout(hostsEntries(ctx).join(''));
    return 0;
  }
  if (database === 'hosts') return hosts(ctx, keys, false);
  if (database === 'ahosts' || database === 'ahostsv4') return hosts(ctx, keys, true);
  ctx.stderr(`Unknown database: ${database}\n`);
  ctx.stdout(seeHelp);
  return 1;
};
