/**
 * The nginx binary of the nginx images: reads its `conf.d/*.conf` for listen ports and roots,
 * prints the master's start-up notices (1.19+ images log at `notice`), serves static files from
 * the container's filesystem with nginx's headers, 301/403/404/405 pages, and one access-log line
 * per request in the image's `main` format; SIGQUIT shuts it down gracefully and SIGTERM quickly,
 * both exiting 0. Leaves out: proxying, `return`/`rewrite`, `-s` signals to a running master.
 */
import type { ProcessContext, Program } from '../process.js';
import type { HttpRequest, HttpResponse } from '../network.js';
import { untilSignalled, versionAtLeast } from './image.js';
import { mimeTypes, msiePadding, specialResponse } from './nginx-pages.js';

/** What the master learns from its configuration. */
interface ServerBlock {
  port: number;
  root: string;
  index: string[];
}

/** The build line of the Debian packages (its trailing space is nginx's: NGX_COMPILER ends in one). */
const builtBy = 'gcc 12.2.0 (Debian 12.2.0-14) ';
const firstWorkerPid = 29;

const signalNumbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15, SIGCHLD: 17 };

export interface NginxBuild {
  version: string;
  /** Node facts the master prints: `OS: Linux <kernel>`, one worker per CPU. */
  kernel?: string;
  cpus?: number;
}

export function nginxProgram(build: NginxBuild): Program {
  return async (ctx) => {
    const args = ctx.argv.slice(1);
    const version = build.version;
    if (args.includes('-v')) return printVersion(ctx, version, false);
    if (args.includes('-V')) return printVersion(ctx, version, true);
    if (args.includes('-t') || args.includes('-T')) return testConfig(ctx);
    // `-s reload|quit|stop` would signal the running master through its pid file; not simulated.
    if (args.includes('-s')) return 0;
    // Without `daemon off;` nginx forks into the background and the foreground process exits 0,
    // which in a container ends the container: the classic "nginx exits at once" mistake.
    const globals = args[args.indexOf('-g') + 1] ?? '';
    if (!args.includes('-g') || !/daemon\s+off\s*;/.test(globals)) return 0;
    return runMaster(ctx, build);
  };
}

async function runMaster(ctx: ProcessContext, build: NginxBuild): Promise<number> {
  const { version } = build;
  const notices = versionAtLeast(version, '1.19');
  const log = (pid: number, text: string): void => {
    if (notices) ctx.stderr(`${errorLogTime(ctx.clock.now())} [notice] ${pid}#${pid}: ${text}\n`);
  };
  if (!ctx.fs.stat('/etc/nginx/nginx.conf')) {
    ctx.stderr(`nginx: [emerg] open() "/etc/nginx/nginx.conf" failed (2: No such file or directory)\n`);
    return 1;
  }
  const servers = readServers(ctx);
  log(1, 'using the "epoll" event method');
  log(1, `nginx/${version}`);
  log(1, `built by ${builtBy}`);
  log(1, `OS: Linux ${build.kernel ?? '6.8.0-kubelab'}`);
  log(1, 'getrlimit(RLIMIT_NOFILE): 1048576:1048576');
  const closers: (() => void)[] = [];
  for (const server of servers) {
    try {
      closers.push(ctx.net.listen(server.port, (req) => serve(ctx, server, version, req)));
    } catch {
      closers.forEach((close) => close());
      const time = errorLogTime(ctx.clock.now());
      ctx.stderr(`${time} [emerg] 1#1: bind() to 0.0.0.0:${server.port} failed (98: Address already in use)\n`);
      ctx.stderr(`nginx: [emerg] bind() to 0.0.0.0:${server.port} failed (98: Address already in use)\n`);
      return 1;
    }
  }
  const workers = Array.from({ length: versionAtLeast(version, '1.19') ? (build.cpus ?? 2) : 1 }, (_, i) => firstWorkerPid + i);
  log(1, 'start worker processes');
  for (const pid of workers) log(1, `start worker process ${pid}`);

  await untilSignalled(ctx.signal);
  closers.forEach((close) => close());
  const signal = typeof ctx.signal.reason === 'string' ? ctx.signal.reason : 'SIGTERM';
  const graceful = signal === 'SIGQUIT';
  log(1, `signal ${signalNumbers[signal] ?? 15} (${signal}) received, ${graceful ? 'shutting down' : 'exiting'}`);
  for (const pid of workers) {
    if (graceful) log(pid, 'gracefully shutting down');
    log(pid, 'exiting');
    log(pid, 'exit');
  }
  for (const pid of workers) {
    log(1, `signal 17 (SIGCHLD) received from ${pid}`);
    log(1, `worker process ${pid} exited with code 0`);
  }
  log(1, 'exit');
  return 0;
}

function printVersion(ctx: ProcessContext, version: string, full: boolean): number {
  ctx.stderr(`nginx version: nginx/${version}\n`);
  if (full) ctx.stderr(`built by ${builtBy}\nbuilt with OpenSSL 3.0.15 3 Sep 2024\nTLS SNI support enabled\n`);
  return 0;
}

function testConfig(ctx: ProcessContext): number {
  if (!ctx.fs.stat('/etc/nginx/nginx.conf')) {
    ctx.stderr(`nginx: [emerg] open() "/etc/nginx/nginx.conf" failed (2: No such file or directory)\nnginx: configuration file /etc/nginx/nginx.conf test failed\n`);
    return 1;
  }
  ctx.stderr('nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n');
  return 0;
}

