// Restart of a busy cluster (issue #9, item 2): 300 running pods over 3 workers (110 pods each at
// most, the kubelet's default maxPods; the bench runs 500 over 5), the daemon sent
// SIGKILL and started again on the same data dir. Every pod is as it was (name, UID, node, IP,
// container ID, start time, restart count), no controller created or deleted anything, and no
// container started again. KUBELAB_RESTART_PODS changes the count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daemonOf, kubelabUp, stopPid } from '../../scripts/bench/bench-daemon.js';
import { runBusyRestart } from '../../scripts/bench/busy-restart.js';

const replicas = Number(process.env.KUBELAB_RESTART_PODS ?? 300);

test(`kill -9 of a daemon running ${replicas} pods: after the restart nothing has changed`, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-e2e-busy-'));
  const pids: number[] = [];
  t.after(async () => {
    for (const pid of pids) await stopPid(pid);
    rmSync(dataDir, { recursive: true, force: true });
  });
  const report = await runBusyRestart(replicas, async () => {
    const daemon = daemonOf(dataDir, await kubelabUp(dataDir, ['--nodes', '3']));
    pids.push(daemon.pid);
    return daemon;
  });
  t.diagnostic(`${replicas} pods running after ${Math.round(report.setupMs)} ms; after kill -9, all Running and Ready again ${Math.round(report.recoveryMs)} ms after the kill`);
  assert.deepEqual(report.differences, []);
});
