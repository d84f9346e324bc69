/**
 * Finding the daemon of a data dir: its `daemon.json` record, checked against a live process.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dataFiles, type DaemonRecord } from '../../daemon/config.js';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A process that has exited but is not yet reaped (a zombie, state Z) still answers kill(0);
  // some init processes reap slowly, so read its state where /proc exists.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(0) is all we know
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
