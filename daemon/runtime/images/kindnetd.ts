/**
 * The `docker.io/kindest/kindnetd` image, kind's CNI daemon: `/bin/kindnetd` on a distroless base
 * (no shell). Its program prints kindnetd's start-up lines in klog's format as kind v0.26's build
 * does (the API endpoint it connects to, host and pod IP, MTU, IP family, the pod subnets it does
 * not masquerade, the handling of its own node) from the env the DaemonSet gives it, and runs until
 * stopped; without POD_SUBNET it panics as kindnetd does. Left out: everything kindnetd really does
 * (routes to the other nodes' pod CIDRs, the CNI config, masquerading, network policies): kubelab's
 * pod traffic goes through runtime/network.ts, which needs none of it. It sees no Node objects, so
 * it logs its own node only, once, where kindnetd logs every node every 10 s.
 */
import type { Program, ProcessContext } from '../process.js';
import { klogLine } from './control-plane.js';
import { binariesOf, cachedFamily, standardPath, untilSignalled } from './image.js';

/** klog ends a message with a newline unless it has one (kindnetd's Infof formats often do). */
function log(ctx: ProcessContext, line: number, message: string, severity = 'I'): void {
  ctx.stderr(klogLine(ctx.clock.now(), `main.go:${line}`, message.replace(/\n$/, ''), severity));
}

/** A Go panic in main: the message, the goroutine's trace, exit status 2. */
function panic(ctx: ProcessContext, line: number, message: string): number {
  ctx.stderr(`panic: ${message}\n\ngoroutine 1 [running]:\nmain.main()\n\t/go/src/cmd/kindnetd/main.go:${line} +0x1c5\n`);
  return 2;
}

const kindnetd: Program = async (ctx) => {
  const env = ctx.env;
  // rest.InClusterConfig: the kubernetes Service's env, replaced by CONTROL_PLANE_ENDPOINT when it answers.
  if (!env.KUBERNETES_SERVICE_HOST || !env.KUBERNETES_SERVICE_PORT) return panic(ctx, 80, 'unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined');
  let host = `https://${env.KUBERNETES_SERVICE_HOST}:${env.KUBERNETES_SERVICE_PORT}`;
  if (env.CONTROL_PLANE_ENDPOINT) {
    log(ctx, 390, `probe TCP address ${env.CONTROL_PLANE_ENDPOINT}`);
    host = `https://${env.CONTROL_PLANE_ENDPOINT}`;
  }
  log(ctx, 109, `connected to apiserver: ${host}`);
  const hostIP = env.HOST_IP ?? '';
  const podIP = env.POD_IP ?? '';
  log(ctx, 139, `hostIP = ${hostIP}\npodIP = ${podIP}\n`);
  if (hostIP !== podIP) log(ctx, 141, `hostIP(= "${hostIP}") != podIP(= "${podIP}") but must be running with host network: `, 'W');
  log(ctx, 148, 'setting mtu 1500 for CNI \n');
  const subnets = (env.POD_SUBNET ?? '').trim();
  if (!subnets) return panic(ctx, 161, 'missing environment variable POD_SUBNET');
  const v4 = subnets.split(',').filter((s) => !s.includes(':'));
  const v6 = subnets.split(',').filter((s) => s.includes(':'));
  log(ctx, 178, `kindnetd IP family: "${v4.length > 0 && v6.length > 0 ? 'dualstack' : v6.length > 0 ? 'ipv6' : 'ipv4'}"`);
  if (v4.length > 0) log(ctx, 182, `noMask IPv4 subnets: [${v4.join(' ')}]`);
  if (v6.length > 0) log(ctx, 196, `noMask IPv6 subnets: [${v6.join(' ')}]`);
  // The first pass of the node loop, for this node (a sets.Set prints as a map).
  log(ctx, 297, `Handling node with IPs: map[${hostIP}:{}]\n`);
  log(ctx, 301, 'handling current node\n');
  await untilSignalled(ctx.signal);
  return 0;
};

/** kindest's tags: `v<date>-<commit>`, as v20241212-9f82dd49. */
const kindestTag = /^v20\d{6}-[0-9a-f]{8}$/;

export const kindnetdFamily = cachedFamily(['docker.io/kindest/kindnetd'], (tag) => kindestTag.test(tag), () => ({
  entrypoint: [],
  cmd: ['/bin/kindnetd'],
  env: { PATH: standardPath },
  workingDir: '/',
  stopSignal: 'SIGTERM',
  size: 39_008_320,
  files: { '/etc/passwd': 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' },
  dirs: ['/bin', '/etc', '/etc/cni/net.d', '/lib/modules', '/root', '/run', '/tmp'],
  binaries: binariesOf({ dirs: [], noTools: true, extra: { '/bin/kindnetd': kindnetd } }),
}));
