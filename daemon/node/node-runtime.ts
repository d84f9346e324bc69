/**
 * What the virtual nodes share and what each keeps: one cluster network, one image catalog, one
 * store behind PersistentVolumes; per node, its container runtime (its own image cache) and its
 * root filesystem (hostPath volumes survive the pods on that node, and a node restart). Builds each
 * node's kubelet and says when one starts or stops, so the API server can reach it for logs/exec.
 */
import type { Clock } from '../../shared/clock.js';
import type { ApiClient } from '../../shared/client/client.js';
import { MemoryFs } from '../runtime/fs/memory-fs.js';
import type { VirtualFs } from '../runtime/fs/vfs.js';
import { ImageCatalog } from '../runtime/images/catalog.js';
import { ClusterNetwork } from '../runtime/network.js';
import { SimulatedRuntime } from '../runtime/runtime.js';
import { Kubelet, type VolumeStore } from './kubelet/kubelet.js';
import type { PodRunner, VirtualNode } from './virtual-node.js';

/** PersistentVolume contents, by volume name, kept for the daemon's lifetime. */
class MemoryVolumeStore implements VolumeStore {
  private readonly volumes = new Map<string, VirtualFs>();

  constructor(private readonly clock: Clock) {}

  volumeFs(volumeName: string): VirtualFs {
    let fs = this.volumes.get(volumeName);
    if (!fs) this.volumes.set(volumeName, (fs = new MemoryFs({ clock: this.clock })));
    return fs;
  }
}

export class NodeRuntimes {
  readonly network = new ClusterNetwork();
  private readonly catalog = new ImageCatalog({});
  private readonly volumes: MemoryVolumeStore;
  private readonly nodeFs = new Map<string, VirtualFs>();
  private readonly runtimes = new Map<string, SimulatedRuntime>();

  constructor(
    private readonly options: {
      client: ApiClient;
      clock: Clock;
      /** Told when a node's kubelet starts (with it) and stops (undefined): the API server's directory. */
      onKubelet: (nodeName: string, kubelet: Kubelet | undefined) => void;
    },
  ) {
    this.volumes = new MemoryVolumeStore(options.clock);
  }

  /** The pod runner of one node: a kubelet over this node's runtime and filesystem. */
  podRunner(node: VirtualNode): PodRunner {
    const { client, clock, onKubelet } = this.options;
    const name = node.name;
    let fs = this.nodeFs.get(name);
    if (!fs) this.nodeFs.set(name, (fs = new MemoryFs({ clock })));
    let runtime = this.runtimes.get(name);
    if (!runtime) this.runtimes.set(name, (runtime = new SimulatedRuntime({ clock, catalog: this.catalog })));
    const kubelet = new Kubelet({
      client,
      clock,
      nodeName: name,
      nodeIP: node.identity.ip,
      runtime,
      network: this.network,
      allocatePodIP: (uid) => node.ips.allocate(uid),
      releasePodIP: (uid) => node.ips.release(uid),
      hostPathFs: fs,
      volumeStore: this.volumes,
    });
    return {
      start: async (signal) => {
        await kubelet.start(signal);
        onKubelet(name, kubelet);
      },
      halt: async () => {
        onKubelet(name, undefined);
        await kubelet.stop();
      },
    };
  }
}
