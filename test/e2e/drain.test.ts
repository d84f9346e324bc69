// Lab K.3 with the real kubectl: cordon, drain (its refusals, warnings and evictions through the
// policy/v1 eviction API), PodDisruptionBudgets that hold a drain back, uncordon.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { agentDaemonSet } from '../helpers/manifests.js';
import { waitFor } from '../helpers/wait-for.js';

const daemonSet = agentDaemonSet('3600');

interface PodRow {
  name: string;
  node: string;
  phase: string;
  deleting: boolean;
}

async function podRows(k: TestDaemon['kubectl'], selector: string): Promise<PodRow[]> {
  const list = JSON.parse((await k('get', 'pods', '-l', selector, '-o', 'json')).stdout) as { items: { metadata: { name: string; deletionTimestamp?: string }; spec: { nodeName?: string }; status: { phase?: string } }[] };
  return list.items.map((p) => ({ name: p.metadata.name, node: p.spec.nodeName ?? '', phase: p.status.phase ?? '', deleting: Boolean(p.metadata.deletionTimestamp) }));
}

async function runningWeb(k: TestDaemon['kubectl']): Promise<PodRow[] | undefined> {
  const pods = (await podRows(k, 'app=web')).filter((p) => !p.deleting);
  return pods.length === 3 && pods.every((p) => p.phase === 'Running') ? pods : undefined;
}

test('cordon, drain and uncordon a node, with and without a PodDisruptionBudget (K.3)', async (t) => {
  const daemon = await startDaemon(t);
  const k = daemon.kubectl;
  assert.equal((await k('create', 'deployment', 'web', '--image=nginx', '--replicas=3')).code, 0);
  assert.equal((await daemon.kubectlWithInput(daemonSet, 'apply', '-f', '-')).code, 0);
  assert.equal((await k('run', 'bare', '--image=nginx', '--overrides={"spec":{"nodeSelector":{"kubernetes.io/hostname":"node1"}}}')).code, 0);
  await waitFor(async () => {
    const all = await podRows(k, 'app in (web,agent)');
    const bare = await podRows(k, 'run=bare');
    return all.filter((p) => p.phase === 'Running').length === 6 && bare[0]?.phase === 'Running';
  }, { what: 'web, agent and bare pods running', timeout: 30_000 });
  const webOnNode1 = (await podRows(k, 'app=web')).filter((p) => p.node === 'node1').map((p) => p.name);
  const agentOnNode1 = (await podRows(k, 'app=agent')).find((p) => p.node === 'node1')!.name;

  await t.test('cordon marks the node unschedulable', async () => {
    const cordon = await k('cordon', 'node1');
    assert.deepEqual([cordon.code, cordon.stdout], [0, 'node/node1 cordoned\n']);
    const row = tableRows((await k('get', 'nodes')).stdout).find((r) => r[0] === 'node1');
    assert.equal(row?.[1], 'Ready,SchedulingDisabled');
    await waitFor(async () => (await k('get', 'node', 'node1', '-o', 'jsonpath={.spec.taints[*].key}')).stdout.includes('node.kubernetes.io/unschedulable'), { what: 'the unschedulable taint' });
  });

  await t.test('drain refuses a bare pod without --force', async () => {
    const drain = await k('drain', 'node1', '--ignore-daemonsets');
    assert.equal(drain.code, 1);
    assert.equal(drain.stdout, 'node/node1 already cordoned\n');
    // kubectl 1.32 really doubles "cannot delete" in this message.
    assert.match(drain.stderr, /^error: unable to drain node "node1" due to error: cannot delete cannot delete Pods that declare no controller \(use --force to override\): default\/bare, continuing command\.\.\.$/m);
  });

  await t.test('drain evicts the controlled pods, ignores the DaemonSet pod, and the pods come back elsewhere', async () => {
    assert.equal((await k('delete', 'pod', 'bare', '--wait=false')).code, 0);
    const drain = await k('drain', 'node1', '--ignore-daemonsets');
    assert.equal(drain.code, 0, drain.stderr);
    const lines = drain.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'node/node1 already cordoned');
    assert.equal(lines.at(-1), 'node/node1 drained');
    for (const name of webOnNode1) {
      assert.ok(lines.includes(`evicting pod default/${name}`), drain.stdout);
      assert.ok(lines.includes(`pod/${name} evicted`), drain.stdout);
    }
    assert.match(drain.stderr, new RegExp(`^Warning: ignoring DaemonSet-managed Pods: .*default/${agentOnNode1}`, 'm'));
    const after = await waitFor(() => runningWeb(k), { what: 'three web pods running again', timeout: 30_000 });
    assert.ok(after.every((p) => p.node !== 'node1' && p.node !== 'control-plane'), JSON.stringify(after));
    const uncordon = await k('uncordon', 'node1');
    assert.deepEqual([uncordon.code, uncordon.stdout], [0, 'node/node1 uncordoned\n']);
    assert.equal(tableRows((await k('get', 'nodes')).stdout).find((r) => r[0] === 'node1')?.[1], 'Ready');
  });

  await t.test('a PodDisruptionBudget with no disruption to spare holds the drain back', async () => {
    const create = await k('create', 'pdb', 'web-pdb', '--selector=app=web', '--min-available=3');
    assert.deepEqual([create.code, create.stdout], [0, 'poddisruptionbudget.policy/web-pdb created\n']);
    const row = await waitFor(async () => tableRows((await k('get', 'pdb', 'web-pdb')).stdout)[1], { what: 'the budget' });
    assert.deepEqual(row.slice(0, 4), ['web-pdb', '3', 'N/A', '0']);
    const status = JSON.parse((await k('get', 'pdb', 'web-pdb', '-o', 'json')).stdout).status;
    assert.deepEqual([status.currentHealthy, status.desiredHealthy, status.expectedPods, status.disruptionsAllowed, status.observedGeneration], [3, 3, 3, 0, 1]);
    assert.deepEqual(status.conditions.map((c: { type: string; status: string; reason: string; message: string }) => [c.type, c.status, c.reason, c.message]), [['DisruptionAllowed', 'False', 'InsufficientPods', '']]);

    const victim = (await runningWeb(k))![0]!;
    const drain = await k('drain', victim.node, '--ignore-daemonsets', '--timeout=7s');
    assert.equal(drain.code, 1);
    assert.match(drain.stderr, new RegExp(`^error when evicting pods/"${victim.name}" -n "default" \\(will retry after 5s\\): Cannot evict pod as it would violate the pod's disruption budget\\.$`, 'm'));
    assert.ok((await runningWeb(k))!.some((p) => p.name === victim.name), 'the pod is still there');

    // With one disruption allowed the drain goes through, one pod at a time as replacements get ready.
    assert.equal((await k('patch', 'pdb', 'web-pdb', '--type=merge', '-p', '{"spec":{"minAvailable":2}}')).code, 0);
    await waitFor(async () => tableRows((await k('get', 'pdb', 'web-pdb')).stdout)[1]?.[3] === '1', { what: 'one allowed disruption' });
    const retry = await k('drain', victim.node, '--ignore-daemonsets', '--timeout=40s');
    assert.equal(retry.code, 0, retry.stderr);
    assert.match(retry.stdout, new RegExp(`^pod/${victim.name} evicted$`, 'm'));
    assert.equal((await k('uncordon', victim.node)).stdout, `node/${victim.node} uncordoned\n`);
  });
});
