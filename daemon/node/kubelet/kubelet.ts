/**
 * The kubelet's pod lifecycle on one virtual node (k/k `pkg/kubelet/kubelet.go` syncLoop and
 * podWorkers): an informer on the pods bound to this node (`spec.nodeName=<node>`) feeds one pod
 * worker per pod UID (pod-worker.ts), which runs the pod's containers through the ContainerRuntime
 * and writes its status and events through the ApiClient, as a kubelet on another machine would.
 * It also answers the apiserver's log and exec subresources with the container handles.
 * Static pods run from the node's manifests, seen in the API as mirror pods (static-pods.ts).
 * Node registration, the Lease and node conditions are not here (the virtual node owns them).
 */
import { objectKey } from '../../../shared/api/keys.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { Clock } from '../../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../../shared/client/client.js';
import { EventRecorder, kubeletEventRateLimit } from '../../../shared/client/events.js';
import { SharedInformer } from '../../../shared/client/informer.js';
import { logger, type Logger } from '../../../shared/log.js';
import type { ContainerHandle, ContainerRuntime } from '../../runtime/container.js';
import type { VirtualFs } from '../../runtime/fs/vfs.js';
import type { ClusterNetwork, PodNetwork } from '../../runtime/network.js';
import { Backoff } from './backoff.js';
import { ImagePuller } from './image-puller.js';
import { PodWorker, type PodWorkerDeps } from './pod-worker.js';
import { isMirrorPod, StaticPods } from './static-pods.js';
import type { VolumeStore } from './volumes.js';

export type { VolumeStore } from './volumes.js';

const podsRef: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const servicesRef: ResourceRef = { group: '', version: 'v1', resource: 'services' };
const nodesRef: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };

export interface KubeletOptions {
  client: ApiClient;
  clock: Clock;
  nodeName: string;
  /** The node's InternalIP: the pods' hostIP, and the address probes come from. */
  nodeIP: string;
  runtime: ContainerRuntime;
  network: ClusterNetwork;
  /** Gives a pod an IP from the node's pod CIDR when its sandbox is created. */
  allocatePodIP(podUid: string): string;
  releasePodIP(podUid: string): void;
  /** The node's own filesystem: hostPath volumes, and where the kubelet keeps pod volumes. */
  hostPathFs: VirtualFs;
  /** The storage behind PersistentVolumes that are not node paths. */
  volumeStore: VolumeStore;
  /**
   * Containers the API shows running are still there (a kubelet restart, not a reboot): re-create
   * them as they were — same container ID, start time and restart count — instead of counting
   * them lost. kubelab's daemon restart is such a kubelet restart (its containers are simulated).
   */
  adoptRunningPods?: boolean;
  /** The node's static pod manifests (kubeadm's /etc/kubernetes/manifests), run as static pods. */
  staticPods?: readonly KubeObject[];
  /**
   * This start is the node's boot that precedes the API (its first in the daemon): the static pods
   * have run since kubeadm init started them (static-pods.ts bootLeadMs).
   */
  staticPodsAtBoot?: boolean;
  /**
   * The recorder of the kubelet process, which its node's events go through too (one broadcaster,
   * correlator and eventRecordQPS limit); one of its own when absent (tests).
   */
  recorder?: EventRecorder;
}

export class Kubelet {
  private readonly options: KubeletOptions;
  private readonly log: Logger;
  private readonly workers = new Map<string, PodWorker>();
  private readonly pods: SharedInformer;
  private readonly services: SharedInformer;
  private readonly deps: PodWorkerDeps;
  private readonly staticPods: StaticPods;
  private readonly abort = new AbortController();
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(options: KubeletOptions) {
    if (!options.nodeName) throw new Error('kubelet: nodeName is required');
    if (!options.nodeIP) throw new Error('kubelet: nodeIP is required');
    this.options = options;
    this.log = logger(`kubelet/${options.nodeName}`);
    const { client, clock } = options;
    this.pods = new SharedInformer({ client, clock, resource: podsRef, fieldSelector: `spec.nodeName=${options.nodeName}`, log: this.log });
    this.services = new SharedInformer({ client, clock, resource: servicesRef, log: this.log });
    this.deps = {
      client,
      clock,
      runtime: options.runtime,
      network: options.network,
      nodeIP: options.nodeIP,
      nodeName: options.nodeName,
      images: new ImagePuller(options.runtime, clock),
      crashBackoff: new Backoff(clock),
      recorder: options.recorder ?? new EventRecorder({ client, clock, component: 'kubelet', host: options.nodeName, rateLimit: kubeletEventRateLimit }),
      log: this.log,
      allocatePodIP: options.allocatePodIP,
      releasePodIP: options.releasePodIP,
      nodeFs: options.hostPathFs,
      volumeStore: options.volumeStore,
      services: () => this.services.list(),
      nodeAllocatable: () => this.nodeAllocatable(),
      onFinished: (uid) => {
        this.workers.delete(uid);
        // As the kubelet removes /var/log/pods/<pod> once the pod is gone from the API.
        options.runtime.removePodLogs?.(uid);
      },
      adoptRunning: options.adoptRunningPods ?? false,
    };
    this.staticPods = new StaticPods({
      client,
      clock,
      nodeName: options.nodeName,
      log: this.log,
      manifests: options.staticPods ?? [],
      cached: (namespace, name) => this.pods.get(objectKey(namespace, name)),
      makeWorker: (pod, staticPod) => new PodWorker(this.deps, pod, staticPod),
      atBoot: options.staticPodsAtBoot ?? false,
    });
    // Mirror pods are the API's view of static pods: the static pod manager handles them, never a worker of their own.
    this.pods.addEventHandler({
      onAdd: (pod) => (isMirrorPod(pod) ? this.staticPods.mirrorChanged(pod) : this.podAdded(pod)),
      onUpdate: (old, pod) => (isMirrorPod(pod) ? this.staticPods.mirrorChanged(pod) : this.podUpdated(old, pod)),
      onDelete: (pod) => (isMirrorPod(pod) ? this.staticPods.mirrorDeleted(pod) : this.workers.get(pod.metadata.uid ?? '')?.remove(pod)),
    });
  }

