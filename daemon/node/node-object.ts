/**
 * The Node object a kubelet registers, as a kind node shows it: labels, the control-plane taint,
 * pod CIDR, addresses, capacity/allocatable, nodeInfo and the four conditions with the kubelet's
 * reasons and messages (`kubectl describe node`), including the NotReady a kubelet reports while
 * its node's pod network is not set up. Pure functions; the virtual node writes them.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { rfc3339 } from '../../shared/clock.js';
import { kubernetesVersion } from '../../shared/version.js';

export interface NodeIdentity {
  name: string;
  ip: string;
  podCIDR: string;
  controlPlane: boolean;
  /** Stable per node: machine-id, system UUID, boot id. */
  machineID: string;
  systemUUID: string;
  bootID: string;
  /** A `--config` worker's capacity (cpu, memory, pods = maxPods); the fixed machine when absent. */
  capacity?: Record<string, string>;
  /** A `--config` worker's own labels and taints, set when the Node is first registered (kubelet --node-labels, --register-with-taints). */
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
}

/** What every virtual node offers; kind nodes report the host's, kubelab a modest fixed machine. */
export const nodeCapacity = { cpu: '2', 'ephemeral-storage': '61202244Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '4028820Ki', pods: '110' };

export const controlPlaneTaint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

/**
 * What kube-apiserver's TaintNodesByCondition admission plugin adds to every Node it creates; the
 * node lifecycle controller takes it off once the node is Ready. It is added here, at the kubelet's
 * registration, rather than by an admission plugin: the Nodes that tests create by hand through the
 * API, with no node lifecycle controller to clear it, stay schedulable.
 */
export const notReadyTaint = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };

/**
 * The kubelet's Ready condition while the container runtime reports no pod network (no CNI config
 * in /etc/cni/net.d yet): what a kind node says until its kindnet pod has written one.
 */
export const networkNotReady = {
  reason: 'KubeletNotReady',
  message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
};

export function nodeLabels(id: NodeIdentity): Record<string, string> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': id.name,
    'kubernetes.io/os': 'linux',
  };
  if (id.controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  return { ...id.labels, ...labels };
}

type Condition = { type: string; status: string; lastHeartbeatTime: string; lastTransitionTime: string; reason: string; message: string };

/** The Ready condition's state: whether the pod network is up, and since when Ready has said so. */
export interface Readiness {
  networkReady: boolean;
  since: number;
}

/**
 * The kubelet's four node conditions: no pressure since `since`, and Ready (or NotReady for want
 * of a pod network) since `ready.since`.
 */
export function kubeletConditions(heartbeat: number, since: number, ready: Readiness = { networkReady: true, since }): Condition[] {
  const c = (type: string, status: string, reason: string, message: string, from = since): Condition => ({
    type,
    status,
    lastHeartbeatTime: rfc3339(heartbeat),
    lastTransitionTime: rfc3339(from),
    reason,
    message,
  });
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    ready.networkReady ? c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', ready.since) : c('Ready', 'False', networkNotReady.reason, networkNotReady.message, ready.since),
  ];
}

/** One entry of `status.images`. */
export interface NodeImage {
  names: string[];
  sizeBytes: number;
}

/** What the kubelet's Images setter needs of an image: containerd's ImageInfo (runtime/container.ts). */
interface StoredImage {
  reference: string;
  digest: string;
  size: number;
  imageID?: string;
}

/** kubelet nodeStatusMaxImages and MaxNamesPerImageInNodeStatus. */
const maxImages = 50;
const maxNamesPerImage = 5;

/**
 * `status.images` as the kubelet's Images setter writes it: one entry per image (tags of one digest
 * together), its repo digests then its tags (at most 5 names), the largest images first (equal
 * sizes by image ID, descending), at most 50 (--node-status-max-images).
 */
export function nodeImages(stored: readonly StoredImage[]): NodeImage[] {
  const byDigest = new Map<string, { digests: Set<string>; tags: Set<string>; sizeBytes: number }>();
  for (const image of stored) {
    const entry = byDigest.get(image.digest) ?? { digests: new Set<string>(), tags: new Set<string>(), sizeBytes: image.size };
    if (image.imageID) entry.digests.add(image.imageID);
    entry.tags.add(image.reference);
    byDigest.set(image.digest, entry);
  }
  // The image manager's order (k/k ByImageSize): largest first, then by image ID, descending.
  return [...byDigest.entries()]
    .sort(([idA, a], [idB, b]) => b.sizeBytes - a.sizeBytes || (idA < idB ? 1 : idA > idB ? -1 : 0))
    .slice(0, maxImages)
    .map(([, e]) => ({ names: [...[...e.digests].sort(), ...[...e.tags].sort()].slice(0, maxNamesPerImage), sizeBytes: e.sizeBytes }));
}

/** The tagged references of a stored node's images: what a node's runtime still holds after a daemon restart. */
export function taggedImageNames(images: readonly NodeImage[] | undefined): string[] {
  return (images ?? []).flatMap((image) => image.names.filter((name) => !name.includes('@')));
}

export function nodeStatus(id: NodeIdentity, heartbeat: number, since: number, images: KubeObject['status']['images'] = [], ready?: Readiness): KubeObject['status'] {
  const capacity = { ...nodeCapacity, ...id.capacity };
  return {
    capacity,
    allocatable: { ...capacity },
    conditions: kubeletConditions(heartbeat, since, ready),
    addresses: [
      { type: 'InternalIP', address: id.ip },
      { type: 'Hostname', address: id.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: id.machineID,
      systemUUID: id.systemUUID,
      bootID: id.bootID,
      kernelVersion: '6.8.0-kubelab',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      containerRuntimeVersion: 'containerd://1.7.24',
      kubeletVersion: kubernetesVersion,
      kubeProxyVersion: kubernetesVersion,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
    images,
  };
}

/** The Node a kubelet creates when it first registers; NotReady until the node's pod network is set up. */
export function nodeObject(id: NodeIdentity, now: number, networkReady = true): KubeObject {
  const spec: KubeObject['spec'] = { podCIDR: id.podCIDR, podCIDRs: [id.podCIDR] };
  const registered = id.controlPlane ? [controlPlaneTaint] : (id.taints ?? []);
  // TaintNodesByCondition appends its taint to those the kubelet registered with (kind's describe
  // node lists control-plane:NoSchedule, then not-ready:NoSchedule).
  spec.taints = [...registered.map((t) => ({ ...t })), { ...notReadyTaint }];
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: id.name,
      labels: nodeLabels(id),
      // kubeadm (init and join, as kind runs them) records the CRI socket on every Node it sets up;
      // 1.32 still does (the NodeLocalCRISocket gate that drops it came in 1.33, alpha).
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec,
    status: nodeStatus(id, now, now, [], { networkReady, since: now }),
  };
}
