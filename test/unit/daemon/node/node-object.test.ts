import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeImages, nodeObject, nodeStatus, taggedImageNames } from '../../../../daemon/node/node-object.js';

const identity = (name: string, controlPlane: boolean) => ({
  name, ip: '127.0.10.1', podCIDR: '10.244.0.0/24', controlPlane, machineID: 'm', systemUUID: 'u', bootID: 'b',
});

type Condition = { type: string; status: string; reason: string; message: string; lastTransitionTime: string };
const summary = (conditions: Condition[]) => conditions.map((c) => [c.type, c.status, c.reason, c.message]);

test('the control-plane node carries its role labels and the NoSchedule taint, then the not-ready taint, as on kind', () => {
  const node = nodeObject(identity('control-plane', true), Date.UTC(2026, 0, 1));
  assert.equal(node.metadata.labels?.['node-role.kubernetes.io/control-plane'], '');
  // kind's describe node on a fresh control plane: control-plane:NoSchedule, then not-ready:NoSchedule.
  assert.deepEqual(node.spec.taints, [
    { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
  ]);
  assert.deepEqual(node.spec.podCIDRs, ['10.244.0.0/24']);
});

test('a worker reports the kubelet\'s healthy conditions, its addresses and its versions', () => {
  const node = nodeObject(identity('node1', false), Date.UTC(2026, 0, 1));
  assert.deepEqual(node.spec.taints, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
  assert.deepEqual(summary(node.status.conditions), [
    ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
    ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
    ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
    ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
  ]);
  assert.deepEqual(node.status.addresses, [{ type: 'InternalIP', address: '127.0.10.1' }, { type: 'Hostname', address: 'node1' }]);
  assert.equal(node.status.nodeInfo.kubeletVersion, 'v1.32.4');
  assert.equal(node.status.nodeInfo.kubeProxyVersion, 'v1.32.4');
  assert.equal(node.status.conditions[3].lastHeartbeatTime, '2026-01-01T00:00:00Z');
});

test('a node registered before its pod network is up is NotReady with the kubelet\'s cni message', () => {
  const node = nodeObject(identity('node1', false), Date.UTC(2026, 0, 1), false);
  assert.deepEqual(summary(node.status.conditions)[3], [
    'Ready',
    'False',
    'KubeletNotReady',
    'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
  ]);
  assert.deepEqual(summary(node.status.conditions).slice(0, 3).map((c) => c[1]), ['False', 'False', 'False']);
});

test('Ready keeps its own transition time, apart from the pressure conditions', () => {
  const registered = Date.UTC(2026, 0, 1);
  const status = nodeStatus(identity('node1', false), registered + 5000, registered, [], { networkReady: true, since: registered + 2000 });
  const times = (status.conditions as Condition[]).map((c) => [c.type, c.lastTransitionTime]);
  assert.deepEqual(times, [
    ['MemoryPressure', '2026-01-01T00:00:00Z'],
    ['DiskPressure', '2026-01-01T00:00:00Z'],
    ['PIDPressure', '2026-01-01T00:00:00Z'],
    ['Ready', '2026-01-01T00:00:02Z'],
  ]);
});

test('a node carries the annotations kind 1.32 shows in describe node: kubeadm\'s CRI socket, the TTL and attach-detach', () => {
  const node = nodeObject(identity('node1', false), Date.UTC(2026, 0, 1));
  assert.deepEqual(node.metadata.annotations, {
    'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
    'node.alpha.kubernetes.io/ttl': '0',
    'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
  });
});

test('status.images as the kubelet lists them: repo digest then tags, one entry per digest, largest first', () => {
  const nginx = { digest: 'sha256:aa', size: 72955450, imageID: 'docker.io/library/nginx@sha256:aa' };
  const images = nodeImages([
    { reference: 'docker.io/library/busybox:latest', digest: 'sha256:bb', size: 2158336, imageID: 'docker.io/library/busybox@sha256:bb' },
    { reference: 'docker.io/library/nginx:latest', ...nginx },
    { reference: 'docker.io/library/nginx:1.27', ...nginx },
    { reference: 'registry.k8s.io/pause:3.10', digest: 'sha256:cc', size: 320368 },
  ]);
  assert.deepEqual(images, [
    { names: ['docker.io/library/nginx@sha256:aa', 'docker.io/library/nginx:1.27', 'docker.io/library/nginx:latest'], sizeBytes: 72955450 },
    { names: ['docker.io/library/busybox@sha256:bb', 'docker.io/library/busybox:latest'], sizeBytes: 2158336 },
    { names: ['registry.k8s.io/pause:3.10'], sizeBytes: 320368 },
  ]);
  assert.deepEqual(taggedImageNames(images), ['docker.io/library/nginx:1.27', 'docker.io/library/nginx:latest', 'docker.io/library/busybox:latest', 'registry.k8s.io/pause:3.10']);
});

test('status.images: equal sizes by image ID descending, at most 5 names an image and 50 images', () => {
  const same = nodeImages([
    { reference: 'docker.io/library/a:1', digest: 'sha256:01', size: 100 },
    { reference: 'docker.io/library/b:1', digest: 'sha256:02', size: 100 },
  ]);
  assert.deepEqual(same.map((i) => i.names[0]), ['docker.io/library/b:1', 'docker.io/library/a:1']);
  const tags = Array.from({ length: 7 }, (_, i) => ({ reference: `docker.io/library/many:${i}`, digest: 'sha256:ff', size: 5, imageID: 'docker.io/library/many@sha256:ff' }));
  assert.deepEqual(nodeImages(tags)[0]!.names, ['docker.io/library/many@sha256:ff', 'docker.io/library/many:0', 'docker.io/library/many:1', 'docker.io/library/many:2', 'docker.io/library/many:3']);
  const lots = nodeImages(Array.from({ length: 60 }, (_, i) => ({ reference: `docker.io/library/img${i}:1`, digest: `sha256:${String(i).padStart(2, '0')}`, size: 1000 + i })));
  assert.equal(lots.length, 50);
  assert.deepEqual([lots[0]!.sizeBytes, lots[49]!.sizeBytes], [1059, 1010], 'the 50 largest');
});
