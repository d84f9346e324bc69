/**
 * `curl` over the pod network, printing what curl 8.11 prints: the body on stdout; the progress
 * meter on stderr unless `-s` (so `kubectl logs` of a `curl localhost` loop shows it, as on a real
 * cluster); `curl: (7) Failed to connect to localhost port 80 after 0 ms: Could not connect to
 * server` (`Couldn't` before 8.9) / `curl: (6) Could not resolve host: x` with those exit codes;
 * `-o`, `-O`, `-I`, `-i`, `-v`, `-L`, `-f` (22), `-X`, `-H`, `-d`, `-w '%{http_code}'`, `-A`.
 * `--connect-timeout` and `-m` bound the wait for a connection nobody answers (the network times
 * out on the cluster clock); a transfer itself is instant. `-v` names hosts, not the IPs they
 * resolve to (the pod network does not expose resolution).
 */
import { NetworkError, type RequestOptions, type TlsClient } from '../../network.js';
import type { Program, ProcessContext } from '../../process.js';
import { baseName } from '../../fs/paths.js';
import { errnoOf, resolve } from './common.js';
import { fetchFollowing, headerOf, parseUrl, statusLine, type Exchange } from './http.js';

/** The version the curlimages/curl image of the Kubernetes 1.32 era ships (its User-Agent). */
export const defaultCurlVersion = '8.11.1';

interface CurlOptions {
  urls: string[];
  silent: boolean;
  showError: boolean;
  output?: string;
  remoteName: boolean;
  head: boolean;
  include: boolean;
  verbose: boolean;
  location: boolean;
  fail: boolean;
  method?: string;
  headers: Record<string, string>;
  data?: string;
  writeOut?: string;
  userAgent?: string;
  /** Seconds, as curl takes them (fractions allowed). */
  connectTimeout?: number;
  maxTime?: number;
  /** -k: any server certificate is accepted. */
  insecure: boolean;
  /** --cacert: the PEM bundle that must verify an https server (else the image's system bundle, which has no cluster CA). */
  cacert?: string;
}

const flagOptions: Record<string, keyof CurlOptions> = {
  s: 'silent', silent: 'silent', S: 'showError', 'show-error': 'showError', O: 'remoteName', 'remote-name': 'remoteName',
  I: 'head', head: 'head', i: 'include', include: 'include', v: 'verbose', verbose: 'verbose', L: 'location',
  location: 'location', f: 'fail', fail: 'fail', k: 'insecure', insecure: 'insecure',
};
const ignoredFlags = new Set(['compressed', 'http1.1', '4', '6', 'ipv4', 'ipv6', 'N', 'no-buffer', 'g', 'globoff', 'fail-with-body', 'no-progress-meter']);
const valueOptions = new Set(['o', 'output', 'X', 'request', 'H', 'header', 'd', 'data', 'data-raw', 'data-binary', 'w', 'write-out', 'A', 'user-agent', 'm', 'max-time', 'connect-timeout', 'retry', 'noproxy', 'u', 'user', 'e', 'referer', 'x', 'proxy', 'resolve', 'cacert', 'capath', 'cert', 'E', 'key']);

