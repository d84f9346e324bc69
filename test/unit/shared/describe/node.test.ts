// kubectl describe node, line for line (labs K.1 and I.1): roles, taints, the Lease, conditions,
// capacity and allocatable, system info, the non-terminated pods with their share of allocatable
// (percentages truncated), the allocated totals, and events from the kubelet and a controller.
process.env.TZ = 'UTC'; // describe prints times in the local zone, as kubectl does
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeNode } from '../../../../shared/describe/node.js';

const t = (s: number) => new Date(Date.UTC(2026, 0, 5, 1, 0, 0) + s * 1000).toISOString().replace('.000', '');
const node = {
  metadata: { name: 'node1', uid: 'n1', creationTimestamp: t(0),
    labels: { 'kubernetes.io/hostname': 'node1', 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/worker': '' },
    annotations: { 'node.alpha.kubernetes.io/ttl': '0' } },
  spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'], taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
  status: {
    capacity: { cpu: '2', memory: '4028820Ki', pods: '110', 'ephemeral-storage': '61202244Ki' },
    allocatable: { cpu: '2', memory: '4028820Ki', pods: '110', 'ephemeral-storage': '61202244Ki' },
    conditions: [
      { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: t(600), lastTransitionTime: t(0), reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
      { type: 'Ready', status: 'True', lastHeartbeatTime: t(600), lastTransitionTime: t(5), reason: 'KubeletReady', message: 'kubelet is posting ready status' },
    ],
    addresses: [{ type: 'InternalIP', address: '127.0.10.2' }, { type: 'Hostname', address: 'node1' }],
    nodeInfo: { machineID: 'm1', systemUUID: 's1', bootID: 'b1', kernelVersion: '6.8.0-kubelab', osImage: 'Debian GNU/Linux 12 (bookworm)', operatingSystem: 'linux', architecture: 'amd64', containerRuntimeVersion: 'containerd://1.7.24', kubeletVersion: 'v1.32.4', kubeProxyVersion: 'v1.32.4' },
  },
};
const pod = (ns: string, name: string, resources: object, created: number) => ({ metadata: { namespace: ns, name, creationTimestamp: t(created) }, spec: { containers: [{ name: 'c', resources }] } });
const pods = [
  pod('default', 'web-1', { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } }, 300),
  pod('kube-system', 'coredns-abc', { requests: { cpu: '100m', memory: '70Mi' }, limits: { memory: '170Mi' } }, 0),
  pod('default', 'idle', {}, 540),
];
const lease = { metadata: { name: 'node1', namespace: 'kube-node-lease' }, spec: { holderIdentity: 'node1', leaseDurationSeconds: 40, renewTime: '2026-01-05T01:09:58.123456Z' } };
const events = [
  { metadata: { name: 'node1.1' }, type: 'Normal', reason: 'Starting', message: 'Starting kubelet.', firstTimestamp: t(0), lastTimestamp: t(0), count: 1, source: { component: 'kubelet', host: 'node1' } },
  { metadata: { name: 'node1.2' }, type: 'Normal', reason: 'RegisteredNode', message: 'Node node1 event: Registered Node node1 in Controller', firstTimestamp: t(3), lastTimestamp: t(3), count: 1, source: { component: 'node-controller' } },
];
const now = Date.UTC(2026, 0, 5, 1, 10, 0);

const expected = [
  'Name:               node1',
  'Roles:              worker',
  'Labels:             kubernetes.io/hostname=node1',
  '                    kubernetes.io/os=linux',
  '                    node-role.kubernetes.io/worker=',
  'Annotations:        node.alpha.kubernetes.io/ttl: 0',
  'CreationTimestamp:  Mon, 05 Jan 2026 01:00:00 +0000',
  'Taints:             dedicated=gpu:NoSchedule',
  'Unschedulable:      false',
  'Lease:',
  '  HolderIdentity:  node1',
  '  AcquireTime:     <unset>',
  '  RenewTime:       Mon, 05 Jan 2026 01:09:58 +0000',
  'Conditions:',
  '  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message',
  '  ----             ------  -----------------                 ------------------                ------                       -------',
  '  MemoryPressure   False   Mon, 05 Jan 2026 01:10:00 +0000   Mon, 05 Jan 2026 01:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available',
  '  Ready            True    Mon, 05 Jan 2026 01:10:00 +0000   Mon, 05 Jan 2026 01:00:05 +0000   KubeletReady                 kubelet is posting ready status',
  'Addresses:',
  '  InternalIP:  127.0.10.2',
  '  Hostname:    node1',
  'Capacity:',
  '  cpu:                2',
  '  ephemeral-storage:  61202244Ki',
  '  memory:             4028820Ki',
  '  pods:               110',
  'Allocatable:',
  '  cpu:                2',
  '  ephemeral-storage:  61202244Ki',
  '  memory:             4028820Ki',
  '  pods:               110',
  'System Info:',
  '  Machine ID:                 m1',
  '  System UUID:                s1',
  '  Boot ID:                    b1',
  '  Kernel Version:             6.8.0-kubelab',
  '  OS Image:                   Debian GNU/Linux 12 (bookworm)',
  '  Operating System:           linux',
  '  Architecture:               amd64',
  '  Container Runtime Version:  containerd://1.7.24',
  '  Kubelet Version:            v1.32.4',
  '  Kube-Proxy Version:         v1.32.4',
  'PodCIDR:                      10.244.1.0/24',
  'PodCIDRs:                     10.244.1.0/24',
  'Non-terminated Pods:          (3 in total)',
  '  Namespace                   Name           CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age',
  '  ---------                   ----           ------------  ----------  ---------------  -------------  ---',
  '  default                     web-1          250m (12%)    500m (25%)  64Mi (1%)        128Mi (3%)     5m',
  '  kube-system                 coredns-abc    100m (5%)     0 (0%)      70Mi (1%)        170Mi (4%)     10m',
  '  default                     idle           0 (0%)        0 (0%)      0 (0%)           0 (0%)         60s',
  'Allocated resources:',
  '  (Total limits may be over 100 percent, i.e., overcommitted.)',
  '  Resource           Requests    Limits',
  '  --------           --------    ------',
  '  cpu                350m (17%)  500m (25%)',
  '  memory             134Mi (3%)  298Mi (7%)',
  '  ephemeral-storage  0 (0%)      0 (0%)',
  'Events:',
  '  Type    Reason          Age    From             Message',
  '  ----    ------          ----   ----             -------',
  '  Normal  Starting        10m    kubelet          Starting kubelet.',
  '  Normal  RegisteredNode  9m57s  node-controller  Node node1 event: Registered Node node1 in Controller',
].join('\n') + '\n';

test('describe node prints what kubectl describe node prints', () => {
  assert.equal(describeNode(node, { pods: pods as never, events: events as never, lease: lease as never }, now), expected);
});

test('a missing lease and unlistable pods are reported as kubectl reports them', () => {
  const text = describeNode(node, { pods: 'forbidden', events: [], lease: { error: 'leases.coordination.k8s.io "node1" not found' } }, now);
  assert.match(text, /^Lease: +Failed to get lease: leases\.coordination\.k8s\.io "node1" not found$/m);
  assert.match(text, /^Pods: +not authorized$/m);
  assert.match(text, /^Events: +<none>\n$/m);
});
