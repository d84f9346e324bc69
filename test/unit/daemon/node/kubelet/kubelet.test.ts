// The kubelet against the real in-process API, a ManualClock and a scripted runtime: what a learner
// sees of a pod's life (status, events, restarts) for the lab C.1 / D / H cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { isNotFound } from '../../../../../shared/api/errors.js';
import { Kubelet } from '../../../../../daemon/node/kubelet/kubelet.js';
import { waitFor } from '../../../../helpers/wait-for.js';
import { containerState, podsRef, settle, startKubelet, type Harness } from './fake-runtime.js';

const configMaps = { group: '', version: 'v1', resource: 'configmaps' };
const secrets = { group: '', version: 'v1', resource: 'secrets' };
const pod = (name: string, spec: Record<string, unknown>, labels?: Record<string, string>): KubeObject => ({ metadata: { name, ...(labels ? { labels } : {}) }, spec });
const helloWorld = (name: string, restartPolicy?: string): KubeObject =>
  pod(name, { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'hello-world-container', image: 'hello-world' }] });
const status = (p: KubeObject) => p.status?.containerStatuses?.[0];

test('runs nginx: ContainerCreating, then Running with the pod IP, the kubelet conditions and the start events', async (t) => {
  const h = await startKubelet(t);
  await h.createPod(pod('mypod', { containers: [{ name: 'nginx', image: 'nginx:1.14', ports: [{ containerPort: 80 }] }] }));
  const running = await h.waitForPod('mypod', 'nginx running', (p) => containerState(p) === 'Running' && p.status.conditions?.[2]?.status === 'True');
  assert.equal(running.status.phase, 'Running');
  assert.equal(running.status.hostIP, '172.18.0.2');
  assert.deepEqual(running.status.hostIPs, [{ ip: '172.18.0.2' }]);
  assert.equal(running.status.podIP, '10.244.1.5');
  assert.deepEqual(running.status.podIPs, [{ ip: '10.244.1.5' }]);
  assert.equal(running.status.qosClass, 'BestEffort');
  assert.equal(running.status.startTime, '2026-01-01T00:00:00Z');
  assert.deepEqual(
    running.status.conditions.map((c: KubeObject) => `${c.type}=${c.status}`),
    ['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True'],
  );
  assert.equal(running.status.conditions[0].lastProbeTime, null);
  const cs = status(running);
  assert.equal(cs.image, 'docker.io/library/nginx:1.14');
  assert.equal(cs.imageID, `docker.io/library/nginx@sha256:${'ab'.repeat(32)}`);
  assert.match(cs.containerID, /^containerd:\/\/[0-9a-f]{64}$/);
  assert.deepEqual([cs.ready, cs.started, cs.restartCount], [true, true, 0]);
  assert.deepEqual(cs.lastState, {});
  assert.deepEqual(await h.events('mypod'), [
    'Normal Pulling: Pulling image "nginx:1.14"',
    'Normal Pulled: Successfully pulled image "nginx:1.14" in 0s (0s including waiting). Image size: 62958873 bytes.',
    'Normal Created: Created container nginx',
    'Normal Started: Started container nginx',
  ]);
  // The container got the pod's network: the server answers on the pod IP.
  const response = await h.network.deliver('10.244.1.9', '10.244.1.5', 80, { method: 'GET', path: '/', headers: {}, body: '' });
  assert.equal(response.status, 200);
});