function parseOptions(args: readonly string[]): CurlOptions | string {
  const options: CurlOptions = { urls: [], silent: false, showError: false, remoteName: false, head: false, include: false, verbose: false, location: false, fail: false, insecure: false, headers: {} };
  const setValue = (name: string, value: string): void => {
    if (name === 'o' || name === 'output') options.output = value;
    else if (name === 'X' || name === 'request') options.method = value;
    else if (name === 'H' || name === 'header') {
      const colon = value.indexOf(':');
      if (colon > 0) options.headers[value.slice(0, colon).trim()] = value.slice(colon + 1).trim();
    } else if (name.startsWith('d') || name.startsWith('data')) options.data = options.data === undefined ? value : `${options.data}&${value}`;
    else if (name === 'w' || name === 'write-out') options.writeOut = value;
    else if (name === 'A' || name === 'user-agent') options.userAgent = value;
    else if (name === 'connect-timeout') options.connectTimeout = Number(value);
    else if (name === 'm' || name === 'max-time') options.maxTime = Number(value);
    else if (name === 'cacert') options.cacert = value;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--') && arg.length > 2) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s) as [string, string | undefined];
      if (name === 'no-progress-meter') options.silent = true;
      if (flagOptions[name]) (options[flagOptions[name]] as boolean) = true;
      else if (valueOptions.has(name)) {
        const value = inline ?? args[++i];
        if (value === undefined) return `option --${name}: requires parameter`;
        setValue(name, value);
      } else if (!ignoredFlags.has(name)) return `option --${name}: is unknown`;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      options.urls.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j]!;
      if (valueOptions.has(letter)) {
        const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
        if (value === undefined) return `option -${letter}: requires parameter`;
        setValue(letter, value);
        break;
      }
      if (flagOptions[letter]) (options[flagOptions[letter]] as boolean) = true;
      else if (!ignoredFlags.has(letter)) return `option -${letter}: is unknown`;
    }
  }
  return options;
}

export function makeCurl(version = defaultCurlVersion): Program {
  return async (ctx) => {
    const options = parseOptions(ctx.argv.slice(1));
    if (typeof options === 'string') return usageError(ctx, options);
    if (options.urls.length === 0) return usageError(ctx, 'no URL specified');
    let status = 0;
    for (const url of options.urls) status = await fetchOne(ctx, options, url, version);
    return status;
  };
}

export const curlProgram: Program = makeCurl();

/**
 * CentOS 7's curl 7.29.0 (2013): its User-Agent, and the words of its connect code before 7.50
 * reworded them: `Failed connect to localhost:80; Connection refused`, `Could not resolve host:
 * x; Name or service not known`.
 */
export const legacyCurlProgram: Program = makeCurl('7.29.0');

/**
 * Debian bookworm's curl 7.88.1 (the nginx and python images): its User-Agent, and curl_easy_strerror's
 * `Couldn't connect to server`, which curl 8.9.0 reworded to `Could not connect to server`.
 */
export const debianCurlProgram: Program = makeCurl('7.88.1');

/** The message of a failed connection in the words of the curl version at hand. */
function connectFailure(error: NetworkError, version: string, host: string, port: number): string {
  // The network words a refusal as curl did before 8.9.0 (lib/strerror.c, CURLE_COULDNT_CONNECT).
  if (versionAtLeast(version, '8.9.0')) return error.message.replace("Couldn't connect to server", 'Could not connect to server');
  if (version !== '7.29.0') return error.message;
  if (error.reason === 'unresolved') return `Could not resolve host: ${host}; Name or service not known`;
  if (error.reason === 'refused' && error.curlExitCode === 7) return `Failed connect to ${host}:${port}; Connection refused`;
  if (error.reason === 'timed-out') return `Failed connect to ${host}:${port}; Connection timed out`;
  if (error.reason === 'connect-timeout') return `Connection timed out after ${error.elapsedMs} milliseconds`;
  return error.message;
}

function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

