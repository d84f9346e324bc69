/**
 * The control-plane images kubeadm runs (`registry.k8s.io/etcd`, `kube-apiserver`,
 * `kube-controller-manager`, `kube-scheduler`, `kube-proxy`). kubelab's real control plane and
 * kube-proxy run inside the daemon; these images are only their faces in the pods: each binary
 * prints a few of the component's start-up lines in klog's format, answers the health endpoints
 * kubeadm's probes ask for (etcd `/livez` `/readyz` on 2381, the apiserver `/livez` `/readyz`
 * `/healthz` on 6443, the controller manager `/healthz` on 10257, the scheduler on 10259,
 * kube-proxy `/healthz` on 10256) and runs until stopped. Distroless, as the real ones: no shell.
 * The apiserver's 6443 is also where a pod reaches the API (`https://kubernetes.default.svc`, the
 * `kubernetes` Service's endpoint is this node's IP): every other path goes to the daemon's own API
 * server through the host's `apiserver` handler, with the pod's own credentials (its
 * service-account token, RBAC applied), and an `http://` request gets Go's answer for plain HTTP
 * on a TLS port. Left out: TLS on the health ports (the probes' HTTPS is not checked), everything
 * else the components really do.
 */
import type { HttpHandler, HttpRequest, HttpResponse } from '../network.js';
import type { ProcessContext, Program } from '../process.js';
import { binariesOf, cachedFamily, standardPath, untilSignalled, type ImageConfig } from './image.js';

/** klog's header: `I0115 10:00:00.123456       1 server.go:166] ` (severity, date, time, thread, file:line). */
export function klogLine(now: number, location: string, message: string, severity = 'I'): string {
  const d = new Date(now);
  const two = (n: number): string => String(n).padStart(2, '0');
  const micros = String(d.getUTCMilliseconds() * 1000).padStart(6, '0');
  return `${severity}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${micros}       1 ${location}] ${message}\n`;
}

function text(status: number, body: string): HttpResponse {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Content-Length': String(Buffer.byteLength(body)) }, body };
}

/** What one listening port answers: the health paths say `ok`, anything else is Go's 404. */
function healthServer(paths: readonly string[]): (req: { path: string }) => HttpResponse {
  return (req) => (paths.includes(req.path.split('?')[0]!) ? text(200, 'ok') : text(404, '404 page not found\n'));
}

/** What the control-plane images reach of the daemon. */
export interface ControlPlaneHost {
  /** The API server as seen from the cluster network (absent: 6443 answers the health paths only). */
  apiserver?: HttpHandler;
  /** The CA certificate (PEM) that verifies the API server's (the pods' kube-root-ca.crt). */
  apiserverCA?: string;
}

/**
 * The apiserver's port: the health paths as kubeadm's probes ask for them, then the API itself.
 * Go's net/http answers a plain-HTTP request on its TLS port with this 400 before any handler.
 */
function apiserverPort(health: readonly string[], host: ControlPlaneHost): (req: HttpRequest) => HttpResponse | Promise<HttpResponse> {
  const answerHealth = healthServer(health);
  return (req) => {
    if (!host.apiserver || health.includes(req.path.split('?')[0]!)) return answerHealth(req);
    if (!req.tls) return { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }, body: 'Client sent an HTTP request to an HTTPS server.\n' };
    // The handshake comes first: a client that refuses the certificate never sends its request.
    if (host.apiserverCA) req.tls.verify(host.apiserverCA);
    return host.apiserver(req);
  };
}

interface Component {
  binary: string;
  /** Ports and the health paths each answers. */
  ports: Readonly<Record<number, readonly string[]>>;
  /** Start-up lines: where they come from and what they say (`{version}`, `{flag:name}` filled in). */
  lines: readonly (readonly [string, string])[];
  size: number;
}

const health = ['/healthz', '/livez', '/readyz'];

