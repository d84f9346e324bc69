/**
 * The simulated container runtime of one node (containerd behind the CRI, in miniature): pulls
 * take cluster time (hundreds of ms, a cached image's re-pull less) and are remembered per node;
 * a container is its image's files under a writable layer with the pod's mounts, the kubelet's
 * /etc/hosts and /etc/resolv.conf, the image's environment, and a main process chosen as
 * Kubernetes does (`command` replaces ENTRYPOINT, `args` replaces CMD). Nothing here reaches the
 * host: programs are functions over a virtual filesystem and the simulated pod network.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import { ContainerStartError, type ContainerConfig, type ContainerHandle, type ContainerLog, type ContainerRuntime, type ImageInfo } from './container.js';
import type { PodLogStore } from './log-store.js';
import { resolveExecutable } from './exec-path.js';
import type { DnsTransport } from './dns/dns-message.js';
import { ContainerFs, type ImageFiles } from './fs/container-fs.js';
import { ImageCatalog, type CatalogImage } from './images/catalog.js';
import { binaryFileContent, type BinaryTable, type ImageConfig } from './images/image.js';
import { parseImageReference, type ImageReference } from './images/reference.js';
import { SimulatedContainer } from './simulated-container.js';

export interface SimulatedRuntimeOptions {
  clock: Clock;
  /** Shared by the nodes of a cluster; one is made when absent. */
  catalog?: ImageCatalog;
  /** The node's kernel and CPUs, as nginx's start-up notices print them. */
  kernel?: string;
  cpus?: number;
  /** The node's memory: a container without a limit is OOM-killed past it. */
  memoryBytes?: number;
  /** kubelet `clusterDNS` and `clusterDomain`, for /etc/resolv.conf when the kubelet gives none. */
  clusterDNS?: string;
  clusterDomain?: string;
  /** The cluster DNS the pods' name servers reach (daemon/node/dns); none: names do not resolve. */
  dns?: DnsTransport;
  /** Where the containers' logs outlive the daemon (the node's /var/log/pods); none: memory only. */
  logs?: PodLogStore;
}

/**
 * Container IDs are 32 random bytes in hex, as containerd's. They are cut from a 4 KiB block of
 * random bytes: one randomBytes call per 128 containers instead of one each (its fixed cost showed
 * when a node starts a thousand pods).
 */
const idBlockBytes = 4096;
let idBlock = Buffer.alloc(0);
let idOffset = 0;

function newContainerId(): string {
  if (idOffset + 32 > idBlock.length) {
    idBlock = randomBytes(idBlockBytes);
    idOffset = 0;
  }
  const id = idBlock.toString('hex', idOffset, idOffset + 32);
  idOffset += 32;
  return `containerd://${id}`;
}

/** Download speed of a first pull, and the fixed costs of resolving a reference. */
const bytesPerMs = 100_000;
const firstPullBaseMs = 300;
const cachedPullBaseMs = 150;
const failedPullBaseMs = 400;

export class SimulatedRuntime implements ContainerRuntime {
  private readonly clock: Clock;
  private readonly catalog: ImageCatalog;
  private readonly present = new Map<string, CatalogImage>();
  private readonly pulling = new Map<string, Promise<ImageInfo>>();
  private readonly rootFiles = new WeakMap<ImageConfig, ImageFiles>();
  private pulls = 0;

  constructor(private readonly options: SimulatedRuntimeOptions) {
    this.clock = options.clock;
    this.catalog = options.catalog ?? new ImageCatalog({ kernel: options.kernel, cpus: options.cpus });
  }

  pullImage(image: string): Promise<ImageInfo> {
    let ref: ImageReference;
    try {
      ref = parseImageReference(image);
    } catch (error) {
      return Promise.reject(error);
    }
    // Concurrent pulls of one image share a download, as containerd's do.
    let pull = this.pulling.get(ref.normalized);
    if (!pull) {
      pull = this.pull(ref).finally(() => this.pulling.delete(ref.normalized));
      this.pulling.set(ref.normalized, pull);
    }
    return pull;
  }

  /** Puts an image in the node's store without a pull, as kind's node image ships the control-plane images. */
  preloadImage(image: string): void {
    const ref = parseImageReference(image);
    if (!this.present.has(ref.normalized)) this.present.set(ref.normalized, this.catalog.find(ref));
  }

  hasImage(image: string): boolean {
    try {
      return this.present.has(parseImageReference(image).normalized);
    } catch {
      return false; // an unparsable reference names no image
    }
  }

  /** Every image in the node's store (containerd's ListImages), for the node status. */
  listImages(): ImageInfo[] {
    return [...this.present.entries()].map(([reference, image]) => imageInfoOf(parseImageReference(reference), image));
  }

  imageStatus(image: string): ImageInfo | undefined {
    let ref: ImageReference;
    try {
      ref = parseImageReference(image);
    } catch {
      return undefined; // an unparsable reference names no image
    }
    const found = this.present.get(ref.normalized);
    return found ? imageInfoOf(ref, found) : undefined;
  }

