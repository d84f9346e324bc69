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
