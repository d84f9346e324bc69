// Static pods and their mirror pods, with the real in-process API, a ManualClock and the scripted
// runtime: what `kubectl get pods -n kube-system` shows of a control-plane node's static pods, a
// mirror pod deleted and made again, a kubelet restart, and mirror pods of no manifest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { Kubelet } from '../../../../../daemon/node/kubelet/kubelet.js';
import { configHash, configSeen } from '../../../../../daemon/node/kubelet/static-pods.js';
import { ClusterNetwork } from '../../../../../daemon/runtime/network.js';
import { startApi, type TestApi } from '../../../../helpers/api.js';
import { nodeObject, nodesRef } from '../../../../helpers/nodes.js';
import { waitFor } from '../../../../helpers/wait-for.js';
import { FakeRuntime, MemoryFs, podsRef, settle } from './fake-runtime.js';

const manifest = (name: string, cpu: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { labels: { component: name, tier: 'control-plane' }, name, namespace: 'kube-system' },
  spec: {
    containers: [{ name, image: 'busybox', imagePullPolicy: 'IfNotPresent', command: [name], resources: { requests: { cpu } } }],
    hostNetwork: true,
    priority: 2000001000,
    priorityClassName: 'system-node-critical',
  },
});
const manifests = [manifest('etcd', '100m'), manifest('kube-scheduler', '100m')];

interface Setup {
  api: TestApi;
  runtime: FakeRuntime;
  start(options?: { adopt?: boolean; staticPods?: KubeObject[]; atBoot?: boolean }): Promise<Kubelet>;
}

async function setUp(t: TestContext): Promise<Setup> {
  const apiCleanups: (() => unknown)[] = [];
  const api = await startApi({ after: ((fn: () => unknown) => void apiCleanups.push(fn)) as TestContext['after'] });
  await api.client.create(nodesRef, undefined, nodeObject('control-plane', { controlPlane: true }));
  const runtime = new FakeRuntime(api.clock);
  const network = new ClusterNetwork();
  const kubelets: Kubelet[] = [];
  t.after(async () => {
    for (const kubelet of kubelets) {
      await kubelet.stop();
      await kubelet.recorder.flush();
    }
    for (const cleanup of apiCleanups) await cleanup();
  });
  return {
    api,
    runtime,
    start: async (options = {}) => {
      const kubelet = new Kubelet({
        client: api.client,
        clock: api.clock,
        nodeName: 'control-plane',
        nodeIP: '172.18.0.2',
        runtime,
        network,
        allocatePodIP: () => assert.fail('hostNetwork pods get no pod IP'),
        releasePodIP: () => undefined,
        hostPathFs: new MemoryFs(),
        volumeStore: { volumeFs: () => new MemoryFs() },
        adoptRunningPods: options.adopt ?? false,
        staticPods: options.staticPods ?? manifests,
        staticPodsAtBoot: options.atBoot ?? false,
      });
      kubelets.push(kubelet);
      await kubelet.start();
      return kubelet;
    },
  };
}

async function waitForMirror(api: TestApi, name: string, what: string, predicate: (pod: KubeObject) => boolean): Promise<KubeObject> {
  return waitFor(
    async () => {
      await settle();
      const pod = await api.client.get(podsRef, 'kube-system', name).catch(() => undefined);
      return pod && predicate(pod) ? pod : undefined;
    },
    { what, timeout: 20_000, interval: 5 },
  );
}

const isReady = (pod: KubeObject): boolean => pod.status?.conditions?.find((c: KubeObject) => c.type === 'Ready')?.status === 'True';

