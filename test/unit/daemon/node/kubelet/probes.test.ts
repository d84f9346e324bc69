import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../../shared/clock.js';
import { ClusterNetwork } from '../../../../../daemon/runtime/network.js';
import { ProbeWorker, type ProbeType } from '../../../../../daemon/node/kubelet/probes.js';
import { settle } from './fake-runtime.js';

const podIP = '10.244.1.5';

/** A worker probing an HTTP server whose answer the test sets; records results and events. */
function harness(type: ProbeType, probe: Record<string, unknown>, options: { started?: boolean; startedAt?: number } = {}) {
  const clock = new ManualClock();
  const network = new ClusterNetwork();
  let status = 200;
  network.forPod(podIP).listen(8080, () => ({ status, headers: {}, body: '' }));
  const instance = { id: 'c1', running: true, startedAt: options.startedAt ?? clock.now() };
  const results: string[] = [];
  const events: string[] = [];
  const worker = new ProbeWorker({
    type,
    probe: { periodSeconds: 10, failureThreshold: 3, successThreshold: 1, timeoutSeconds: 1, httpGet: { path: '/health', port: 8080 }, ...probe },
    container: { name: 'c' },
    clock,
    network,
    nodeIP: '172.18.0.2',
    target: { instance: () => instance, started: () => options.started ?? true, podIP: () => podIP, deleting: () => false },
    onResult: (result, id) => void results.push(`${id}:${result}`),
    onUnhealthy: (message) => void events.push(message),
  });
  const tick = async (seconds: number): Promise<void> => {
    for (let i = 0; i < seconds; i++) {
      clock.step(1000);
      await settle();
    }
  };
  return { worker, instance, results, events, tick, setStatus: (s: number) => void (status = s) };
}

test('a liveness result flips only after failureThreshold failures in a row, then holds until a new instance', async () => {
  const h = harness('liveness', {});
  h.setStatus(404);
  h.worker.start();
  await settle();
  assert.deepEqual(h.results, [], 'one failure is not enough');
  await h.tick(20);
  assert.deepEqual(h.results, ['c1:failure']);
  assert.deepEqual(h.events, Array(3).fill('Liveness probe failed: HTTP probe failed with statuscode: 404'));
  await h.tick(30);
  assert.equal(h.events.length, 3, 'on hold: no probe into a container about to be killed');
  h.instance.id = 'c2';
  await h.tick(30);
  assert.deepEqual(h.results, ['c1:failure', 'c2:failure']);
  h.worker.stop();
});

test('a success between failures starts the count again', async () => {
  const h = harness('liveness', {});
  h.setStatus(500);
  h.worker.start();
  await h.tick(10);
  h.setStatus(200);
  await h.tick(10);
  h.setStatus(500);
  await h.tick(10);
  assert.deepEqual(h.results, ['c1:success'], 'the success is reported, no failure yet');
  h.worker.stop();
});

test('probes wait for initialDelaySeconds after the container started', async () => {
  const h = harness('readiness', { initialDelaySeconds: 15 });
  h.worker.start();
  await h.tick(10);
  assert.deepEqual(h.results, []);
  await h.tick(10);
  assert.deepEqual(h.results, ['c1:success']);
  h.worker.stop();
});

test('readiness needs successThreshold successes and keeps probing', async () => {
  const h = harness('readiness', { successThreshold: 2 });
  h.worker.start();
  await h.tick(10);
  assert.deepEqual(h.results, ['c1:success']);
  await h.tick(10);
  assert.deepEqual(h.results, ['c1:success', 'c1:success']);
  h.worker.stop();
});

test('liveness and readiness wait for the startup probe; a started container is not startup-probed', async () => {
  const waiting = harness('liveness', {}, { started: false });
  waiting.setStatus(404);
  waiting.worker.start();
  await waiting.tick(40);
  assert.deepEqual([waiting.results, waiting.events], [[], []]);
  waiting.worker.stop();
  const startup = harness('startup', {}, { started: true });
  startup.worker.start();
  await startup.tick(20);
  assert.deepEqual(startup.results, []);
  startup.worker.stop();
});

test('a manual trigger probes at once, between periods', async () => {
  const h = harness('readiness', {});
  h.worker.start();
  await settle();
  h.worker.trigger();
  await settle();
  assert.deepEqual(h.results, ['c1:success', 'c1:success']);
  h.worker.stop();
});
