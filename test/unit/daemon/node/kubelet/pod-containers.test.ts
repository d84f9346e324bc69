// The kubelet's side of container logs across a kubelet restart: each instance is started with its
// restart count (its log file), an adopted one is made again with its log resumed, the previous
// instance's log is read back from the runtime for `kubectl logs -p`, and a deleted pod's logs go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { Kubelet } from '../../../../../daemon/node/kubelet/kubelet.js';
import type { ContainerLog, LogLine } from '../../../../../daemon/runtime/container.js';
import { podsRef, startKubelet } from './fake-runtime.js';
import { waitFor } from '../../../../helpers/wait-for.js';

const status = (p: KubeObject) => p.status?.containerStatuses?.[0];

test('after a kubelet restart the previous instance\'s log is read back and the running one resumes its own', async (t) => {
  const h = await startKubelet(t);
  await h.createPod({ metadata: { name: 'logged' }, spec: { containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }] } });
  await h.waitForPod('logged', 'running', (p) => status(p)?.state.running !== undefined);
  h.runtime.of('main')[0]!.finish(1);
  await h.waitForPod('logged', 'restarted', (p) => status(p)?.restartCount === 1 && status(p)?.state.running !== undefined);
  assert.deepEqual(h.runtime.of('main').map((c) => [c.config.restartCount, c.config.resumeLog]), [[0, undefined], [1, undefined]]);
  const uid = (await h.pod('logged')).metadata.uid!;
  await h.kubelet.stop();

  // What the node's log files kept of the first instance (the runtime reads them: runtime.ts storedLog).
  const kept: LogLine[] = [{ time: Date.UTC(2026, 0, 5, 1, 0, 0) + 0.5, stream: 'stdout', text: 'from the first run' }];
  const asked: string[] = [];
  const removed: string[] = [];
  const retained: string[][] = [];
  Object.assign(h.runtime, {
    storedLog: (podUid: string, container: string, restartCount: number): ContainerLog | undefined => {
      asked.push(`${podUid === uid ? 'uid' : podUid}/${container}/${restartCount}`);
      return restartCount === 0 ? { lines: () => kept, follow: () => () => undefined } : undefined;
    },
    removePodLogs: (podUid: string) => void removed.push(podUid),
    retainPodLogs: (uids: ReadonlySet<string>) => void retained.push([...uids]),
  });
  const again = new Kubelet({ client: h.client, clock: h.clock, nodeName: 'node1', nodeIP: '172.18.0.2', runtime: h.runtime, network: h.network, allocatePodIP: () => '10.244.1.40', releasePodIP: () => undefined, hostPathFs: h.nodeFs, volumeStore: { volumeFs: () => h.nodeFs }, adoptRunningPods: true });
  await again.start();
  t.after(() => again.stop());
  // Steps the clock until the kubelet has acted (a fixed number of steps raced a loaded CI machine).
  const advanceUntil = (what: string, done: () => boolean) => {
    let stepped = 0;
    return waitFor(async () => {
      if (done()) return true;
      if (stepped < 30_000) await h.advance(500, 500);
      stepped += 500;
      return false;
    }, { what, timeout: 20_000, interval: 5 });
  };
  await advanceUntil('the adopted container made again', () => h.runtime.of('main').length > 2);
  assert.deepEqual(h.runtime.of('main').slice(2).map((c) => [c.config.restartCount, c.config.resumeLog]), [[1, true]], 'made again with its own log');
  const previous = again.containerHandle(uid, 'main', true);
  assert.deepEqual(previous?.log.lines(), kept);
  assert.deepEqual(asked, ['uid/main/0']);
  assert.deepEqual(retained, [[uid]], 'the logs of pods deleted while it was down go, the bound ones stay');
  assert.equal(again.containerHandle(uid, 'main', true), previous, 'read once');
  await assert.rejects(previous!.exec(['ls'], { stdout: () => undefined, stderr: () => undefined }), /cannot exec in a stopped container/);
  assert.deepEqual((await previous!.wait()).exitCode, 1);

  await h.client.delete(podsRef, 'default', 'logged', { gracePeriodSeconds: 0 });
  await advanceUntil("the deleted pod's logs removed", () => removed.length > 0);
  assert.deepEqual(removed, [uid], "the pod's logs go with it");
});
