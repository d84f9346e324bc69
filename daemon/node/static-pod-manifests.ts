/**
 * What `kubeadm init` writes to /etc/kubernetes/manifests on the control-plane machine (kubeadm
 * 1.32 `phases/controlplane/manifests.go` and `phases/etcd/local.go`, as kind runs them): the
 * etcd, kube-apiserver, kube-controller-manager and kube-scheduler static pods, with kubeadm's
 * flags, requests, probes, hostPath volumes, `hostNetwork: true` and priority
 * system-node-critical. kubelab's real control plane runs in the daemon; these pods are its face
 * on the node (the images in runtime/images/control-plane.ts answer the probes). The kubelet turns
 * each into a mirror pod (kubelet/static-pods.ts); `kubelab node shell control-plane` shows them
 * as the YAML files kubeadm writes. Left out: reading edits of those files back (the kubelet's
 * file source is these objects), the proxy environment variables kubeadm copies from its own.
 */
import type { KubeObject } from '../../shared/api/meta.js';

export interface ControlPlaneSettings {
  nodeName: string;
  /** The node's InternalIP: the apiserver's advertise address and etcd's peer address. */
  nodeIP: string;
  /** `v1.32.4`: the tag of the kube-* images. */
  kubernetesVersion: string;
  /** kind's cluster name, passed to the controller manager. */
  clusterName?: string;
  serviceSubnet?: string;
  podSubnet?: string;
}

/** The etcd image kubeadm 1.32 pins. */
export const etcdImage = 'registry.k8s.io/etcd:3.5.16-0';

/** The priority of system-node-critical, which kubeadm writes next to the class name. */
const systemNodeCritical = { priority: 2000001000, priorityClassName: 'system-node-critical' };

type Probe = Record<string, unknown>;

/** kubeadm's ComponentProbe: 10 s period, 15 s timeout, 8 failures (24 for the startup probe). */
function probe(host: string, port: number, path: string, scheme: 'HTTP' | 'HTTPS', kind: 'liveness' | 'readiness' | 'startup'): Probe {
  const httpGet = { host, path, port, scheme };
  if (kind === 'readiness') return { failureThreshold: 3, httpGet, periodSeconds: 1, timeoutSeconds: 15 };
  return { failureThreshold: kind === 'startup' ? 24 : 8, httpGet, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15 };
}

function hostPath(name: string, path: string, type: 'DirectoryOrCreate' | 'FileOrCreate'): Record<string, unknown> {
  return { hostPath: { path, type }, name };
}

/** The CA bundles every control-plane component mounts read-only (kubeadm's getHostPathVolumesForTheControlPlane). */
const caVolumes = [
  { name: 'ca-certs', path: '/etc/ssl/certs' },
  { name: 'etc-ca-certificates', path: '/etc/ca-certificates' },
  { name: 'k8s-certs', path: '/etc/kubernetes/pki' },
  { name: 'usr-local-share-ca-certificates', path: '/usr/local/share/ca-certificates' },
  { name: 'usr-share-ca-certificates', path: '/usr/share/ca-certificates' },
];

function component(name: string, container: Record<string, unknown>, volumes: Record<string, unknown>[], annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...(annotations ? { annotations } : {}), labels: { component: name, tier: 'control-plane' }, name, namespace: 'kube-system' },
    spec: {
      containers: [{ name, imagePullPolicy: 'IfNotPresent', ...container }],
      hostNetwork: true,
      ...systemNodeCritical,
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      volumes,
    },
  };
}

