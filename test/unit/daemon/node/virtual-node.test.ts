// A virtual node's registration as kind's kubelets do it: a machine met for the first time is
// NotReady (`cni plugin not initialized`) and tainted not-ready until its kubelet runs pods, then
// posts Ready and records NodeReady; a machine the store knows (a daemon restart) is Ready at once.
// Against the real in-process API with a ManualClock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { VirtualNode, type PodRunner } from '../../../../daemon/node/virtual-node.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const nodesRef = { group: '', version: 'v1', resource: 'nodes' };
const eventsRef = { group: '', version: 'v1', resource: 'events' };
const cniMessage = 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

const idleRunner = (): PodRunner => ({ start: async () => undefined, halt: async () => undefined });

function makeNode(api: TestApi, options: { makePodRunner?: () => PodRunner; machine?: { machineID: string; systemUUID: string; bootID: string } } = {}): VirtualNode {
  return new VirtualNode({ client: api.client, clock: api.clock, name: 'node1', ip: '127.0.30.2', podCIDR: '10.244.1.0/24', controlPlane: false, ...options });
}

async function readyOf(api: TestApi): Promise<{ status: string; reason: string; message: string; lastTransitionTime: string }> {
  const node: KubeObject = await api.client.get(nodesRef, undefined, 'node1');
  return node.status.conditions.find((c: { type: string }) => c.type === 'Ready');
}

async function eventReasons(api: TestApi): Promise<string[]> {
  const list = await api.client.list(eventsRef, 'default');
  return list.items.filter((e) => e.involvedObject?.name === 'node1').map((e) => e.reason as string);
}

