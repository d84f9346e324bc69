/**
 * busybox `wget` over the pod network: `wget -qO- URL` prints the body; without `-q` it reports
 * `Connecting to host (addr:port)`, `saving to 'index.html'` / `writing to stdout`, a progress line
 * as busybox draws it when stderr is not a terminal, and `'index.html' saved`. Failures use
 * busybox's texts and exit 1: `wget: server returned error: HTTP/1.1 404 Not Found`,
 * `wget: can't connect to remote host (127.0.0.1): Connection refused` (or `Connection timed out`
 * when nobody answers), `wget: download timed out` past `-T SEC`, `wget: bad address 'x'`.
 * For a name the address shown is the name itself (the pod network does not expose resolution).
 * `https://` to a TLS server (the API server) goes through, with busybox's note that it does not
 * validate certificates.
 */
import { NetworkError } from '../../network.js';
import type { Program, ProcessContext } from '../../process.js';
import { baseName } from '../../fs/paths.js';
import { busyboxBanner, complain, errnoOf, resolve } from './common.js';
import { fetchFollowing, parseUrl, statusLine } from './http.js';

interface WgetOptions {
  quiet: boolean;
  output?: string;
  headers: boolean;
  spider: boolean;
  userAgent: string;
  /** -T SEC: busybox arms an alarm around the connect and each read. */
  timeoutSeconds?: number;
  url?: string;
}

function parseOptions(args: readonly string[]): WgetOptions | string {
  const options: WgetOptions = { quiet: false, headers: false, spider: false, userAgent: 'Wget' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--spider') options.spider = true;
    else if (arg === '-q' || arg === '--quiet') options.quiet = true;
    else if (arg === '-S' || arg === '--server-response') options.headers = true;
    else if (arg === '-O' || arg === '--output-document') options.output = args[++i];
    else if (arg.startsWith('-O')) options.output = arg.slice(2);
    else if (arg.startsWith('--output-document=')) options.output = arg.slice(18);
    else if (arg === '-U' || arg === '--user-agent') options.userAgent = args[++i] ?? 'Wget';
    else if (arg === '-T' || arg === '--timeout') options.timeoutSeconds = Number(args[++i]);
    else if (arg === '-t' || arg === '--tries') i++;
    else if (/^-[qS]+$/.test(arg)) {
      options.quiet ||= arg.includes('q');
      options.headers ||= arg.includes('S');
    } else if (/^-[qS]*O/.test(arg)) {
      options.quiet ||= arg.includes('q');
      const rest = arg.slice(arg.indexOf('O') + 1);
      options.output = rest || args[++i];
    } else if (arg.startsWith('-') && arg !== '-') return arg.replace(/^-+/, '').slice(0, 1);
    else options.url = arg;
  }
  return options;
}

export const wgetProgram: Program = async (ctx) => {
  const options = parseOptions(ctx.argv.slice(1));
  if (typeof options === 'string') {
    complain(ctx, `unrecognized option: ${options}`);
    return 1;
  }
  if (options.url === undefined) {
    ctx.stderr(`${busyboxBanner}\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n`);
    return 1;
  }
  const url = parseUrl(options.url);
  if (!url) {
    complain(ctx, `not an http or ftp url: ${options.url}`);
    return 1;
  }
  const fileName = options.output ?? (baseName(url.path.split('?')[0]!) || 'index.html');
  const toStdout = fileName === '-';
  const path = toStdout ? '' : resolve(ctx, fileName);
  if (!toStdout && options.output === undefined && !options.spider && ctx.fs.stat(path)) {
    complain(ctx, `can't open '${fileName}': File exists`);
    return 1;
  }
  const address = await addressOf(ctx, url.host);
  // busybox resolves the name first (`bad address` comes alone), then says where it connects.
  const connecting = (): void => {
    if (!options.quiet) ctx.stderr(`Connecting to ${url.host} (${address}:${url.port})\n`);
  };
  let response;
  try {
    const timeout = options.timeoutSeconds !== undefined && options.timeoutSeconds > 0 ? options.timeoutSeconds * 1000 : undefined;
    // busybox's TLS client checks no certificate: it says so and goes on.
    const tls = { verify: (): void => complain(ctx, 'note: TLS certificate validation not implemented') };
    const exchanges = await fetchFollowing(ctx.net, url, { method: 'GET', headers: { 'User-Agent': options.userAgent, Connection: 'close' }, body: '' }, 20, { connectTimeoutMs: timeout, signal: ctx.signal }, tls);
    response = exchanges.at(-1)!.response;
    connecting();
    if (options.headers) for (const { response: r } of exchanges) ctx.stderr(`  ${statusLine(r.status)}\n${Object.entries(r.headers).map(([k, v]) => `  ${k}: ${v}\n`).join('')}`);
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    if (error.curlExitCode !== 6) connecting();
    const why = error.reason === 'timed-out' ? 'Connection timed out' : 'Connection refused';
    complain(ctx, error.curlExitCode === 6 ? `bad address '${url.host}'` : error.reason === 'connect-timeout' ? 'download timed out' : `can't connect to remote host (${address}): ${why}`);
    return 1;
  }
  if (response.status >= 400) {
    complain(ctx, `server returned error: ${statusLine(response.status)}`);
    return 1;
  }
  if (options.spider) {
    if (!options.quiet) ctx.stderr('remote file exists\n');
    return 0;
  }
  if (!options.quiet) ctx.stderr(toStdout ? 'writing to stdout\n' : `saving to '${fileName}'\n`);
  if (toStdout) ctx.stdout(response.body);
  else {
    try {
      ctx.fs.writeFile(path, response.body);
    } catch (error) {
      complain(ctx, `can't open '${fileName}': ${errnoOf(error)}`);
      return 1;
    }
  }
  if (!options.quiet) ctx.stderr(`${progressLines(toStdout ? '-' : fileName, Buffer.byteLength(response.body))}${toStdout ? 'written to stdout' : `'${fileName}' saved`}\n`);
  return 0;
};

/**
 * The IPv4 address busybox connects to and names in `Connecting to` and in xconnect's `can't
 * connect to remote host (10.96.4.7)`: it resolves the name itself before connecting, so a
 * Service name shows its ClusterIP there, never the name.
 */
async function addressOf(ctx: ProcessContext, host: string): Promise<string> {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return host;
  if (host === 'localhost') return '127.0.0.1';
  const found = ctx.dns ? await ctx.dns.lookup(host) : undefined;
  // No resolver wired, or no answer: the request itself reports `bad address`.
  return found && 'addresses' in found && found.addresses[0] ? found.addresses[0] : host;
}

/** busybox's bb_progress_update without a terminal: no `\r`, a 32-star bar, one line per update. */
function progressLines(name: string, bytes: number): string {
  const size = smartSize(bytes);
  return `${name}   0% |${' '.repeat(32)}|     0 --:--:-- ETA\n${name} 100% |${'*'.repeat(32)}| ${size}  0:00:00 ETA\n`;
}

/** busybox's smart_ulltoa5: five columns, scaled with k/M/G past 99999. */
function smartSize(bytes: number): string {
  let value = bytes;
  let unit = '';
  for (const next of ['k', 'M', 'G', 'T']) {
    if (value < 100000) break;
    value = Math.floor(value / 1024);
    unit = next;
  }
  return `${String(value).padStart(unit ? 4 : 5)}${unit}`;
}
