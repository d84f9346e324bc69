// A daemon restart is not a reboot: after `kubelab down` + `kubelab up`, and after kill -9, the
// same nodes come back and the 200 pods that were running are running still, with the same pod
// IPs, container IDs, start times and restart counts; resourceVersions carry on from the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { waitFor } from '../helpers/wait-for.js';

const replicas = 200;

interface PodView {
  node: string;
  ip: string;
  phase: string;
  ready: boolean;
  restarts: number;
  containerID: string;
  startedAt: string;
}

async function snapshot(k: TestDaemon['kubectl']): Promise<{ pods: Record<string, PodView>; resourceVersion: number }> {
  const list = JSON.parse((await k('get', 'pods', '-l', 'app=sleeper', '-o', 'json')).stdout);
  const pods: Record<string, PodView> = {};
  for (const p of list.items) {
    const cs = p.status.containerStatuses?.[0] ?? {};
    pods[p.metadata.name] = { node: p.spec.nodeName, ip: p.status.podIP, phase: p.status.phase, ready: cs.ready === true, restarts: cs.restartCount, containerID: cs.containerID, startedAt: cs.state?.running?.startedAt };
  }
  // kubectl prints its own List (resourceVersion ""): the store's revision comes from the raw list.
  const raw = JSON.parse((await k('get', '--raw', '/api/v1/namespaces/default/pods?limit=1')).stdout);
  return { pods, resourceVersion: Number(raw.metadata.resourceVersion) };
}

async function allRunning(k: TestDaemon['kubectl']): Promise<Record<string, PodView> | undefined> {
  const { pods } = await snapshot(k);
  const views = Object.values(pods);
  return views.length === replicas && views.every((p) => p.phase === 'Running' && p.ready) ? pods : undefined;
}

/** kind's addon pods (a kindnet pod per node, the local-path provisioner), by name. */
async function addonPods(k: TestDaemon['kubectl']): Promise<string[]> {
  const names = async (...args: string[]) => (await k('get', 'pods', ...args, '-o', 'name')).stdout.trim().split('\n');
  return [...(await names('-n', 'kube-system', '-l', 'app=kindnet')), ...(await names('-n', 'local-path-storage'))].sort();
}

async function nodesReady(k: TestDaemon['kubectl']): Promise<boolean> {
  const rows = tableRows((await k('get', 'nodes')).stdout).slice(1);
  return rows.length === 4 && rows.every((r) => r[1] === 'Ready');
}

test(`a daemon restart keeps ${replicas} running pods as they were`, async (t) => {
  // One data dir for the four daemons; removed once every one of them has stopped.
  const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-e2e-restart-'));
  const started: TestDaemon[] = [];
  t.after(async () => {
    for (const daemon of started) await daemon.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const start = async (): Promise<TestDaemon> => {
    const daemon = await startDaemon(t, { dataDir });
    started.push(daemon);
    return daemon;
  };
  const first = await start();
  assert.equal((await first.kubectl('create', 'deployment', 'sleeper', '--image=busybox', `--replicas=${replicas}`, '--', 'sleep', '3600')).code, 0);
  const before = await waitFor(() => allRunning(first.kubectl), { what: `${replicas} running pods`, timeout: 120_000, interval: 500 });
  const { resourceVersion } = await snapshot(first.kubectl);
  const addons = await waitFor(async () => {
    const pods = await addonPods(first.kubectl);
    return pods.length === 5 ? pods : undefined;
  }, { what: 'four kindnet pods and the local-path provisioner' });

  await t.test('after kubelab down and up', async () => {
    const down = runCli(['down', '--data', dataDir]);
    assert.equal(down.code, 0, down.stderr);
    const second = await start();
    await waitFor(() => nodesReady(second.kubectl), { what: 'the nodes Ready again', timeout: 30_000 });
    const after = await waitFor(() => allRunning(second.kubectl), { what: 'the pods as they were', timeout: 60_000, interval: 500 });
    assert.deepEqual(after, before);
    // The containers are really there again: a process answers in one of them.
    const name = Object.keys(before)[0]!;
    // The kubelets re-create the processes of adopted containers as they start, as a restarted kubelet
    // does (until then exec answers `container not found`): wait for the first one to answer.
    const exec = await waitFor(async () => {
      const out = await second.kubectl('exec', name, '--', 'sh', '-c', 'echo alive');
      return out.code === 0 ? out : undefined;
    }, { what: `exec in ${name}`, timeout: 30_000, interval: 250 });
    assert.deepEqual([exec.code, exec.stdout], [0, 'alive\n'], exec.stderr);
    assert.ok((await snapshot(second.kubectl)).resourceVersion > resourceVersion, 'resourceVersions carry on');
    // Nothing restarted behind the first look either.
    assert.deepEqual((await snapshot(second.kubectl)).pods, before);
    // The bootstrap made no second copy of kind's addons: the same pods, none added.
    assert.deepEqual(await addonPods(second.kubectl), addons);
    await second.stop();
  });

  await t.test('after kill -9 and up', async () => {
    const third = await start();
    await waitFor(() => nodesReady(third.kubectl), { what: 'the nodes Ready', timeout: 30_000 });
    process.kill(third.pid, 'SIGKILL');
    await waitFor(() => !isAlive(third.pid), { what: 'the daemon gone' });
    const fourth = await start();
    await waitFor(() => nodesReady(fourth.kubectl), { what: 'the nodes Ready again', timeout: 30_000 });
    const after = await waitFor(() => allRunning(fourth.kubectl), { what: 'the pods as they were', timeout: 60_000, interval: 500 });
    assert.deepEqual(after, before);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false; // ESRCH: the process is gone
  }
}