function etcd(s: Required<ControlPlaneSettings>): KubeObject {
  const ip = s.nodeIP;
  return component(
    'etcd',
    {
      command: [
        'etcd', `--advertise-client-urls=https://${ip}:2379`, '--cert-file=/etc/kubernetes/pki/etcd/server.crt', '--client-cert-auth=true',
        '--data-dir=/var/lib/etcd', '--experimental-initial-corrupt-check=true', '--experimental-watch-progress-notify-interval=5s',
        `--initial-advertise-peer-urls=https://${ip}:2380`, `--initial-cluster=${s.nodeName}=https://${ip}:2380`,
        '--key-file=/etc/kubernetes/pki/etcd/server.key', `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
        '--listen-metrics-urls=http://127.0.0.1:2381', `--listen-peer-urls=https://${ip}:2380`, `--name=${s.nodeName}`,
        '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt', '--peer-client-cert-auth=true', '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
        '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt', '--snapshot-count=10000', '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
      ],
      image: etcdImage,
      livenessProbe: probe('127.0.0.1', 2381, '/livez', 'HTTP', 'liveness'),
      readinessProbe: probe('127.0.0.1', 2381, '/readyz', 'HTTP', 'readiness'),
      resources: { requests: { cpu: '100m', memory: '100Mi' } },
      startupProbe: probe('127.0.0.1', 2381, '/readyz', 'HTTP', 'startup'),
      volumeMounts: [
        { mountPath: '/var/lib/etcd', name: 'etcd-data' },
        { mountPath: '/etc/kubernetes/pki/etcd', name: 'etcd-certs' },
      ],
    },
    [hostPath('etcd-certs', '/etc/kubernetes/pki/etcd', 'DirectoryOrCreate'), hostPath('etcd-data', '/var/lib/etcd', 'DirectoryOrCreate')],
    { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` },
  );
}

function kubeApiserver(s: Required<ControlPlaneSettings>): KubeObject {
  const ip = s.nodeIP;
  const pki = '/etc/kubernetes/pki';
  return component(
    'kube-apiserver',
    {
      command: [
        'kube-apiserver', `--advertise-address=${ip}`, '--allow-privileged=true', '--authorization-mode=Node,RBAC', `--client-ca-file=${pki}/ca.crt`,
        '--enable-admission-plugins=NodeRestriction', '--enable-bootstrap-token-auth=true', `--etcd-cafile=${pki}/etcd/ca.crt`,
        `--etcd-certfile=${pki}/apiserver-etcd-client.crt`, `--etcd-keyfile=${pki}/apiserver-etcd-client.key`, '--etcd-servers=https://127.0.0.1:2379',
        `--kubelet-client-certificate=${pki}/apiserver-kubelet-client.crt`, `--kubelet-client-key=${pki}/apiserver-kubelet-client.key`,
        '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', `--proxy-client-cert-file=${pki}/front-proxy-client.crt`,
        `--proxy-client-key-file=${pki}/front-proxy-client.key`, '--requestheader-allowed-names=front-proxy-client',
        `--requestheader-client-ca-file=${pki}/front-proxy-ca.crt`, '--requestheader-extra-headers-prefix=X-Remote-Extra-',
        '--requestheader-group-headers=X-Remote-Group', '--requestheader-username-headers=X-Remote-User', '--runtime-config=', '--secure-port=6443',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local', `--service-account-key-file=${pki}/sa.pub`,
        `--service-account-signing-key-file=${pki}/sa.key`, `--service-cluster-ip-range=${s.serviceSubnet}`, `--tls-cert-file=${pki}/apiserver.crt`,
        `--tls-private-key-file=${pki}/apiserver.key`,
      ],
      image: `registry.k8s.io/kube-apiserver:${s.kubernetesVersion}`,
      livenessProbe: probe(ip, 6443, '/livez', 'HTTPS', 'liveness'),
      readinessProbe: probe(ip, 6443, '/readyz', 'HTTPS', 'readiness'),
      resources: { requests: { cpu: '250m' } },
      startupProbe: probe(ip, 6443, '/livez', 'HTTPS', 'startup'),
      volumeMounts: caVolumes.map((v) => ({ mountPath: v.path, name: v.name, readOnly: true })),
    },
    caVolumes.map((v) => hostPath(v.name, v.path, 'DirectoryOrCreate')),
    { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443` },
  );
}

