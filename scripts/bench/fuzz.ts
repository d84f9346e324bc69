/**
 * The bad-input campaign at full count (issue #9, item 3): 100,000 generated requests against one
 * daemon (CI sends 10,000 in test/e2e/fuzz.test.ts). Figures: sent, 4xx, 5xx (must be 0), the 5xx a
 * real apiserver also sends, crashes, RSS after warm-up and after the run. KUBELAB_FUZZ_SEED replays.
 */
import { randomInt } from 'node:crypto';
import { withDaemon } from './bench-daemon.js';
import { type BenchRow } from './bench-report.js';
import { rssKiB, runFuzzCampaign } from './fuzz-campaign.js';
import { verifyFuzzedObjects } from './fuzz-verify.js';

const requests = Number(process.env.KUBELAB_FUZZ_REQUESTS ?? 100_000);

export async function benchFuzz(): Promise<BenchRow[]> {
  const seed = Number(process.env.KUBELAB_FUZZ_SEED ?? randomInt(2 ** 31 - 1));
  return withDaemon('fuzz', async (daemon) => {
    const warmUp = await runFuzzCampaign(daemon, { requests: 1_000, seed: seed + 1_000_000 });
    const baseline = rssKiB(daemon.pid) ?? 0;
    let peak = baseline;
    const report = await runFuzzCampaign(daemon, { requests, seed, onBatch: () => (peak = Math.max(peak, rssKiB(daemon.pid) ?? 0)) });
    const problems = await verifyFuzzedObjects(daemon, new Set([...warmUp.acknowledged, ...report.acknowledged]));
    const after = rssKiB(daemon.pid) ?? 0;
    for (const f of report.failures.slice(0, 20)) process.stderr.write(`fuzz: ${f.reason} (seed ${f.seed}, batch ${f.batch}, index ${f.index}): ${JSON.stringify({ ...f.request, body: String(f.request.body ?? '').slice(0, 200) })}\n`);
    const mib = (kib: number): string => `${Math.round(kib / 1024)} MiB`;
    return [
      { figure: `fuzz: requests sent (seed ${seed})`, measured: report.sent.toLocaleString('en-US'), target: '≥ 10,000', met: report.sent >= 10_000, comparison: `${report.accepted.toLocaleString('en-US')} accepted (valid by chance), 8 connections` },
      { figure: 'fuzz: answered 4xx with a Status', measured: report.clientErrors.toLocaleString('en-US'), target: '', comparison: `${report.kubernetesServerErrors} more are 5xx a v1.32 apiserver sends too (504 future RV, 500 SMP directive)` },
      { figure: 'fuzz: 5xx / wrong answers', measured: `${report.serverErrors} / ${report.failures.length}`, target: '0', met: report.serverErrors === 0 && report.failures.length === 0, comparison: 'failures print their seed, batch and index' },
      { figure: 'fuzz: crashes', measured: String(report.crashes), target: '0', met: report.crashes === 0, comparison: '' },
      { figure: 'fuzz: objects half-written', measured: String(problems.length), target: '0', met: problems.length === 0, comparison: problems[0] ?? 'every object whole and acknowledged' },
      { figure: 'fuzz: daemon RSS', measured: `${mib(baseline)} → ${mib(after)}`, target: '', comparison: `after a 1,000-request warm-up → after the run (peak ${mib(peak)})` },
    ];
  });
}
