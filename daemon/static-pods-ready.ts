/**
 * What `kubelab up` waits for besides the API: the control-plane node's static pods (etcd,
 * kube-apiserver, kube-controller-manager, kube-scheduler) shown Running and Ready through the API.
 * On kind they are `1/1 Running` when the API first answers: `kubeadm init` starts them and waits
 * for the control plane's health before `kind create cluster` returns, and the API server is one
 * of them. This watches the mirror pods as any client would (no peeking into the kubelet) and gives
 * up after a bound, logging what it last saw: a cluster whose static pods are stuck still starts,
 * since its API answers. It does not wait for anything kind does not (CoreDNS, the CNI, addons).
 */
import type { KubeObject, WatchEvent } from '../shared/api/meta.js';
import type { Clock } from '../shared/clock.js';
import type { ApiClient, WatchHandle } from '../shared/client/client.js';
import type { Logger } from '../shared/log.js';
import { kubernetesVersion } from '../shared/version.js';
import { controlPlaneManifests } from './node/static-pod-manifests.js';
import { isPodReady } from './controllers/pod-state.js';

const pods = { group: '', version: 'v1', resource: 'pods' };

export interface StaticPodsReadyOptions {
  client: ApiClient;
  clock: Clock;
  log: Logger;
  nodeName: string;
  namespace: string;
  /** The mirror pods' names: `<manifest name>-<node name>`. */
  names: readonly string[];
  /** How long to wait, in cluster time, before reporting ready anyway. */
  timeoutMs: number;
}

/** What the daemon knows of a node: its name, its IP, and whether it runs the control plane. */
export interface NodeSketch {
  name: string;
  ip: string;
  controlPlane: boolean;
}

/**
 * Waits for the static pods of every control-plane node (kubeadm's four manifests, mirror pods
 * `<component>-<node>` in kube-system); resolves false if any wait gave up.
 */
export async function waitForControlPlane(options: { client: ApiClient; clock: Clock; log: Logger; nodes: readonly NodeSketch[]; timeoutMs: number }): Promise<boolean> {
  const waits = options.nodes
    .filter((node) => node.controlPlane)
    .map((node) => {
      const names = controlPlaneManifests({ nodeName: node.name, nodeIP: node.ip, kubernetesVersion }).map((pod) => `${pod.metadata.name}-${node.name}`);
      return waitForStaticPods({ ...options, nodeName: node.name, namespace: 'kube-system', names });
    });
  return (await Promise.all(waits)).every(Boolean);
}

/** Whether a pod is what kubectl shows as `Running` with every container ready (Ready=True). */
export function isRunningAndReady(pod: Readonly<KubeObject>): boolean {
  return !pod.metadata.deletionTimestamp && pod.status?.phase === 'Running' && isPodReady(pod);
}

/** Resolves true once every named pod is Running and Ready, false at the timeout (logged). */
export async function waitForStaticPods(options: StaticPodsReadyOptions): Promise<boolean> {
  const { client, clock, log, names } = options;
  if (names.length === 0) return true;
  const wanted = new Set(names);
  const ready = new Set<string>();
  let settle!: (ok: boolean) => void;
  const settled = new Promise<boolean>((resolve) => (settle = resolve));
  const onEvent = (event: WatchEvent): void => {
    const pod = event.object as KubeObject;
    const name = pod.metadata?.name ?? '';
    if (!wanted.has(name)) return;
    if (event.type !== 'DELETED' && isRunningAndReady(pod)) ready.add(name);
    else ready.delete(name);
    if (ready.size === wanted.size) settle(true);
  };
  const timer = clock.after(options.timeoutMs, () => settle(false));
  let watch: WatchHandle | undefined;
  try {
    // From no resourceVersion: a synthetic ADDED for each pod there already (a restart's mirrors).
    watch = await client.watch(pods, options.namespace, { fieldSelector: `spec.nodeName=${options.nodeName}` }, onEvent);
    // A watch that ends early (it should not in-process) leaves the timeout to settle.
    const ok = await settled;
    if (!ok) log.error('static pods not Running and Ready in time; reporting ready anyway', { node: options.nodeName, waitedMs: options.timeoutMs, ready: [...ready], missing: names.filter((n) => !ready.has(n)) });
    return ok;
  } finally {
    timer.cancel();
    watch?.stop();
  }
}