  /** The EventRecorder of this kubelet (tests flush it). */
  get recorder(): EventRecorder {
    return this.deps.recorder;
  }

  /**
   * Starts watching the node's pods; resolves once the caches have synced and every pod bound to
   * the node has its worker. The kubelet runs until the signal aborts or stop() is called.
   */
  async start(signal?: AbortSignal): Promise<void> {
    if (this.running) throw new Error(`kubelet ${this.options.nodeName}: already started`);
    signal?.addEventListener('abort', () => void this.stop(), { once: true });
    const inner = this.abort.signal;
    this.running = Promise.all([this.pods.run(inner), this.services.run(inner)]).catch((err) => this.log.error('informer stopped', { error: String(err) }));
    await Promise.all([this.pods.waitForSync(inner), this.services.waitForSync(inner)]);
    if (this.stopped) return;
    this.staticPods.start();
    // Pods deleted while the kubelet was down leave log directories no worker will remove: they go
    // now, as the kubelet's cleanup of orphaned pod directories removes them.
    const bound = this.pods.list().filter((pod) => !isMirrorPod(pod)).map((pod) => pod.metadata.uid ?? '');
    this.options.runtime.retainPodLogs?.(new Set([...bound, ...this.staticPods.podUids()]));
    // Mirror pods already in the cache: orphans among them are deleted.
    for (const pod of this.pods.list()) if (isMirrorPod(pod)) this.staticPods.mirrorChanged(pod);
  }

  /** The node goes down: watches end, every container is killed at once, nothing more is written. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
    this.staticPods.halt();
    for (const worker of this.workers.values()) worker.halt();
    this.workers.clear();
    await this.running;
  }

  /** For the apiserver's `pods/log` and `pods/exec`: the container, or its last terminated instance. */
  containerHandle(podUid: string, containerName: string, previous = false): ContainerHandle | undefined {
    return (this.workers.get(podUid) ?? this.staticPods.workerForMirror(podUid))?.containerHandle(containerName, previous);
  }

  /** For the apiserver's `pods/portforward`: the pod's network namespace, while its sandbox runs. */
  podNetwork(podUid: string): PodNetwork | undefined {
    return (this.workers.get(podUid) ?? this.staticPods.workerForMirror(podUid))?.podNetwork();
  }

  private podAdded(pod: Readonly<KubeObject>): void {
    if (this.stopped) return;
    const uid = pod.metadata.uid ?? '';
    const worker = this.workers.get(uid);
    if (worker) worker.update(pod);
    else this.workers.set(uid, new PodWorker(this.deps, pod));
  }

  private podUpdated(old: Readonly<KubeObject>, pod: Readonly<KubeObject>): void {
    if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
    // Deleted and created again under the same name between two events: two different pods.
    if (old.metadata.uid !== pod.metadata.uid) this.workers.get(old.metadata.uid ?? '')?.remove(old);
    this.podAdded(pod);
  }

  private async nodeAllocatable(): Promise<Readonly<Record<string, string>>> {
    try {
      const node = await this.options.client.get(nodesRef, undefined, this.options.nodeName);
      return node.status?.allocatable ?? {};
    } catch (err) {
      this.log.error('could not read the node for its allocatable resources', { node: this.options.nodeName, error: String(err) });
      return {};
    }
  }
}