const components: Readonly<Record<string, Component>> = {
  etcd: {
    binary: '/usr/local/bin/etcd',
    ports: { 2379: ['/health'], 2380: [], 2381: ['/health', '/livez', '/readyz'] },
    size: 57_680_541,
    lines: [
      ['etcdmain/etcd.go:73', '{"level":"info","msg":"Running: ","args":{args}}'],
      ['embed/etcd.go:128', '{"level":"info","msg":"configuring peer listeners","listen-peer-urls":["{flag:listen-peer-urls}"]}'],
      ['embed/etcd.go:311', '{"level":"info","msg":"starting an etcd server","etcd-version":"3.5.16","name":"{flag:name}","data-dir":"{flag:data-dir}"}'],
      ['embed/serve.go:250', '{"level":"info","msg":"serving client traffic securely","traffic":"grpc+http","address":"127.0.0.1:2379"}'],
    ],
  },
  'kube-apiserver': {
    binary: '/usr/local/bin/kube-apiserver',
    ports: { 6443: health },
    size: 28_673_129,
    lines: [
      ['options.go:238', 'external host was not specified, using {flag:advertise-address}'],
      ['server.go:143', 'Version: {version}'],
      ['server.go:145', '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""'],
      ['secure_serving.go:213', 'Serving securely on [::]:6443'],
      ['controller.go:615', 'quota admission added evaluator for: serviceaccounts'],
    ],
  },
  'kube-controller-manager': {
    binary: '/usr/local/bin/kube-controller-manager',
    ports: { 10257: health },
    size: 26_259_174,
    lines: [
      ['serving.go:386', 'Generated self-signed cert in-memory'],
      ['controllermanager.go:185', '"Starting" version="{version}"'],
      ['secure_serving.go:213', 'Serving securely on 127.0.0.1:10257'],
      ['leaderelection.go:257', 'attempting to acquire leader lease kube-system/kube-controller-manager...'],
      ['leaderelection.go:271', 'successfully acquired lease kube-system/kube-controller-manager'],
    ],
  },
  'kube-scheduler': {
    binary: '/usr/local/bin/kube-scheduler',
    ports: { 10259: health },
    size: 20_658_471,
    lines: [
      ['serving.go:386', 'Generated self-signed cert in-memory'],
      ['server.go:166', '"Starting Kubernetes Scheduler" version="{version}"'],
      ['server.go:168', '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""'],
      ['secure_serving.go:213', 'Serving securely on 127.0.0.1:10259'],
      ['leaderelection.go:257', 'attempting to acquire leader lease kube-system/kube-scheduler...'],
      ['leaderelection.go:271', 'successfully acquired lease kube-system/kube-scheduler'],
    ],
  },
  'kube-proxy': {
    binary: '/usr/local/bin/kube-proxy',
    ports: { 10256: ['/healthz', '/livez'], 10249: ['/healthz'] },
    size: 30_907_498,
    lines: [
      ['server_linux.go:66', '"Using iptables proxy"'],
      ['server.go:698', '"Successfully retrieved node IP(s)" IPs=["{nodeIP}"]'],
      ['server_linux.go:170', '"Using iptables Proxier"'],
      ['server.go:497', '"Version info" version="{version}"'],
      ['config.go:199', '"Starting service config controller"'],
      ['config.go:105', '"Starting endpoint slice config controller"'],
      ['shared_informer.go:320', 'Caches are synced for service config'],
      ['shared_informer.go:320', 'Caches are synced for endpoint slice config'],
    ],
  },
};

function flagValue(argv: readonly string[], name: string): string {
  const prefix = `--${name}=`;
  return argv.find((a) => a.startsWith(prefix))?.slice(prefix.length) ?? '';
}

function componentProgram(component: Component, version: string, host: ControlPlaneHost): Program {
  return async (ctx: ProcessContext) => {
    const closers: (() => void)[] = [];
    try {
      for (const [port, paths] of Object.entries(component.ports)) {
        const handler = component.binary.endsWith('/kube-apiserver') && port === '6443' ? apiserverPort(paths, host) : healthServer(paths);
        closers.push(ctx.net.listen(Number(port), handler));
      }
    } catch {
      // Another process of this node holds the port: the component fails at start, as Go's net.Listen does.
      for (const close of closers) close();
      ctx.stderr(klogLine(ctx.clock.now(), 'run.go:72', 'command failed err="listen tcp: bind: address already in use"', 'E'));
      return 1;
    }
    const fill = (line: string): string =>
      line
        .replace('{version}', version)
        .replace('{nodeIP}', ctx.net.podIP)
        .replace('{args}', JSON.stringify(ctx.argv))
        .replace(/\{flag:([\w-]+)\}/g, (_, name: string) => flagValue(ctx.argv, name));
    const start = ctx.clock.now();
    component.lines.forEach(([location, message], i) => ctx.stderr(klogLine(start + i * 3, location, fill(message))));
    await untilSignalled(ctx.signal);
    for (const close of closers) close();
    return 0;
  };
}

function componentConfig(name: string, tag: string, host: ControlPlaneHost): ImageConfig {
  const component = components[name]!;
  const version = name === 'etcd' ? tag.replace(/-\d+$/, '') : tag;
  return {
    entrypoint: [],
    cmd: [],
    env: { PATH: standardPath },
    workingDir: '/',
    stopSignal: 'SIGTERM',
    size: component.size,
    files: { '/etc/passwd': 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' },
    dirs: ['/etc', '/root', '/tmp', '/usr/local/bin'],
    binaries: binariesOf({ dirs: [], noTools: true, extra: { [component.binary]: componentProgram(component, version, host) } }),
  };
}

/** Tags of the 1.29–1.33 lines, as `v1.32.4`. */
const kubeTag = /^v1\.(29|3[0-3])\.\d{1,2}$/;
const etcdTag = /^3\.5\.\d{1,2}-0$/;

/** The families of one catalog: its host decides what the apiserver's port reaches. */
export function controlPlaneFamilies(host: ControlPlaneHost = {}) {
  return Object.keys(components).map((name) =>
    cachedFamily([`registry.k8s.io/${name}`], (tag) => (name === 'etcd' ? etcdTag : kubeTag).test(tag), (tag) => componentConfig(name, tag, host)),
  );
}
