/**
 * `kubelab down`: asks the daemon to stop (SIGTERM: the store is closed cleanly) and waits until
 * its process is gone.
 */
import { wallNow, wallSleep } from '../../shared/clock.js';
import { UsageError } from './args.js';
import { isAlive, runningDaemon } from './daemon-record.js';

const stopTimeoutMs = 15_000;

export async function down(dataDir: string): Promise<number> {
  const record = runningDaemon(dataDir);
  if (!record) throw new UsageError(`no daemon is running for ${dataDir}`);
  process.kill(record.pid, 'SIGTERM');
  const deadline = wallNow() + stopTimeoutMs;
  while (isAlive(record.pid)) {
    if (wallNow() > deadline) throw new UsageError(`the daemon (pid ${record.pid}) did not stop within ${stopTimeoutMs / 1000}s`);
    await wallSleep(20);
  }
  process.stdout.write(`kubelab: stopped the daemon (pid ${record.pid})\n`);
  return 0;
}