/** Reads the `server` blocks of conf.d: enough of nginx's grammar for listen, root and index. */
function readServers(ctx: ProcessContext): ServerBlock[] {
  const dir = '/etc/nginx/conf.d';
  const names = ctx.fs.stat(dir)?.type === 'dir' ? ctx.fs.readdir(dir).filter((n) => n.endsWith('.conf')).sort() : [];
  const servers: ServerBlock[] = [];
  for (const name of names) {
    let text: string;
    try {
      text = ctx.fs.readFile(`${dir}/${name}`);
    } catch {
      continue; // an unreadable include is nginx's emerg; a lab never meets one
    }
    const code = text.replace(/#.*$/gm, '');
    for (const block of code.split(/\bserver\s*\{/).slice(1)) {
      const ports = [...block.matchAll(/\blisten\s+(?:(?:[\d.]+|\*):)?(\d+)[^;]*;/g)].map((m) => Number(m[1]));
      const root = /\broot\s+([^;\s]+)\s*;/.exec(block)?.[1] ?? '/etc/nginx/html';
      const index = /\bindex\s+([^;]+);/.exec(block)?.[1]?.trim().split(/\s+/) ?? ['index.html'];
      for (const port of new Set(ports.length ? ports : [80])) {
        if (!servers.some((s) => s.port === port)) servers.push({ port, root, index });
      }
    }
  }
  // With no server block nginx still listens on *:80, serving its prefix's html directory.
  return servers.length ? servers : [{ port: 80, root: '/etc/nginx/html', index: ['index.html'] }];
}

function serve(ctx: ProcessContext, server: ServerBlock, version: string, req: HttpRequest): HttpResponse {
  const response = respond(ctx, server, version, req);
  const body = req.method === 'HEAD' ? '' : response.body;
  ctx.stdout(accessLogLine(ctx.clock.now(), req, response.status, Buffer.byteLength(body)) + '\n');
  return { ...response, body };
}

function respond(ctx: ProcessContext, server: ServerBlock, version: string, req: HttpRequest): HttpResponse {
  const headers = (type: string, length: number): Record<string, string> => ({
    Server: `nginx/${version}`,
    Date: new Date(ctx.clock.now()).toUTCString(),
    'Content-Type': type,
    'Content-Length': String(length),
    Connection: 'keep-alive',
  });
  const special = (status: number, extra: Record<string, string> = {}): HttpResponse => {
    const userAgent = headerOf(req, 'user-agent') ?? '';
    const padding = /MSIE |Chrome\//.test(userAgent) ? msiePadding : '';
    const body = specialResponse(status, version) + padding;
    return { status, headers: { ...headers('text/html', Buffer.byteLength(body)), ...extra }, body };
  };
  const url = safePath(req.path.split('?')[0]!);
  if (url === undefined) return special(400);
  if (req.method !== 'GET' && req.method !== 'HEAD') return special(405);
  let path = server.root.replace(/\/$/, '') + url;
  let stat = ctx.fs.stat(path);
  if (stat?.type === 'dir') {
    if (!url.endsWith('/')) {
      const host = (headerOf(req, 'host') ?? 'localhost').replace(/:\d+$/, '');
      const port = server.port === 80 ? '' : `:${server.port}`;
      return special(301, { Location: `http://${host}${port}${url}/` });
    }
    const index = server.index.map((name) => path + name).find((p) => ctx.fs.stat(p)?.type === 'file');
    if (!index) return special(403);
    path = index;
    stat = ctx.fs.stat(index);
  }
  if (!stat || stat.type !== 'file') return special(404);
  let body: string;
  try {
    body = ctx.fs.readFile(path);
  } catch {
    return special(403);
  }
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  const length = Buffer.byteLength(body);
  return {
    status: 200,
    headers: {
      ...headers(mimeTypes[extension] ?? 'application/octet-stream', length),
      'Last-Modified': new Date(stat.mtimeMs).toUTCString(),
      ETag: `"${Math.floor(stat.mtimeMs / 1000).toString(16)}-${length.toString(16)}"`,
      'Accept-Ranges': 'bytes',
    },
    body,
  };
}

/** Decodes and normalises a request path; undefined when it climbs above the root (400). */
function safePath(raw: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw || '/');
  } catch {
    return undefined;
  }
  const parts: string[] = [];
  for (const part of decoded.split('/')) {
    if (part === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else if (part && part !== '.') parts.push(part);
  }
  const trailing = decoded.endsWith('/') && parts.length ? '/' : '';
  return '/' + parts.join('/') + trailing;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** `$time_local`: `05/Jan/2026:01:16:38 +0000` (containers run in UTC). */
export function timeLocal(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** The error log's time: `2026/01/05 01:16:38`. */
export function errorLogTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** One line of the Docker image's `main` log format (combined + X-Forwarded-For). */
export function accessLogLine(ms: number, req: HttpRequest, status: number, bytes: number): string {
  const field = (name: string): string => headerOf(req, name) ?? '-';
  return `${req.remoteAddress} - - [${timeLocal(ms)}] "${req.method} ${req.path} HTTP/1.1" ${status} ${bytes} "${field('referer')}" "${field('user-agent')}" "${field('x-forwarded-for')}"`;
}

/** HTTP header names are case-insensitive; clients here send them in any case. */
export function headerOf(req: HttpRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(req.headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}
