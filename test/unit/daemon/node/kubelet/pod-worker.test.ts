// The pod worker's status writes as a watcher of the pod sees them: how many, and what each one
// carries (kubectl get pods -w prints a line per MODIFIED; -o wide shows the IP).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { waitFor } from '../../../../helpers/wait-for.js';
import { containerState, podsRef, settle, startKubelet, type Harness } from './fake-runtime.js';

/** One line per kubelet status write seen by a watch: phase, container state, IP, sandbox condition. */
async function watchStatusWrites(h: Harness, t: { after(fn: () => unknown): void }): Promise<string[]> {
  const seen: string[] = [];
  const handle = await h.client.watch(podsRef, 'default', {}, (event) => {
    if (event.type !== 'MODIFIED') return;
    const pod = event.object as KubeObject;
    const sandbox = (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodReadyToStartContainers');
    seen.push(`${pod.status?.phase} ${containerState(pod)} ip=${pod.status?.podIP ?? '<none>'} PodReadyToStartContainers=${sandbox?.status ?? '-'}`);
  });
  t.after(() => handle.stop());
  return seen;
}

/** Waits for the watch to deliver n writes, then a moment more, so that an extra one would show. */
async function waitForWrites(writes: string[], n: number): Promise<void> {
  await waitFor(() => writes.length >= n, { what: `${n} status writes` });
  await settle();
}

test('a pod whose image starts at once gets two status writes: ContainerCreating without an IP, then Running with it', async (t) => {
  const h = await startKubelet(t);
  const writes = await watchStatusWrites(h, t);
  await h.createPod({ metadata: { name: 'web' }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.14' }] } });
  await h.waitForPod('web', 'nginx running', (p) => containerState(p) === 'Running');
  await waitForWrites(writes, 2);
  assert.deepEqual(writes, [
    'Pending ContainerCreating ip=<none> PodReadyToStartContainers=False',
    'Running Running ip=10.244.1.5 PodReadyToStartContainers=True',
  ]);
});

test('while its image is pulled the pod shows ContainerCreating with no IP; the IP arrives with Running', async (t) => {
  const h = await startKubelet(t);
  const pull = h.runtime.pullImage.bind(h.runtime);
  h.runtime.pullImage = async (image) => {
    await h.clock.sleep(1500);
    return pull(image);
  };
  const writes = await watchStatusWrites(h, t);
  await h.createPod({ metadata: { name: 'web' }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.14' }] } });
  // The pull starts once the volumes are set up, after the first status write.
  await waitFor(async () => h.clock.pendingTimers > 0 && (await h.events('web')).length > 0, { what: 'the pull to start' });
  await h.advance(1000, 100);
  const pulling = await h.pod('web');
  assert.equal(containerState(pulling), 'ContainerCreating');
  assert.equal(pulling.status.podIP, undefined);
  assert.deepEqual(await h.events('web'), ['Normal Pulling: Pulling image "nginx:1.14"']);
  await h.advance(600, 100);
  const running = await h.waitForPod('web', 'nginx running', (p) => containerState(p) === 'Running');
  assert.equal(running.status.podIP, '10.244.1.5');
  // The sandbox condition turned True with the status that carried it, written after the pull.
  assert.deepEqual(running.status.conditions.slice(0, 1), [{ type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:01Z' }]);
  await waitForWrites(writes, 2);
  assert.deepEqual(writes, [
    'Pending ContainerCreating ip=<none> PodReadyToStartContainers=False',
    'Running Running ip=10.244.1.5 PodReadyToStartContainers=True',
  ]);
});

test('a container that exits at once (hello-world, Never) is first seen exited, never Running, as PLEG would see it', async (t) => {
  const h = await startKubelet(t);
  const writes = await watchStatusWrites(h, t);
  await h.createPod({ metadata: { name: 'hello' }, spec: { restartPolicy: 'Never', containers: [{ name: 'hello', image: 'hello-world' }] } });
  await h.waitForPod('hello', 'Succeeded', (p) => p.status?.phase === 'Succeeded');
  await waitForWrites(writes, 3);
  assert.deepEqual(writes, [
    'Pending ContainerCreating ip=<none> PodReadyToStartContainers=False',
    'Succeeded Completed ip=10.244.1.5 PodReadyToStartContainers=True',
    // The sandbox of a finished pod is torn down: a last write says so.
    'Succeeded Completed ip=10.244.1.5 PodReadyToStartContainers=False',
  ]);
});

test('a container that cannot start shows its reason with the pod IP in one write', async (t) => {
  const h = await startKubelet(t);
  const writes = await watchStatusWrites(h, t);
  await h.createPod({ metadata: { name: 'bad' }, spec: { containers: [{ name: 'c', image: 'nginx:nope' }] } });
  await h.waitForPod('bad', 'ErrImagePull', (p) => containerState(p) === 'ErrImagePull');
  await waitForWrites(writes, 2);
  assert.deepEqual(writes, [
    'Pending ContainerCreating ip=<none> PodReadyToStartContainers=False',
    'Pending ErrImagePull ip=10.244.1.5 PodReadyToStartContainers=True',
  ]);
});

test('ephemeral containers (kubectl debug): started once in the target\'s process namespace, Running then Completed, never restarted, never ready', async (t) => {
  const h = await startKubelet(t);
  await h.createPod({ metadata: { name: 'mypod' }, spec: { containers: [{ name: 'mypod', image: 'nginx' }] } });
  await h.waitForPod('mypod', 'nginx running', (p) => containerState(p) === 'Running');
  const debugger1 = { name: 'debugger-abcde', image: 'busybox:1.36', command: ['sleep', '3600'], targetContainerName: 'mypod', terminationMessagePolicy: 'File' };
  const debugger2 = { name: 'debugger-fghij', image: 'busybox:1.36', command: ['true'], terminationMessagePolicy: 'File' };
  await h.client.patch(podsRef, 'default', 'mypod', 'strategic', { spec: { ephemeralContainers: [debugger1] } }, { subresource: 'ephemeralcontainers' });
  const running = await h.waitForPod('mypod', 'the debug container running', (p) => p.status.ephemeralContainerStatuses?.[0]?.state.running !== undefined);
  const status = running.status.ephemeralContainerStatuses[0];
  assert.deepEqual([status.name, status.ready, status.restartCount, status.started, status.image], ['debugger-abcde', false, 0, undefined, 'docker.io/library/busybox:1.36']);
  assert.equal(running.status.containerStatuses.length, 1);
  assert.equal(running.status.conditions.find((c: KubeObject) => c.type === 'Ready').status, 'True');
  // --target: the debug container joins the target container's process namespace.
  const [target] = h.runtime.of('mypod');
  assert.equal(h.runtime.of('debugger-abcde')[0]!.config.processNamespaceOf, target);

  await h.client.patch(podsRef, 'default', 'mypod', 'strategic', { spec: { ephemeralContainers: [debugger2] } }, { subresource: 'ephemeralcontainers' });
  const second = (p: KubeObject) => p.status.ephemeralContainerStatuses?.find((s: KubeObject) => s.name === 'debugger-fghij');
  const done = await h.waitForPod('mypod', 'the second debug container completed', (p) => second(p)?.state.terminated !== undefined);
  assert.deepEqual({ reason: second(done).state.terminated.reason, exitCode: second(done).state.terminated.exitCode }, { reason: 'Completed', exitCode: 0 });
  assert.equal(h.runtime.of('debugger-fghij')[0]!.config.processNamespaceOf, undefined);
  await h.advance(60_000, 5_000);
  assert.equal(h.runtime.of('debugger-fghij').length, 1, 'an ephemeral container is never restarted');
  const later = await h.pod('mypod');
  assert.equal(second(later).restartCount, 0);
  assert.equal(later.status.phase, 'Running');
  assert.deepEqual((await h.events('mypod')).slice(4), [
    'Normal Pulling: Pulling image "busybox:1.36"',
    'Normal Pulled: Successfully pulled image "busybox:1.36" in 0s (0s including waiting). Image size: 62958873 bytes.',
    'Normal Created: Created container debugger-abcde',
    'Normal Started: Started container debugger-abcde',
    'Normal Pulled: Container image "busybox:1.36" already present on machine',
    'Normal Created: Created container debugger-fghij',
    'Normal Started: Started container debugger-fghij',
  ]);
  await h.kubelet.recorder.flush();
  const events = (await h.client.list({ group: '', version: 'v1', resource: 'events' }, 'default')).items;
  assert.ok(events.some((e) => e.reason === 'Started' && e.involvedObject.fieldPath === 'spec.ephemeralContainers{debugger-abcde}'));
});

test('shareProcessNamespace: every container of the pod, ephemeral ones included, gets the pod\'s PID namespace', async (t) => {
  const h = await startKubelet(t);
  await h.createPod({ metadata: { name: 'shared' }, spec: { shareProcessNamespace: true, containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'busybox' }] } });
  await h.waitForPod('shared', 'both containers running', (p) => p.status.containerStatuses?.every((s: KubeObject) => s.state.running));
  await h.client.patch(podsRef, 'default', 'shared', 'strategic', { spec: { ephemeralContainers: [{ name: 'debugger-x', image: 'busybox', terminationMessagePolicy: 'File' }] } }, { subresource: 'ephemeralcontainers' });
  await h.waitForPod('shared', 'the debug container running', (p) => p.status.ephemeralContainerStatuses?.[0]?.state.running !== undefined);
  const namespaces = ['a', 'b', 'debugger-x'].map((name) => h.runtime.of(name)[0]!.config.podPidNamespace);
  assert.ok(namespaces[0]);
  assert.ok(namespaces.every((ns) => ns === namespaces[0]));
});
