/**
 * The CoreDNS addon as `kubeadm init` (and so kind) installs it (kubeadm `phases/addons/dns`
 * manifests of the 1.32 era): the `coredns` ServiceAccount and Corefile ConfigMap, the
 * `kube-dns` Service on 10.96.0.10 (53/UDP, 53/TCP, 9153/TCP) and the `coredns` Deployment of two
 * replicas running registry.k8s.io/coredns/coredns:v1.11.3. Created through the client like any
 * manifest, once: objects that exist are left alone (a user who scaled or edited them keeps that).
 * The `system:coredns` ClusterRole and binding are made with the other RBAC objects (bootstrap-rbac.ts).
 */
import { isAlreadyExists, isInvalid } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import type { ApiClient } from '../../shared/client/client.js';
import { logger } from '../../shared/log.js';
import { ensure, v1Ref } from './bootstrap.js';

const labels = { 'k8s-app': 'kube-dns' };

export interface CoreDnsSettings {
  /** The kube-dns ClusterIP, the kubelets' `clusterDNS`. */
  clusterDNS: string;
  clusterDomain: string;
  image: string;
  replicas: number;
}

export const defaultCoreDnsSettings: CoreDnsSettings = {
  clusterDNS: '10.96.0.10',
  clusterDomain: 'cluster.local',
  image: 'registry.k8s.io/coredns/coredns:v1.11.3',
  replicas: 2,
};

/** kubeadm's Corefile, with its indentation (what `kubectl get cm coredns -o yaml` shows). */
export function corefile(clusterDomain: string): string {
  return `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes ${clusterDomain} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
`;
}

export async function bootstrapCoreDns(client: ApiClient, settings: CoreDnsSettings = defaultCoreDnsSettings): Promise<void> {
  await ensure(client, v1Ref('', 'serviceaccounts'), 'kube-system', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: 'kube-system' } });
  await ensure(client, v1Ref('', 'configmaps'), 'kube-system', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'coredns', namespace: 'kube-system' },
    data: { Corefile: corefile(settings.clusterDomain) },
  });
  try {
    await client.create(v1Ref('', 'services'), 'kube-system', kubeDnsService(settings));
  } catch (err) {
    // A Service of an older data dir already holds the address: the cluster runs without DNS
    // rather than not at all, and says why.
    if (isInvalid(err)) logger('bootstrap').error('kube-dns could not get its ClusterIP; cluster DNS is unavailable', { clusterIP: settings.clusterDNS, error: (err as Error).message });
    else if (!isAlreadyExists(err)) throw new Error(`bootstrap services/kube-dns: ${(err as Error).message}`);
  }
  await ensure(client, { group: 'apps', version: 'v1', resource: 'deployments' }, 'kube-system', corednsDeployment(settings));
}

function kubeDnsService(settings: CoreDnsSettings): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: { ...labels, 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      clusterIP: settings.clusterDNS,
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
      selector: labels,
    },
  };
}

function corednsDeployment(settings: CoreDnsSettings): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', labels },
    spec: {
      replicas: settings.replicas,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'coredns',
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] }, topologyKey: 'kubernetes.io/hostname' } },
              ],
            },
          },
          tolerations: [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
          ],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          containers: [corednsContainer(settings.image)],
          dnsPolicy: 'Default',
          volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
        },
      },
    },
  };
}

function corednsContainer(image: string): Record<string, unknown> {
  return {
    name: 'coredns',
    image,
    imagePullPolicy: 'IfNotPresent',
    resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
    args: ['-conf', '/etc/coredns/Corefile'],
    volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
    ports: [
      { containerPort: 53, name: 'dns', protocol: 'UDP' },
      { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
      { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
      { containerPort: 8080, name: 'liveness-probe', protocol: 'TCP' },
      { containerPort: 8181, name: 'readiness-probe', protocol: 'TCP' },
    ],
    livenessProbe: { httpGet: { path: '/health', port: 'liveness-probe', scheme: 'HTTP' }, initialDelaySeconds: 60, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 5 },
    readinessProbe: { httpGet: { path: '/ready', port: 'readiness-probe', scheme: 'HTTP' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, readOnlyRootFilesystem: true },
  };
}