test('publishes each static pod as a mirror pod <name>-<node>: annotations, Node owner, node IP, Running and Ready', async (t) => {
  const { api, start } = await setUp(t);
  await start();
  const mirror = await waitForMirror(api, 'etcd-control-plane', 'etcd running', isReady);
  const hash = configHash(manifests[0]!, 'control-plane');
  assert.match(hash, /^[0-9a-f]{32}$/);
  assert.deepEqual(mirror.metadata.annotations, {
    'kubernetes.io/config.hash': hash,
    'kubernetes.io/config.mirror': hash,
    'kubernetes.io/config.seen': '2026-01-01T00:00:00Z',
    'kubernetes.io/config.source': 'file',
  });
  assert.notEqual(mirror.metadata.uid, hash);
  const node = await api.client.get(nodesRef, undefined, 'control-plane');
  assert.deepEqual(mirror.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Node', name: 'control-plane', uid: node.metadata.uid, controller: true }]);
  assert.deepEqual(mirror.metadata.labels, { component: 'etcd', tier: 'control-plane' });
  assert.equal(mirror.spec.nodeName, 'control-plane');
  assert.deepEqual(mirror.spec.tolerations, [{ operator: 'Exists', effect: 'NoExecute' }]);
  assert.equal(mirror.spec.priority, 2000001000);
  assert.equal(mirror.status.phase, 'Running');
  assert.equal(mirror.status.podIP, '172.18.0.2');
  assert.equal(mirror.status.hostIP, '172.18.0.2');
  assert.equal(mirror.status.qosClass, 'Burstable');
  const cs = mirror.status.containerStatuses[0];
  assert.deepEqual([cs.name, cs.ready, cs.started, cs.restartCount, Object.keys(cs.state)], ['etcd', true, true, 0, ['running']]);
  await waitForMirror(api, 'kube-scheduler-control-plane', 'kube-scheduler running', isReady);
  const pods = (await api.client.list(podsRef, 'kube-system')).items.map((p) => p.metadata.name).sort();
  assert.deepEqual(pods, ['etcd-control-plane', 'kube-scheduler-control-plane']);
});

test('the static pod\'s events name its config hash, which describe finds through the mirror annotation', async (t) => {
  const { api, start } = await setUp(t);
  const kubelet = await start();
  await waitForMirror(api, 'etcd-control-plane', 'etcd running', isReady);
  await kubelet.recorder.flush();
  const events = (await api.client.list({ group: '', version: 'v1', resource: 'events' }, 'kube-system')).items.filter((e) => e.involvedObject.name === 'etcd-control-plane');
  assert.deepEqual(
    events.map((e) => `${e.reason} ${e.involvedObject.uid}`),
    ['Pulling', 'Pulled', 'Created', 'Started'].map((reason) => `${reason} ${configHash(manifests[0]!, 'control-plane')}`),
  );
});

test('a deleted mirror pod comes back with a new UID while the static pod keeps running: same container, no restart', async (t) => {
  const { api, runtime, start } = await setUp(t);
  await start();
  const first = await waitForMirror(api, 'etcd-control-plane', 'etcd running', isReady);
  const containerID = first.status.containerStatuses[0].containerID;
  const started = runtime.containers.length;
  // kubectl delete: a graceful delete sets deletionTimestamp; the kubelet deletes it for good and makes a new one.
  await api.client.delete(podsRef, 'kube-system', 'etcd-control-plane');
  const second = await waitForMirror(api, 'etcd-control-plane', 'a new mirror pod, Running', (p) => p.metadata.uid !== first.metadata.uid && isReady(p));
  assert.equal(second.metadata.deletionTimestamp, undefined);
  assert.equal(second.metadata.annotations?.['kubernetes.io/config.mirror'], first.metadata.annotations?.['kubernetes.io/config.mirror']);
  const cs = second.status.containerStatuses[0];
  assert.deepEqual([cs.containerID, cs.restartCount, cs.ready], [containerID, 0, true]);
  assert.equal(second.status.startTime, first.status.startTime);
  assert.equal(runtime.containers.length, started);
  // A force delete (grace 0) too.
  await api.client.delete(podsRef, 'kube-system', 'etcd-control-plane', { gracePeriodSeconds: 0 });
  const third = await waitForMirror(api, 'etcd-control-plane', 'a third mirror pod', (p) => p.metadata.uid !== second.metadata.uid && isReady(p));
  assert.equal(third.status.containerStatuses[0].containerID, containerID);
});

test('a restarted kubelet adopts its mirror pods: no duplicate, same UID, same container', async (t) => {
  const { api, start } = await setUp(t);
  const first = await start();
  const before = await waitForMirror(api, 'etcd-control-plane', 'etcd running', isReady);
  await first.stop();
  api.clock.step(5000);
  await start({ adopt: true });
  await settle();
  const after = await waitForMirror(api, 'etcd-control-plane', 'etcd still running', isReady);
  assert.equal(after.metadata.uid, before.metadata.uid);
  assert.equal(after.status.containerStatuses[0].containerID, before.status.containerStatuses[0].containerID);
  assert.equal(after.status.containerStatuses[0].restartCount, 0);
  const names = (await api.client.list(podsRef, 'kube-system')).items.map((p) => p.metadata.name).sort();
  assert.deepEqual(names, ['etcd-control-plane', 'kube-scheduler-control-plane']);
});

test('a mirror pod of no manifest on this node is deleted, and one of another hash is replaced', async (t) => {
  const { api, start } = await setUp(t);
  const orphan = { ...manifest('old-addon', '10m'), metadata: { name: 'old-addon-control-plane', namespace: 'kube-system', annotations: { 'kubernetes.io/config.mirror': 'abc' } }, spec: { ...manifest('old-addon', '10m').spec, nodeName: 'control-plane' } };
  await api.client.create(podsRef, 'kube-system', orphan);
  const stale = { ...orphan, metadata: { name: 'etcd-control-plane', namespace: 'kube-system', annotations: { 'kubernetes.io/config.mirror': 'an-older-hash' } } };
  const staleCreated = await api.client.create(podsRef, 'kube-system', stale);
  await start({ staticPods: [manifests[0]!] });
  await waitFor(async () => ((await api.client.list(podsRef, 'kube-system')).items.some((p) => p.metadata.name === 'old-addon-control-plane') ? undefined : true), { what: 'the orphan deleted', timeout: 20_000, interval: 5 });
  const etcd = await waitForMirror(api, 'etcd-control-plane', 'etcd replaced', (p) => p.metadata.uid !== staleCreated.metadata.uid && isReady(p));
  assert.equal(etcd.metadata.annotations?.['kubernetes.io/config.mirror'], configHash(manifests[0]!, 'control-plane'));
});

test('config.seen is Go\'s RFC3339Nano: trailing zeros of the fraction dropped', () => {
  assert.equal(configSeen(Date.UTC(2026, 0, 1)), '2026-01-01T00:00:00Z');
  assert.equal(configSeen(Date.UTC(2026, 0, 1, 10, 0, 0, 120)), '2026-01-01T10:00:00.12Z');
  assert.equal(configSeen(Date.UTC(2026, 0, 1, 10, 0, 0, 5)), '2026-01-01T10:00:00.005Z');
});

/** A manifest probed as kubeadm probes the control plane: startup after 10 s every 10 s, readiness every second. */
function probedManifest(): KubeObject {
  const pod = manifest('etcd', '100m');
  const httpGet = { path: '/health', port: 80, scheme: 'HTTP' };
  pod.spec!.containers[0] = {
    ...pod.spec!.containers[0],
    image: 'nginx',
    startupProbe: { failureThreshold: 24, httpGet, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15 },
    readinessProbe: { failureThreshold: 3, httpGet, periodSeconds: 1, timeoutSeconds: 15 },
  };
  return pod;
}

const readyColumn = (pod: KubeObject): string => `${pod.status?.containerStatuses?.filter((c: KubeObject) => c.ready).length ?? 0}/${pod.spec.containers.length} ${pod.status?.phase}`;

test('at the node\'s boot the static pods have run for kubeadm init\'s 20 s: 1/1 Running at once, dated from then', async (t) => {
  const { api, start } = await setUp(t);
  const kubelet = await start({ atBoot: true, staticPods: [probedManifest()] });
  // The clock does not move: the startup probe's 10 s initial delay is over because the container counts as 20 s old.
  const mirror = await waitForMirror(api, 'etcd-control-plane', 'etcd ready without the clock moving', isReady);
  assert.equal(readyColumn(mirror), '1/1 Running');
  assert.equal(mirror.metadata.creationTimestamp, '2026-01-01T00:00:00Z');
  assert.equal(mirror.status.startTime, '2025-12-31T23:59:40Z');
  assert.equal(mirror.status.containerStatuses[0].state.running.startedAt, '2025-12-31T23:59:40Z');
  assert.equal(mirror.status.containerStatuses[0].started, true);
  assert.equal(mirror.metadata.annotations?.['kubernetes.io/config.seen'], '2025-12-31T23:59:40Z');
  // kubectl get pod -o yaml still shows kubeadm's probes, untouched.
  assert.deepEqual(mirror.spec.containers[0].startupProbe, { failureThreshold: 24, httpGet: { path: '/health', port: 80, scheme: 'HTTP' }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15, successThreshold: 1 });
  await kubelet.recorder.flush();
  const reasons = (await api.client.list({ group: '', version: 'v1', resource: 'events' }, 'kube-system')).items.map((e) => e.reason);
  assert.ok(!reasons.includes('Unhealthy'), `no probe failed: ${reasons.join(', ')}`);
});

test('at the node\'s boot the static pods\' Pulled, Created and Started events are dated from their start, as the kubelet posts them once the API answers', async (t) => {
  const { api, runtime, start } = await setUp(t);
  runtime.pulled.add('busybox'); // kind's node image ships the control plane's images
  const kubelet = await start({ atBoot: true });
  await waitForMirror(api, 'etcd-control-plane', 'etcd ready', isReady);
  await kubelet.recorder.flush();
  const events = (await api.client.list({ group: '', version: 'v1', resource: 'events' }, 'kube-system')).items.filter((e) => e.involvedObject.name === 'etcd-control-plane');
  assert.deepEqual(
    events.map((e) => `${e.firstTimestamp} ${e.lastTimestamp} ${e.reason}: ${e.message}`),
    [
      '2025-12-31T23:59:40Z 2025-12-31T23:59:40Z Pulled: Container image "busybox" already present on machine',
      '2025-12-31T23:59:40Z 2025-12-31T23:59:40Z Created: Created container etcd',
      '2025-12-31T23:59:40Z 2025-12-31T23:59:40Z Started: Started container etcd',
    ],
  );
});

test('a later start of the node is a reboot: the static pods start afresh, 0/1 until the startup probe passes 10 s on', async (t) => {
  const { api, start } = await setUp(t);
  await start({ staticPods: [probedManifest()] });
  const running = await waitForMirror(api, 'etcd-control-plane', 'etcd running', (p) => p.status?.containerStatuses?.[0]?.state?.running !== undefined);
  assert.equal(readyColumn(running), '0/1 Running');
  assert.equal(running.status.containerStatuses[0].state.running.startedAt, '2026-01-01T00:00:00Z');
  api.clock.step(9_000);
  await settle();
  assert.equal(readyColumn(await api.client.get(podsRef, 'kube-system', 'etcd-control-plane')), '0/1 Running');
  api.clock.step(1_000);
  const ready = await waitForMirror(api, 'etcd-control-plane', 'etcd ready once the initial delay is over', isReady);
  assert.equal(readyColumn(ready), '1/1 Running');
});

test('a daemon restart (the boot again, adopting) keeps the boot-started static pods: same container, same start, no restart', async (t) => {
  const { api, start } = await setUp(t);
  const first = await start({ atBoot: true, staticPods: [probedManifest()] });
  const before = await waitForMirror(api, 'etcd-control-plane', 'etcd ready', isReady);
  await first.stop();
  api.clock.step(5000);
  await start({ atBoot: true, adopt: true, staticPods: [probedManifest()] });
  await settle();
  const after = await waitForMirror(api, 'etcd-control-plane', 'etcd still ready', isReady);
  assert.equal(after.metadata.uid, before.metadata.uid);
  const [was, is] = [before.status.containerStatuses[0], after.status.containerStatuses[0]];
  assert.deepEqual([is.containerID, is.restartCount, is.state.running.startedAt, after.status.startTime], [was.containerID, 0, '2025-12-31T23:59:40Z', '2025-12-31T23:59:40Z']);
});
