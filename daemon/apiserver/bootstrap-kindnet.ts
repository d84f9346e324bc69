/**
 * kind's CNI addon as `kind create cluster` v0.26 installs it (the node image's default-cni.yaml,
 * templated with the pod subnet and patched with CONTROL_PLANE_ENDPOINT): the `kindnet`
 * ClusterRole, ClusterRoleBinding and ServiceAccount, and the `kindnet` DaemonSet (hostNetwork,
 * tolerating every taint, 100m/50Mi, on Linux nodes) running docker.io/kindest/kindnetd. The
 * DaemonSet controller runs one pod per node at the node's IP, and its image prints kindnetd's
 * start-up lines. It is only the face of pod networking: kubelab's pod traffic goes through the
 * in-process ClusterNetwork (runtime/network.ts), which does not need the pod, so deleting it just
 * gets a new one. Created once, like the kubeadm addons (what exists is left alone).
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { ApiClient } from '../../shared/client/client.js';
import { kindnetdImage } from '../../shared/kind-addon-images.js';
import { ensure, v1Ref } from './bootstrap.js';

const labels = { tier: 'node', app: 'kindnet', 'k8s-app': 'kindnet' };

export interface KindnetSettings {
  image: string;
  /** kind's networking.podSubnet, the manifest's POD_SUBNET. */
  podSubnet: string;
  /** The API server's in-cluster endpoint (kind: `<cluster>-control-plane:6443`). */
  controlPlaneEndpoint: string;
}

export const defaultKindnetSettings: KindnetSettings = {
  image: kindnetdImage,
  podSubnet: '10.244.0.0/16',
  controlPlaneEndpoint: 'control-plane:6443',
};

export async function bootstrapKindnet(client: ApiClient, settings: KindnetSettings = defaultKindnetSettings): Promise<void> {
  await ensure(client, v1Ref('rbac.authorization.k8s.io', 'clusterroles'), undefined, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'kindnet' },
    rules: [
      { apiGroups: ['policy'], resources: ['podsecuritypolicies'], verbs: ['use'], resourceNames: ['kindnet'] },
      { apiGroups: [''], resources: ['nodes', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['list', 'watch'] },
    ],
  });
  await ensure(client, v1Ref('rbac.authorization.k8s.io', 'clusterrolebindings'), undefined, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'kindnet' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kindnet' },
    subjects: [{ kind: 'ServiceAccount', name: 'kindnet', namespace: 'kube-system' }],
  });
  await ensure(client, v1Ref('', 'serviceaccounts'), 'kube-system', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kindnet', namespace: 'kube-system' } });
  await ensure(client, v1Ref('apps', 'daemonsets'), 'kube-system', kindnetDaemonSet(settings));
}

function kindnetDaemonSet(settings: KindnetSettings): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kindnet', namespace: 'kube-system', labels },
    spec: {
      // kind selects on `app` only, while the pods carry all three labels.
      selector: { matchLabels: { app: 'kindnet' } },
      template: {
        metadata: { labels },
        spec: {
          hostNetwork: true,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ operator: 'Exists' }],
          serviceAccountName: 'kindnet',
          containers: [
            {
              name: 'kindnet-cni',
              image: settings.image,
              env: [
                { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
                { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
                { name: 'POD_SUBNET', value: settings.podSubnet },
                // kind's JSON patch appends it, so kindnetd need not wait for kube-proxy's rules.
                { name: 'CONTROL_PLANE_ENDPOINT', value: settings.controlPlaneEndpoint },
              ],
              volumeMounts: [
                { name: 'cni-cfg', mountPath: '/etc/cni/net.d' },
                // The manifest's `readOnly: false` is dropped by the API server (omitempty), so not stored.
                { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
                { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
              ],
              resources: { requests: { cpu: '100m', memory: '50Mi' }, limits: { cpu: '100m', memory: '50Mi' } },
              securityContext: { privileged: false, capabilities: { add: ['NET_RAW', 'NET_ADMIN'] } },
            },
          ],
          volumes: [
            { name: 'cni-cfg', hostPath: { path: '/etc/cni/net.d' } },
            { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
            { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
          ],
        },
      },
    },
  };
}
