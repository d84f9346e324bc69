import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../../shared/clock.js';
import { ImagePullError, type ContainerRuntime, type ImageInfo } from '../../../../../daemon/runtime/container.js';
import { ImagePuller, ImagePullFailure } from '../../../../../daemon/node/kubelet/image-puller.js';
import { settle } from './fake-runtime.js';

/** A registry where every pull takes 1.2 s of cluster time; `:nope` tags do not exist. */
function slowRuntime(clock: ManualClock): ContainerRuntime & { present: Set<string> } {
  const present = new Set<string>();
  return {
    present,
    hasImage: (image) => present.has(image),
    pullImage: async (image): Promise<ImageInfo> => {
      await clock.sleep(1200);
      if (image.endsWith(':nope')) throw new ImagePullError('not found', 'ErrImagePull');
      present.add(image);
      return { reference: `docker.io/library/${image}`, digest: `sha256:${'0'.repeat(64)}`, size: 1024 };
    },
    startContainer: () => Promise.reject(new Error('unused')),
  };
}

/** Steps the clock while work runs; its rejection is kept for the caller, not left unhandled. */
async function run<T>(clock: ManualClock, work: Promise<T>, ms: number): Promise<T> {
  const outcome = work.then((value) => ({ value }), (error: unknown) => ({ error }));
  for (let t = 0; t < ms; t += 100) {
    await settle();
    clock.step(100);
  }
  const result = await outcome;
  if ('error' in result) throw result.error;
  return result.value;
}

test('pulls run one at a time: the second pull reports the time it waited', async () => {
  const clock = new ManualClock();
  const puller = new ImagePuller(slowRuntime(clock), clock);
  const events: string[] = [];
  const record = (_type: string, reason: string, message: string): void => void events.push(`${reason}: ${message}`);
  const first = puller.ensureImage('uid-a', { image: 'nginx:1.14', imagePullPolicy: 'Always' }, record);
  const second = puller.ensureImage('uid-b', { image: 'busybox:1.36', imagePullPolicy: 'Always' }, record);
  const [a, b] = await run(clock, Promise.all([first, second]), 3000);
  assert.deepEqual(a, { image: 'docker.io/library/nginx:1.14', imageID: `docker.io/library/nginx@sha256:${'0'.repeat(64)}` });
  assert.equal(b.image, 'docker.io/library/busybox:1.36');
  assert.deepEqual(events, [
    'Pulling: Pulling image "nginx:1.14"',
    'Pulling: Pulling image "busybox:1.36"',
    'Pulled: Successfully pulled image "nginx:1.14" in 1.2s (1.2s including waiting). Image size: 1024 bytes.',
    'Pulled: Successfully pulled image "busybox:1.36" in 1.2s (2.4s including waiting). Image size: 1024 bytes.',
  ]);
});

test('IfNotPresent uses the image on the node; Always pulls it again', async () => {
  const clock = new ManualClock();
  const runtime = slowRuntime(clock);
  const puller = new ImagePuller(runtime, clock);
  const events: string[] = [];
  const record = (_type: string, reason: string, message: string): void => void events.push(`${reason}: ${message}`);
  await run(clock, puller.ensureImage('u', { image: 'nginx:1.14', imagePullPolicy: 'IfNotPresent' }, record), 1500);
  events.length = 0;
  await puller.ensureImage('u', { image: 'nginx:1.14', imagePullPolicy: 'IfNotPresent' }, record);
  assert.deepEqual(events, ['Pulled: Container image "nginx:1.14" already present on machine']);
});

test('a failed pull backs off per pod and image, and the back-off message carries the error', async () => {
  const clock = new ManualClock();
  const puller = new ImagePuller(slowRuntime(clock), clock);
  const record = (): void => undefined;
  await assert.rejects(run(clock, puller.ensureImage('u', { image: 'nginx:nope' }, record), 1500), (err: Error) => err instanceof ImagePullFailure && err.reason === 'ErrImagePull' && err.message === 'not found');
  await assert.rejects(puller.ensureImage('u', { image: 'nginx:nope' }, record), (err: Error) => err instanceof ImagePullFailure && err.reason === 'ImagePullBackOff' && err.message === 'Back-off pulling image "nginx:nope": ErrImagePull: not found');
  // Another pod of the same image has its own back-off.
  const other = puller.ensureImage('v', { image: 'nginx:nope' }, record);
  await assert.rejects(run(clock, other, 1500), (err: Error) => (err as ImagePullFailure).reason === 'ErrImagePull');
  assert.equal(puller.backOffEndsAt('u', 'nginx:nope'), Date.UTC(2024, 0, 1) + 1200 + 10_000);
});

test('requests for an image already being pulled share that pull', async () => {
  const clock = new ManualClock();
  const runtime = slowRuntime(clock);
  let pulls = 0;
  const pull = runtime.pullImage;
  runtime.pullImage = (image) => (pulls++, pull(image));
  const puller = new ImagePuller(runtime, clock);
  const events: string[] = [];
  const record = (_type: string, reason: string, message: string): void => void events.push(`${reason}: ${message}`);
  const both = Promise.all([puller.ensureImage('a', { image: 'nginx:1.14', imagePullPolicy: 'IfNotPresent' }, record), puller.ensureImage('b', { image: 'nginx:1.14', imagePullPolicy: 'IfNotPresent' }, record)]);
  await run(clock, both, 1500);
  assert.equal(pulls, 1);
  assert.equal(events.filter((e) => e.startsWith('Pulled: Successfully pulled image "nginx:1.14" in 1.2s (1.2s including waiting)')).length, 2);
});

test('a container already running (at the boot, or adopted) has its present image at once, from the runtime\'s image status', async () => {
  const clock = new ManualClock();
  const runtime = slowRuntime(clock);
  runtime.present.add('registry.k8s.io/etcd:3.5.16-0');
  const statusOf = (image: string): ImageInfo | undefined => (runtime.present.has(image) ? { reference: image, digest: `sha256:${'1'.repeat(64)}`, size: 2048 } : undefined);
  const puller = new ImagePuller({ ...runtime, imageStatus: statusOf }, clock);
  const events: string[] = [];
  const record = (_type: string, reason: string, message: string): void => void events.push(`${reason}: ${message}`);
  // The clock never moves: no simulated inspect stands between the kubelet and the image.
  const image = await puller.ensureImage('u', { image: 'registry.k8s.io/etcd:3.5.16-0', imagePullPolicy: 'IfNotPresent' }, record, true);
  assert.deepEqual(image, { image: 'registry.k8s.io/etcd:3.5.16-0', imageID: `registry.k8s.io/etcd@sha256:${'1'.repeat(64)}` });
  assert.deepEqual(events, ['Pulled: Container image "registry.k8s.io/etcd:3.5.16-0" already present on machine']);
});
