/**
 * The `registry.k8s.io/coredns/coredns` image: one static binary, `/coredns`, and nothing else (no
 * shell: `kubectl exec` into it fails as on a real cluster). Its program reads the Corefile given
 * with `-conf`, prints CoreDNS's start-up lines (the server blocks, the reload plugin's SHA512 of
 * the configuration, the version and build) and serves what the kubeadm Corefile enables over
 * HTTP: `health` on :8080 (`/health` → OK), `ready` on :8181 (`/ready` → OK) and `prometheus` on
 * :9153. On SIGTERM it goes into the 5 s lameduck of `health { lameduck 5s }` and exits 0.
 * The DNS answers themselves come from the cluster DNS (daemon/node/dns), which answers while
 * these pods are ready behind kube-dns. Left out: parsing the Corefile beyond its server blocks.
 */
import { createHash } from 'node:crypto';
import type { HttpRequest, HttpResponse } from '../network.js';
import type { ProcessContext, Program } from '../process.js';
import { binariesOf, cachedFamily, type ImageConfig } from './image.js';

/** Versions the registry has (those Kubernetes 1.2x shipped), with the build line each prints. */
const builds: Readonly<Record<string, string>> = {
  'v1.9.3': 'go1.18.2, 45b0a11',
  'v1.10.1': 'go1.20, 055b2c3',
  'v1.11.1': 'go1.20.7, ae2bbc2',
  'v1.11.3': 'go1.21.11, a6338e9',
};

const lameduckMs = 5000;

function plain(status: number, body: string): HttpResponse {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) }, body };
}

/** Go's ServeMux answer for a path it does not serve. */
const notFound = plain(404, '404 page not found\n');

function route(path: string, handler: (req: HttpRequest) => HttpResponse): (req: HttpRequest) => HttpResponse {
  return (req) => (req.path.split('?')[0] === path ? handler(req) : notFound);
}

/** `.:53`, `example.org:53`…: the keys of the Corefile's server blocks. */
export function serverBlocks(corefile: string): string[] {
  const keys: string[] = [];
  for (const match of corefile.matchAll(/^([^\s{}#][^{}\n]*?)[ \t]*\{/gm)) {
    for (const key of match[1]!.split(/\s+/)) keys.push(key.includes(':') ? key : `${key}:53`);
  }
  return keys;
}

function metrics(version: string): string {
  return (
    '# HELP coredns_build_info A metric with a constant \'1\' value labeled by version, revision, and goversion from which CoreDNS was built.\n' +
    '# TYPE coredns_build_info gauge\n' +
    `coredns_build_info{goversion="${builds[`v${version}`]?.split(',')[0]}",revision="${builds[`v${version}`]?.split(', ')[1]}",version="${version}"} 1\n`
  );
}

function corednsProgram(tag: string): Program {
  const version = tag.replace(/^v/, '');
  return async (ctx: ProcessContext) => {
    const at = ctx.argv.indexOf('-conf');
    const path = at >= 0 ? ctx.argv[at + 1] ?? '' : 'Corefile';
    let corefile: string;
    try {
      corefile = ctx.fs.readFile(path.startsWith('/') ? path : `${ctx.cwd.replace(/\/$/, '')}/${path}`);
    } catch {
      // Approximation of CoreDNS's fatal start-up error for an unreadable Corefile.
      ctx.stdout(`[FATAL] open ${path}: no such file or directory\n`);
      return 1;
    }
    const closers: (() => void)[] = [];
    try {
      closers.push(ctx.net.listen(8080, route('/health', () => plain(200, 'OK'))));
      closers.push(ctx.net.listen(8181, route('/ready', () => plain(200, 'OK'))));
      closers.push(ctx.net.listen(9153, route('/metrics', () => plain(200, metrics(version)))));
    } catch {
      // Another process of the pod holds the port (two CoreDNS in one pod): CoreDNS dies at start.
      for (const close of closers) close();
      ctx.stdout(`[FATAL] listen tcp :8080: bind: address already in use\n`);
      return 1;
    }
    const sha = createHash('sha512').update(corefile).digest('hex');
    ctx.stdout(`${serverBlocks(corefile).join('\n')}\n[INFO] plugin/reload: Running configuration SHA512 = ${sha}\nCoreDNS-${version}\nlinux/amd64, ${builds[tag] ?? builds['v1.11.3']}\n`);
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    ctx.stdout(`[INFO] SIGTERM: Shutting down servers then terminating\n[INFO] plugin/health: Going into lameduck mode for 5s\n`);
    await ctx.clock.sleep(lameduckMs, ctx.killed);
    for (const close of closers) close();
    return 0;
  };
}

function corednsConfig(tag: string): ImageConfig {
  return {
    entrypoint: ['/coredns'],
    cmd: [],
    env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
    workingDir: '/',
    stopSignal: 'SIGTERM',
    size: 18_562_039,
    files: { '/etc/passwd': 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' },
    dirs: ['/etc', '/home/nonroot', '/root', '/tmp'],
    binaries: binariesOf({ dirs: [], noTools: true, extra: { '/coredns': corednsProgram(tag) } }),
  };
}

export const corednsFamily = cachedFamily(['registry.k8s.io/coredns/coredns'], (tag) => tag in builds, corednsConfig);
