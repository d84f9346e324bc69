/**
 * The labs' own web images, all listening on 8080: `c1t1d0s7/myweb` (a Node.js page of pod facts,
 * its output as the course's notes show it: Message, Hostname, Platform, Uptime, IP, DNS),
 * `ghcr.io/c1t1d0s7/go-myweb` (the Go rewrite: the same facts, `/health` answering 200 and
 * `?code=NNN` answering with that status, which lab D.1 turns into a failing liveness probe) and
 * `hewon16/image1` (answers `test name: <pod hostname>`, seed 004). Their exact bodies beyond what
 * the seeds show are approximations. The Node apps install no SIGTERM handler (killed at the
 * grace deadline as PID 1); the Go one stops on SIGTERM.
 */
import { alpineUserland } from '../shell/userland.js';
import type { HttpRequest, HttpResponse } from '../network.js';
import type { ProcessContext, Program } from '../process.js';
import { baseDirs, binariesOf, cachedFamily, defaultTermination, standardPath, untilSignalled, type ImageConfig } from './image.js';
import { alpinePasswd, alpineRelease } from './os-release.js';

const port = 8080;

/** The first nameserver of /etc/resolv.conf: the cluster DNS the pod was given. */
function nameserver(ctx: ProcessContext): string {
  try {
    return /^nameserver\s+(\S+)/m.exec(ctx.fs.readFile('/etc/resolv.conf'))?.[1] ?? '';
  } catch {
    return '';
  }
}

function text(status: number, body: string): HttpResponse {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) }, body };
}

function serve(ctx: ProcessContext, handler: (req: HttpRequest) => HttpResponse, until: AbortSignal): Promise<number> {
  let stop: () => void;
  try {
    stop = ctx.net.listen(port, handler);
  } catch (error) {
    ctx.stderr(`listen tcp :${port}: bind: address already in use\n`);
    return Promise.resolve(1);
  }
  return untilSignalled(until).then(() => {
    stop();
    return 0;
  });
}

const started = new WeakMap<ProcessContext, number>();

const myweb: Program = (ctx) => {
  started.set(ctx, ctx.clock.now());
  const message = ctx.env['MESSAGE'] ?? 'Hello World!';
  return serve(
    ctx,
    () => {
      // os.uptime() is the node's uptime; the container's start stands in for the node's boot.
      const uptime = Math.floor((ctx.clock.now() - (started.get(ctx) ?? 0)) / 1000) + 104_000;
      return text(200, `Message: ${message}\nHostname: ${ctx.hostname}\nPlatform: linux\nUptime: ${uptime}\nIP: ${ctx.net.podIP}\nDNS: ${nameserver(ctx)}\n\n`);
    },
    defaultTermination(ctx),
  );
};

const goMyweb: Program = (ctx) => {
  const message = ctx.env['MESSAGE'] ?? 'Hello World!';
  return serve(
    ctx,
    (req) => {
      const [path = '/', query = ''] = req.path.split('?');
      const code = Number(new URLSearchParams(query).get('code'));
      if (Number.isInteger(code) && code >= 100 && code <= 599) return text(code, `${code}\n`);
      if (path === '/health') return text(200, 'OK\n');
      return text(200, `Message: ${message}\nHostname: ${ctx.hostname}\nIP: ${ctx.net.podIP}\n\n`);
    },
    ctx.signal,
  );
};

const image1: Program = (ctx) => serve(ctx, () => text(200, `test name: ${ctx.hostname}\n`), defaultTermination(ctx));

function webConfig(app: Program, binary: string, size: number, cmd: string[]): ImageConfig {
  return {
    entrypoint: [],
    cmd,
    env: { PATH: standardPath },
    workingDir: '/app',
    stopSignal: 'SIGTERM',
    size,
    files: { '/etc/os-release': alpineRelease('3.18.4'), '/etc/passwd': alpinePasswd },
    dirs: [...baseDirs, '/app'],
    binaries: binariesOf({ dirs: ['/bin', '/usr/bin'], tools: ['wget'], userland: alpineUserland, extra: { [binary]: app } }),
  };
}

export const mywebFamily = cachedFamily(['docker.io/c1t1d0s7/myweb'], (tag) => tag === 'latest', () =>
  webConfig(myweb, '/usr/local/bin/node', 25_617_904, ['node', 'app.js']),
);

export const goMywebFamily = cachedFamily(['ghcr.io/c1t1d0s7/go-myweb'], (tag) => ['latest', 'alpine', 'v1', 'v2', 'v3'].includes(tag), () =>
  webConfig(goMyweb, '/app/myweb', 5_233_176, ['/app/myweb']),
);

export const image1Family = cachedFamily(['docker.io/hewon16/image1'], (tag) => tag === '1' || tag === 'latest', () =>
  webConfig(image1, '/usr/local/bin/node', 26_041_338, ['node', 'server.js']),
);