function usageError(ctx: ProcessContext, message: string): number {
  ctx.stderr(`curl: ${message}\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
  return 2;
}

async function fetchOne(ctx: ProcessContext, options: CurlOptions, text: string, version: string): Promise<number> {
  const url = parseUrl(text);
  const fail = (code: number, message: string): number => {
    if (!options.silent || options.showError) ctx.stderr(`curl: (${code}) ${message}\n`);
    return code;
  };
  if (!url) return fail(text.includes('://') ? 1 : 3, text.includes('://') ? `Protocol "${text.split('://')[0]}" not supported` : 'URL rejected: Malformed input to a URL function');
  const meter = !options.silent && !options.verbose && !ctx.readLine;
  if (meter) ctx.stderr(meterHeader + meterLine(0, 0));
  const method = options.method ?? (options.head ? 'HEAD' : options.data !== undefined ? 'POST' : 'GET');
  const headers: Record<string, string> = { 'User-Agent': options.userAgent ?? `curl/${version}`, Accept: '*/*', ...options.headers };
  if (options.data !== undefined) {
    headers['Content-Length'] = String(Buffer.byteLength(options.data));
    headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
  }
  let exchanges: Exchange[];
  try {
    if (options.verbose) ctx.stderr(`*   Trying ${url.host}:${url.port}...\n`);
    exchanges = await fetchFollowing(ctx.net, url, { method, headers, body: options.data ?? '' }, options.location ? 50 : 0, connectOptions(ctx, options), tlsClient(ctx, options));
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    if (meter) ctx.stderr('\n');
    // -m ends the whole transfer from the multi loop, which words it differently from the connect
    // filter's --connect-timeout (curl 8 `multi_handle_timeout`).
    const byMaxTime = error.reason === 'connect-timeout' && options.maxTime !== undefined && !(options.connectTimeout !== undefined && options.connectTimeout < options.maxTime);
    const code = fail(error.curlExitCode, byMaxTime ? `Connection timed out after ${error.elapsedMs} milliseconds` : connectFailure(error, version, url.host, url.port));
    if (code === 60 && (!options.silent || options.showError)) ctx.stderr(untrustedCertificateAdvice);
    return code;
  }
  const last = exchanges.at(-1)!;
  const body = method === 'HEAD' ? '' : last.response.body;
  if (options.verbose) for (const exchange of exchanges) ctx.stderr(verboseExchange(exchange, method, headers));
  if (meter) ctx.stderr(`${meterLine(Buffer.byteLength(body), 100)}\n`);
  if (options.fail && last.response.status >= 400) return fail(22, `The requested URL returned error: ${last.response.status}`);
  let output = '';
  for (const exchange of options.include || options.head ? exchanges : []) output += responseHead(exchange);
  output += body;
  const written = writeOutput(ctx, options, last, output);
  if (written !== 0) return written;
  if (options.verbose) ctx.stderr(`* Connection #0 to host ${last.url.host} left intact\n`);
  if (options.writeOut !== undefined) ctx.stdout(writeOut(options.writeOut, last, Buffer.byteLength(body)));
  return 0;
}

/** What curl 8 adds under an error 60. */
const untrustedCertificateAdvice =
  'More details here: https://curl.se/docs/sslcerts.html\n\n' +
  'curl failed to verify the legitimacy of the server and therefore could not\n' +
  'establish a secure connection to it. To learn more about this situation and\n' +
  'how to fix it, please visit the webpage mentioned above.\n';

/**
 * curl's side of the handshake with a TLS server: -k trusts anything; otherwise the server's CA
 * must be in the --cacert bundle (the image's own bundle has public CAs only, never a cluster's).
 */
function tlsClient(ctx: ProcessContext, options: CurlOptions): TlsClient {
  return {
    verify(serverCA: string): void {
      if (options.insecure) return;
      if (options.cacert !== undefined) {
        let bundle: string;
        try {
          bundle = ctx.fs.readFile(resolve(ctx, options.cacert));
        } catch {
          throw new NetworkError(`error setting certificate file: ${options.cacert}`, 77);
        }
        if (bundle.includes(serverCA.trim())) return;
      }
      throw new NetworkError('SSL certificate problem: unable to get local issuer certificate', 60);
    },
  };
}

/** The connect limit: the smaller of --connect-timeout and -m (0 or less means none, as in curl). */
function connectOptions(ctx: ProcessContext, options: CurlOptions): RequestOptions {
  const limits = [options.connectTimeout, options.maxTime].filter((s): s is number => s !== undefined && Number.isFinite(s) && s > 0);
  return { connectTimeoutMs: limits.length ? Math.round(Math.min(...limits) * 1000) : undefined, signal: ctx.signal };
}

function writeOutput(ctx: ProcessContext, options: CurlOptions, last: Exchange, output: string): number {
  let file = options.output;
  if (options.remoteName && file === undefined) {
    file = baseName(last.url.path.split('?')[0]!);
    if (file === '' || file === '/') {
      ctx.stderr('curl: (23) Failed writing received data to disk/application\n');
      return 23;
    }
  }
  if (file === undefined || file === '-') {
    ctx.stdout(output);
    return 0;
  }
  try {
    ctx.fs.writeFile(resolve(ctx, file), output);
  } catch (error) {
    ctx.stderr(`Warning: Failed to open the file ${file}: ${errnoOf(error)}\ncurl: (23) Failure writing output to destination\n`);
    return 23;
  }
  return 0;
}

function responseHead({ response }: Exchange): string {
  return `${statusLine(response.status)}\r\n${Object.entries(response.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}

function verboseExchange(exchange: Exchange, method: string, headers: Record<string, string>): string {
  const { url, response } = exchange;
  const host = url.port === (url.scheme === 'https' ? 443 : 80) ? url.host : `${url.host}:${url.port}`;
  const sent = [`${method} ${url.path} HTTP/1.1`, `Host: ${host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), ''];
  const received = [statusLine(response.status), ...Object.entries(response.headers).map(([k, v]) => `${k}: ${v}`), ''];
  return (
    `* Connected to ${url.host} port ${url.port}\n* using HTTP/1.x\n` +
    sent.map((l) => `> ${l}\r\n`).join('') +
    '* Request completely sent off\n' +
    received.map((l) => `< ${l}\r\n`).join('') +
    (headerOf(response, 'location') && response.status >= 300 && response.status < 400 ? `* Ignoring the response-body\n` : '')
  );
}

