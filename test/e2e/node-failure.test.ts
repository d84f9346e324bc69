// Lab K.2 with the real kubectl: a killed node goes NotReady after the node-monitor grace period,
// is tainted unreachable, its pods are evicted after their 300 s toleration and replaced on the
// other workers; brought back, it is Ready again. The daemon runs at --speed 20 (50 s → 2.5 s,
// 300 s → 15 s); timestamps stay wall-clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { waitFor } from '../helpers/wait-for.js';

test('a node fails and the cluster heals (K.2)', async (t) => {
  const daemon = await startDaemon(t, { speed: 20 });
  const k = daemon.kubectl;
  const nodeOf = async (): Promise<Record<string, string>> => {
    const list = JSON.parse((await k('get', 'pods', '-l', 'app=web', '-o', 'json')).stdout) as { items: { metadata: { name: string; deletionTimestamp?: string }; spec: { nodeName?: string }; status: { phase?: string } }[] };
    return Object.fromEntries(list.items.filter((p) => !p.metadata.deletionTimestamp && p.status.phase === 'Running').map((p) => [p.metadata.name, p.spec.nodeName ?? '']));
  };

  assert.equal((await k('create', 'deployment', 'web', '--image=nginx', '--replicas=3')).code, 0);
  const before = await waitFor(async () => {
    const pods = await nodeOf();
    return Object.keys(pods).length === 3 ? pods : undefined;
  }, { what: 'three running pods', timeout: 30_000 });
  const victim = Object.values(before)[0];

  await t.test('the killed node goes NotReady and is tainted unreachable', async () => {
    assert.equal(runCli(['node', 'kill', victim, '--data', daemon.dataDir]).code, 0);
    const row = await waitFor(async () => {
      const r = tableRows((await k('get', 'node', victim)).stdout)[1];
      return r?.[1] === 'NotReady' ? r : undefined;
    }, { what: `${victim} NotReady`, timeout: 30_000 });
    assert.equal(row[0], victim);
    const node = JSON.parse((await k('get', 'node', victim, '-o', 'json')).stdout);
    assert.deepEqual(node.spec.taints.map((x: { key: string; effect: string }) => `${x.key}:${x.effect}`).sort(), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    const ready = node.status.conditions.find((c: { type: string }) => c.type === 'Ready');
    assert.deepEqual([ready.status, ready.reason, ready.message], ['Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.']);
  });

  await t.test('its pods are evicted after their toleration and replaced on the other workers', async () => {
    const after = await waitFor(async () => {
      const pods = await nodeOf();
      return Object.keys(pods).length === 3 && !Object.values(pods).includes(victim) ? pods : undefined;
    }, { what: 'three running pods off the dead node', timeout: 60_000 });
    assert.ok(Object.values(after).every((n) => n !== victim && n !== 'control-plane'));
    const eviction = (await k('get', 'events', '--field-selector', 'reason=TaintManagerEviction', '-o', 'jsonpath={.items[0].message}')).stdout;
    assert.match(eviction, /^Marking for deletion Pod default\/web-[a-z0-9]+-[a-z0-9]{5}$/);
  });

  await t.test('brought back, the node is Ready and untainted', async () => {
    assert.equal(runCli(['node', 'start', victim, '--data', daemon.dataDir]).code, 0);
    await waitFor(async () => tableRows((await k('get', 'node', victim)).stdout)[1]?.[1] === 'Ready', { what: `${victim} Ready again`, timeout: 30_000 });
    await waitFor(async () => (await k('get', 'node', victim, '-o', 'jsonpath={.spec.taints}')).stdout === '', { what: 'the taints to go', timeout: 30_000 });
  });
});