function kubeControllerManager(s: Required<ControlPlaneSettings>): KubeObject {
  const pki = '/etc/kubernetes/pki';
  const conf = '/etc/kubernetes/controller-manager.conf';
  const flexvolume = '/usr/libexec/kubernetes/kubelet-plugins/volume/exec';
  const mounts = [
    ...caVolumes.slice(0, 2).map((v) => ({ mountPath: v.path, name: v.name, readOnly: true })),
    { mountPath: flexvolume, name: 'flexvolume-dir' },
    { mountPath: pki, name: 'k8s-certs', readOnly: true },
    { mountPath: conf, name: 'kubeconfig', readOnly: true },
    ...caVolumes.slice(3).map((v) => ({ mountPath: v.path, name: v.name, readOnly: true })),
  ];
  return component(
    'kube-controller-manager',
    {
      command: [
        'kube-controller-manager', '--allocate-node-cidrs=true', `--authentication-kubeconfig=${conf}`, `--authorization-kubeconfig=${conf}`,
        '--bind-address=127.0.0.1', `--client-ca-file=${pki}/ca.crt`, `--cluster-cidr=${s.podSubnet}`, `--cluster-name=${s.clusterName}`,
        `--cluster-signing-cert-file=${pki}/ca.crt`, `--cluster-signing-key-file=${pki}/ca.key`, '--controllers=*,bootstrapsigner,tokencleaner',
        '--enable-hostpath-provisioner=true', `--kubeconfig=${conf}`, '--leader-elect=true', `--requestheader-client-ca-file=${pki}/front-proxy-ca.crt`,
        `--root-ca-file=${pki}/ca.crt`, `--service-account-private-key-file=${pki}/sa.key`, `--service-cluster-ip-range=${s.serviceSubnet}`,
        '--use-service-account-credentials=true',
      ],
      image: `registry.k8s.io/kube-controller-manager:${s.kubernetesVersion}`,
      livenessProbe: probe('127.0.0.1', 10257, '/healthz', 'HTTPS', 'liveness'),
      resources: { requests: { cpu: '200m' } },
      startupProbe: probe('127.0.0.1', 10257, '/healthz', 'HTTPS', 'startup'),
      volumeMounts: mounts,
    },
    [
      ...caVolumes.slice(0, 2).map((v) => hostPath(v.name, v.path, 'DirectoryOrCreate')),
      hostPath('flexvolume-dir', flexvolume, 'DirectoryOrCreate'),
      hostPath('k8s-certs', pki, 'DirectoryOrCreate'),
      hostPath('kubeconfig', conf, 'FileOrCreate'),
      ...caVolumes.slice(3).map((v) => hostPath(v.name, v.path, 'DirectoryOrCreate')),
    ],
  );
}

function kubeScheduler(s: Required<ControlPlaneSettings>): KubeObject {
  const conf = '/etc/kubernetes/scheduler.conf';
  return component(
    'kube-scheduler',
    {
      command: ['kube-scheduler', `--authentication-kubeconfig=${conf}`, `--authorization-kubeconfig=${conf}`, '--bind-address=127.0.0.1', `--kubeconfig=${conf}`, '--leader-elect=true'],
      image: `registry.k8s.io/kube-scheduler:${s.kubernetesVersion}`,
      livenessProbe: probe('127.0.0.1', 10259, '/livez', 'HTTPS', 'liveness'),
      readinessProbe: probe('127.0.0.1', 10259, '/readyz', 'HTTPS', 'readiness'),
      resources: { requests: { cpu: '100m' } },
      startupProbe: probe('127.0.0.1', 10259, '/livez', 'HTTPS', 'startup'),
      volumeMounts: [{ mountPath: conf, name: 'kubeconfig', readOnly: true }],
    },
    [hostPath('kubeconfig', conf, 'FileOrCreate')],
  );
}

/** The four manifests, in the order of their file names (etcd.yaml, kube-apiserver.yaml, …). */
export function controlPlaneManifests(settings: ControlPlaneSettings): KubeObject[] {
  const s: Required<ControlPlaneSettings> = { clusterName: 'kubelab', serviceSubnet: '10.96.0.0/12', podSubnet: '10.244.0.0/16', ...settings };
  return [etcd(s), kubeApiserver(s), kubeControllerManager(s), kubeScheduler(s)];
}

/** Where kubeadm writes the manifests (the kubelet's staticPodPath). */
export const manifestsDir = '/etc/kubernetes/manifests';

/**
 * The manifests as the files kubeadm writes: `<dir>/<name>.yaml`, keys sorted and lists not
 * indented under their key (Go's sigs.k8s.io/yaml), with `creationTimestamp: null` and `status: {}`.
 * The YAML library is loaded here, on the first node shell, not at start-up.
 */
export async function manifestFiles(manifests: readonly KubeObject[]): Promise<Record<string, string>> {
  const { stringify } = await import('yaml');
  const files: Record<string, string> = {};
  for (const manifest of manifests) {
    const pod = { ...manifest, metadata: { ...manifest.metadata, creationTimestamp: null }, status: {} };
    files[`${manifestsDir}/${manifest.metadata.name}.yaml`] = stringify(pod, { sortMapEntries: true, indentSeq: false, lineWidth: 0 });
  }
  return files;
}
