/**
 * `ps`, reading the container's process table from `/proc` (fs/proc-fs.ts), so it shows PID 1 and
 * what runs beside it, itself included. Two shapes, by the image's userland (userland.ts):
 * - busybox: `PID   USER     TIME  COMMAND`, then `%5u %-8s %5s args` rows; options are accepted
 *   and ignored, as busybox does with `ps aux` and `ps -ef`;
 * - procps (Debian, Ubuntu, CentOS): `ps` (`PID TTY TIME CMD`), `ps -ef` and `ps aux`, with the
 *   7-wide PID column of procps ≥ 3.3.16 or the 5-wide one of older releases (CentOS 7).
 * Every process is root's (but a shared PID namespace's /pause: 65535, which has no passwd entry,
 * so ps prints the number) and has used no CPU time; procps's VSZ and RSS are fixed plausible
 * figures (the runtime tracks memory per container, not per process).
 */
import { joinPath } from '../../fs/paths.js';
import type { Program, ProcessContext } from '../../process.js';
import { formatDate } from './system.js';
import { userlandOf } from '../userland.js';

interface Row {
  pid: number;
  ppid: number;
  /** `root`, or the numeric uid of a user with no passwd entry (the sandbox's 65535). */
  user: string;
  argv: string[];
  startedAt: number;
}

export const psProgram: Program = async (ctx) => {
  const shape = userlandOf(ctx).ps ?? 'busybox';
  if (shape === 'busybox') {
    let out = 'PID   USER     TIME  COMMAND\n';
    for (const row of processes(ctx)) out += `${String(row.pid).padStart(5)} ${row.user.padEnd(8)}  0:00 ${row.argv.join(' ')}\n`;
    ctx.stdout(out);
    return 0;
  }
  ctx.stdout(procps(ctx, shape === 'procps' ? 7 : 5));
  return 0;
};

/** procps's three everyday forms: BSD `aux`, UNIX `-ef`, and the bare `ps` of the caller's terminal. */
function procps(ctx: ProcessContext, pidWidth: number): string {
  const args = ctx.argv.slice(1);
  const bsd = args.find((a) => !a.startsWith('-')) ?? '';
  const unix = args.filter((a) => a.startsWith('-')).join('');
  const rows = processes(ctx);
  const pid = (n: number | string): string => String(n).padStart(pidWidth);
  const tty = (row: Row): string => (ctx.terminal && row.pid !== 1 ? 'pts/0' : '?');
  const start = (row: Row): string => formatDate(row.startedAt, '%H:%M');
  if (bsd.includes('u')) {
    let out = `USER     ${pid('PID')} %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n`;
    for (const row of rows) {
      const stat = row.pid === 1 ? 'Ss' : row.pid === ctx.pid ? (ctx.terminal ? 'R+' : 'Rs') : 'S';
      out += `${row.user.padEnd(8)} ${pid(row.pid)}  0.0  0.0   4364  3200 ${tty(row).padEnd(8)} ${stat.padEnd(4)} ${start(row)}   0:00 ${row.argv.join(' ')}\n`;
    }
    return out;
  }
  if (/[ef]/.test(unix)) {
    const full = unix.includes('f');
    let out = full ? `UID      ${pid('PID')} ${pid('PPID')}  C STIME TTY          TIME CMD\n` : `${pid('PID')} TTY          TIME CMD\n`;
    for (const row of rows) {
      const command = full ? row.argv.join(' ') : comm(row);
      out += full
        ? `${row.user.padEnd(8)} ${pid(row.pid)} ${pid(row.ppid)}  0 ${start(row)} ${tty(row).padEnd(8)} 00:00:00 ${command}\n`
        : `${pid(row.pid)} ${tty(row).padEnd(8)} 00:00:00 ${command}\n`;
    }
    return out;
  }
  // Bare `ps`: the processes of the caller's terminal (all of them when there is none, as in a
  // `kubectl exec` without -t), by command name.
  let out = `${pid('PID')} TTY          TIME CMD\n`;
  for (const row of rows) if (!ctx.terminal || tty(row) !== '?') out += `${pid(row.pid)} ${tty(row).padEnd(8)} 00:00:00 ${comm(row)}\n`;
  return out;
}

function comm(row: Row): string {
  return (row.argv[0] ?? '').split('/').pop()!.slice(0, 15);
}

function processes(ctx: ProcessContext): Row[] {
  if (ctx.fs.stat('/proc')?.type !== 'dir') return [];
  const rows: Row[] = [];
  for (const name of ctx.fs.readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = ctx.fs.readFile(joinPath('/proc', name, 'cmdline')).split('\0').filter((a) => a !== '');
      const status = ctx.fs.readFile(joinPath('/proc', name, 'status'));
      const ppid = Number(/^PPid:\t(\d+)$/m.exec(status)?.[1] ?? 0);
      const uid = /^Uid:\t(\d+)/m.exec(status)?.[1] ?? '0';
      rows.push({ pid: Number(name), ppid, user: uid === '0' ? 'root' : uid, argv, startedAt: ctx.fs.stat(joinPath('/proc', name))?.mtimeMs ?? 0 });
    } catch {
      // The process ended between listing /proc and reading it, as happens on a real node.
      continue;
    }
  }
  return rows.sort((a, b) => a.pid - b.pid);
}
