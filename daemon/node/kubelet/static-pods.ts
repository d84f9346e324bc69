/**
 * The kubelet's static pods and their mirror pods (k/k `pkg/kubelet/config` file source,
 * `pkg/kubelet/pod/mirror_client.go`, and syncPod's mirror handling). Each manifest becomes a
 * static pod named `<name>-<node>` whose UID is the config hash (md5 of the manifest and the node
 * name), run by an ordinary pod worker; the API only ever sees its mirror pod, annotated
 * `kubernetes.io/config.mirror` / `config.hash` / `config.seen` / `config.source: file`, owned by
 * the Node (controller: true), which receives the worker's status. A mirror that is deleted, being
 * deleted or of another hash is deleted for good (grace 0, UID precondition) and made again, while
 * the static pod keeps running: same containers, same restart counts, a new mirror UID. Mirror pods
 * of no manifest are deleted (deleteOrphanedMirrorPods). On the node's boot that precedes the API
 * the static pods count as started earlier, by kubeadm init's run (bootLeadMs). Left out:
 * manifests changing while the kubelet runs (the file source is read once), HTTP sources.
 */
import { createHash } from 'node:crypto';
import { isAlreadyExists, isConflict, isNotFound } from '../../../shared/api/errors.js';
import { objectKey } from '../../../shared/api/keys.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { rfc3339, type Clock } from '../../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../../shared/client/client.js';
import type { Logger } from '../../../shared/log.js';
import type { PodWorker, StaticPodWorkerOptions } from './pod-worker.js';
import { SyncLoop } from './sync-loop.js';

export const mirrorAnnotation = 'kubernetes.io/config.mirror';
const hashAnnotation = 'kubernetes.io/config.hash';
const seenAnnotation = 'kubernetes.io/config.seen';
const sourceAnnotation = 'kubernetes.io/config.source';
const podsRef: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const nodesRef: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };
/** How soon a failed mirror sync is tried again (the pod worker's back-off). */
const retryMs = 1000;

/**
 * How long the static pods have run when the kubelet's first start in the daemon happens, the boot
 * that precedes the API. In kubeadm the kubelet comes first: it starts the static pods from
 * /etc/kubernetes/manifests while no API answers (kube-apiserver is one of them); `kubeadm init`
 * waits for the API server's health, uploads its configuration, marks the control plane and
 * installs CoreDNS and kube-proxy, and kind installs its CNI and StorageClass before
 * `kind create cluster` returns. By the first `kubectl get pods -A` the containers have run some
 * 20 s, past kubeadm's startup-probe initialDelaySeconds (10), and show `1/1 Running`.
 * kubelab's API answers half a second after `kubelab up` starts, so that stretch is compressed
 * rather than waited for: the containers' startedAt, the pods' startTime, config.seen and the
 * kubelet's Pulled/Created/Started events date from it (startTime before the mirror's
 * creationTimestamp, as on kind), the images are at hand with no simulated inspect, and the
 * startup probe that fell due in it runs at once (pod-worker.ts); `kubelab up` returns once they
 * show Running and Ready (daemon/static-pods-ready.ts). Dating the containers from the daemon's
 * own start would keep the order but not the elapsed time, and leave them `0/1` for the first
 * 10–20 s, which no kind user sees. A later start of the node is a reboot: its static pods start afresh, `0/1` until
 * their probes pass, as on a rebooted machine.
 */
export const bootLeadMs = 20_000;

/** Whether a pod in the API is a mirror pod. */
export function isMirrorPod(pod: Readonly<KubeObject>): boolean {
  return pod.metadata.annotations?.[mirrorAnnotation] !== undefined;
}

/** The config hash: what the kubelet makes the static pod's UID (32 hex digits, md5). */
export function configHash(manifest: Readonly<KubeObject>, nodeName: string): string {
  return createHash('md5').update(JSON.stringify(manifest)).update(nodeName).digest('hex');
}

