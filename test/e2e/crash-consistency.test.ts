// Crash consistency (issue #9, item 1), with CI's small count: 8 parallel writers, the daemon sent
// SIGKILL at a random moment 5 times (KUBELAB_CRASH_KILLS to change it; the bench does 20), started
// again on the same data dir each time. Every acknowledged write is there, none is half-written,
// resourceVersions only grow, and a watch resumed from its last revision gets the rest or a 410.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daemonOf, kubelabUp, stopPid } from '../../scripts/bench/bench-daemon.js';
import { runCrashCampaign } from '../../scripts/bench/crash-campaign.js';

const kills = Number(process.env.KUBELAB_CRASH_KILLS ?? 5);

test(`kill -9 during 8 parallel writers, ${kills} times: nothing acknowledged is lost`, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-e2e-crash-'));
  let lastPid: number | undefined;
  t.after(async () => {
    if (lastPid) await stopPid(lastPid);
    rmSync(dataDir, { recursive: true, force: true });
  });
  const report = await runCrashCampaign({
    kills,
    start: async () => {
      const daemon = daemonOf(dataDir, await kubelabUp(dataDir, ['--nodes', '1']));
      lastPid = daemon.pid;
      return daemon;
    },
    log: (line) => t.diagnostic(line),
  });
  t.diagnostic(`writes acknowledged ${report.acknowledged}, lost ${report.lost.length}, half-written ${report.halfWritten.length}, restarts ${report.restarts}, in flight at a kill ${report.inFlightAtKill}, resumed watches: ${report.watchExpired} × 410, ${report.watchResumed} × resumed`);
  assert.equal(report.restarts, kills);
  assert.ok(report.acknowledged > kills * 8, `writes were acknowledged (${report.acknowledged})`);
  assert.deepEqual(report.lost, []);
  assert.deepEqual(report.halfWritten, []);
  assert.deepEqual(report.revisionProblems, []);
  assert.deepEqual(report.watchProblems, []);
  assert.equal(report.watchExpired + report.watchResumed, kills);
});
