/**
 * Starting one container, step by step as the kubelet does (k/k `kuberuntime_manager.go` doBackOff
 * and `kuberuntime_container.go` startContainer): the crash-loop back-off check, the image
 * (image-puller.ts), the environment and mounts, `Created`, the runtime start, `Started`, then the
 * postStart hook. Each failure leaves the reason and message the container shows while waiting
 * (CrashLoopBackOff, ErrImagePull, CreateContainerConfigError, RunContainerError,
 * PostStartHookError) and says when to try again; the pod worker owns the retry.
 */
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { Clock } from '../../../shared/clock.js';
import { parseValue } from '../../../shared/quantity.js';
import { ContainerStartError, type ContainerHandle, type ContainerRuntime } from '../../runtime/container.js';
import type { ProcessTable } from '../../runtime/fs/proc-fs.js';
import type { ClusterNetwork, PodNetwork } from '../../runtime/network.js';
import { formatGoDuration, type Backoff } from './backoff.js';
import { podFullName, specHashOf, type ContainerInstance, type ContainerRecord, type ContainerSpec } from './container-state.js';
import { CreateContainerConfigError, expandCommandAndArgs, makeEnvironment, type EnvSources } from './env.js';
import { ImagePullFailure, type ContainerEventSink, type ImagePuller } from './image-puller.js';
import { runHook } from './lifecycle-hooks.js';
import { containerHostname, defaultDnsConfig, podHostsFile, podResolvConf, type KubeletDnsConfig } from './pod-dns.js';
import { containerMounts, type PreparedVolume } from './volumes.js';

/** The pod worker's retry period after a failed sync (kubelet `backOffPeriod` for pod workers). */
export const workerBackOffMs = 10_000;
/** How soon after a failed pull the kubelet looks again (its PLEG relists every second). */
const pullRecheckMs = 1_000;

export interface StartDeps {
  clock: Clock;
  runtime: ContainerRuntime;
  images: ImagePuller;
  crashBackoff: Backoff;
  network: ClusterNetwork;
  nodeIP: string;
  /** The node's name (hostNetwork pods see it as their hostname) and the kubelet's DNS settings. */
  nodeName?: string;
  dns?: KubeletDnsConfig;
}

export interface StartRequest {
  pod: Readonly<KubeObject>;
  spec: ContainerSpec;
  record: ContainerRecord;
  /**
   * The last exit of this container as the sync found it, before any kill it did: the kubelet
   * counts the back-off of a container it has just killed (liveness) from the exit before.
   */
  lastExit: { finishedAt: number } | undefined;
  net: PodNetwork;
  volumes: ReadonlyMap<string, PreparedVolume>;
  env: Omit<EnvSources, 'podIP'>;
  event: ContainerEventSink;
  /** A running container whose process namespace this one joins (an ephemeral container's target). */
  processNamespaceOf?: ContainerHandle;
  /** The pod's shared PID namespace (`shareProcessNamespace: true`). */
  podPidNamespace?: ProcessTable;
  /** Kills the instance that just started (a failed postStart hook). */
  kill(instance: ContainerInstance, message: string): Promise<void>;
  /**
   * An instance adopted after a kubelet restart: its process is made again silently (no events,
   * no back-off, no postStart) and keeps its ID, start time and the record's restart count.
   */
  resume?: ContainerInstance;
  /**
   * When the new instance counts as started, if not now: a static pod the kubelet started at the
   * node's boot, before the API answered (static-pods.ts). Its probes' initial delays count from it.
   */
  startedAt?: number;
}

export type StartResult = { kind: 'started'; instance: ContainerInstance } | { kind: 'waiting'; retryAt: number };

/** The crash-loop key: pod UID, container name and spec, so a new image starts from 10 s again. */
export function crashBackoffKey(pod: Readonly<KubeObject>, spec: ContainerSpec): string {
  return `${pod.metadata.uid}_${spec.name}_${specHashOf(spec)}`;
}

const newContainerId = (): string => `containerd://${randomBytes(32).toString('hex')}`;

