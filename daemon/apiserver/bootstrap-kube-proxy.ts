/**
 * The kube-proxy addon as `kubeadm init` installs it (kubeadm 1.32 `phases/addons/proxy`): the
 * `kube-proxy` ServiceAccount, the `kube-proxy` ConfigMap (config.conf: a KubeProxyConfiguration
 * in iptables mode; kubeconfig.conf: the in-cluster kubeconfig) and the `kube-proxy` DaemonSet
 * (hostNetwork, system-node-critical, tolerating every taint, on Linux nodes). The DaemonSet
 * controller runs one pod per node, the pods' image prints kube-proxy's start-up lines; the rules
 * themselves are programmed by each virtual node's in-process kube-proxy (node/proxy), which does
 * not need the pod: the pod is its face. Created once like the CoreDNS addon (what exists is left
 * alone). The `kubeadm:node-proxier` binding is with the RBAC objects. kind's own CNI DaemonSet
 * (kindnet) is bootstrap-kindnet.ts.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { ApiClient } from '../../shared/client/client.js';
import { kubernetesVersion } from '../../shared/version.js';
import { ensure, v1Ref } from './bootstrap.js';

const labels = { 'k8s-app': 'kube-proxy' };

export interface KubeProxySettings {
  image: string;
  /** The pod network (`clusterCIDR`), kind's default. */
  clusterCIDR: string;
  /** The API server as the kubeconfig names it (kubeadm's control-plane endpoint). */
  server: string;
}

export const defaultKubeProxySettings: KubeProxySettings = {
  image: `registry.k8s.io/kube-proxy:${kubernetesVersion}`,
  clusterCIDR: '10.244.0.0/16',
  server: 'https://control-plane:6443',
};

/** kubeadm's config.conf: the v1alpha1 KubeProxyConfiguration with its zero values written out. */
export function kubeProxyConfig(clusterCIDR: string): string {
  return `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: ${clusterCIDR}
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: iptables
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""`;
}

/** kubeadm's kubeconfig.conf: the ServiceAccount token and CA mounted in the pod. */
export function kubeProxyKubeconfig(server: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: ${server}
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token`;
}

export async function bootstrapKubeProxy(client: ApiClient, settings: KubeProxySettings = defaultKubeProxySettings): Promise<void> {
  await ensure(client, v1Ref('', 'serviceaccounts'), 'kube-system', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kube-proxy', namespace: 'kube-system' } });
  await ensure(client, v1Ref('', 'configmaps'), 'kube-system', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' } },
    data: { 'config.conf': kubeProxyConfig(settings.clusterCIDR), 'kubeconfig.conf': kubeProxyKubeconfig(settings.server) },
  });
  await ensure(client, v1Ref('apps', 'daemonsets'), 'kube-system', kubeProxyDaemonSet(settings.image));
}

function kubeProxyDaemonSet(image: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: 'system-node-critical',
          containers: [
            {
              name: 'kube-proxy',
              image,
              imagePullPolicy: 'IfNotPresent',
              command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
              securityContext: { privileged: true },
              volumeMounts: [
                { mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' },
                { mountPath: '/run/xtables.lock', name: 'xtables-lock' },
                { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
              ],
              env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
            },
          ],
          hostNetwork: true,
          serviceAccountName: 'kube-proxy',
          volumes: [
            { name: 'kube-proxy', configMap: { name: 'kube-proxy' } },
            { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
            { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
          ],
          tolerations: [{ operator: 'Exists' }],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
        },
      },
    },
  };
}
