/**
 * Test doubles at the kubelet's real seams: a scripted ContainerRuntime (images by name behave like
 * their lab counterparts: hello-world prints and exits 0, `false` exits 1, web images serve HTTP
 * until stopped, `sleep` ignores SIGTERM), a small in-memory VirtualFs, and a harness that runs a
 * Kubelet for node1 against the real in-process API with a ManualClock.
 */
import type { TestContext } from 'node:test';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import type { ManualClock } from '../../../../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../../../../shared/client/client.js';
import {
  ContainerStartError, ImagePullError, type ContainerConfig, type ContainerHandle, type ContainerLog, type ContainerRuntime, type ExecIO, type ExitStatus, type ImageInfo, type LogLine,
} from '../../../../../daemon/runtime/container.js';
import { VfsError, type VfsStat, type VirtualFs } from '../../../../../daemon/runtime/fs/vfs.js';
import { ClusterNetwork } from '../../../../../daemon/runtime/network.js';
import { Kubelet } from '../../../../../daemon/node/kubelet/kubelet.js';
import { startApi, type TestApi } from '../../../../helpers/api.js';
import { nodeObject, nodesRef } from '../../../../helpers/nodes.js';
import { waitFor } from '../../../../helpers/wait-for.js';

export const podsRef: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
export const eventsRef: ResourceRef = { group: '', version: 'v1', resource: 'events' };

/** A Map-backed VirtualFs: enough for volumes (mkdir -p, files, rm -r). */
export class MemoryFs implements VirtualFs {
  readonly entries = new Map<string, { type: 'file' | 'dir'; content: string }>([['/', { type: 'dir', content: '' }]]);

  readFile(path: string): string {
    const entry = this.entries.get(path);
    if (!entry) throw new VfsError('ENOENT', path);
    if (entry.type === 'dir') throw new VfsError('EISDIR', path);
    return entry.content;
  }
  writeFile(path: string, data: string, options?: { append?: boolean }): void {
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    if (this.entries.get(parent)?.type !== 'dir') throw new VfsError('ENOENT', path);
    const old = this.entries.get(path);
    this.entries.set(path, { type: 'file', content: options?.append && old ? old.content + data : data });
  }
  mkdir(path: string, options?: { recursive?: boolean }): void {
    if (this.entries.has(path)) {
      if (options?.recursive) return;
      throw new VfsError('EEXIST', path);
    }
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    if (!this.entries.has(parent)) {
      if (!options?.recursive) throw new VfsError('ENOENT', path);
      this.mkdir(parent, options);
    }
    this.entries.set(path, { type: 'dir', content: '' });
  }
  readdir(path: string): string[] {
    const prefix = path === '/' ? '/' : `${path}/`;
    return [...this.entries.keys()].filter((k) => k !== path && k.startsWith(prefix) && !k.slice(prefix.length).includes('/')).map((k) => k.slice(prefix.length)).sort();
  }
  stat(path: string): VfsStat | undefined {
    const entry = this.entries.get(path);
    return entry ? { type: entry.type, size: entry.content.length, mode: entry.type === 'dir' ? 0o755 : 0o644, mtimeMs: 0 } : undefined;
  }
  unlink(path: string): void {
    this.entries.delete(path);
  }
  rmdir(path: string, options?: { recursive?: boolean }): void {
    for (const key of [...this.entries.keys()]) if (key === path || (options?.recursive && key.startsWith(`${path}/`))) this.entries.delete(key);
  }
  rename(from: string, to: string): void {
    const entry = this.entries.get(from);
    if (!entry) throw new VfsError('ENOENT', from);
    this.entries.delete(from);
    this.entries.set(to, entry);
  }
}

/** How a scripted container behaves. */
interface Behaviour {
  /** Exits by itself at once with this code. */
  exitCode?: number;
  /** HTTP server on this port: `/` 200, `/health` 200, `/health?code=N` N, anything else 404. */
  serves?: number;
  /** Ignores SIGTERM and dies of SIGKILL at the deadline (sleep as PID 1). */
  ignoresTerm?: boolean;
  output?: string;
}

let containerSequence = 0;

export class FakeContainer implements ContainerHandle {
  readonly id = `containerd://${(++containerSequence).toString(16).padStart(64, '0')}`;
  readonly startedAt: number;
  readonly lines: LogLine[] = [];
  readonly files = new Set<string>();
  exitStatus?: ExitStatus;
  private resolveExit!: (exit: ExitStatus) => void;
  private readonly exited = new Promise<ExitStatus>((resolve) => (this.resolveExit = resolve));
  private unlisten?: () => void;
  readonly log: ContainerLog = { lines: () => this.lines, follow: () => () => undefined };

