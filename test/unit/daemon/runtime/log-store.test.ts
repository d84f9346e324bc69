// The runtime's logs through a PodLogStore: each instance writes <container>/<restartCount>, an
// adopted instance goes on from its file with the same timestamps, an ended instance's log is read
// back for `kubectl logs -p`, and a pod's logs go with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../shared/clock.js';
import type { ContainerConfig } from '../../../../daemon/runtime/container.js';
import { MemoryPodLogStore } from '../../../../daemon/runtime/log-store.js';
import { ClusterNetwork } from '../../../../daemon/runtime/network.js';
import { SimulatedRuntime } from '../../../../daemon/runtime/runtime.js';
import { advance, logText, useStandInTools } from '../../../helpers/runtime.js';

useStandInTools();

function setup() {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 1, 16, 38));
  const logs = new MemoryPodLogStore();
  const runtime = new SimulatedRuntime({ clock, logs });
  const network = new ClusterNetwork();
  const config = (over: Partial<ContainerConfig>): ContainerConfig => ({
    podUid: 'uid-1', podName: 'web', namespace: 'default', name: 'main', image: 'busybox', env: {}, mounts: [], net: network.forPod('10.244.1.5'), ...over,
  });
  return { clock, logs, runtime, config };
}

test('each instance logs to its restart count, and an ended one is read back for -p', async () => {
  const { clock, logs, runtime, config } = setup();
  const first = await runtime.startContainer(config({ command: ['echo', 'first run'], restartCount: 0 }));
  await advance(clock, 20);
  clock.step(5000);
  const second = await runtime.startContainer(config({ command: ['echo', 'second run'], restartCount: 1 }));
  await advance(clock, 20);
  assert.deepEqual([logText(first), logText(second)], [['first run'], ['second run']]);
  assert.deepEqual([...logs.files.keys()], ['uid-1/main/0', 'uid-1/main/1']);
  const stored = runtime.storedLog('uid-1', 'main', 0);
  assert.deepEqual(stored?.lines(), first.log.lines(), 'the same lines and times');
  assert.equal(runtime.storedLog('uid-1', 'main', 5), undefined, 'an instance that wrote nothing has no log');
  const pause = await runtime.startContainer(config({ name: 'pause', command: ['sleep', '3600'] }));
  await advance(clock, 20);
  assert.equal(logs.files.has('uid-1/pause/0'), false, 'a silent container has no file');
  await pause.stop(0);
  runtime.removePodLogs('uid-1');
  assert.equal(logs.files.size, 0);
});

test('an adopted container is made again with its log as it was, not printed twice', async () => {
  const { clock, logs, runtime, config } = setup();
  const written = [{ time: Date.UTC(2026, 0, 5, 1, 0, 0) + 0.5, stream: 'stdout' as const, text: 'hello' }];
  logs.rewrite({ podUid: 'uid-1', container: 'main', restartCount: 3 }, written);
  const adopted = await runtime.startContainer(config({ command: ['echo', 'hello'], restartCount: 3, resumeLog: true }));
  await advance(clock, 20);
  assert.deepEqual(adopted.log.lines(), written);
});
