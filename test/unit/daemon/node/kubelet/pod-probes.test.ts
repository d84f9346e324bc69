// The prober manager's share for one pod, with a ManualClock and an HTTP server in the simulated
// network: results land in the container record, and only a changed result is passed on (as the
// kubelet's results manager does), so a readiness probe passing every second wakes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../../shared/clock.js';
import { ClusterNetwork } from '../../../../../daemon/runtime/network.js';
import { newContainerRecord } from '../../../../../daemon/node/kubelet/container-state.js';
import { PodProbes } from '../../../../../daemon/node/kubelet/pod-probes.js';
import { settle } from './fake-runtime.js';

const podIP = '10.244.1.5';

function harness(container: Record<string, unknown>) {
  const clock = new ManualClock();
  const network = new ClusterNetwork();
  let status = 200;
  network.forPod(podIP).listen(8080, () => ({ status, headers: {}, body: '' }));
  const record = newContainerRecord('app', false);
  const run = (startedAt = clock.now()): void => void (record.current = { id: 'c1', image: 'nginx', imageID: '', startedAt, specHash: '' });
  const changes: string[] = [];
  const probes = new PodProbes({
    pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'app', ...container }] } },
    clock,
    network,
    nodeIP: '172.18.0.2',
    recordOf: () => record,
    podIP: () => podIP,
    deleting: () => false,
    onChange: (type) => void changes.push(type),
    event: () => undefined,
  });
  const tick = async (seconds: number): Promise<void> => {
    for (let i = 0; i < seconds; i++) {
      clock.step(1000);
      await settle();
    }
  };
  return { clock, probes, record, changes, run, tick, setStatus: (s: number) => void (status = s) };
}

const httpGet = { path: '/health', port: 8080 };

test('a readiness probe passing every second reports Ready once, and the change back once', async () => {
  const h = harness({ readinessProbe: { httpGet, periodSeconds: 1, failureThreshold: 3 } });
  h.run();
  h.probes.start();
  await h.tick(10);
  assert.equal(h.record.readinessSucceeded, true);
  assert.deepEqual(h.changes, ['readiness']);
  h.setStatus(500);
  await h.tick(10);
  assert.equal(h.record.readinessSucceeded, false);
  assert.deepEqual(h.changes, ['readiness', 'readiness']);
  h.probes.stopAll();
});

test('triggerStartup runs a startup probe whose initial delay is over at once, not at the next period', async () => {
  const h = harness({ startupProbe: { httpGet, initialDelaySeconds: 10, periodSeconds: 10 }, readinessProbe: { httpGet, periodSeconds: 1 } });
  // The workers' first tick finds no container; then one starts that counts as 20 s old (a static pod at boot).
  h.probes.start();
  await settle();
  h.run(h.clock.now() - 20_000);
  h.probes.triggerStartup('app');
  await settle();
  // The startup success triggers the readiness probe: Ready without the clock moving.
  assert.deepEqual([h.record.startupSucceeded, h.record.readinessSucceeded], [true, true]);
  assert.deepEqual(h.changes, ['startup', 'readiness']);
  h.probes.stopAll();
});
