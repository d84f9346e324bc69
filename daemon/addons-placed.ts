/**
 * When a fresh cluster's workers join: once the scheduler has placed the pods of the addons kind
 * installs before it joins them — kubeadm's CoreDNS and kind's local-path-provisioner. `kind create
 * cluster` runs kubeadm init (which installs CoreDNS), applies its CNI and StorageClass manifests,
 * and only then joins the workers; joining takes them long enough that the control plane is Ready
 * first, and those Pending addon pods land on it: `kubectl get pods -A -o wide` shows coredns and
 * local-path-provisioner on kind-control-plane at 10.244.0.x. kubelab keeps that outcome without
 * kind's seconds of waiting: its workers register NotReady (the kubelet's `cni plugin not
 * initialized`) with the not-ready taint, and their kubelets start once this resolves. Watches pods
 * as any client would; gives up after a bound (logged), so a stuck addon never keeps workers out.
 */
import { isNotFound } from '../shared/api/errors.js';
import { selectorFromLabelSelector } from '../shared/labels.js';
import type { KubeObject, WatchEvent } from '../shared/api/meta.js';
import type { Clock } from '../shared/clock.js';
import type { ApiClient, WatchHandle } from '../shared/client/client.js';
import type { Logger } from '../shared/log.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const deployments = { group: 'apps', version: 'v1', resource: 'deployments' };

/** The Deployments `kind create cluster` has installed by the time it joins the workers. */
export const controlPlaneAddons: readonly { namespace: string; name: string }[] = [
  { namespace: 'kube-system', name: 'coredns' },
  { namespace: 'local-path-storage', name: 'local-path-provisioner' },
];

export interface AddonsPlacedOptions {
  client: ApiClient;
  clock: Clock;
  log: Logger;
  /** How long to wait, in cluster time, before letting the workers join anyway. */
  timeoutMs: number;
  signal?: AbortSignal;
  addons?: readonly { namespace: string; name: string }[];
}

/** What one addon needs: its pods (by the Deployment's selector) and how many of them must be bound. */
interface Wanted {
  namespace: string;
  /** The Deployment's selector as a query string (`k8s-app=kube-dns`). */
  selector: string;
  replicas: number;
  bound: Set<string>;
}

/**
 * Resolves true once every addon Deployment has as many pods bound to a node as it wants replicas
 * (a missing Deployment wants none), false at the timeout or on abort.
 */
export async function waitForAddonsPlaced(options: AddonsPlacedOptions): Promise<boolean> {
  const { client, clock, log } = options;
  const wanted = (await Promise.all((options.addons ?? controlPlaneAddons).map((addon) => wantedOf(client, addon.namespace, addon.name)))).filter((w) => w !== undefined);
  const isPlaced = (): boolean => wanted.every((w) => w.bound.size >= w.replicas);
  if (isPlaced()) return true;
  let settle!: (ok: boolean) => void;
  const settled = new Promise<boolean>((resolve) => (settle = resolve));
  const timer = clock.after(options.timeoutMs, () => settle(false));
  const onAbort = (): void => settle(false);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const watches: WatchHandle[] = [];
  try {
    for (const w of wanted) {
      const onEvent = (event: WatchEvent): void => {
        const pod = event.object as KubeObject;
        const name = pod.metadata?.name ?? '';
        if (event.type !== 'DELETED' && pod.spec?.nodeName && !pod.metadata.deletionTimestamp) w.bound.add(name);
        else w.bound.delete(name);
        if (isPlaced()) settle(true);
      };
      // From no resourceVersion: a synthetic ADDED for each pod there already.
      watches.push(await client.watch(pods, w.namespace, { labelSelector: w.selector }, onEvent));
    }
    const ok = await settled;
    if (!ok && !options.signal?.aborted) log.error('control-plane addons not placed in time; the workers join anyway', { waitedMs: options.timeoutMs, addons: wanted.map((w) => `${w.namespace} ${w.selector}: ${w.bound.size}/${w.replicas}`) });
    return ok;
  } finally {
    timer.cancel();
    options.signal?.removeEventListener('abort', onAbort);
    for (const watch of watches) watch.stop();
  }
}

async function wantedOf(client: ApiClient, namespace: string, name: string): Promise<Wanted | undefined> {
  try {
    const deployment = await client.get(deployments, namespace, name);
    const selector = selectorFromLabelSelector(deployment.spec?.selector).toString();
    return { namespace, selector, replicas: deployment.spec?.replicas ?? 1, bound: new Set() };
  } catch (err) {
    if (isNotFound(err)) return undefined; // deleted by the user: nothing of it to place
    throw err;
  }
}
