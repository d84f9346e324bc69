/**
 * The ConfigMaps `kubeadm init` uploads and a learner finds in a kubeadm/kind cluster (kubeadm
 * 1.32 `phases/uploadconfig`, `phases/kubelet`, `phases/bootstraptoken/clusterinfo`):
 * kube-system/kubeadm-config (the v1beta4 ClusterConfiguration), kube-system/kubelet-config (the
 * KubeletConfiguration every kubelet of the cluster shares) and kube-public/cluster-info (the
 * kubeconfig with the cluster's CA that `kubeadm join` reads anonymously). Created once; what exists
 * is left alone. Left out: the `jws-kubeconfig-<token>` signatures of cluster-info (kubelab has no
 * bootstrap tokens), kind's own kubelet tweaks (eviction thresholds at 0%, cgroup root).
 */
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { kubernetesVersion } from '../../shared/version.js';
import { ensure } from './bootstrap.js';

const configMaps: ResourceRef = { group: '', version: 'v1', resource: 'configmaps' };

export interface KubeadmSettings {
  clusterName: string;
  /** kubeadm's controlPlaneEndpoint: `control-plane:6443`. */
  controlPlaneEndpoint: string;
  /** The API server URL cluster-info gives joining nodes. */
  server: string;
  /** The cluster CA (PEM), as cluster-info carries it. */
  caPem: string;
  podSubnet: string;
  serviceSubnet: string;
  clusterDNS: string;
  clusterDomain: string;
}

export function clusterConfiguration(s: KubeadmSettings): string {
  return `apiServer:
  certSANs:
  - localhost
  - 127.0.0.1
apiVersion: kubeadm.k8s.io/v1beta4
caCertificateValidityPeriod: 87600h0m0s
certificateValidityPeriod: 8760h0m0s
certificatesDir: /etc/kubernetes/pki
clusterName: ${s.clusterName}
controlPlaneEndpoint: ${s.controlPlaneEndpoint}
controllerManager:
  extraArgs:
  - name: enable-hostpath-provisioner
    value: "true"
dns: {}
encryptionAlgorithm: RSA-2048
etcd:
  local:
    dataDir: /var/lib/etcd
imageRepository: registry.k8s.io
kind: ClusterConfiguration
kubernetesVersion: ${kubernetesVersion}
networking:
  dnsDomain: ${s.clusterDomain}
  podSubnet: ${s.podSubnet}
  serviceSubnet: ${s.serviceSubnet}
proxy: {}
scheduler: {}
`;
}

/** The shared KubeletConfiguration, with kubeadm's defaults and the kubelet defaults kubelab follows. */
export function kubeletConfiguration(s: KubeadmSettings): string {
  return `apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: systemd
clusterDNS:
- ${s.clusterDNS}
clusterDomain: ${s.clusterDomain}
containerRuntimeEndpoint: ""
cpuManagerReconcilePeriod: 0s
crashLoopBackOff: {}
evictionPressureTransitionPeriod: 0s
fileCheckFrequency: 0s
healthzBindAddress: 127.0.0.1
healthzPort: 10248
httpCheckFrequency: 0s
imageMaximumGCAge: 0s
imageMinimumGCAge: 0s
kind: KubeletConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
memorySwap: {}
nodeStatusReportFrequency: 0s
nodeStatusUpdateFrequency: 0s
rotateCertificates: true
runtimeRequestTimeout: 0s
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
staticPodPath: /etc/kubernetes/manifests
streamingConnectionIdleTimeout: 0s
syncFrequency: 0s
volumeStatsAggPeriod: 0s
`;
}

/** cluster-info's kubeconfig: only the cluster, unnamed, as kubeadm publishes it. */
export function clusterInfoKubeconfig(s: KubeadmSettings): string {
  return `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${Buffer.from(s.caPem).toString('base64')}
    server: ${s.server}
  name: ""
contexts: null
current-context: ""
kind: Config
preferences: {}
users: null
`;
}

export async function bootstrapKubeadmConfig(client: ApiClient, settings: KubeadmSettings): Promise<void> {
  const configMap = (namespace: string, name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data });
  await ensure(client, configMaps, 'kube-system', configMap('kube-system', 'kubeadm-config', { ClusterConfiguration: clusterConfiguration(settings) }));
  await ensure(client, configMaps, 'kube-system', configMap('kube-system', 'kubelet-config', { kubelet: kubeletConfiguration(settings) }));
  await ensure(client, configMaps, 'kube-public', configMap('kube-public', 'cluster-info', { kubeconfig: clusterInfoKubeconfig(settings) }));
}
