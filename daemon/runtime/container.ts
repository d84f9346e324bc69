/**
 * The container runtime interface the kubelet uses (a CRI in miniature): pull images, start
 * containers as simulated processes, stop them with a grace period, read their logs, exec into
 * them. The implementation is runtime.ts; the kubelet never sees programs or filesystems directly.
 */
import type { ProcessTable } from './fs/proc-fs.js';
import type { VirtualFs } from './fs/vfs.js';
import type { PodNetwork } from './network.js';
import type { StdinStream } from './tty/stdin-stream.js';
import type { TerminalDevice } from './tty/terminal.js';
import type { AttachSink, Attachment } from './tty/container-console.js';

export interface ImageInfo {
  /** The normalised reference: `docker.io/library/nginx:latest`. */
  reference: string;
  /** `sha256:…` of the image, as containerd reports it (imageID in the pod status). */
  digest: string;
  /** Size in bytes, for the `Pulled` event ("Image size: N bytes."). */
  size: number;
  /** `docker.io/library/nginx@sha256:…`, containerStatuses[].imageID (always set by SimulatedRuntime). */
  imageID?: string;
}

/** Why a pull failed, with the runtime's words (shown as ErrImagePull's message). */
export class ImagePullError extends Error {
  constructor(
    message: string,
    readonly reason: 'ErrImagePull' | 'InvalidImageName',
  ) {
    super(message);
  }
}

/** A container could not be started (missing binary…): RunContainerError / StartError, exit 128. */
export class ContainerStartError extends Error {}

/** An exec outlived its timeout (exec probes); the process was killed. */
export class ExecTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`command timed out after ${timeoutMs}ms`);
  }
}

export interface ExitStatus {
  exitCode: number;
  /** `Completed` (0), `Error` (non-zero), `OOMKilled` (137 over the memory limit). */
  reason: 'Completed' | 'Error' | 'OOMKilled';
  /** Set when a signal ended it (SIGKILL at the end of the grace period: 137). */
  signal?: number;
  finishedAt: number;
}

export interface LogLine {
  time: number;
  stream: 'stdout' | 'stderr';
  text: string;
  /** The output ended without a newline (CRI's `P` tag): `kubectl logs` prints no newline after it. */
  partial?: boolean;
}

export interface ContainerLog {
  lines(): readonly LogLine[];
  /** Calls fn for every new line until the returned function is called or the container ends. */
  follow(fn: (line: LogLine) => void): () => void;
}

export interface Mount {
  mountPath: string;
  fs: VirtualFs;
  /** Path inside `fs` that appears at mountPath (a subPath, or '/'). */
  source: string;
  readOnly: boolean;
}

export interface ContainerConfig {
  podUid: string;
  podName: string;
  namespace: string;
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env: Record<string, string>;
  workingDir?: string;
  mounts: Mount[];
  memoryLimitBytes?: number;
  net: PodNetwork;
  /** The hostname the kubelet chose (spec.hostname, the FQDN, the node's); the pod name when absent. */
  hostname?: string;
  /** The kubelet's /etc/hosts and the sandbox's /etc/resolv.conf (kubelet/pod-dns.ts). */
  etcHosts?: string;
  resolvConf?: string;
  /** The spec's `stdin`, `stdinOnce` and `tty`: PID 1 gets a console that `kubectl attach` joins. */
  stdin?: boolean;
  stdinOnce?: boolean;
  tty?: boolean;
  /**
   * A running container of the same pod whose PID namespace this one joins (an ephemeral
   * container's `targetContainerName`): its processes and this one's share one /proc.
   */
  processNamespaceOf?: ContainerHandle;
  /** The pod's shared PID namespace (`shareProcessNamespace: true`), made by podPidNamespace. */
  podPidNamespace?: ProcessTable;
  /** The instance's restart count: its log is the pod's `<name>/<restartCount>.log`. */
  restartCount?: number;
  /** An adopted instance made again after a kubelet restart: its log goes on from its file. */
  resumeLog?: boolean;
}

export interface ExecIO {
  stdin?: string;
  /** A terminal's lines (`kubelab node shell`): the program sees ProcessContext.readLine. */
  readLine?(): Promise<string | undefined>;
  /** stdin as a live stream (`kubectl exec -i`): read as it arrives; overrides `stdin`. */
  stdinStream?: StdinStream;
  /** A terminal (`kubectl exec -it`): its size and Ctrl-C, which interrupts the foreground job. */
  terminal?: TerminalDevice;
  /** Aborted when the client hangs up: with a terminal, SIGHUP ends the command (exit 129). */
  hangup?: AbortSignal;
  stdout(data: string): void;
  stderr(data: string): void;
}

export interface ContainerHandle {
  /** `containerd://<64 hex>`, as containerStatuses[].containerID shows it. */
  readonly id: string;
  readonly startedAt: number;
  readonly log: ContainerLog;
  /** Resolves when the main process ends, whatever ended it. */
  wait(): Promise<ExitStatus>;
  /** SIGTERM, then SIGKILL after graceMs of cluster time; resolves with the final status. */
  stop(graceMs: number): Promise<ExitStatus>;
  /**
   * Runs a command in the container (kubectl exec, exec probes); resolves to its exit code, rejects
   * with ContainerStartError (containerd's "OCI runtime exec failed" text) when it cannot start and
   * with ExecTimeoutError past timeoutMs.
   */
  exec(argv: string[], io: ExecIO, timeoutMs?: number): Promise<number>;
  /**
   * Joins the main process's streams (kubectl attach): its output from now on, and with
   * withStdin its stdin when the container has one. Undefined once the container has ended.
   */
  attach?(sink: AttachSink, withStdin: boolean): Attachment | undefined;
}

export interface ContainerRuntime {
  /** Pulls (or finds) an image; rejects with ImagePullError. */
  pullImage(image: string): Promise<ImageInfo>;
  hasImage(image: string): boolean;
  /**
   * The identity of an image the node already has, answered at once from the node's image store
   * (the CRI's ImageStatus, which needs no registry); undefined when it is not there.
   */
  imageStatus?(image: string): ImageInfo | undefined;
  /** Starts a container; rejects with ContainerStartError when it cannot run. */
  startContainer(config: ContainerConfig): Promise<ContainerHandle>;
  /**
   * The log an instance that is no longer there left in its file (a previous instance, or one
   * that ended before the kubelet restarted), as `kubectl logs [-p]` reads it; undefined: none kept.
   */
  storedLog?(podUid: string, container: string, restartCount: number): ContainerLog | undefined;
  /** The pod is gone from the node: its log files go (the kubelet removes /var/log/pods/<pod>). */
  removePodLogs?(podUid: string): void;
  /** Removes the log files of every pod but these (pods deleted while the kubelet was down). */
  retainPodLogs?(podUids: ReadonlySet<string>): void;
}