  async startContainer(config: ContainerConfig): Promise<ContainerHandle> {
    const ref = parseImageReference(config.image);
    // The kubelet pulls before it starts; an image it did not pull is found in the catalog, like a
    // node whose image store was preloaded (kind's are).
    const image = this.present.get(ref.normalized) ?? this.catalog.find(ref);
    const binaries = await image.config.binaries();
    const argv = containerArgv(image.config, config);
    const hostname = config.hostname ?? config.podName;
    const env = containerEnv(image.config, { env: config.env, podName: hostname });
    const cwd = config.workingDir || image.config.workingDir;
    // A shared PID namespace is the target's process table: each sees the other's processes in /proc.
    const processes = config.processNamespaceOf instanceof SimulatedContainer ? config.processNamespaceOf.processTable : config.podPidNamespace;
    const fs = new ContainerFs({ image: this.filesOf(image.config, binaries), mounts: config.mounts, clock: this.clock, ...(processes ? { processes } : {}) });
    this.writeSandboxFiles(fs, config);
    mkdirQuietly(fs, cwd); // runc creates a missing working directory
    const main = resolveExecutable(argv, env['PATH'], cwd, binaries, fs);
    if (!main.found) {
      throw new ContainerStartError(
        `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${main.error}: unknown`,
      );
    }
    const container = new SimulatedContainer({
      id: newContainerId(),
      clock: this.clock,
      fs,
      binaries,
      env,
      cwd,
      net: config.net,
      hostname,
      ...(this.options.dns ? { dns: this.options.dns } : {}),
      stopSignal: image.config.stopSignal,
      memoryLimitBytes: config.memoryLimitBytes ?? this.options.memoryBytes ?? 4028820 * 1024,
      ...(this.options.logs
        ? { log: { store: this.options.logs, file: { podUid: config.podUid, container: config.name, restartCount: config.restartCount ?? 0 }, resume: config.resumeLog === true } }
        : {}),
    });
    container.start(main, { stdin: config.stdin === true, stdinOnce: config.stdinOnce === true, tty: config.tty === true });
    return container;
  }

  storedLog(podUid: string, container: string, restartCount: number): ContainerLog | undefined {
    const lines = this.options.logs?.read({ podUid, container, restartCount });
    // An ended instance's log: nothing more is written to it, so there is nothing to follow.
    return lines && lines.length > 0 ? { lines: () => lines, follow: () => () => undefined } : undefined;
  }

  removePodLogs(podUid: string): void {
    this.options.logs?.removePod(podUid);
  }

  retainPodLogs(podUids: ReadonlySet<string>): void {
    this.options.logs?.retainPods(podUids);
  }

  private async pull(ref: ImageReference): Promise<ImageInfo> {
    const cached = this.present.get(ref.normalized);
    let found: CatalogImage | undefined;
    let failure: unknown;
    try {
      found = cached ?? this.catalog.find(ref);
    } catch (error) {
      failure = error;
    }
    const jitter = (hashOf(ref.normalized) + this.pulls++ * 7919) % 250;
    const ms = !found ? failedPullBaseMs + jitter * 2 : cached ? cachedPullBaseMs + jitter : firstPullBaseMs + found.config.size / bytesPerMs + jitter;
    await this.clock.sleep(Math.round(ms));
    if (!found) throw failure;
    this.present.set(ref.normalized, found);
    return imageInfoOf(ref, found);
  }

  /** The image's files plus a file for each binary (so `ls /bin` lists them), built once per image. */
  private filesOf(config: ImageConfig, binaries: BinaryTable): ImageFiles {
    let files = this.rootFiles.get(config);
    if (!files) {
      const all: Record<string, string> = {};
      for (const path of binaries.keys()) all[path] = binaryFileContent;
      Object.assign(all, config.files);
      this.rootFiles.set(config, (files = { files: all, dirs: config.dirs }));
    }
    return files;
  }

  /** What containerd and the kubelet write into every container: hostname, hosts, resolv.conf. */
  private writeSandboxFiles(fs: ContainerFs, config: ContainerConfig): void {
    const domain = this.options.clusterDomain ?? 'cluster.local';
    const files: Record<string, string> = {
      '/etc/hostname': `${config.hostname ?? config.podName}\n`,
      '/etc/hosts':
        config.etcHosts ??
        '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' +
          'fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n' +
          `${config.net.podIP}\t${config.podName}\n`,
      '/etc/resolv.conf': config.resolvConf ?? `search ${config.namespace}.svc.${domain} svc.${domain} ${domain}\nnameserver ${this.options.clusterDNS ?? '10.96.0.10'}\noptions ndots:5\n`,
    };
    for (const [path, text] of Object.entries(files)) {
      if (config.mounts.some((m) => m.mountPath === path)) continue;
      try {
        fs.writeFile(path, text);
      } catch {
        // a read-only volume mounted over /etc: the kubelet's files are simply not there
      }
    }
  }
}

function imageInfoOf(ref: ImageReference, image: CatalogImage): ImageInfo {
  return { reference: ref.normalized, digest: image.digest, size: image.config.size, imageID: image.imageID };
}

/** Kubernetes' rule: `command` replaces ENTRYPOINT (and drops CMD); `args` replaces CMD. */
export function containerArgv(image: Pick<ImageConfig, 'entrypoint' | 'cmd'>, config: Pick<ContainerConfig, 'command' | 'args'>): string[] {
  const args = config.args?.length ? config.args : undefined;
  if (config.command?.length) return [...config.command, ...(args ?? [])];
  return [...image.entrypoint, ...(args ?? image.cmd)];
}

/**
 * The process environment in containerd's order: PATH, HOSTNAME, the image's other variables, the
 * container's (overriding the image's), and HOME last when nothing set it.
 */
export function containerEnv(image: Pick<ImageConfig, 'env'>, config: Pick<ContainerConfig, 'env' | 'podName'>): Record<string, string> {
  const env: Record<string, string> = {};
  if (image.env['PATH'] !== undefined) env['PATH'] = image.env['PATH'];
  env['HOSTNAME'] = config.podName;
  Object.assign(env, image.env, config.env);
  env['HOME'] ??= '/root';
  return env;
}

function mkdirQuietly(fs: ContainerFs, path: string): void {
  try {
    if (!fs.stat(path)) fs.mkdir(path, { recursive: true });
  } catch {
    // a working directory inside a read-only mount: runc would fail later, the program will see it
  }
}

function hashOf(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) >>> 0;
  return hash;
}
