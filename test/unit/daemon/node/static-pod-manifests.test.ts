// kubeadm's static pod manifests for the control-plane node: names, images, requests, priority,
// labels, host networking and the probes against the node's addresses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { controlPlaneManifests, manifestFiles } from '../../../../daemon/node/static-pod-manifests.js';

const pods = controlPlaneManifests({ nodeName: 'control-plane', nodeIP: '127.0.10.1', kubernetesVersion: 'v1.32.4' });
const byName = new Map(pods.map((p) => [p.metadata.name!, p]));
const container = (name: string): KubeObject => byName.get(name)!.spec!.containers[0];

test('writes the four kubeadm manifests, in kube-system, labelled component=<name> and tier=control-plane', () => {
  assert.deepEqual(pods.map((p) => p.metadata.name), ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']);
  for (const pod of pods) {
    assert.equal(pod.metadata.namespace, 'kube-system');
    assert.deepEqual(pod.metadata.labels, { component: pod.metadata.name, tier: 'control-plane' });
    assert.equal(pod.spec!.hostNetwork, true);
    assert.equal(pod.spec!.priorityClassName, 'system-node-critical');
    assert.equal(pod.spec!.priority, 2000001000);
    assert.deepEqual(pod.spec!.securityContext, { seccompProfile: { type: 'RuntimeDefault' } });
  }
});

test('uses etcd 3.5.16-0 and the kube-* images of the reported version, with kubeadm\'s requests', () => {
  const table = pods.map((p) => [p.metadata.name, p.spec!.containers[0].image, JSON.stringify(p.spec!.containers[0].resources.requests)]);
  assert.deepEqual(table, [
    ['etcd', 'registry.k8s.io/etcd:3.5.16-0', '{"cpu":"100m","memory":"100Mi"}'],
    ['kube-apiserver', 'registry.k8s.io/kube-apiserver:v1.32.4', '{"cpu":"250m"}'],
    ['kube-controller-manager', 'registry.k8s.io/kube-controller-manager:v1.32.4', '{"cpu":"200m"}'],
    ['kube-scheduler', 'registry.k8s.io/kube-scheduler:v1.32.4', '{"cpu":"100m"}'],
  ]);
});

test('probes the apiserver on the node IP and the other components on localhost, as kubeadm does', () => {
  const probeOf = (name: string, kind: string): string => {
    const p = container(name)[kind];
    return p ? `${p.httpGet.scheme} ${p.httpGet.host}:${p.httpGet.port}${p.httpGet.path}` : '-';
  };
  const table = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map((name) => [name, probeOf(name, 'livenessProbe'), probeOf(name, 'readinessProbe'), probeOf(name, 'startupProbe')]);
  assert.deepEqual(table, [
    ['etcd', 'HTTP 127.0.0.1:2381/livez', 'HTTP 127.0.0.1:2381/readyz', 'HTTP 127.0.0.1:2381/readyz'],
    ['kube-apiserver', 'HTTPS 127.0.10.1:6443/livez', 'HTTPS 127.0.10.1:6443/readyz', 'HTTPS 127.0.10.1:6443/livez'],
    ['kube-controller-manager', 'HTTPS 127.0.0.1:10257/healthz', '-', 'HTTPS 127.0.0.1:10257/healthz'],
    ['kube-scheduler', 'HTTPS 127.0.0.1:10259/livez', 'HTTPS 127.0.0.1:10259/readyz', 'HTTPS 127.0.0.1:10259/livez'],
  ]);
  assert.deepEqual(container('kube-apiserver').livenessProbe, { failureThreshold: 8, httpGet: { host: '127.0.10.1', path: '/livez', port: 6443, scheme: 'HTTPS' }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15 });
  assert.equal(container('kube-apiserver').startupProbe.failureThreshold, 24);
  assert.deepEqual(container('etcd').readinessProbe, { failureThreshold: 3, httpGet: { host: '127.0.0.1', path: '/readyz', port: 2381, scheme: 'HTTP' }, periodSeconds: 1, timeoutSeconds: 15 });
});

test('names the node and its address in the flags and the advertise annotations', () => {
  assert.deepEqual(byName.get('kube-apiserver')!.metadata.annotations, { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': '127.0.10.1:6443' });
  assert.deepEqual(byName.get('etcd')!.metadata.annotations, { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': 'https://127.0.10.1:2379' });
  assert.ok(container('kube-apiserver').command.includes('--advertise-address=127.0.10.1'));
  assert.ok(container('kube-apiserver').command.includes('--service-cluster-ip-range=10.96.0.0/12'));
  assert.ok(container('etcd').command.includes('--initial-cluster=control-plane=https://127.0.10.1:2380'));
  assert.ok(container('kube-controller-manager').command.includes('--cluster-cidr=10.244.0.0/16'));
  assert.deepEqual(container('kube-scheduler').command, [
    'kube-scheduler', '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf', '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
    '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true',
  ]);
  assert.deepEqual(byName.get('kube-scheduler')!.spec!.volumes, [{ hostPath: { path: '/etc/kubernetes/scheduler.conf', type: 'FileOrCreate' }, name: 'kubeconfig' }]);
});

test('renders the files kubeadm writes to /etc/kubernetes/manifests, as Go\'s YAML prints them', async () => {
  const files = await manifestFiles(pods);
  assert.deepEqual(Object.keys(files), ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map((n) => `/etc/kubernetes/manifests/${n}.yaml`));
  assert.equal(
    files['/etc/kubernetes/manifests/kube-scheduler.yaml'],
    [
      'apiVersion: v1', 'kind: Pod', 'metadata:', '  creationTimestamp: null', '  labels:', '    component: kube-scheduler', '    tier: control-plane',
      '  name: kube-scheduler', '  namespace: kube-system', 'spec:', '  containers:', '  - command:', '    - kube-scheduler',
      '    - --authentication-kubeconfig=/etc/kubernetes/scheduler.conf', '    - --authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
      '    - --bind-address=127.0.0.1', '    - --kubeconfig=/etc/kubernetes/scheduler.conf', '    - --leader-elect=true',
      '    image: registry.k8s.io/kube-scheduler:v1.32.4', '    imagePullPolicy: IfNotPresent', '    livenessProbe:', '      failureThreshold: 8',
      '      httpGet:', '        host: 127.0.0.1', '        path: /livez', '        port: 10259', '        scheme: HTTPS', '      initialDelaySeconds: 10',
      '      periodSeconds: 10', '      timeoutSeconds: 15', '    name: kube-scheduler', '    readinessProbe:', '      failureThreshold: 3', '      httpGet:',
      '        host: 127.0.0.1', '        path: /readyz', '        port: 10259', '        scheme: HTTPS', '      periodSeconds: 1', '      timeoutSeconds: 15',
      '    resources:', '      requests:', '        cpu: 100m', '    startupProbe:', '      failureThreshold: 24', '      httpGet:', '        host: 127.0.0.1',
      '        path: /livez', '        port: 10259', '        scheme: HTTPS', '      initialDelaySeconds: 10', '      periodSeconds: 10', '      timeoutSeconds: 15',
      '    volumeMounts:', '    - mountPath: /etc/kubernetes/scheduler.conf', '      name: kubeconfig', '      readOnly: true', '  hostNetwork: true',
      '  priority: 2000001000', '  priorityClassName: system-node-critical', '  securityContext:', '    seccompProfile:', '      type: RuntimeDefault',
      '  volumes:', '  - hostPath:', '      path: /etc/kubernetes/scheduler.conf', '      type: FileOrCreate', '    name: kubeconfig', 'status: {}', '',
    ].join('\n'),
  );
});
