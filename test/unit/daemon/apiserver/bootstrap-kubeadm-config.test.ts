// The ConfigMaps `kubeadm init` uploads, created through the in-process API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapKubeadmConfig } from '../../../../daemon/apiserver/bootstrap-kubeadm-config.js';
import { startApi } from '../../../helpers/api.js';

const ref = (group: string, resource: string) => ({ group, version: 'v1', resource });
const kubeadm = {
  clusterName: 'kubelab', controlPlaneEndpoint: 'control-plane:6443', server: 'https://127.0.0.1:6443', caPem: '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n',
  podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', clusterDNS: '10.96.0.10', clusterDomain: 'cluster.local',
};

test('uploads kubeadm-config, kubelet-config and cluster-info', async (t) => {
  const { client } = await startApi(t);
  await bootstrapKubeadmConfig(client, kubeadm);
  const config = await client.get(ref('', 'configmaps'), 'kube-system', 'kubeadm-config');
  assert.deepEqual(Object.keys(config.data), ['ClusterConfiguration']);
  assert.match(config.data.ClusterConfiguration, /\napiVersion: kubeadm\.k8s\.io\/v1beta4\n/);
  assert.match(config.data.ClusterConfiguration, /\nkubernetesVersion: v1\.32\.4\nnetworking:\n  dnsDomain: cluster\.local\n  podSubnet: 10\.244\.0\.0\/16\n  serviceSubnet: 10\.96\.0\.0\/12\n/);
  const kubelet = await client.get(ref('', 'configmaps'), 'kube-system', 'kubelet-config');
  assert.deepEqual(Object.keys(kubelet.data), ['kubelet']);
  assert.match(kubelet.data.kubelet, /\nclusterDNS:\n- 10\.96\.0\.10\nclusterDomain: cluster\.local\n/);
  assert.match(kubelet.data.kubelet, /\nstaticPodPath: \/etc\/kubernetes\/manifests\n/);
  const info = await client.get(ref('', 'configmaps'), 'kube-public', 'cluster-info');
  assert.equal(
    info.data.kubeconfig,
    [
      'apiVersion: v1', 'clusters:', '- cluster:', `    certificate-authority-data: ${Buffer.from(kubeadm.caPem).toString('base64')}`, '    server: https://127.0.0.1:6443', '  name: ""',
      'contexts: null', 'current-context: ""', 'kind: Config', 'preferences: {}', 'users: null', '',
    ].join('\n'),
  );
});
