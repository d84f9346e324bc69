import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { NodeLifecycleController } from '../../../../daemon/controllers/node-lifecycle.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const nodes = { group: '', version: 'v1', resource: 'nodes' };
const leases = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
const pods = { group: '', version: 'v1', resource: 'pods' };
const events = { group: '', version: 'v1', resource: 'events' };

const t0 = '2026-01-01T00:00:00Z';
const healthy = (at: string): object[] => [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: at, lastTransitionTime: t0 },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: at, lastTransitionTime: t0 },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: at, lastTransitionTime: t0 },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: at, lastTransitionTime: t0 },
];

/** A node registered by its kubelet, its Lease, and a Running, Ready pod on it. */
async function kubeletWithPod(api: TestApi, name: string): Promise<void> {
  await api.client.create(nodes, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: {}, status: { conditions: healthy(t0) } });
  await api.client.create(leases, 'kube-node-lease', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:00.000000Z' } });
  const pod = await api.client.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { nodeName: name, containers: [{ name: 'c', image: 'nginx' }] } });
  const status = { ...pod.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: t0 }] };
  await api.client.update(pods, { ...pod, status }, { subresource: 'status' });
}

async function node(api: TestApi, name: string): Promise<KubeObject> {
  return api.client.get(nodes, undefined, name);
}

/** Waits until the informer's copy of the node has the API's resourceVersion. */
async function cached(api: TestApi, name: string): Promise<void> {
  const rv = (await node(api, name)).metadata.resourceVersion;
  await waitFor(() => api.informers.informerFor(nodes).get(name)?.metadata.resourceVersion === rv, { what: `the cache to see node ${name} at ${rv}` });
}

async function eventsOf(api: TestApi, namespace: string, name: string): Promise<string[]> {
  const list = await api.client.list(events, namespace);
  return list.items.filter((e) => e.involvedObject.name === name).map((e) => `${e.type} ${e.reason} ${e.source.component}: ${e.message}`);
}