test('a new machine registers NotReady with the not-ready taint, and is Ready once its kubelet runs pods', async (t) => {
  const api = await startApi(t);
  const node = makeNode(api);
  t.after(() => node.kill());
  await node.start();
  const registered = await readyOf(api);
  assert.deepEqual([registered.status, registered.reason, registered.message], ['False', 'KubeletNotReady', cniMessage]);
  const stored: KubeObject = await api.client.get(nodesRef, undefined, 'node1');
  assert.deepEqual(stored.spec.taints, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
  await waitFor(async () => (await eventReasons(api)).length === 5, { what: 'the kubelet start-up events' });
  assert.deepEqual(await eventReasons(api), ['Starting', 'NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID', 'NodeAllocatableEnforced']);

  api.clock.step(3000);
  node.setPodRunnerFactory(idleRunner);
  const ready = await waitFor(async () => {
    const condition = await readyOf(api);
    return condition.status === 'True' ? condition : undefined;
  }, { what: 'the node Ready' });
  assert.deepEqual([ready.reason, ready.message, ready.lastTransitionTime], ['KubeletReady', 'kubelet is posting ready status', '2026-01-01T00:00:03Z']);
  const after: KubeObject = await api.client.get(nodesRef, undefined, 'node1');
  const memory = after.status.conditions.find((c: { type: string }) => c.type === 'MemoryPressure');
  assert.equal(memory.lastTransitionTime, '2026-01-01T00:00:00Z', 'the pressure conditions did not change');
  await waitFor(async () => (await eventReasons(api)).includes('NodeReady'), { what: 'the NodeReady event' });
});

test('a machine added with a kubelet ready to run pods is Ready when start() resolves', async (t) => {
  const api = await startApi(t);
  const node = makeNode(api, { makePodRunner: idleRunner });
  t.after(() => node.kill());
  await node.start();
  assert.equal((await readyOf(api)).status, 'True');
});

test('a machine the store knows (the daemon restarted) is Ready at once and keeps its transition time', async (t) => {
  const api = await startApi(t);
  const first = makeNode(api, { makePodRunner: idleRunner });
  await first.start();
  await first.kill();
  const since = (await readyOf(api)).lastTransitionTime;
  api.clock.step(60_000);
  const machine = { machineID: 'm', systemUUID: 'u', bootID: 'b' };
  const again = makeNode(api, { machine });
  t.after(() => again.kill());
  await again.start();
  const ready = await readyOf(api);
  assert.deepEqual([ready.status, ready.lastTransitionTime], ['True', since]);
});

async function nodeEvents(api: TestApi): Promise<{ type: string; reason: string; message: string; source: string }[]> {
  const list = await api.client.list(eventsRef, 'default');
  return list.items.filter((e) => e.involvedObject?.name === 'node1').map((e) => ({ type: e.type, reason: e.reason, message: e.message, source: e.source?.component }));
}

test('the kubelet records NodeNotSchedulable on a cordon and NodeSchedulable on an uncordon, with its next status pass', async (t) => {
  const api = await startApi(t);
  const node = makeNode(api, { makePodRunner: idleRunner });
  t.after(() => node.kill());
  await node.start();
  const cordon = async (value: boolean | null): Promise<void> => {
    const current: KubeObject = await api.client.get(nodesRef, undefined, 'node1');
    const spec = { ...current.spec, unschedulable: value ?? undefined };
    if (value === null) delete spec.unschedulable;
    await api.client.update(nodesRef, { ...current, spec });
  };
  await cordon(true);
  api.clock.step(10_000);
  const cordoned = await waitFor(async () => (await nodeEvents(api)).find((e) => e.reason === 'NodeNotSchedulable'), { what: 'the NodeNotSchedulable event' });
  assert.deepEqual(cordoned, { type: 'Normal', reason: 'NodeNotSchedulable', message: 'Node node1 status is now: NodeNotSchedulable', source: 'kubelet' });
  await cordon(null);
  api.clock.step(10_000);
  const uncordoned = await waitFor(async () => (await nodeEvents(api)).find((e) => e.reason === 'NodeSchedulable'), { what: 'the NodeSchedulable event' });
  assert.deepEqual(uncordoned, { type: 'Normal', reason: 'NodeSchedulable', message: 'Node node1 status is now: NodeSchedulable', source: 'kubelet' });
  api.clock.step(10_000);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal((await nodeEvents(api)).filter((e) => /Schedulable$/.test(e.reason)).length, 2, 'each change is recorded once');
});

test('a node brought back after a kill has rebooted: Warning Rebooted with its new boot id; a daemon restart is no reboot', async (t) => {
  const api = await startApi(t);
  const node = makeNode(api, { makePodRunner: idleRunner });
  t.after(() => node.kill());
  await node.start();
  const bootBefore = node.identity.bootID;
  await node.kill();
  await node.start();
  assert.notEqual(node.identity.bootID, bootBefore);
  const rebooted = await waitFor(async () => (await nodeEvents(api)).find((e) => e.reason === 'Rebooted'), { what: 'the Rebooted event' });
  assert.deepEqual(rebooted, { type: 'Warning', reason: 'Rebooted', message: `Node node1 has been rebooted, boot id: ${node.identity.bootID}`, source: 'kubelet' });
  await node.kill();

  const stored: KubeObject = await api.client.get(nodesRef, undefined, 'node1');
  const { machineID, systemUUID, bootID } = stored.status.nodeInfo;
  const restarted = makeNode(api, { makePodRunner: idleRunner, machine: { machineID, systemUUID, bootID } });
  t.after(() => restarted.kill());
  await restarted.start();
  await waitFor(async () => (await nodeEvents(api)).filter((e) => e.reason === 'Starting').length === 3, { what: 'the third Starting event' });
  assert.equal((await nodeEvents(api)).filter((e) => e.reason === 'Rebooted').length, 1);
});

test('the node status lists the machine\'s images once they change, and a re-registered node knows what its disk held', async (t) => {
  const api = await startApi(t);
  let images = [{ names: ['registry.k8s.io/pause:3.10'], sizeBytes: 320368 }];
  const runner = (): PodRunner => ({ ...idleRunner(), images: () => images });
  const node = makeNode(api, { makePodRunner: runner });
  t.after(() => node.kill());
  await node.start();
  const listed = async (): Promise<unknown> => (await api.client.get(nodesRef, undefined, 'node1')).status.images;
  assert.deepEqual(await listed(), images, 'the first Ready status lists them');
  images = [{ names: ['docker.io/library/nginx@sha256:aa', 'docker.io/library/nginx:1.14'], sizeBytes: 72955450 }, ...images];
  api.clock.step(10_000);
  await waitFor(async () => JSON.stringify(await listed()) === JSON.stringify(images), { what: 'the pulled image in status.images' });
  await node.kill();

  const stored: KubeObject = await api.client.get(nodesRef, undefined, 'node1');
  const { machineID, systemUUID, bootID } = stored.status.nodeInfo;
  const restarted = makeNode(api, { machine: { machineID, systemUUID, bootID } });
  t.after(() => restarted.kill());
  await restarted.start();
  assert.deepEqual(restarted.storedImageNames, ['docker.io/library/nginx:1.14', 'registry.k8s.io/pause:3.10']);
});

test('a steady image list costs no Node writes: the heartbeats renew the Lease only, until the image list changes', async (t) => {
  const api = await startApi(t);
  let images = [{ names: ['registry.k8s.io/pause:3.10'], sizeBytes: 320368 }];
  const node = makeNode(api, { makePodRunner: () => ({ ...idleRunner(), images: () => images }) });
  t.after(() => node.kill());
  await node.start();
  const leasesRef = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
  const renewTime = async (): Promise<string> => (await api.client.get(leasesRef, 'kube-node-lease', 'node1')).spec.renewTime;
  const version = async (): Promise<string | undefined> => (await api.client.get(nodesRef, undefined, 'node1')).metadata.resourceVersion;
  const before = await version();
  for (let pass = 0; pass < 3; pass++) {
    const renewed = await renewTime();
    api.clock.step(10_000);
    await waitFor(async () => (await renewTime()) !== renewed, { what: `heartbeat ${pass + 1}` });
  }
  assert.equal(await version(), before, 'three heartbeats, the Node untouched');
  images = [{ names: ['docker.io/library/nginx:1.14'], sizeBytes: 72955450 }, ...images];
  api.clock.step(10_000);
  await waitFor(async () => (await version()) !== before, { what: 'the Node rewritten for the new image' });
});

test('the kubelet\'s node events refer to the node as its node reference does: kind, name, uid = name', async (t) => {
  const api = await startApi(t);
  const node = makeNode(api, { makePodRunner: idleRunner });
  t.after(() => node.kill());
  await node.start();
  const starting = await waitFor(async () => (await api.client.list(eventsRef, 'default')).items.find((e) => e.reason === 'Starting' && e.source?.component === 'kubelet'), { what: 'the Starting kubelet. event' });
  assert.deepEqual(starting.involvedObject, { kind: 'Node', name: 'node1', uid: 'node1' });
  assert.equal(starting.metadata.namespace, 'default');
});