/** Go's RFC3339Nano in UTC: trailing zeros of the fraction dropped (`…T10:00:00.12Z`, `…T10:00:00Z`). */
export function configSeen(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

export interface StaticPodsOptions {
  client: ApiClient;
  clock: Clock;
  nodeName: string;
  log: Logger;
  manifests: readonly KubeObject[];
  /** A pod of the kubelet's pod cache (pods bound to this node), by namespace and name. */
  cached(namespace: string, name: string): Readonly<KubeObject> | undefined;
  /** A pod worker for a static pod, writing its status to its mirror. */
  makeWorker(pod: KubeObject, staticPod: StaticPodWorkerOptions): PodWorker;
  /** This start is the node's boot that precedes the API (its first in the daemon): see bootLeadMs. */
  atBoot?: boolean;
}

interface StaticPod {
  namespace: string;
  name: string;
  hash: string;
  manifest: Readonly<KubeObject>;
  /** The static pod's annotations: the manifest's and the file source's (not config.mirror). */
  annotations: Record<string, string>;
  mirror?: Readonly<KubeObject>;
  worker?: PodWorker;
  loop: SyncLoop;
}

export class StaticPods {
  private readonly pods = new Map<string, StaticPod>();
  private started = false;
  private halted = false;
  private nodeUid?: string;
  /** When the static pods started, on a boot start (bootLeadMs before this kubelet's start). */
  private readonly bootedAt?: number;

  constructor(private readonly options: StaticPodsOptions) {
    if (options.atBoot) this.bootedAt = options.clock.now() - bootLeadMs;
    // The file source stamps the time it first read each file: at the boot, that is when the pods started.
    const seen = configSeen(this.bootedAt ?? options.clock.now());
    for (const manifest of options.manifests) {
      const namespace = manifest.metadata.namespace ?? 'default';
      const name = `${manifest.metadata.name}-${options.nodeName}`;
      const hash = configHash(manifest, options.nodeName);
      const annotations = { ...manifest.metadata.annotations, [hashAnnotation]: hash, [seenAnnotation]: seen, [sourceAnnotation]: 'file' };
      const pod: StaticPod = { namespace, name, hash, manifest, annotations, loop: undefined as unknown as SyncLoop };
      pod.loop = new SyncLoop({
        clock: options.clock,
        sync: () => this.syncMirror(pod),
        retryMs,
        onError: (err) => options.log.error('mirror pod sync failed; will retry', { pod: `${namespace}/${name}`, error: (err as Error).message }),
      });
      this.pods.set(objectKey(namespace, name), pod);
    }
  }

  /** The pod cache has synced: make (or adopt) every mirror pod and start the static pods. */
  start(): void {
    this.started = true;
    for (const pod of this.pods.values()) pod.loop.request();
  }

  /** The node stops: the static pods die with it; nothing more is written. */
  halt(): void {
    this.halted = true;
    for (const pod of this.pods.values()) {
      pod.loop.stop();
      pod.worker?.halt();
    }
  }

  /** A mirror pod was added or changed in the kubelet's cache. */
  mirrorChanged(mirror: Readonly<KubeObject>): void {
    if (this.halted || !this.started) return;
    const pod = this.pods.get(objectKey(mirror.metadata.namespace, mirror.metadata.name ?? ''));
    if (!pod) return void this.deleteMirror(mirror, 'orphaned');
    if (pod.mirror?.metadata.uid === mirror.metadata.uid && !mirror.metadata.deletionTimestamp) {
      pod.mirror = mirror;
      return;
    }
    pod.loop.request();
  }

  /** A mirror pod left the API. */
  mirrorDeleted(mirror: Readonly<KubeObject>): void {
    const pod = this.pods.get(objectKey(mirror.metadata.namespace, mirror.metadata.name ?? ''));
    if (!pod || this.halted) return;
    if (pod.mirror?.metadata.uid === mirror.metadata.uid) pod.mirror = undefined;
    if (this.started) pod.loop.request();
  }

  /** The UIDs the static pods run under (their config hashes): what the node keeps of them is theirs. */
  podUids(): string[] {
    return [...this.pods.values()].map((pod) => pod.hash);
  }

  /** The worker of the static pod behind a mirror pod's UID (logs, exec, port-forward). */
  workerForMirror(uid: string): PodWorker | undefined {
    for (const pod of this.pods.values()) if (pod.mirror?.metadata.uid === uid || pod.hash === uid) return pod.worker;
    return undefined;
  }

  /** One step of syncPod's mirror handling: delete a stale mirror, or make a missing one. */
  private async syncMirror(pod: StaticPod): Promise<void> {
    if (this.halted) return;
    const cached = this.options.cached(pod.namespace, pod.name);
    if (cached && (cached.metadata.deletionTimestamp || cached.metadata.annotations?.[mirrorAnnotation] !== pod.hash)) {
      if (pod.mirror?.metadata.uid === cached.metadata.uid) pod.mirror = undefined;
      // The informer's DELETED event brings the next sync, which makes the new mirror.
      return this.deleteMirror(cached, cached.metadata.deletionTimestamp ? 'deleted' : 'outdated');
    }
    let mirror = cached;
    if (!mirror) {
      try {
        mirror = await this.options.client.create(podsRef, pod.namespace, await this.mirrorPodOf(pod));
      } catch (err) {
        // The cache has not yet seen a mirror made a moment ago: its ADDED event syncs again.
        if (isAlreadyExists(err)) return;
        throw err;
      }
      if (this.halted) return;
    }
    const replaced = pod.mirror?.metadata.uid !== mirror.metadata.uid;
    pod.mirror = mirror;
    if (!pod.worker) {
      const bootedAt = this.bootedAt !== undefined ? { bootedAt: this.bootedAt } : {};
      pod.worker = this.options.makeWorker(this.staticPodOf(pod, mirror), { mirror: () => pod.mirror, ...bootedAt });
    } else if (replaced) {
      pod.worker.mirrorReplaced();
    }
  }

  private async deleteMirror(mirror: Readonly<KubeObject>, why: string): Promise<void> {
    const key = `${mirror.metadata.namespace}/${mirror.metadata.name}`;
    this.options.log.info('Deleting mirror pod', { pod: key, reason: why });
    try {
      await this.options.client.delete(podsRef, mirror.metadata.namespace, mirror.metadata.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: mirror.metadata.uid } });
    } catch (err) {
      // Already gone, or replaced meanwhile: nothing of that mirror is left to delete.
      if (!isNotFound(err) && !isConflict(err)) this.options.log.error('could not delete mirror pod', { pod: key, error: (err as Error).message });
    }
  }

  /** The mirror pod as the kubelet creates it: the static pod, plus the mirror annotation and the Node as owner. */
  private async mirrorPodOf(pod: StaticPod): Promise<KubeObject> {
    this.nodeUid ??= (await this.options.client.get(nodesRef, undefined, this.options.nodeName)).metadata.uid;
    const spec = structuredClone(pod.manifest.spec ?? {});
    spec.nodeName = this.options.nodeName;
    // The file source lets static pods tolerate every NoExecute taint: a node going NotReady never evicts them.
    spec.tolerations = [...(spec.tolerations ?? []), { operator: 'Exists', effect: 'NoExecute' }];
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: pod.name,
        namespace: pod.namespace,
        labels: { ...pod.manifest.metadata.labels },
        annotations: { ...pod.annotations, [mirrorAnnotation]: pod.hash },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.options.nodeName, uid: this.nodeUid!, controller: true }],
      },
      spec,
    };
  }

  /** The pod the worker runs: the mirror's (defaulted) spec under the static pod's own identity. */
  private staticPodOf(pod: StaticPod, mirror: Readonly<KubeObject>): KubeObject {
    // After a kubelet restart the mirror's status is what the kubelet finds of its containers.
    const status = structuredClone(mirror.status ?? {});
    // Started at the boot: the kubelet's first sync of it (startTime) was then too.
    if (this.bootedAt !== undefined && !status.startTime) status.startTime = rfc3339(this.bootedAt);
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: pod.name,
        namespace: pod.namespace,
        uid: pod.hash,
        labels: { ...pod.manifest.metadata.labels },
        annotations: { ...pod.annotations },
        creationTimestamp: mirror.metadata.creationTimestamp,
      },
      spec: structuredClone(mirror.spec),
      status,
    };
  }
}