test('a node whose lease is not renewed for 50 s turns Unknown, gets the unreachable taints, and its pods turn not ready', async (t) => {
  const api = await startApi(t);
  const controller = NodeLifecycleController.fromContext(api);
  await kubelet(api, 'node1'); // a Ready neighbour: a zone with no Ready node at all evicts nothing
  await kubeletWithPod(api, 'node2');
  await api.syncInformers();
  await controller.sync('node2');
  assert.equal((await node(api, 'node2')).spec.taints, undefined, 'a fresh node is left alone');

  api.clock.step(49_000);
  await controller.sync('node2');
  assert.equal((await node(api, 'node2')).status.conditions[3].status, 'True', 'still within the grace period');

  api.clock.step(2_000);
  await controller.sync('node2');
  const unknown = await node(api, 'node2');
  assert.deepEqual(unknown.status.conditions.map((c: Record<string, string>) => [c.type, c.status, c.reason, c.message, c.lastHeartbeatTime, c.lastTransitionTime]), [
    ['MemoryPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', t0, '2026-01-01T00:00:51Z'],
    ['DiskPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', t0, '2026-01-01T00:00:51Z'],
    ['PIDPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', t0, '2026-01-01T00:00:51Z'],
    ['Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', t0, '2026-01-01T00:00:51Z'],
  ]);
  const pod = await api.client.get(pods, 'default', 'web');
  assert.deepEqual(pod.status.conditions.find((c: { type: string }) => c.type === 'Ready'), { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:51Z' });

  await cached(api, 'node2');
  await controller.sync('node2');
  assert.deepEqual((await node(api, 'node2')).spec.taints, [
    { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: '2026-01-01T00:00:51Z' },
    { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:51Z' },
  ]);
  await cached(api, 'node2');
  await controller.sync('node2');
  await controller.recorder.flush();
  assert.deepEqual(await eventsOf(api, 'default', 'node2'), [
    'Normal RegisteredNode node-controller: Node node2 event: Registered Node node2 in Controller',
    'Normal NodeNotReady node-controller: Node node2 status is now: NodeNotReady',
  ]);
  assert.deepEqual(await eventsOf(api, 'default', 'web'), ['Warning NodeNotReady node-controller: Node is not ready']);
});

test('the unreachable taints go once the kubelet is back and posts Ready again', async (t) => {
  const api = await startApi(t);
  const controller = NodeLifecycleController.fromContext(api);
  await kubelet(api, 'node1');
  await kubeletWithPod(api, 'node2');
  await api.syncInformers();
  await controller.sync('node2');
  api.clock.step(60_000);
  await controller.sync('node2');
  await cached(api, 'node2');
  await controller.sync('node2');
  assert.equal((await node(api, 'node2')).spec.taints.length, 2);

  // The kubelet returns: it renews its lease and rewrites its conditions.
  const lease = await api.client.get(leases, 'kube-node-lease', 'node2');
  await api.client.update(leases, { ...lease, spec: { ...lease.spec, renewTime: '2026-01-01T00:01:00.000000Z' } });
  const back = await node(api, 'node2');
  await api.client.update(nodes, { ...back, status: { ...back.status, conditions: healthy('2026-01-01T00:01:00Z') } }, { subresource: 'status' });
  await cached(api, 'node2');
  await waitFor(() => api.informers.informerFor(leases, 'kube-node-lease').get('kube-node-lease/node2')?.spec.renewTime === '2026-01-01T00:01:00.000000Z', { what: 'the renewed lease in the cache' });
  await controller.sync('node2');
  assert.equal((await node(api, 'node2')).spec.taints, undefined);
  await controller.recorder.flush();
  assert.deepEqual(await eventsOf(api, 'default', 'node2'), [
    'Normal RegisteredNode node-controller: Node node2 event: Registered Node node2 in Controller',
    'Normal NodeNotReady node-controller: Node node2 status is now: NodeNotReady',
  ]);
});

test('a renewed lease keeps the node Ready past the grace period', async (t) => {
  const api = await startApi(t);
  const controller = NodeLifecycleController.fromContext(api);
  await kubeletWithPod(api, 'node2');
  await api.syncInformers();
  await controller.sync('node2');
  for (let renew = 1; renew <= 6; renew++) {
    api.clock.step(10_000);
    const lease = await api.client.get(leases, 'kube-node-lease', 'node2');
    const renewTime = new Date(api.clock.now()).toISOString().replace('Z', '000Z');
    await api.client.update(leases, { ...lease, spec: { ...lease.spec, renewTime } });
    await waitFor(() => api.informers.informerFor(leases, 'kube-node-lease').get('kube-node-lease/node2')?.spec.renewTime === renewTime, { what: 'the renewed lease in the cache' });
    await controller.sync('node2');
  }
  const current = await node(api, 'node2');
  assert.equal(current.status.conditions[3].status, 'True');
  assert.equal(current.spec.taints, undefined);
});

test('the unschedulable taint follows cordon and uncordon', async (t) => {
  const api = await startApi(t);
  const controller = NodeLifecycleController.fromContext(api);
  await kubeletWithPod(api, 'node1');
  await api.syncInformers();
  await api.client.patch(nodes, undefined, 'node1', 'merge', { spec: { unschedulable: true } });
  await cached(api, 'node1');
  await controller.sync('node1');
  assert.deepEqual((await node(api, 'node1')).spec.taints, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: t0 }]);

  await api.client.patch(nodes, undefined, 'node1', 'merge', { spec: { unschedulable: null } });
  await cached(api, 'node1');
  await controller.sync('node1');
  assert.equal((await node(api, 'node1')).spec.taints, undefined);
});

test('a deleted node is removed from the controller: RemovingNode, named by the node\'s uid', async (t) => {
  const api = await startApi(t);
  const controller = NodeLifecycleController.fromContext(api);
  await kubeletWithPod(api, 'node3');
  const uid = (await node(api, 'node3')).metadata.uid;
  await api.syncInformers();
  await controller.sync('node3');
  await api.client.delete(nodes, undefined, 'node3');
  await waitFor(() => api.informers.informerFor(nodes).get('node3') === undefined, { what: 'the cache to lose node3' });
  await controller.sync('node3');
  await controller.sync('node3');
  const removing = await waitFor(async () => {
    const list = await api.client.list(events, 'default');
    const found = list.items.filter((e) => e.reason === 'RemovingNode');
    return found.length > 0 ? found : undefined;
  }, { what: 'the RemovingNode event' });
  assert.equal(removing.length, 1, 'recorded once');
  assert.deepEqual([removing[0]!.type, removing[0]!.source.component, removing[0]!.message], ['Normal', 'node-controller', 'Node node3 event: Removing Node node3 from Controller']);
  assert.deepEqual([removing[0]!.involvedObject.kind, removing[0]!.involvedObject.name, removing[0]!.involvedObject.uid], ['Node', 'node3', uid]);
});

/** A Ready node and its Lease, renewed at t0. */
async function kubelet(api: TestApi, name: string): Promise<void> {
  await api.client.create(nodes, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: {}, status: { conditions: healthy(t0) } });
  await api.client.create(leases, 'kube-node-lease', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:00.000000Z' } });
}

async function renew(api: TestApi, name: string): Promise<void> {
  const lease = await api.client.get(leases, 'kube-node-lease', name);
  await api.client.update(leases, { ...lease, spec: { ...lease.spec, renewTime: new Date(api.clock.now()).toISOString().replace('Z', '000Z') } });
}

/** Syncs each node once the informer has its latest version, as the work queue would. */
async function syncAll(api: TestApi, controller: NodeLifecycleController, names: string[]): Promise<void> {
  for (const name of names) {
    await cached(api, name);
    await controller.sync(name);
  }
}

const taintsOf = async (api: TestApi, name: string): Promise<string[]> => ((await node(api, name)).spec.taints ?? []).map((x: { key: string; effect: string }) => `${x.key}:${x.effect}`);

test('three of four nodes silent: the zone is partially disrupted, so they are tainted NoSchedule but not NoExecute', async (t) => {
  const api = await startApi(t);
  const controller = NodeLifecycleController.fromContext(api);
  const all = ['control-plane', 'node1', 'node2', 'node3'];
  for (const name of all) await kubelet(api, name);
  await api.syncInformers();
  await syncAll(api, controller, all);
  api.clock.step(51_000);
  await renew(api, 'control-plane');
  await syncAll(api, controller, all);
  await syncAll(api, controller, all);
  for (const name of ['node1', 'node2', 'node3']) {
    assert.equal((await node(api, name)).status.conditions[3].status, 'Unknown', name);
    assert.deepEqual(await taintsOf(api, name), ['node.kubernetes.io/unreachable:NoSchedule'], name);
  }

  // node3 comes back: 2 of 4 not ready is a Normal zone again. The zone's new bucket (0.1/s) starts
  // empty, as the stopped one had no token (k/k SwapLimiter): the NoExecute taints follow 10 s apart.
  const back = await node(api, 'node3');
  await api.client.update(nodes, { ...back, status: { conditions: healthy('2026-01-01T00:00:52Z') } }, { subresource: 'status' });
  await syncAll(api, controller, all);
  await syncAll(api, controller, all);
  const noExecute = async (): Promise<string[]> => {
    const tainted: string[] = [];
    for (const name of ['node1', 'node2']) if ((await taintsOf(api, name)).includes('node.kubernetes.io/unreachable:NoExecute')) tainted.push(name);
    return tainted;
  };
  assert.equal((await noExecute()).length, 0, 'the new bucket starts empty');
  api.clock.step(9_000);
  await syncAll(api, controller, ['node1', 'node2']);
  assert.equal((await noExecute()).length, 0, 'not before 10 s');
  api.clock.step(1_000);
  await waitFor(async () => {
    await syncAll(api, controller, ['node1', 'node2']);
    return (await noExecute()).length === 1;
  }, { what: 'the first NoExecute taint' });
  await syncAll(api, controller, ['node1', 'node2']);
  assert.equal((await noExecute()).length, 1, 'one node per 10 s');
  api.clock.step(10_000);
  await waitFor(async () => {
    await syncAll(api, controller, ['node1', 'node2']);
    return (await noExecute()).length === 2;
  }, { what: 'the second NoExecute taint' });
});

test('control plane and one worker, the worker silent: 1 of 2 not ready is a Normal zone, tainted NoExecute at once', async (t) => {
  const api = await startApi(t);
  const controller = NodeLifecycleController.fromContext(api);
  await kubelet(api, 'control-plane');
  await kubeletWithPod(api, 'node1');
  await api.syncInformers();
  await syncAll(api, controller, ['control-plane', 'node1']);
  api.clock.step(51_000);
  await renew(api, 'control-plane');
  await syncAll(api, controller, ['control-plane', 'node1']);
  await syncAll(api, controller, ['node1']);
  assert.deepEqual((await taintsOf(api, 'node1')).sort(), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
});

test('zones: a fully disrupted zone beside a healthy one still evicts; every node silent stops it and lifts the taints', async (t) => {
  const api = await startApi(t);
  const controller = NodeLifecycleController.fromContext(api);
  const zoned = async (name: string, zone: string): Promise<void> => {
    await kubelet(api, name);
    const n = await node(api, name);
    await api.client.update(nodes, { ...n, metadata: { ...n.metadata, labels: { 'topology.kubernetes.io/zone': zone } } });
  };
  await zoned('a1', 'a');
  await zoned('b1', 'b');
  await zoned('b2', 'b');
  const all = ['a1', 'b1', 'b2'];
  await api.syncInformers();
  await syncAll(api, controller, all);
  api.clock.step(51_000);
  await renew(api, 'a1');
  await syncAll(api, controller, all);
  await syncAll(api, controller, all);
  // Zone b has no Ready node (FullDisruption) but zone a is Normal: the normal rate, one taint now.
  const tainted = async (): Promise<string[]> => {
    const found: string[] = [];
    for (const name of all) if ((await taintsOf(api, name)).includes('node.kubernetes.io/unreachable:NoExecute')) found.push(name);
    return found;
  };
  assert.equal((await tainted()).length, 1);
  api.clock.step(10_000);
  await waitFor(async () => {
    await syncAll(api, controller, ['b1', 'b2']);
    return (await tainted()).length === 2;
  }, { what: 'the second node of zone b tainted 10 s later' });

  // a1 goes silent too: every zone is fully disrupted, the NoExecute taints come off.
  api.clock.step(51_000);
  await syncAll(api, controller, all);
  await syncAll(api, controller, all);
  assert.deepEqual(await tainted(), []);
  for (const name of all) assert.deepEqual(await taintsOf(api, name), ['node.kubernetes.io/unreachable:NoSchedule'], name);
});

test('a cluster whose only node is silent is fully disrupted: no NoExecute taint, no eviction', async (t) => {
  const api = await startApi(t);
  const controller = NodeLifecycleController.fromContext(api);
  await kubeletWithPod(api, 'node2');
  await api.syncInformers();
  await syncAll(api, controller, ['node2']);
  api.clock.step(51_000);
  await syncAll(api, controller, ['node2']);
  await syncAll(api, controller, ['node2']);
  assert.equal((await node(api, 'node2')).status.conditions[3].status, 'Unknown');
  assert.deepEqual(await taintsOf(api, 'node2'), ['node.kubernetes.io/unreachable:NoSchedule']);
});

test('a node that never posted its status gets the startup grace period (60 s), then NodeStatusNeverUpdated', async (t) => {
  const api = await startApi(t);
  const controller = NodeLifecycleController.fromContext(api);
  await kubelet(api, 'node1');
  await api.client.create(nodes, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'handmade' }, spec: {} });
  const created = (await node(api, 'handmade')).metadata.creationTimestamp;
  await api.syncInformers();
  await syncAll(api, controller, ['handmade']);
  api.clock.step(51_000);
  await syncAll(api, controller, ['handmade']);
  assert.equal((await node(api, 'handmade')).status?.conditions, undefined, 'still within the startup grace period');
  api.clock.step(10_000);
  await syncAll(api, controller, ['handmade']);
  const conditions = (await node(api, 'handmade')).status.conditions.map((c: Record<string, string>) => [c.type, c.status, c.reason, c.message, c.lastHeartbeatTime, c.lastTransitionTime]);
  assert.deepEqual(conditions, ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].map((type) => [type, 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.', created, '2026-01-01T00:01:01Z']));
});