  constructor(
    readonly config: ContainerConfig,
    private readonly clock: ManualClock,
    private readonly behaviour: Behaviour,
  ) {
    this.startedAt = clock.now();
    if (behaviour.output) this.lines.push({ time: clock.now(), stream: 'stdout', text: behaviour.output });
    if (behaviour.serves) this.unlisten = config.net.listen(behaviour.serves, (req) => webResponse(req.path));
    if (behaviour.exitCode !== undefined) queueMicrotask(() => this.finish(behaviour.exitCode!));
  }

  finish(exitCode: number, signal?: number): ExitStatus {
    if (this.exitStatus) return this.exitStatus;
    this.unlisten?.();
    this.exitStatus = { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', finishedAt: this.clock.now(), ...(signal ? { signal } : {}) };
    this.resolveExit(this.exitStatus);
    return this.exitStatus;
  }

  wait(): Promise<ExitStatus> {
    return this.exited;
  }

  stop(graceMs: number): Promise<ExitStatus> {
    if (this.exitStatus) return Promise.resolve(this.exitStatus);
    if (!this.behaviour.ignoresTerm) return Promise.resolve(this.finish(0));
    this.clock.after(graceMs, () => this.finish(137, 9));
    return this.exited;
  }

  async exec(argv: string[], io: ExecIO): Promise<number> {
    const [command, ...args] = argv;
    if (command === 'touch') {
      for (const file of args) this.files.add(file);
      return 0;
    }
    if (command === 'cat') {
      if (this.files.has(args[0]!)) return 0;
      io.stderr(`cat: can't open '${args[0]}': No such file or directory\n`);
      return 1;
    }
    if (command === 'test' && args[0] === '-f') return this.files.has(args[1]!) ? 0 : 1;
    return 127;
  }
}

function webResponse(path: string): { status: number; headers: Record<string, string>; body: string } {
  const code = /^\/health\?code=(\d+)$/.exec(path)?.[1];
  const status = code ? Number(code) : path === '/' || path === '/health' ? 200 : 404;
  return { status, headers: {}, body: '' };
}

/** Images the fake registry has; anything else fails to pull as containerd says it. */
const registry: Record<string, Behaviour> = {
  'hello-world': { exitCode: 0, output: '\nHello from Docker!\n' },
  ubuntu: {},
  busybox: {},
  nginx: { serves: 80 },
  'nginx:1.14': { serves: 80 },
  'c1t1d0s7/myweb': { serves: 8080 },
  'ghcr.io/c1t1d0s7/go-myweb': { serves: 8080 },
};

export class FakeRuntime implements ContainerRuntime {
  readonly containers: FakeContainer[] = [];
  readonly pulled = new Set<string>();
  pulls = 0;

  constructor(private readonly clock: ManualClock) {}

  async pullImage(image: string): Promise<ImageInfo> {
    const repository = image.split(':')[0]!;
    if ((!(image in registry) && !(repository in registry)) || image.endsWith(':nope')) {
      const ref = image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
      throw new ImagePullError(`rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`, 'ErrImagePull');
    }
    this.pulls++;
    this.pulled.add(image);
    const name = repository.includes('.') ? repository : repository.includes('/') ? `docker.io/${repository}` : `docker.io/library/${repository}`;
    return { reference: `${name}:${image.split(':')[1] ?? 'latest'}`, digest: `sha256:${'ab'.repeat(32)}`, size: 62958873 };
  }

  hasImage(image: string): boolean {
    return this.pulled.has(image);
  }

  async startContainer(config: ContainerConfig): Promise<ContainerHandle> {
    const argv = [...(config.command ?? []), ...(config.args ?? [])];
    if (argv[0] === 'missing-binary') throw new ContainerStartError('failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "missing-binary": executable file not found in $PATH: unknown');
    const base = registry[config.image] ?? registry[config.image.split(':')[0]!] ?? {};
    let behaviour: Behaviour = base;
    if (argv[0] === 'false') behaviour = { exitCode: 1 };
    else if (argv[0] === 'true') behaviour = { exitCode: 0 };
    else if (argv[0] === 'sleep') behaviour = { ignoresTerm: true };
    else if (argv[0] === 'printenv') behaviour = { exitCode: 0, output: Object.entries(config.env).map(([k, v]) => `${k}=${v}\n`).join('') };
    const container = new FakeContainer(config, this.clock, behaviour);
    this.containers.push(container);
    return container;
  }

