/**
 * `ps` as busybox prints it (`PID   USER     TIME  COMMAND`, then `%5u %-8s %5s args` rows),
 * reading the container's process table from `/proc` (fs/proc-fs.ts), so it shows PID 1 and what
 * runs beside it, itself included. Every process is root's and has used no CPU time (0:00). Options
 * are accepted and ignored, as busybox does with `ps aux` and `ps -ef`.
 */
import { joinPath } from '../../fs/paths.js';
import type { Program, ProcessContext } from '../../process.js';

interface Row {
  pid: number;
  command: string;
}

export const psProgram: Program = async (ctx) => {
  let out = 'PID   USER     TIME  COMMAND\n';
  for (const row of processes(ctx)) out += `${String(row.pid).padStart(5)} root      0:00 ${row.command}\n`;
  ctx.stdout(out);
  return 0;
};

function processes(ctx: ProcessContext): Row[] {
  if (ctx.fs.stat('/proc')?.type !== 'dir') return [];
  const rows: Row[] = [];
  for (const name of ctx.fs.readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = ctx.fs.readFile(joinPath('/proc', name, 'cmdline')).split('\0').filter((a) => a !== '');
      rows.push({ pid: Number(name), command: argv.join(' ') });
    } catch {
      // The process ended between listing /proc and reading it, as happens on a real node.
      continue;
    }
  }
  return rows.sort((a, b) => a.pid - b.pid);
}