export async function startContainer(deps: StartDeps, request: StartRequest): Promise<StartResult> {
  const { pod, spec, record, resume } = request;
  const event: ContainerEventSink = resume ? () => {} : request.event;
  const now = deps.clock.now();
  const held = resume ? undefined : applyCrashBackoff(deps, request);
  if (held !== undefined) return { kind: 'waiting', retryAt: held };

  let image;
  try {
    // A container that runs already (adopted, or started at the boot) has its image on the node.
    image = await deps.images.ensureImage(pod.metadata.uid ?? '', spec, event, resume !== undefined || request.startedAt !== undefined);
  } catch (err) {
    if (!(err instanceof ImagePullFailure)) throw err;
    record.waiting = { reason: err.reason, message: err.message };
    event('Warning', 'Failed', `Error: ${err.reason}`);
    const ends = deps.images.backOffEndsAt(pod.metadata.uid ?? '', spec.image);
    const retryAt = err.reason === 'ErrImagePull' ? now + pullRecheckMs : Math.min(now + workerBackOffMs, ends ?? Infinity);
    return { kind: 'waiting', retryAt };
  }

  let config;
  try {
    const env = await makeEnvironment(pod, spec, { ...request.env, podIP: request.net.podIP });
    config = {
      podUid: pod.metadata.uid ?? '',
      podName: pod.metadata.name ?? '',
      namespace: pod.metadata.namespace ?? 'default',
      name: spec.name,
      image: spec.image,
      ...expandCommandAndArgs(spec, env),
      env,
      workingDir: spec.workingDir,
      mounts: containerMounts(spec, request.volumes, env),
      memoryLimitBytes: spec.resources?.limits?.memory !== undefined ? parseValue(spec.resources.limits.memory) : undefined,
      net: request.net,
      stdin: spec.stdin === true,
      stdinOnce: spec.stdinOnce === true,
      tty: spec.tty === true,
      ...(request.processNamespaceOf ? { processNamespaceOf: request.processNamespaceOf } : {}),
      ...(request.podPidNamespace ? { podPidNamespace: request.podPidNamespace } : {}),
      // The new instance's count (adoptInstance adds one when there was an instance before): its log file.
      restartCount: resume || !record.current ? record.restartCount : record.restartCount + 1,
      ...(resume ? { resumeLog: true } : {}),
      ...sandboxFiles(deps, pod, request.net.podIP),
    };
  } catch (err) {
    const message = (err as Error).message;
    record.waiting = { reason: err instanceof CreateContainerConfigError ? 'CreateContainerConfigError' : 'CreateContainerError', message };
    event('Warning', 'Failed', `Error: ${message}`);
    return { kind: 'waiting', retryAt: deps.clock.now() + workerBackOffMs };
  }

  event('Normal', 'Created', `Created container ${spec.name}`);
  const specHash = specHashOf(spec);
  let instance: ContainerInstance;
  try {
    const handle = await deps.runtime.startContainer(config);
    instance = { id: handle.id, handle, image: image.image, imageID: image.imageID, startedAt: request.startedAt ?? handle.startedAt, specHash };
    if (resume) {
      record.current = { ...resume, handle, adopted: false };
      record.waiting = undefined;
      return { kind: 'started', instance: record.current };
    }
  } catch (err) {
    const message = (err as Error).message;
    if (!(err instanceof ContainerStartError)) {
      record.waiting = { reason: 'CreateContainerError', message };
      event('Warning', 'Failed', `Error: ${message}`);
      return { kind: 'waiting', retryAt: deps.clock.now() + workerBackOffMs };
    }
    // containerd keeps the container that failed to start: exited, StartError, 128, never started.
    const failed: ContainerInstance = { id: newContainerId(), image: image.image, imageID: image.imageID, startedAt: 0, specHash, exit: { exitCode: 128, reason: 'StartError', message, finishedAt: deps.clock.now() } };
    adoptInstance(record, failed);
    record.waiting = { reason: 'RunContainerError', message };
    event('Warning', 'Failed', `Error: ${message}`);
    return { kind: 'waiting', retryAt: deps.clock.now() };
  }
  adoptInstance(record, instance);
  event('Normal', 'Started', `Started container ${spec.name}`);

  if (spec.lifecycle?.postStart && instance.handle) {
    const failure = await runHook(spec.lifecycle.postStart, { pod, container: spec, handle: instance.handle, clock: deps.clock, network: deps.network, nodeIP: deps.nodeIP, podIP: request.net.podIP });
    if (failure !== undefined) {
      event('Warning', 'FailedPostStartHook', 'PostStartHook failed');
      await request.kill(instance, 'FailedPostStartHook');
      record.waiting = { reason: 'PostStartHookError', message: failure };
      return { kind: 'waiting', retryAt: deps.clock.now() };
    }
  }
  return { kind: 'started', instance };
}

/**
 * doBackOff: when the container exited before and its back-off since that exit has not passed,
 * it stays in CrashLoopBackOff (returns when to look again); otherwise the back-off grows and the
 * start goes ahead. The first exit has no entry yet, so it restarts at once.
 */
function applyCrashBackoff(deps: StartDeps, request: StartRequest): number | undefined {
  const { pod, spec, record } = request;
  if (!request.lastExit) return undefined;
  const key = crashBackoffKey(pod, spec);
  const finishedAt = request.lastExit.finishedAt;
  if (!deps.crashBackoff.isInBackOffSince(key, finishedAt)) {
    deps.crashBackoff.next(key, finishedAt);
    return undefined;
  }
  const delay = deps.crashBackoff.get(key);
  record.waiting = { reason: 'CrashLoopBackOff', message: `back-off ${formatGoDuration(delay)} restarting failed container=${spec.name} pod=${podFullName(pod)}` };
  request.event('Warning', 'BackOff', `Back-off restarting failed container ${spec.name} in pod ${podFullName(pod)}`);
  // Held syncs repeat every worker back-off period (each one records BackOff again) until it ends.
  return Math.min(finishedAt + delay, deps.clock.now() + workerBackOffMs);
}

/** A new instance becomes the current one; the old one moves to lastState, probe results reset. */
function adoptInstance(record: ContainerRecord, instance: ContainerInstance): void {
  if (record.current) {
    record.previous = record.current;
    record.restartCount++;
  }
  record.current = instance;
  record.waiting = undefined;
  record.readinessSucceeded = false;
  record.startupSucceeded = false;
  record.livenessFailed = false;
  record.startupFailed = false;
}

/** The hostname, /etc/hosts and /etc/resolv.conf every container of the pod shares. */
function sandboxFiles(deps: StartDeps, pod: Readonly<KubeObject>, podIP: string): { hostname: string; etcHosts: string; resolvConf: string } {
  const dns = deps.dns ?? defaultDnsConfig;
  const node = { name: deps.nodeName ?? '', ip: deps.nodeIP };
  return { hostname: containerHostname(pod, dns, node.name), etcHosts: podHostsFile(pod, [podIP], dns, node), resolvConf: podResolvConf(pod, dns) };
}