test('hello-world under Always: Completed, then CrashLoopBackOff with back-offs of 10 s, then 20 s, then 40 s', async (t) => {
  const h = await startKubelet(t);
  const created = await h.createPod(helloWorld('hello-world'));
  const uid = created.metadata.uid;
  const firstHold = await h.waitForPod('hello-world', 'the first back-off', (p) => containerState(p) === 'CrashLoopBackOff');
  assert.equal(firstHold.status.phase, 'Running');
  assert.deepEqual(status(firstHold).state.waiting, { reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=hello-world-container pod=hello-world_default(${uid})` });
  assert.equal(status(firstHold).restartCount, 1);
  assert.equal(status(firstHold).lastState.terminated.reason, 'Completed');
  assert.equal(status(firstHold).lastState.terminated.exitCode, 0);
  assert.equal(status(firstHold).ready, false);

  await h.advance(10_000);
  const second = await h.waitForPod('hello-world', 'the second back-off', (p) => status(p)?.restartCount === 2 && containerState(p) === 'CrashLoopBackOff');
  assert.match(status(second).state.waiting.message, /^back-off 20s restarting failed container=hello-world-container /);
  await h.advance(20_000);
  const third = await h.waitForPod('hello-world', 'the third back-off', (p) => status(p)?.restartCount === 3 && containerState(p) === 'CrashLoopBackOff');
  assert.match(status(third).state.waiting.message, /^back-off 40s /);

  // Restarts at once after the first exit, then 10 s and 20 s after the previous exit.
  const starts = h.runtime.of('hello-world-container').map((c) => (c.startedAt - h.runtime.containers[0]!.startedAt) / 1000);
  assert.deepEqual(starts, [0, 0, 10, 30]);
  // Every held sync (at each exit, and the periodic resyncs while held) records BackOff again; the
  // recorder counts them. Whether a resync falls inside the stepped 30 s depends on when its timer was
  // armed, as the number of BackOff repeats on a real node varies: three or four by now.
  // The recorder writes in the background, so the last count may land a moment after the status.
  const backOff = new RegExp(`^Warning BackOff: Back-off restarting failed container hello-world-container in pod hello-world_default\\(${uid}\\) \\(x[34]\\)$`);
  const events = await waitFor(async () => {
    const all = await h.events('hello-world');
    return all.some((e) => backOff.test(e)) ? all : undefined;
  }, { what: 'the third or fourth BackOff', timeout: 20_000 });
  // hello-world has no tag: pull policy Always, so every start pulls.
  assert.ok(events.includes('Normal Pulling: Pulling image "hello-world" (x4)'), events.join('\n'));

  // logs and logs --previous both read the last run while it waits to restart.
  assert.equal(h.kubelet.containerHandle(uid!, 'hello-world-container')?.id, h.runtime.containers[3]!.id);
  assert.equal(h.kubelet.containerHandle(uid!, 'hello-world-container', true)?.id, h.runtime.containers[3]!.id);
});

test('restart policies: Never and OnFailure exiting 0 complete; OnFailure exiting 1 crash-loops', async (t) => {
  const h = await startKubelet(t);
  await h.createPod(helloWorld('hello-world2', 'Never'));
  await h.createPod(helloWorld('hello-world3', 'OnFailure'));
  await h.createPod(pod('false-pod', { restartPolicy: 'OnFailure', containers: [{ name: 'false-pod-container', image: 'ubuntu', command: ['false'] }] }));

  for (const name of ['hello-world2', 'hello-world3']) {
    // Succeeded is written first; the sandbox's teardown follows in the next write.
    const done = await h.waitForPod(name, `${name} Succeeded and torn down`, (p) => p.status.phase === 'Succeeded' && p.status.conditions[0].status === 'False');
    assert.equal(containerState(done), 'Completed');
    assert.equal(status(done).restartCount, 0);
    assert.equal(status(done).state.terminated.exitCode, 0);
    assert.deepEqual(
      done.status.conditions.map((c: KubeObject) => [c.type, c.status, c.reason ?? '']),
      [['PodReadyToStartContainers', 'False', ''], ['Initialized', 'True', 'PodCompleted'], ['Ready', 'False', 'PodCompleted'], ['ContainersReady', 'False', 'PodCompleted'], ['PodScheduled', 'True', '']],
    );
    assert.match(done.status.podIP, /^10\.244\.1\./, 'a finished pod keeps its IP in the status');
  }
  assert.equal(h.released.length, 2, 'the finished pods gave their IPs back');

  const crashing = await h.waitForPod('false-pod', 'false-pod back-off', (p) => containerState(p) === 'CrashLoopBackOff');
  assert.equal(crashing.status.phase, 'Running');
  assert.equal(status(crashing).lastState.terminated.reason, 'Error');
  assert.equal(status(crashing).lastState.terminated.exitCode, 1);
  assert.equal(status(crashing).restartCount, 1);
});

test('a pod whose only container exits 1 under Never fails and shows Error', async (t) => {
  const h = await startKubelet(t);
  await h.createPod(pod('oops', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'ubuntu', command: ['false'] }] }));
  const failed = await h.waitForPod('oops', 'phase Failed', (p) => p.status.phase === 'Failed');
  assert.equal(containerState(failed), 'Error');
  assert.equal(failed.status.conditions[2].reason, 'PodFailed');
});

test('an image that does not exist: ErrImagePull, then ImagePullBackOff with the previous error', async (t) => {
  const h = await startKubelet(t);
  await h.createPod(pod('nope', { containers: [{ name: 'nginx', image: 'nginx:nope' }] }));
  const notFound = 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:nope": failed to resolve reference "docker.io/library/nginx:nope": docker.io/library/nginx:nope: not found';
  const pulling = await h.waitForPod('nope', 'ErrImagePull', (p) => containerState(p) === 'ErrImagePull');
  assert.deepEqual(status(pulling).state.waiting, { reason: 'ErrImagePull', message: notFound });
  assert.equal(pulling.status.phase, 'Pending');
  await h.advance(1000);
  const backingOff = await h.waitForPod('nope', 'ImagePullBackOff', (p) => containerState(p) === 'ImagePullBackOff');
  assert.deepEqual(status(backingOff).state.waiting, { reason: 'ImagePullBackOff', message: `Back-off pulling image "nginx:nope": ErrImagePull: ${notFound}` });
  assert.deepEqual(await h.events('nope'), [
    'Normal Pulling: Pulling image "nginx:nope"',
    `Warning Failed: Failed to pull image "nginx:nope": ${notFound}`,
    'Warning Failed: Error: ErrImagePull',
    'Normal BackOff: Back-off pulling image "nginx:nope"',
    'Warning Failed: Error: ImagePullBackOff',
  ]);
  // The next attempt comes once the 10 s image back-off has passed.
  await h.advance(8000);
  const beforeRetry = await h.events('nope');
  assert.equal(beforeRetry[0], 'Normal Pulling: Pulling image "nginx:nope"', 'one pull so far');
  await h.advance(1000);
  await assertEvent(h, 'nope', 'Normal Pulling: Pulling image "nginx:nope" (x2)');
});

test('image pull policies: Never with an absent image, IfNotPresent with a present one, an invalid name', async (t) => {
  const h = await startKubelet(t);
  await h.createPod(pod('never', { containers: [{ name: 'c', image: 'busybox', imagePullPolicy: 'Never' }] }));
  const never = await h.waitForPod('never', 'ErrImageNeverPull', (p) => containerState(p) === 'ErrImageNeverPull');
  assert.equal(status(never).state.waiting.message, 'Container image "busybox" is not present with pull policy of Never');
  assert.deepEqual(await h.events('never'), ['Warning ErrImageNeverPull: Container image "busybox" is not present with pull policy of Never', 'Warning Failed: Error: ErrImageNeverPull']);

  await h.createPod(pod('first', { containers: [{ name: 'c', image: 'nginx:1.14' }] }));
  await h.waitForPod('first', 'the first nginx', (p) => containerState(p) === 'Running');
  await h.createPod(pod('second', { containers: [{ name: 'c', image: 'nginx:1.14' }] }));
  await h.waitForPod('second', 'the second nginx', (p) => containerState(p) === 'Running');
  assert.equal((await h.events('second'))[0], 'Normal Pulled: Container image "nginx:1.14" already present on machine');

  await h.createPod(pod('bad', { containers: [{ name: 'c', image: 'nginx:Latest!' }] }));
  const bad = await h.waitForPod('bad', 'InvalidImageName', (p) => containerState(p) === 'InvalidImageName');
  const message = 'Failed to apply default image tag "nginx:Latest!": couldn\'t parse image reference "nginx:Latest!": invalid reference format';
  assert.equal(status(bad).state.waiting.message, message);
  assert.deepEqual(await h.events('bad'), [`Warning InspectFailed: ${message}`, 'Warning Failed: Error: InvalidImageName']);
});

test('init containers run first, in order: Init:0/1 while git runs, then the app container starts', async (t) => {
  const h = await startKubelet(t);
  await h.createPod(pod('init-container', {
    restartPolicy: 'OnFailure',
    initContainers: [{ name: 'git', image: 'ubuntu', command: ['sh', '-c', 'git clone'], volumeMounts: [{ name: 'workdir', mountPath: '/tmp' }] }],
    containers: [{ name: 'busybox', image: 'busybox', command: ['ls'], volumeMounts: [{ name: 'workdir', mountPath: '/tmp' }] }],
    volumes: [{ name: 'workdir', emptyDir: {} }],
  }));
  const initializing = await h.waitForPod('init-container', 'git running', (p) => p.status.initContainerStatuses?.[0]?.state.running);
  assert.equal(initializing.status.phase, 'Pending');
  assert.deepEqual(status(initializing).state, { waiting: { reason: 'PodInitializing' } });
  assert.deepEqual(initializing.status.conditions[1], {
    type: 'Initialized', status: 'False', lastProbeTime: null, lastTransitionTime: initializing.status.conditions[1].lastTransitionTime, reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [git]',
  });
  assert.equal(h.runtime.of('busybox').length, 0);

  h.runtime.of('git')[0]!.finish(0);
  const started = await h.waitForPod('init-container', 'busybox running', (p) => containerState(p) === 'Running');
  const init = started.status.initContainerStatuses[0];
  assert.deepEqual([init.state.terminated.reason, init.ready, init.started], ['Completed', true, false]);
  assert.equal(started.status.conditions[1].status, 'True');
  // Both containers mount the same emptyDir of the pod.
  const [gitMount] = h.runtime.of('git')[0]!.config.mounts;
  const [appMount] = h.runtime.of('busybox')[0]!.config.mounts;
  assert.equal(gitMount!.fs, appMount!.fs);
  assert.equal(gitMount!.source, `/var/lib/kubelet/pods/${started.metadata.uid}/volumes/kubernetes.io~empty-dir/workdir`);
  assert.deepEqual(await h.events('init-container'), [
    'Normal Pulling: Pulling image "ubuntu"',
    'Normal Pulled: Successfully pulled image "ubuntu" in 0s (0s including waiting). Image size: 62958873 bytes.',
    'Normal Created: Created container git',
    'Normal Started: Started container git',
    'Normal Pulling: Pulling image "busybox"',
    'Normal Pulled: Successfully pulled image "busybox" in 0s (0s including waiting). Image size: 62958873 bytes.',
    'Normal Created: Created container busybox',
    'Normal Started: Started container busybox',
  ]);
});

test('a failed init container under Never fails the pod without starting the app', async (t) => {
  const h = await startKubelet(t);
  await h.createPod(pod('init-fails', { restartPolicy: 'Never', initContainers: [{ name: 'init', image: 'ubuntu', command: ['false'] }], containers: [{ name: 'app', image: 'busybox' }] }));
  const failed = await h.waitForPod('init-fails', 'phase Failed', (p) => p.status.phase === 'Failed');
  assert.equal(failed.status.initContainerStatuses[0].state.terminated.reason, 'Error');
  assert.deepEqual(status(failed).state, { waiting: { reason: 'PodInitializing' } });
  assert.equal(h.runtime.of('app').length, 0);
});

test('graceful deletion: Killing, the terminal status, then the object is deleted with grace 0', async (t) => {
  const h = await startKubelet(t);
  const created = await h.createPod(pod('web', { containers: [{ name: 'nginx', image: 'nginx:1.14' }] }));
  await h.waitForPod('web', 'running', (p) => containerState(p) === 'Running');
  const seen: KubeObject[] = [];
  const watch = await h.client.watch(podsRef, 'default', { resourceVersion: created.metadata.resourceVersion }, (e) => void seen.push({ type: e.type, ...e.object } as KubeObject));
  t.after(() => watch.stop());
  await h.client.delete(podsRef, 'default', 'web');
  await waitGone(h, 'web');
  const lastModified = seen.filter((e) => e.type === 'MODIFIED').pop()!;
  assert.equal(lastModified.status.phase, 'Succeeded', 'the kubelet writes the terminal phase before deleting');
  assert.equal(lastModified.status.containerStatuses[0].state.terminated.reason, 'Completed');
  await assertEvent(h, 'web', 'Normal Killing: Stopping container nginx');
  assert.deepEqual(h.released, ['10.244.1.5']);
});

test('a container that ignores SIGTERM is killed at the end of the grace period (137, Error)', async (t) => {
  const h = await startKubelet(t);
  await h.createPod(pod('sleeper', { terminationGracePeriodSeconds: 5, containers: [{ name: 'c', image: 'busybox', command: ['sleep', 'infinity'] }] }));
  await h.waitForPod('sleeper', 'running', (p) => containerState(p) === 'Running');
  await h.client.delete(podsRef, 'default', 'sleeper');
  await h.advance(4000);
  assert.equal((await h.pod('sleeper')).metadata.deletionTimestamp !== undefined, true, 'still terminating within the grace period');
  await h.advance(1000);
  await waitGone(h, 'sleeper');
  assert.deepEqual(h.runtime.of('c')[0]!.exitStatus, { exitCode: 137, reason: 'Error', finishedAt: h.clock.now(), signal: 9 });
});

test('a failing liveness probe (/health?code=404) restarts the container about every 30 s', async (t) => {
  const h = await startKubelet(t);
  const name = 'pod-liveness-3-container';
  await h.createPod(pod('pod-liveness-3', { containers: [{ name, image: 'ghcr.io/c1t1d0s7/go-myweb', ports: [{ containerPort: 8080 }], livenessProbe: { httpGet: { path: '/health?code=404', port: 8080 }, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 1, successThreshold: 1 } }] }));
  await h.waitForPod('pod-liveness-3', 'running', (p) => containerState(p) === 'Running');
  await h.advance(29_000);
  assert.equal(status(await h.pod('pod-liveness-3')).restartCount, 0);
  await h.advance(1000);
  await h.waitForPod('pod-liveness-3', 'the first restart', (p) => status(p)?.restartCount === 1 && containerState(p) === 'Running');
  await h.advance(30_000);
  await h.waitForPod('pod-liveness-3', 'the second restart', (p) => status(p)?.restartCount === 2);
  const events = await h.events('pod-liveness-3');
  assert.ok(events.includes('Warning Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 404 (x6)'), events.join('\n'));
  assert.ok(events.includes(`Normal Killing: Container ${name} failed liveness probe, will be restarted (x2)`), events.join('\n'));
});

test('readiness: a 404 keeps the pod Running 0/1 without restarts; an exec probe turns ready after touch', async (t) => {
  const h = await startKubelet(t);
  await h.createPod(pod('readiness', { containers: [{ name: 'nginx', image: 'nginx', readinessProbe: { httpGet: { path: '/ready', port: 80 }, periodSeconds: 10, failureThreshold: 3, successThreshold: 1, timeoutSeconds: 1 } }] }));
  const created = await h.createPod(pod('readiness-cmd', { containers: [{ name: 'nginx', image: 'nginx', readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 10, failureThreshold: 3, successThreshold: 1, timeoutSeconds: 1 } }] }));
  const unready = await h.waitForPod('readiness', 'running but not ready', (p) => containerState(p) === 'Running');
  assert.equal(status(unready).ready, false);
  assert.deepEqual(
    unready.status.conditions.slice(2, 4).map((c: KubeObject) => [c.type, c.status, c.reason, c.message]),
    [['Ready', 'False', 'ContainersNotReady', 'containers with unready status: [nginx]'], ['ContainersReady', 'False', 'ContainersNotReady', 'containers with unready status: [nginx]']],
  );
  await h.advance(60_000, 5000);
  assert.equal(status(await h.pod('readiness')).restartCount, 0);
  await assertEvent(h, 'readiness', 'Warning Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 404');
  await assertEvent(h, 'readiness-cmd', "Warning Unhealthy: Readiness probe failed: cat: can't open '/tmp/ready': No such file or directory\n");

  const handle = h.kubelet.containerHandle(created.metadata.uid!, 'nginx')!;
  await handle.exec(['touch', '/tmp/ready'], { stdout: () => undefined, stderr: () => undefined });
  await h.advance(10_000);
  const ready = await h.waitForPod('readiness-cmd', 'ready', (p) => status(p)?.ready === true);
  assert.equal(ready.status.conditions[2].status, 'True');
});

test('a startup probe that never passes restarts the container with a fresh filesystem; one that passes hands over to liveness', async (t) => {
  const h = await startKubelet(t);
  const name = 'pod-startup-container';
  const probes = { livenessProbe: { exec: { command: ['test', '-f', '/tmp/test2'] }, periodSeconds: 10, failureThreshold: 3, successThreshold: 1, timeoutSeconds: 1 }, startupProbe: { exec: { command: ['test', '-f', '/tmp/test1'] }, periodSeconds: 10, failureThreshold: 3, successThreshold: 1, timeoutSeconds: 1 } };
  await h.createPod(pod('pod-startup', { containers: [{ name, image: 'ubuntu', command: ['sleep', 'infinity'], ...probes }] }));
  const starting = await h.waitForPod('pod-startup', 'running, not started', (p) => containerState(p) === 'Running');
  assert.deepEqual([status(starting).started, status(starting).ready], [false, false]);
  await h.advance(30_000);
  await assertEvent(h, 'pod-startup', 'Warning Unhealthy: Startup probe failed: ');
  await assertEvent(h, 'pod-startup', `Normal Killing: Container ${name} failed startup probe, will be restarted`);
  // sleep ignores SIGTERM: it dies at the end of the 30 s grace period, then restarts at once.
  await h.advance(30_000);
  const restarted = await h.waitForPod('pod-startup', 'restarted', (p) => status(p)?.restartCount === 1 && containerState(p) === 'Running');
  assert.equal(status(restarted).lastState.terminated.exitCode, 137);

  const uid = restarted.metadata.uid!;
  await h.kubelet.containerHandle(uid, name)!.exec(['touch', '/tmp/test1'], { stdout: () => undefined, stderr: () => undefined });
  await h.advance(10_000);
  const started = await h.waitForPod('pod-startup', 'started', (p) => status(p)?.started === true);
  assert.equal(status(started).ready, true);
  await h.advance(30_000);
  await assertEvent(h, 'pod-startup', 'Warning Unhealthy: Liveness probe failed: ');
  await assertEvent(h, 'pod-startup', `Normal Killing: Container ${name} failed liveness probe, will be restarted`);
});

test('a container the runtime cannot start: RunContainerError, StartError in lastState, then CrashLoopBackOff', async (t) => {
  const h = await startKubelet(t);
  await h.createPod(pod('bad-cmd', { containers: [{ name: 'c', image: 'busybox', command: ['missing-binary'] }] }));
  const held = await h.waitForPod('bad-cmd', 'CrashLoopBackOff', (p) => containerState(p) === 'CrashLoopBackOff');
  const last = status(held).lastState.terminated;
  assert.deepEqual([last.exitCode, last.reason, last.startedAt], [128, 'StartError', '1970-01-01T00:00:00Z']);
  assert.match(last.message, /exec: "missing-binary": executable file not found in \$PATH/);
  await assertEvent(h, 'bad-cmd', `Warning Failed: Error: ${last.message}`);
});

test('a failed postStart hook kills the container: PostStartHookError', async (t) => {
  const h = await startKubelet(t);
  await h.createPod(pod('hook', { containers: [{ name: 'c', image: 'nginx:1.14', lifecycle: { postStart: { exec: { command: ['cat', '/nope'] } } } }] }));
  await h.waitForPod('hook', 'a restart after the hook failed', (p) => status(p)?.restartCount >= 1);
  await assertEvent(h, 'hook', 'Warning FailedPostStartHook: PostStartHook failed');
  await assertEvent(h, 'hook', 'Normal Killing: FailedPostStartHook');
});

test('a force delete (grace 0) kills the containers of a pod that is already gone', async (t) => {
  const h = await startKubelet(t);
  const created = await h.createPod(pod('web', { containers: [{ name: 'nginx', image: 'nginx:1.14' }] }));
  await h.waitForPod('web', 'running', (p) => containerState(p) === 'Running');
  await h.client.delete(podsRef, 'default', 'web', { gracePeriodSeconds: 0 });
  await waitFor(() => h.runtime.of('nginx')[0]!.exitStatus, { what: 'the container to stop' });
  await waitFor(() => h.kubelet.containerHandle(created.metadata.uid!, 'nginx') === undefined, { what: 'the worker to go' });
  assert.deepEqual(h.released, ['10.244.1.5']);
});

test('a kubelet that starts again after a reboot carries restart counts on, says the sandbox changed and restarts the containers (Unknown, 255)', async (t) => {
  const h = await startKubelet(t);
  await h.createPod(pod('web', { containers: [{ name: 'nginx', image: 'nginx:1.14' }] }));
  await h.waitForPod('web', 'running', (p) => containerState(p) === 'Running');
  await h.kubelet.stop();
  const again = new Kubelet({ client: h.client, clock: h.clock, nodeName: 'node1', nodeIP: '172.18.0.2', runtime: h.runtime, network: h.network, allocatePodIP: () => '10.244.1.40', releasePodIP: () => undefined, hostPathFs: h.nodeFs, volumeStore: { volumeFs: () => h.nodeFs } });
  await again.start();
  t.after(() => again.stop());
  const restarted = await h.waitForPod('web', 'running again', (p) => status(p)?.restartCount === 1 && containerState(p) === 'Running');
  assert.deepEqual(status(restarted).lastState.terminated, {
    exitCode: 255, reason: 'Unknown',
    startedAt: status(restarted).lastState.terminated.startedAt, finishedAt: status(restarted).lastState.terminated.finishedAt, containerID: h.runtime.of('nginx')[0]!.id,
  });
  assert.equal(restarted.status.podIP, '10.244.1.40');
  await assertEvent(h, 'web', 'Normal SandboxChanged: Pod sandbox changed, it will be killed and re-created.');
});

test('environment: env with $(VAR), envFrom with a prefix, Downward API fields, service variables; command expanded', async (t) => {
  const h = await startKubelet(t);
  await h.client.create(configMaps, 'default', { metadata: { name: 'special-config' }, data: { 'special.power': '10', 'special.how': 'very' } });
  await h.client.create(secrets, 'default', { metadata: { name: 'user-info' }, data: { username: Buffer.from('admin').toString('base64') } });
  await h.createPod(pod('env', {
    containers: [{
      name: 'c', image: 'busybox',
      command: ['echo', '$(GREETING) $(POD_NAME)', '$$(ESCAPED)', '$(MISSING)'],
      envFrom: [{ configMapRef: { name: 'special-config' }, prefix: 'CM_' }, { secretRef: { name: 'user-info' } }],
      env: [
        { name: 'GREETING', value: 'hello' },
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'POWER', valueFrom: { configMapKeyRef: { name: 'special-config', key: 'special.power' } } },
        { name: 'MESSAGE', value: '$(GREETING) from $(NODE_NAME)' },
        { name: 'OPTIONAL', valueFrom: { configMapKeyRef: { name: 'absent', key: 'x', optional: true } } },
      ],
    }],
  }, { app: 'demo' }));
  await h.waitForPod('env', 'running', (p) => containerState(p) === 'Running');
  const config = h.runtime.of('c')[0]!.config;
  assert.deepEqual(config.command, ['echo', 'hello env', '$(ESCAPED)', '$(MISSING)']);
  assert.deepEqual(config.env, {
    'CM_special.how': 'very',
    'CM_special.power': '10',
    username: 'admin',
    GREETING: 'hello',
    POD_NAME: 'env',
    POD_IP: '10.244.1.5',
    NODE_NAME: 'node1',
    APP: 'demo',
    POWER: '10',
    MESSAGE: 'hello from node1',
    KUBERNETES_SERVICE_HOST: '10.96.0.1',
    KUBERNETES_SERVICE_PORT: '443',
    KUBERNETES_SERVICE_PORT_HTTPS: '443',
    KUBERNETES_PORT: 'tcp://10.96.0.1:443',
    KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443',
    KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
    KUBERNETES_PORT_443_TCP_PORT: '443',
    KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
  });
});

test('a missing ConfigMap, then a missing key: CreateContainerConfigError until both exist', async (t) => {
  const h = await startKubelet(t);
  await h.createPod(pod('special-env', { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox', command: ['printenv'], env: [{ name: 'special_env', valueFrom: { configMapKeyRef: { name: 'special-config', key: 'special.how' } } }] }] }));
  const missing = await h.waitForPod('special-env', 'config error', (p) => containerState(p) === 'CreateContainerConfigError');
  assert.deepEqual(status(missing).state.waiting, { reason: 'CreateContainerConfigError', message: 'configmap "special-config" not found' });
  await assertEvent(h, 'special-env', 'Warning Failed: Error: configmap "special-config" not found');

  await h.client.create(configMaps, 'default', { metadata: { name: 'special-config' }, data: { 'special.power': '10' } });
  await h.advance(10_000);
  const noKey = await h.waitForPod('special-env', 'missing key', (p) => status(p)?.state.waiting?.message?.startsWith("couldn't"));
  assert.equal(status(noKey).state.waiting.message, "couldn't find key special.how in ConfigMap default/special-config");

  await h.client.update(configMaps, { metadata: { name: 'special-config', namespace: 'default' }, data: { 'special.power': '10', 'special.how': 'very' } });
  await h.advance(10_000);
  const done = await h.waitForPod('special-env', 'completed', (p) => p.status.phase === 'Succeeded');
  assert.equal(done.status.containerStatuses[0].restartCount, 0);
  assert.equal(h.runtime.of('c')[0]!.config.env.special_env, 'very');
});

test('a configMap volume that does not exist: FailedMount and ContainerCreating until it appears', async (t) => {
  const h = await startKubelet(t);
  await h.createPod(pod('game-volume', { containers: [{ name: 'c', image: 'busybox', volumeMounts: [{ name: 'game-volume', mountPath: '/etc/config' }] }], volumes: [{ name: 'game-volume', configMap: { name: 'game-config' } }] }));
  const waiting = await h.waitForPod('game-volume', 'ContainerCreating', (p) => containerState(p) === 'ContainerCreating');
  assert.equal(waiting.status.conditions[0].status, 'False');
  const events = await waitFor(async () => ((await h.events('game-volume')).length > 0 ? h.events('game-volume') : undefined), { what: 'the FailedMount event' });
  assert.deepEqual(events, ['Warning FailedMount: MountVolume.SetUp failed for volume "game-volume" : configmap "game-config" not found']);
  await h.client.create(configMaps, 'default', { metadata: { name: 'game-config' }, data: { 'game.properties': 'enemies=aliens\n' } });
  await h.advance(2000, 500);
  const running = await h.waitForPod('game-volume', 'running', (p) => containerState(p) === 'Running');
  const [mount] = h.runtime.of('c')[0]!.config.mounts;
  assert.equal(mount!.readOnly, true);
  assert.equal(mount!.fs.readFile(`${mount!.source}/game.properties`), 'enemies=aliens\n');
  assert.equal(mount!.source, `/var/lib/kubelet/pods/${running.metadata.uid}/volumes/kubernetes.io~configmap/game-volume`);
});

test('stop() is the node powering off: every container is killed and nothing more is written', async (t) => {
  const h = await startKubelet(t);
  await h.createPod(pod('web', { containers: [{ name: 'nginx', image: 'nginx:1.14' }] }));
  await h.waitForPod('web', 'running', (p) => containerState(p) === 'Running');
  const before = (await h.pod('web')).metadata.resourceVersion;
  await h.kubelet.stop();
  await settle();
  assert.ok(h.runtime.of('nginx')[0]!.exitStatus, 'the container stopped');
  assert.equal((await h.pod('web')).metadata.resourceVersion, before);
  assert.equal(h.kubelet.containerHandle((await h.pod('web')).metadata.uid!, 'nginx'), undefined);
});

/** Asserts the pod has an event that reads `expected`, whatever its count. */
async function assertEvent(h: Harness, name: string, expected: string): Promise<void> {
  const events = await h.events(name);
  assert.ok(events.some((e) => e === expected || e.startsWith(`${expected} (x`)), `no event "${expected}" in:\n${events.join('\n')}`);
}

async function waitGone(h: Harness, name: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    try {
      await h.pod(name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    await settle();
  }
  assert.fail(`pod ${name} was not deleted`);
}



test('a kubelet that starts again and adopts its running containers does not probe them before their processes are back', async (t) => {
  const h = await startKubelet(t);
  const readinessProbe = { httpGet: { path: '/', port: 80 }, periodSeconds: 1, failureThreshold: 3, successThreshold: 1, timeoutSeconds: 1 };
  await h.createPod(pod('adopted', { containers: [{ name: 'nginx', image: 'nginx', readinessProbe, livenessProbe: readinessProbe }] }));
  await h.waitForPod('adopted', 'ready', (p) => status(p)?.ready === true);
  await h.kubelet.stop();
  const again = new Kubelet({ client: h.client, clock: h.clock, nodeName: 'node1', nodeIP: '172.18.0.2', runtime: h.runtime, network: h.network, allocatePodIP: () => '10.244.1.40', releasePodIP: () => undefined, hostPathFs: h.nodeFs, volumeStore: { volumeFs: () => h.nodeFs }, adoptRunningPods: true });
  await again.start();
  t.after(() => again.stop());
  await h.advance(5000, 1000);
  const after = await h.pod('adopted');
  assert.deepEqual([status(after).ready, status(after).restartCount], [true, 0]);
  assert.deepEqual((await h.events('adopted')).filter((e) => e.includes('Unhealthy')), []);
  assert.deepEqual((await h.events('adopted')).filter((e) => e.includes('SandboxChanged')), [], 'a kubelet restart keeps the sandboxes');
});