/** `-w`: %{http_code} %{size_download} %{url_effective} %{content_type} %{time_total}, with \n escapes. */
function writeOut(format: string, last: Exchange, size: number): string {
  const values: Record<string, string> = {
    http_code: String(last.response.status).padStart(3, '0'),
    response_code: String(last.response.status),
    size_download: String(size),
    url_effective: last.url.href,
    content_type: headerOf(last.response, 'content-type') ?? '',
    time_total: '0.001000',
    remote_ip: last.url.host,
  };
  return format.replace(/%\{([a-z_]+)\}/g, (whole, name: string) => values[name] ?? whole).replace(/\\n/g, '\n').replace(/\\t/g, '\t');
}

const meterHeader =
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
  '                                 Dload  Upload   Total   Spent    Left  Speed\n';

/**
 * One progress-meter line as curl 8.11 (the curlimages/curl of the 1.32 era) prints it: `\r`
 * first, five-wide sizes (`600k` style from 100000 up), `--:--:--` for unknown times. The
 * simulated transfer takes one millisecond, so the speed is the size times a thousand.
 */
function meterLine(bytes: number, percent: number): string {
  const size = max5(bytes);
  const speed = max5(bytes * 1000);
  const p = String(percent).padStart(3);
  return `\r${p} ${size}  ${p} ${size}    0     0  ${speed}      0 --:--:-- --:--:-- --:--:-- ${speed}`;
}

/** curl's max5data: at most five columns, with k/M/G suffixes (1024-based). */
function max5(bytes: number): string {
  const k = 1024;
  const m = k * k;
  const g = m * k;
  if (bytes < 100000) return String(bytes).padStart(5);
  if (bytes < 10000 * k) return `${String(Math.floor(bytes / k)).padStart(4)}k`;
  if (bytes < 100 * m) return `${String(Math.floor(bytes / m)).padStart(2)}.${Math.floor((bytes % m) / Math.floor(m / 10))}M`;
  if (bytes < 10000 * m) return `${String(Math.floor(bytes / m)).padStart(4)}M`;
  if (bytes < 100 * g) return `${String(Math.floor(bytes / g)).padStart(2)}.${Math.floor((bytes % g) / Math.floor(g / 10))}G`;
  return `${String(Math.floor(bytes / g)).padStart(4)}G`;
}
