/**
 * The machine behind a virtual node, as `kubelab node shell NAME` reaches it (what `ssh node1` or
 * `docker exec -it kind-worker bash` is on a real cluster): a CentOS-like root shell whose network
 * is the node's own (its IP, its kube-proxy OUTPUT rules, so `curl <ClusterIP>` is load-balanced
 * by the node's table) and whose `iptables-save -t nat` prints that table. It is a simulated
 * container without a main process, built per node and gone with it; no host process is run.
 * It holds the static pod manifests kubeadm wrote (control-plane's /etc/kubernetes/manifests).
 * Left out: the node's real root filesystem (pods' hostPath files are not visible), systemd, crictl.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import type { ExecIO } from '../runtime/container.js';
import { ContainerFs } from '../runtime/fs/container-fs.js';
import type { ImageCatalog } from '../runtime/images/catalog.js';
import { binaryFileContent } from '../runtime/images/image.js';
import { parseImageReference } from '../runtime/images/reference.js';
import type { PodNetwork } from '../runtime/network.js';
import type { Program } from '../runtime/process.js';
import { SimulatedContainer } from '../runtime/simulated-container.js';
import { iptablesProgram, iptablesSaveProgram } from './proxy/iptables-programs.js';

/** A node's shell host: runs commands on the node; stop() when the node dies. */
export interface NodeShellHost {
  exec(argv: string[], io: ExecIO): Promise<number>;
  stop(): Promise<void>;
}

export interface NodeShellOptions {
  nodeName: string;
  clock: Clock;
  catalog: ImageCatalog;
  /** The node's own network (ClusterNetwork.forNode). */
  net: PodNetwork;
  /** The node's nat table, `iptables-save -t nat` text. */
  natTable: () => string;
  /** Files the machine holds beyond the image's (the control plane's static pod manifests), by absolute path. */
  files?: () => Promise<Readonly<Record<string, string>>>;
}

/** iputils' ping loads with the shell's programs (the daemon starts without the shell). */
const nodePing: Program = (ctx) => import('../runtime/shell/builtins/ping.js').then((m) => m.iputilsPingProgram(ctx));

/** The userland of the node: CentOS 7's bash and curl, as the seeds' `[root@master1]#` prompts show. */
const nodeImage = 'centos:7';
/** bash's PS1 on CentOS/RHEL: `[root@node1 /]# `. */
const nodePrompt = '[\\u@\\h \\W]\\$ ';

export async function startNodeShellHost(options: NodeShellOptions): Promise<NodeShellHost> {
  const { clock, catalog, nodeName } = options;
  const image = catalog.find(parseImageReference(nodeImage)).config;
  const binaries = new Map<string, Program>(await image.binaries());
  binaries.set('/usr/sbin/iptables-save', iptablesSaveProgram(options.natTable));
  binaries.set('/usr/sbin/iptables', iptablesProgram(options.natTable));
  // A node has iputils' ping: `ping <ClusterIP>` from a node gets no answer either.
  binaries.set('/usr/bin/ping', nodePing);
  const files: Record<string, string> = {};
  for (const path of binaries.keys()) files[path] = binaryFileContent;
  const machineFiles = (await options.files?.()) ?? {};
  Object.assign(files, image.files, { '/etc/hostname': `${nodeName}\n` }, machineFiles);
  const dirs = [...image.dirs, ...Object.keys(machineFiles).map((path) => path.slice(0, path.lastIndexOf('/')))];
  const fs = new ContainerFs({ image: { files, dirs }, clock });
  const host = new SimulatedContainer({
    id: `node://${randomBytes(16).toString('hex')}`,
    clock,
    fs,
    binaries,
    env: { ...image.env, HOSTNAME: nodeName, HOME: '/root', TERM: 'xterm', PS1: nodePrompt },
    cwd: '/',
    net: options.net,
    hostname: nodeName,
    stopSignal: 'SIGTERM',
    memoryLimitBytes: Number.MAX_SAFE_INTEGER,
  });
  return {
    exec: (argv, io) => host.exec(argv, io),
    stop: async () => {
      await host.stop(0);
    },
  };
}
