// Lab K.2 as a learner watches it: `kubectl get pods -o wide -w` while node2 dies under a
// Deployment of 6 — its pods still say 1/1 Running (only their Ready condition turns False when the
// node goes NotReady; container statuses are the kubelet's), then Terminating (and stay so:
// nobody is left to finish them), while replacements go Pending → ContainerCreating → Running on
// node1 and node3; `kubectl describe node` shows why. node2 coming back lets the old pods go.
// --speed 20: the 50 s grace period takes 2.5 s, the 300 s toleration 15 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { runCli, startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { waitFor } from '../helpers/wait-for.js';

interface Row {
  name: string;
  ready: string;
  status: string;
  node: string;
}

function parseRows(text: string): Row[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('NAME '))
    .map((line) => line.trim().split(/\s{2,}/))
    .map((cells) => ({ name: cells[0]!, ready: cells[1]!, status: cells[2]!, node: cells[6]! }));
}

test('kubectl get pods -o wide -w while a node dies (K.2)', async (t) => {
  const daemon = await startDaemon(t, { speed: 20 });
  const k = daemon.kubectl;
  assert.equal((await k('create', 'deployment', 'web', '--image=nginx', '--replicas=6')).code, 0);
  const initial = await waitFor(async () => {
    const rows = tableRows((await k('get', 'pods', '-o', 'wide')).stdout).slice(1);
    return rows.length === 6 && rows.every((r) => r[2] === 'Running' && r[1] === '1/1') ? rows : undefined;
  }, { what: 'six running pods', timeout: 30_000 });
  const victims = initial.filter((r) => r[6] === 'node2').map((r) => r[0]!);
  assert.ok(victims.length >= 1, 'the spread put pods on node2');

  const watch = spawn('kubectl', ['get', 'pods', '-o', 'wide', '-w'], { env: { ...process.env, KUBECONFIG: daemon.kubeconfig, KUBECACHEDIR: daemon.cacheDir, HOME: daemon.dataDir } });
  let output = '';
  watch.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  t.after(() => void watch.kill());
  await waitFor(() => parseRows(output).length >= 6, { what: 'the watch to list the pods' });

  assert.equal(runCli(['node', 'kill', 'node2', '--data', daemon.dataDir]).code, 0);
  const running = (rows: Row[]): Row[] => {
    const last = new Map(rows.map((r) => [r.name, r]));
    return [...last.values()].filter((r) => r.status === 'Running' && r.ready === '1/1');
  };
  await waitFor(() => running(parseRows(output)).length === 6 && victims.every((v) => parseRows(output).some((r) => r.name === v && r.status === 'Terminating')), { what: 'six running pods again and the victims Terminating', timeout: 60_000 });
  const rows = parseRows(output);

  await t.test('the dead node\'s pods stay 1/1 Running, then turn Terminating on node2', () => {
    for (const victim of victims) {
      const seen = rows.filter((r) => r.name === victim).map((r) => `${r.ready} ${r.status} ${r.node}`);
      const terminating = seen.indexOf('1/1 Terminating node2');
      assert.ok(terminating > 0 && seen.slice(0, terminating).every((line) => line === '1/1 Running node2'), `${victim}: ${seen.join(' | ')}`);
    }
  });

  await t.test('replacements go Pending → ContainerCreating → Running on node1 and node3', () => {
    const known = new Set(initial.map((r) => r[0]));
    const replacements = [...new Set(rows.map((r) => r.name).filter((n) => !known.has(n)))];
    assert.equal(replacements.length, victims.length);
    for (const name of replacements) {
      const seen = rows.filter((r) => r.name === name);
      assert.deepEqual(seen[0], { name, ready: '0/1', status: 'Pending', node: '<none>' }, 'first seen unscheduled');
      const statuses = seen.map((r) => r.status).filter((s, i, all) => s !== all[i - 1]);
      assert.deepEqual(statuses, ['Pending', 'ContainerCreating', 'Running'], name);
      assert.ok(['node1', 'node3'].includes(seen.at(-1)!.node), `${name} ran on ${seen.at(-1)!.node}`);
      assert.equal(seen.at(-1)!.ready, '1/1');
    }
  });

  await t.test('describe node shows the Unknown conditions and the unreachable taints', async () => {
    const described = (await k('describe', 'node', 'node2')).stdout;
    assert.match(described, /^Taints:\s+node\.kubernetes\.io\/unreachable:(NoExecute|NoSchedule)\n\s+node\.kubernetes\.io\/unreachable:(NoExecute|NoSchedule)\n/m);
    for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']) {
      assert.match(described, new RegExp(`^  ${type}\\s+Unknown\\s+.+\\s+NodeStatusUnknown\\s+Kubelet stopped posting node status\\.$`, 'm'), type);
    }
  });

  await t.test('node2 comes back: Ready, and the Terminating pods are gone', async () => {
    assert.equal(runCli(['node', 'start', 'node2', '--data', daemon.dataDir]).code, 0);
    await waitFor(async () => tableRows((await k('get', 'node', 'node2')).stdout)[1]?.[1] === 'Ready', { what: 'node2 Ready', timeout: 30_000 });
    await waitFor(async () => {
      const names = tableRows((await k('get', 'pods')).stdout).slice(1).map((r) => r[0]);
      return names.length === 6 && victims.every((v) => !names.includes(v));
    }, { what: 'the old pods to vanish', timeout: 30_000 });
  });
});
