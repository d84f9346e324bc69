/**
 * Crash consistency at full count (issue #9, item 1): 8 writers, kill -9 at a random moment 25
 * times, restart on the same data dir, verify (CI does 5 in test/e2e/crash-consistency.test.ts).
 */
import { daemonOf, kubelabUp, removeTempDir, stopPid, tempDataDir } from './bench-daemon.js';
import { type BenchRow } from './bench-report.js';
import { runCrashCampaign } from './crash-campaign.js';

const kills = Number(process.env.KUBELAB_CRASH_KILLS ?? 25);

export async function benchCrash(): Promise<BenchRow[]> {
  const dataDir = tempDataDir('crash');
  let pid: number | undefined;
  try {
    const report = await runCrashCampaign({
      kills,
      start: async () => {
        const daemon = daemonOf(dataDir, await kubelabUp(dataDir, ['--nodes', '1']));
        pid = daemon.pid;
        return daemon;
      },
    });
    const problems = [...report.lost, ...report.halfWritten, ...report.revisionProblems, ...report.watchProblems];
    return [
      { figure: 'crash: kill -9 and restarts', measured: String(report.restarts), target: '≥ 20', met: report.restarts >= 20, comparison: '8 parallel writers (create, update, delete ConfigMaps)' },
      { figure: 'crash: writes acknowledged', measured: report.acknowledged.toLocaleString('en-US'), target: '', comparison: `${report.inFlightAtKill} more were in flight at a kill (may land or not)` },
      { figure: 'crash: writes lost', measured: String(report.lost.length), target: '0', met: report.lost.length === 0, comparison: report.lost[0] ?? '' },
      { figure: 'crash: half-written / RV going back', measured: `${report.halfWritten.length} / ${report.revisionProblems.length}`, target: '0 / 0', met: report.halfWritten.length + report.revisionProblems.length === 0, comparison: problems[0] ?? 'every object matches its checksum' },
      { figure: 'crash: resumed watches', measured: `${report.watchExpired} × 410, ${report.watchResumed} × complete`, target: 'no other', met: report.watchProblems.length === 0, comparison: report.watchProblems[0] ?? 'from the last revision each watcher saw' },
    ];
  } finally {
    if (pid) await stopPid(pid);
    removeTempDir(dataDir);
  }
}
