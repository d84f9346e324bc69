/**
 * What one pod holds on the node besides its containers (k/k kuberuntime createPodSandbox /
 * KillPodSandbox, and the volume manager's mount and unmount for the pod): its volumes, set up
 * before the first container and retried on the volume manager's back-off after a failed mount;
 * the sandbox's network namespace and IP (the node's own under hostNetwork), with the pod's PID
 * namespace under shareProcessNamespace; and their teardown. The pod worker decides when each step
 * runs and records the events; nothing here writes to the API.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import type { Clock } from '../../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../../shared/client/client.js';
import type { VirtualFs } from '../../runtime/fs/vfs.js';
import { podPidNamespace, type ProcessTable } from '../../runtime/fs/proc-fs.js';
import type { ClusterNetwork, PodNetwork } from '../../runtime/network.js';
import { MountError, setUpPodVolumes, tearDownPodVolumes, type PreparedVolume, type VolumeStore } from './volumes.js';

/** The volume manager's retry back-off after a failed mount: 500 ms doubling to 2m2s. */
const mountRetryInitialMs = 500;
const mountRetryMaxMs = 122_000;

const ref = (resource: string): ResourceRef => ({ group: '', version: 'v1', resource });

export interface SandboxDeps {
  client: ApiClient;
  clock: Clock;
  network: ClusterNetwork;
  nodeIP: string;
  allocatePodIP(podUid: string): string;
  releasePodIP(podUid: string): void;
  nodeFs: VirtualFs;
  volumeStore: VolumeStore;
  nodeAllocatable(): Promise<Readonly<Record<string, string>>>;
}

/** The network namespace and IP, and with shareProcessNamespace the pod's PID namespace. */
export interface Sandbox {
  podIP: string;
  net: PodNetwork;
  /** The IP came from the node's pod CIDR (not hostNetwork): it is released with the sandbox. */
  allocated: boolean;
  processes?: ProcessTable;
}

export class PodSandbox {
  private current?: Sandbox;
  private prepared?: Map<string, PreparedVolume>;
  /** The pod's IP, kept after the sandbox is gone: a finished pod still shows it. */
  private lastPodIP?: string;
  private mountRetryMs = mountRetryInitialMs;

  constructor(
    private readonly deps: SandboxDeps,
    private readonly uid: string,
  ) {}

  /** The sandbox while it exists (PodReadyToStartContainers). */
  get sandbox(): Sandbox | undefined {
    return this.current;
  }

  get podIP(): string | undefined {
    return this.lastPodIP;
  }

  /** The pod's volumes once they are set up. */
  get volumes(): ReadonlyMap<string, PreparedVolume> | undefined {
    return this.prepared;
  }

  /**
   * Sets up the pod's volumes. A MountError (a missing ConfigMap, a claim not bound) gives its
   * message and when to try again, on the volume manager's back-off; other errors are thrown.
   */
  async mountVolumes(pod: Readonly<KubeObject>): Promise<{ message: string; retryAt: number } | undefined> {
    try {
      this.prepared = await setUpPodVolumes(pod, {
        nodeFs: this.deps.nodeFs,
        volumeStore: this.deps.volumeStore,
        hostIP: this.deps.nodeIP,
        podIP: undefined,
        get: (resource, namespace, name) => this.deps.client.get(ref(resource), namespace, name),
        nodeAllocatable: () => this.deps.nodeAllocatable(),
        requestToken: async (namespace, serviceAccount, request) => {
          const response = await this.deps.client.createSubresource(ref('serviceaccounts'), namespace, serviceAccount, 'token', request);
          return (response as KubeObject).status?.token ?? '';
        },
      });
      this.mountRetryMs = mountRetryInitialMs;
      return undefined;
    } catch (err) {
      if (!(err instanceof MountError)) throw err;
      const retryAt = this.deps.clock.now() + this.mountRetryMs;
      this.mountRetryMs = Math.min(this.mountRetryMs * 2, mountRetryMaxMs);
      return { message: err.message, retryAt };
    }
  }

  /** Creates the sandbox once: the network namespace and its IP. */
  ensure(pod: Readonly<KubeObject>): Sandbox {
    if (this.current) return this.current;
    const hostNetwork = pod.spec?.hostNetwork === true;
    const podIP = hostNetwork ? this.deps.nodeIP : this.deps.allocatePodIP(this.uid);
    this.current = { podIP, net: this.deps.network.forPod(podIP), allocated: !hostNetwork };
    if (pod.spec?.shareProcessNamespace === true) this.current.processes = podPidNamespace(this.deps.clock.now());
    this.lastPodIP = podIP;
    return this.current;
  }

  /** The sandbox goes (its IP back to the node's pool); the volumes stay (the node died, or a halt). */
  release(): void {
    if (this.current?.allocated) this.deps.releasePodIP(this.uid);
    this.current = undefined;
  }

  /** The pod is done on this node: the sandbox and the volumes go. */
  tearDown(): void {
    this.release();
    if (this.prepared) tearDownPodVolumes(this.uid, this.deps.nodeFs);
    this.prepared = undefined;
  }
}
