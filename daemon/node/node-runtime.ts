/**
 * What the virtual nodes share and what each keeps: one cluster network, one image catalog, one
 * store behind PersistentVolumes; per node, its container runtime (its own image cache) and its
 * root filesystem (hostPath volumes survive the pods on that node, and a node restart). Builds each
 * node's kubelet and kube-proxy, starts and stops them with the node, and says when a kubelet
 * starts or stops, so the API server can reach it for logs/exec.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient } from '../../shared/client/client.js';
import type { DnsTransport } from '../runtime/dns/dns-message.js';
import { MemoryFs } from '../runtime/fs/memory-fs.js';
import type { VirtualFs } from '../runtime/fs/vfs.js';
import { ImageCatalog } from '../runtime/images/catalog.js';
import { ClusterNetwork, type HttpHandler } from '../runtime/network.js';
import { SimulatedRuntime } from '../runtime/runtime.js';
import type { PodLogStore } from '../runtime/log-store.js';
import { kubernetesVersion } from '../../shared/version.js';
import { kindAddonImages } from '../../shared/kind-addon-images.js';
import { Kubelet, type VolumeStore } from './kubelet/kubelet.js';
import { startNodeShellHost, type NodeShellHost } from './node-shell.js';
import { KubeProxy } from './proxy/proxy.js';
import { controlPlaneManifests, manifestFiles } from './static-pod-manifests.js';
import { nodeImages } from './node-object.js';
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
  readonly network: ClusterNetwork;
  private readonly catalog: ImageCatalog;
  private readonly volumes: MemoryVolumeStore;
  private readonly nodeFs = new Map<string, VirtualFs>();
  private readonly runtimes = new Map<string, SimulatedRuntime>();
  /** The kube-proxy of each running node. */
  private readonly proxies = new Map<string, KubeProxy>();
  /** The shell host of each running node, made on the first `kubelab node shell`. */
  private readonly shellHosts = new Map<string, Promise<NodeShellHost>>();
  /** The static pod manifests of each node (kubeadm's, on the control-plane node). */
  private readonly staticPods = new Map<string, KubeObject[]>();

  constructor(
    private readonly options: {
      client: ApiClient;
      clock: Clock;
      /** Told when a node's kubelet starts (with it) and stops (undefined): the API server's directory. */
      onKubelet: (nodeName: string, kubelet: Kubelet | undefined) => void;
      /** The cluster DNS (CoreDNS behind kube-dns) the pods' resolvers reach. */
      dns?: DnsTransport;
      /** The API server as the kube-apiserver container's 6443 passes requests on (in-cluster-endpoint.ts). */
      apiserver?: HttpHandler;
      /** The CA certificate that verifies it (what pods find in kube-root-ca.crt). */
      apiserverCA?: string;
      /**
       * The nodes' kube-proxies start once this settles: the control plane's static pods are up. On
       * kind, kube-proxy is an addon kubeadm init installs after the control plane answers.
       */
      proxiesAfter?: Promise<unknown>;
      /** Each node's container log files (its /var/log/pods), which outlive the daemon. */
      logs?: { forNode(nodeName: string): PodLogStore };
    },
  ) {
    this.catalog = new ImageCatalog({ apiserver: options.apiserver, apiserverCA: options.apiserverCA });
    this.volumes = new MemoryVolumeStore(options.clock);
    this.network = new ClusterNetwork({ clock: options.clock });
  }

  /** The kube-proxy of a running node, for `kubelab node rules` and `kubelab node shell`. */
  proxy(nodeName: string): KubeProxy | undefined {
    return this.proxies.get(nodeName);
  }

  /** The machine of a running node, for `kubelab node shell`; undefined when the node is down. */
  nodeShell(nodeName: string): Promise<NodeShellHost> | undefined {
    const proxy = this.proxies.get(nodeName);
    if (!proxy) return undefined;
    let host = this.shellHosts.get(nodeName);
    if (!host) {
      const files = () => manifestFiles(this.staticPods.get(nodeName) ?? []);
      host = startNodeShellHost({ nodeName, clock: this.options.clock, catalog: this.catalog, net: this.network.forNode(nodeName), natTable: () => proxy.render(), files });
      this.shellHosts.set(nodeName, host);
    }
    return host;
  }

  /** The pod runner of one node: a kubelet over this node's runtime and filesystem. */
  podRunner(node: VirtualNode): PodRunner {
    const { client, clock, onKubelet } = this.options;
    const name = node.name;
    let fs = this.nodeFs.get(name);
    if (!fs) this.nodeFs.set(name, (fs = new MemoryFs({ clock })));
    let runtime = this.runtimes.get(name);
    if (!runtime) {
      this.runtimes.set(name, (runtime = new SimulatedRuntime({ clock, catalog: this.catalog, dns: this.options.dns, logs: this.options.logs?.forNode(name) })));
      // The machine's image store outlived the daemon (containerd's is on disk): what its Node listed is still there.
      for (const image of node.storedImageNames) runtime.preloadImage(image);
    }
    // kubeadm's static pods on the control-plane node (what kind's node image ships with their images).
    const staticPods = node.identity.controlPlane ? controlPlaneManifests({ nodeName: name, nodeIP: node.identity.ip, kubernetesVersion }) : [];
    this.staticPods.set(name, staticPods);
    for (const image of [...staticPods.map((pod) => pod.spec!.containers[0].image as string), `registry.k8s.io/kube-proxy:${kubernetesVersion}`, ...kindAddonImages]) runtime.preloadImage(image);
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
      // The kubelet's first start in this daemon follows a daemon restart, not a reboot (virtual-node.ts).
      adoptRunningPods: node.isFirstBoot,
      staticPods,
      // The first start is the machine's boot, which kubeadm's static pods began before the API answered.
      staticPodsAtBoot: node.isFirstBoot,
      // One recorder per kubelet process: the node's events and its pods' share the limits.
      recorder: node.eventRecorder,
    });
    this.network.attachNode({ name, ip: node.identity.ip, podCIDR: node.identity.podCIDR });
    const proxy = new KubeProxy({ client, clock, nodeName: name, nodeIP: node.identity.ip, network: this.network });
    return {
      start: async (signal) => {
        this.proxies.set(name, proxy);
        const startProxy = async (): Promise<void> => {
          await this.options.proxiesAfter;
          if (!signal.aborted) await proxy.start(signal);
        };
        await Promise.all([kubelet.start(signal), startProxy()]);
        onKubelet(name, kubelet);
      },
      images: () => nodeImages(runtime.listImages()),
      halt: async () => {
        onKubelet(name, undefined);
        if (this.proxies.get(name) === proxy) this.proxies.delete(name);
        const shell = this.shellHosts.get(name);
        this.shellHosts.delete(name);
        await Promise.all([kubelet.stop(), proxy.stop(), shell?.then((host) => host.stop())]);
      },
    };
  }
}
