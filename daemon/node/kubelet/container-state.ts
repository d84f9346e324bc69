/**
 * What the kubelet knows about a pod's containers on its node, as plain data: for each container
 * the latest instance and the one before (containerd keeps exited containers; the kubelet reads
 * `state` and `lastState` from them), the restart count, the reason the last start attempt failed
 * (the kubelet's reasonCache) and the probe results. The pod worker owns and mutates this; the
 * status and action functions only read it. Also the small pure rules both of them share.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ContainerHandle } from '../../runtime/container.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type ContainerSpec = Record<string, any>;
export type PodSpec = Record<string, any>;

export interface InstanceExit {
  exitCode: number;
  /** `Completed`, `Error`, `OOMKilled`, `StartError`, `ContainerStatusUnknown`. */
  reason: string;
  message?: string;
  finishedAt: number;
}

/** One container instance: what `crictl ps -a` would list. */
export interface ContainerInstance {
  /** `containerd://<64 hex>`. */
  id: string;
  /** Absent when the instance never ran (a start error) or was lost with the node. */
  handle?: ContainerHandle;
  /** The normalised reference containerd reports: `docker.io/library/nginx:1.14`. */
  image: string;
  /** `docker.io/library/nginx@sha256:…`. */
  imageID: string;
  startedAt: number;
  /** The spec it was started from, to notice `kubectl set image` on a bare pod. */
  specHash: string;
  exit?: InstanceExit;
  /** Found running by a kubelet that restarted: the pod worker re-creates its process as it was. */
  adopted?: boolean;
}

export interface ContainerRecord {
  name: string;
  isInit: boolean;
  /** An ephemeral container (kubectl debug): started once, never restarted, never ready. */
  isEphemeral?: boolean;
  current?: ContainerInstance;
  previous?: ContainerInstance;
  /** restartCount of the current instance. */
  restartCount: number;
  /** reasonCache: why the last start attempt failed, shown as the waiting state. */
  waiting?: { reason: string; message?: string };
  /** Probe results for the current instance; reset when a new instance starts. */
  readinessSucceeded: boolean;
  startupSucceeded: boolean;
  livenessFailed: boolean;
  startupFailed: boolean;
}

export function newContainerRecord(name: string, isInit: boolean): ContainerRecord {
  return { name, isInit, restartCount: 0, readinessSucceeded: false, startupSucceeded: false, livenessFailed: false, startupFailed: false };
}

export function isRunning(instance: ContainerInstance | undefined): instance is ContainerInstance {
  return instance !== undefined && instance.exit === undefined;
}

export function isExited(instance: ContainerInstance | undefined): instance is ContainerInstance & { exit: InstanceExit } {
  return instance?.exit !== undefined;
}

/** An init container with its own `restartPolicy: Always`: a sidecar (1.29+). */
export function isSidecar(container: ContainerSpec): boolean {
  return container.restartPolicy === 'Always';
}

/** `name_namespace(uid)`, the kubelet's format.Pod, used in back-off messages. */
export function podFullName(pod: Readonly<KubeObject>): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

/**
 * kubelet ShouldContainerBeRestarted: never once the pod is being deleted; always for a container
 * that never ran; never while it runs; otherwise by the restart policy (sidecars always restart).
 */
export function shouldContainerBeRestarted(pod: Readonly<KubeObject>, container: ContainerSpec, record: ContainerRecord | undefined): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const latest = record?.current;
  if (!latest) return true;
  if (!latest.exit) return false;
  if (record?.isEphemeral) return false;
  if (isSidecar(container)) return true;
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Never') return false;
  if (policy === 'OnFailure') return latest.exit.exitCode !== 0;
  return true;
}

/** A stable digest of the container spec (the kubelet's container hash), without the host's crypto. */
export function specHashOf(container: ContainerSpec): string {
  const text = JSON.stringify(container);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** The container's spec by name among app, init and ephemeral containers. */
export function containerSpecOf(pod: Readonly<KubeObject>, name: string): { spec: ContainerSpec; isInit: boolean; isEphemeral?: boolean } | undefined {
  const app = (pod.spec?.containers ?? []).find((c: ContainerSpec) => c.name === name);
  if (app) return { spec: app, isInit: false };
  const init = (pod.spec?.initContainers ?? []).find((c: ContainerSpec) => c.name === name);
  if (init) return { spec: init, isInit: true };
  const ephemeral = (pod.spec?.ephemeralContainers ?? []).find((c: ContainerSpec) => c.name === name);
  return ephemeral ? { spec: ephemeral, isInit: false, isEphemeral: true } : undefined;
}

/** `spec.containers{nginx}` / `spec.initContainers{git}` / `spec.ephemeralContainers{debugger-x}`: the fieldPath of container events. */
export function containerFieldPath(name: string, isInit: boolean, isEphemeral = false): string {
  const list = isEphemeral ? 'spec.ephemeralContainers' : isInit ? 'spec.initContainers' : 'spec.containers';
  return `${list}{${name}}`;
}
