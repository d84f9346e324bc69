/**
 * Which container a `pods/log` or `pods/exec` request means, and whether it can answer, with the
 * kubelet's own error texts (reference/kubectl-compat.md §9.7; the kubelet's log status checks).
 */
import { badRequest } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';

interface ContainerStatus {
  name: string;
  containerID?: string;
  state?: { waiting?: { reason?: string }; running?: object; terminated?: { containerID?: string } };
  lastState?: { terminated?: { containerID?: string } };
}

/** The container named by the request, defaulted when the pod has only one. */
export function targetContainer(pod: KubeObject, requested: string | null): string {
  const name = pod.metadata.name;
  const containers: string[] = (pod.spec?.containers ?? []).map((c: { name: string }) => c.name);
  const inits: string[] = (pod.spec?.initContainers ?? []).map((c: { name: string }) => c.name);
  if (!requested) {
    if (containers.length === 1 && inits.length === 0) return containers[0];
    const initPart = inits.length ? ` or one of the init containers: [${inits.join(' ')}]` : '';
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${initPart}`);
  }
  const ephemeral: string[] = (pod.spec?.ephemeralContainers ?? []).map((c: { name: string }) => c.name);
  if (!containers.includes(requested) && !inits.includes(requested) && !ephemeral.includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

/**
 * The apiserver's check before it reaches a kubelet for exec, attach or port-forward (after the
 * container name): a pod the scheduler has not placed has no kubelet to ask.
 */
export function requireHost(pod: KubeObject): string {
  const nodeName: string | undefined = pod.spec?.nodeName;
  if (!nodeName) throw badRequest(`pod ${pod.metadata.name} does not have a host assigned`);
  return nodeName;
}

function statusOf(pod: KubeObject, container: string): ContainerStatus | undefined {
  const all: ContainerStatus[] = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.ephemeralContainerStatuses ?? []),
  ];
  return all.find((s) => s.name === container);
}

/** Throws the kubelet's 400 when the container has no logs to give; returns whether to read the previous instance. */
export function checkLogsAvailable(pod: KubeObject, container: string, previous: boolean): void {
  const podName = pod.metadata.name;
  const status = statusOf(pod, container);
  if (!status) throw badRequest(`container "${container}" in pod "${podName}" is not available`);
  const { state = {}, lastState = {} } = status;
  if (previous) {
    if (!lastState.terminated?.containerID) throw badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
    return;
  }
  if (state.running) return;
  if (state.terminated) {
    if (state.terminated.containerID || lastState.terminated?.containerID) return;
    throw badRequest(`container "${container}" in pod "${podName}" is terminated`);
  }
  if (lastState.terminated) {
    if (lastState.terminated.containerID) return;
    throw badRequest(`container "${container}" in pod "${podName}" is terminated`);
  }
  const reason = state.waiting?.reason;
  if (reason === 'ErrImagePull') throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: image can't be pulled`);
  if (reason === 'ImagePullBackOff') throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: trying and failing to pull image`);
  if (reason) throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${reason}`);
  throw badRequest(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
}