  /** Containers started for one container name, oldest first. */
  of(name: string): FakeContainer[] {
    return this.containers.filter((c) => c.config.name === name);
  }
}

export interface Harness extends TestApi {
  kubelet: Kubelet;
  runtime: FakeRuntime;
  network: ClusterNetwork;
  nodeFs: MemoryFs;
  released: string[];
  /** Creates a pod bound to node1. */
  createPod(manifest: KubeObject): Promise<KubeObject>;
  pod(name: string): Promise<KubeObject>;
  /** Waits until the pod satisfies the predicate; says what it waited for. */
  waitForPod(name: string, what: string, predicate: (pod: KubeObject) => boolean): Promise<KubeObject>;
  /** The pod's events, `Type Reason: message (xN)`, oldest first. */
  events(name: string): Promise<string[]>;
  /** Moves the clock in steps, letting the kubelet react between them. */
  advance(ms: number, stepMs?: number): Promise<void>;
}

/** Yields to pending promise chains and I/O a few times. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

export async function startKubelet(t: { after: TestContext['after'] }): Promise<Harness> {
  // The kubelet must stop before the API's store closes: one cleanup runs both, in that order.
  const apiCleanups: (() => unknown)[] = [];
  const api = await startApi({ after: ((fn: () => unknown) => void apiCleanups.push(fn)) as TestContext['after'] });
  await api.client.create(nodesRef, undefined, nodeObject('node1'));
  // What the root-ca-cert-publisher keeps in every namespace: every pod's kube-api-access volume reads it.
  const caConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt' }, data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----\n' } };
  await api.client.create({ group: '', version: 'v1', resource: 'configmaps' }, 'default', caConfigMap);
  const runtime = new FakeRuntime(api.clock);
  const network = new ClusterNetwork();
  const nodeFs = new MemoryFs();
  const released: string[] = [];
  let nextIP = 5;
  const ips = new Map<string, string>();
  const kubelet = new Kubelet({
    client: api.client,
    clock: api.clock,
    nodeName: 'node1',
    nodeIP: '172.18.0.2',
    runtime,
    network,
    allocatePodIP: (uid) => {
      const ip = `10.244.1.${nextIP++}`;
      ips.set(uid, ip);
      return ip;
    },
    releasePodIP: (uid) => void released.push(ips.get(uid) ?? uid),
    hostPathFs: nodeFs,
    volumeStore: { volumeFs: () => new MemoryFs() },
  });
  await kubelet.start();
  t.after(async () => {
    await kubelet.stop();
    await kubelet.recorder.flush();
    for (const cleanup of apiCleanups) await cleanup();
  });
  const client: ApiClient = api.client;
  return {
    ...api,
    kubelet,
    runtime,
    network,
    nodeFs,
    released,
    createPod: (manifest) => client.create(podsRef, 'default', { apiVersion: 'v1', kind: 'Pod', ...manifest, spec: { nodeName: 'node1', ...manifest.spec } }),
    pod: (name) => client.get(podsRef, 'default', name),
    waitForPod: async (name, what, predicate) => {
      let last: KubeObject | undefined;
      try {
        return await waitFor(
          async () => {
            last = await client.get(podsRef, 'default', name);
            return predicate(last) ? last : undefined;
          },
          { what, timeout: 20_000, interval: 5 },
        );
      } catch (err) {
        throw new Error(`${(err as Error).message}\nlast status: ${JSON.stringify(last?.status, null, 1)}`);
      }
    },
    events: async (name) => {
      await kubelet.recorder.flush();
      const list = (await client.list(eventsRef, 'default')).items.filter((e) => e.involvedObject.name === name && e.source?.component === 'kubelet');
      return list.map((e) => `${e.type} ${e.reason}: ${e.message}${e.count > 1 ? ` (x${e.count})` : ''}`);
    },
    advance: async (ms, stepMs = 1000) => {
      for (let done = 0; done < ms; done += stepMs) {
        api.clock.step(Math.min(stepMs, ms - done));
        await settle();
      }
    },
  };
}

/** The STATUS column's source for a single-container pod: the waiting or terminated reason, else Running. */
export function containerState(pod: KubeObject, index = 0): string {
  const status = pod.status?.containerStatuses?.[index];
  if (!status) return 'none';
  return status.state.waiting?.reason ?? status.state.terminated?.reason ?? (status.state.running ? 'Running' : 'unknown');
}
