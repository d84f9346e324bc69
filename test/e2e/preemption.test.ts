// Pod priority and preemption with the real kubectl (kube-scheduler v1.32 DefaultPreemption): a
// `high` pod that fits nowhere evicts a `low` pod, is nominated to its node, and runs there once
// the victim has terminated. Default cluster: a tainted control plane and node1..node3 with
// 2 cpu each, where kube-system pods request at most 200m per worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { waitFor } from '../helpers/wait-for.js';

const taint = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';

/** A busybox pod (`sleep` as PID 1 ignores SIGTERM, so it terminates only when its grace period ends). */
function podManifest(name: string, cpu: string, spec: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'], resources: { requests: { cpu } } }], ...spec },
  });
}

test('preemption through kubectl', async (t) => {
  // Speed 10: the victims' 100 s grace period lasts 10 s of wall time.
  const daemon = await startDaemon(t, { speed: 10 });
  const k = daemon.kubectl;
  const apply = async (manifest: string): Promise<string> => {
    const out = await daemon.kubectlWithInput(manifest, 'apply', '-f', '-');
    assert.equal(out.code, 0, out.stderr);
    return out.stdout.trim();
  };
  let nominated = '';
  let victim = '';

  await t.test('one low-priority pod of 1500m per worker fills the cluster', async () => {
    assert.equal((await k('create', 'priorityclass', 'high', '--value=1000000')).stdout, 'priorityclass.scheduling.k8s.io/high created\n');
    assert.equal((await k('create', 'priorityclass', 'low', '--value=1000')).stdout, 'priorityclass.scheduling.k8s.io/low created\n');
    for (const n of [1, 2, 3]) {
      const spec = { priorityClassName: 'low', terminationGracePeriodSeconds: 100, nodeSelector: { 'kubernetes.io/hostname': `node${n}` } };
      assert.equal(await apply(podManifest(`low-${n}`, '1500m', spec)), `pod/low-${n} created`);
    }
    await waitFor(async () => (await k('get', 'pods', '-o', 'jsonpath={.items[*].status.phase}')).stdout === 'Running Running Running', { what: 'three Running low pods', timeout: 30_000 });
  });

  await t.test('a high pod that fits nowhere is nominated to a node whose low pod is preempted', async () => {
    assert.equal(await apply(podManifest('high', '1', { priorityClassName: 'high' })), 'pod/high created');
    nominated = await waitFor(async () => (await k('get', 'pod', 'high', '-o', 'jsonpath={.status.nominatedNodeName}')).stdout, { what: 'the nominated node', timeout: 20_000 });
    victim = `low-${nominated.replace('node', '')}`;
    const [header, row] = tableRows((await k('get', 'pod', 'high', '-o', 'wide')).stdout);
    assert.deepEqual(header, ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    assert.deepEqual([...row!.slice(0, 4), ...row!.slice(5)], ['high', '0/1', 'Pending', '0', '<none>', '<none>', nominated, '<none>']);
    // A preemption that worked adds nothing after the reasons.
    const failed = (await k('get', 'events', '--field-selector', 'involvedObject.name=high,reason=FailedScheduling', '-o', 'jsonpath={.items[0].message}')).stdout;
    assert.equal(failed, `0/4 nodes are available: 1 ${taint}, 3 Insufficient cpu.`);

    // The victim terminates (100 s of grace at speed 10) with the scheduler's DisruptionTarget condition.
    const condition = JSON.parse((await k('get', 'pod', victim, '-o', 'jsonpath={.status.conditions[?(@.type=="DisruptionTarget")]}')).stdout);
    assert.deepEqual(
      { type: condition.type, status: condition.status, reason: condition.reason, message: condition.message },
      { type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' },
    );
    const rows = tableRows((await k('get', 'pods', '-o', 'wide')).stdout).map((r) => [r[0], r[2], r[6]]);
    assert.deepEqual(rows.find((r) => r[0] === victim), [victim, 'Terminating', nominated]);
    assert.equal(rows.filter((r) => r[1] === 'Running').length, 2, 'the other low pods keep running');

    const uid = (await k('get', 'pod', 'high', '-o', 'jsonpath={.metadata.uid}')).stdout;
    const events = tableRows((await k('get', 'events', '--field-selector', 'reason=Preempted')).stdout);
    assert.deepEqual(events[0], ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    assert.deepEqual(events.slice(1).map((r) => r.slice(1)), [['Normal', 'Preempted', `pod/${victim}`, `Preempted by pod ${uid} on node ${nominated}`]]);
  });

  await t.test('once the victim is gone the high pod runs on its nominated node', async () => {
    await waitFor(async () => (await k('get', 'pod', 'high', '-o', 'jsonpath={.status.phase}')).stdout === 'Running', { what: 'the high pod Running', timeout: 40_000 });
    const [, row] = tableRows((await k('get', 'pod', 'high', '-o', 'wide')).stdout);
    // v1.32 leaves status.nominatedNodeName on the bound pod.
    assert.deepEqual([row![0], row![1], row![2], row![6], row![7]], ['high', '1/1', 'Running', nominated, nominated]);
    const gone = await k('get', 'pod', victim);
    assert.equal(gone.stderr, `Error from server (NotFound): pods "${victim}" not found\n`);
    const scheduled = (await k('get', 'events', '--field-selector', 'involvedObject.name=high,reason=Scheduled', '-o', 'jsonpath={.items[0].message}')).stdout;
    assert.equal(scheduled, `Successfully assigned default/high to ${nominated}`);
  });

  await t.test('preemptionPolicy Never waits instead of preempting', async () => {
    assert.equal(
      await apply(JSON.stringify({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high-polite' }, value: 1000000, preemptionPolicy: 'Never' })),
      'priorityclass.scheduling.k8s.io/high-polite created',
    );
    assert.equal(await apply(podManifest('polite', '1500m', { priorityClassName: 'high-polite' })), 'pod/polite created');
    const failed = await waitFor(async () => (await k('get', 'events', '--field-selector', 'involvedObject.name=polite,reason=FailedScheduling', '-o', 'jsonpath={.items[0].message}')).stdout, {
      what: 'the FailedScheduling event',
      timeout: 20_000,
    });
    assert.equal(failed, `0/4 nodes are available: 1 ${taint}, 3 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.`);
    const [, row] = tableRows((await k('get', 'pod', 'polite', '-o', 'wide')).stdout);
    assert.deepEqual([row![0], row![2], row![6], row![7]], ['polite', 'Pending', '<none>', '<none>']);
    assert.equal((await k('get', 'pods', '-o', 'jsonpath={.items[*].status.phase}')).stdout.split(' ').filter((p) => p === 'Running').length, 3, 'nothing was evicted');
  });
});
