/**
 * Finding the daemon of a data dir: its `daemon.json` record, checked against a live process.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dataFiles, type DaemonRecord } from '../../daemon/config.js';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running daemon's record, or undefined (a stale record left by a kill -9 is removed). */
export function runningDaemon(dataDir: string): DaemonRecord | undefined {
  const path = dataFiles(dataDir).pid;
  if (!existsSync(path)) return undefined;
  let record: DaemonRecord;
  try {
    record = JSON.parse(readFileSync(path, 'utf8')) as DaemonRecord;
  } catch {
    return undefined; // a record cut short by a crash says nothing
  }
  if (isAlive(record.pid)) return record;
  rmSync(path, { force: true });
  return undefined;
}
