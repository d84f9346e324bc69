/**
 * `which NAME…`: the first executable of each name on $PATH (every one with `-a`), status 1 when
 * any is missing and nothing printed for it — as busybox's applet and Debian's debianutils script
 * both behave. CentOS 7's image has no `which` at all (images/centos.ts leaves it out).
 */
import { resolvePath } from '../../fs/paths.js';
import type { Program, ProcessContext } from '../../process.js';

export const whichProgram: Program = async (ctx) => {
  const args = ctx.argv.slice(1);
  const all = args.includes('-a');
  const names = args.filter((a) => a !== '-a' && a !== '--');
  if (names.length === 0) return 1;
  let status = 0;
  for (const name of names) {
    const found = candidates(ctx, name).filter((path) => isExecutable(ctx, path));
    if (found.length === 0) status = 1;
    for (const path of all ? found : found.slice(0, 1)) ctx.stdout(`${path}\n`);
  }
  return status;
};

function candidates(ctx: ProcessContext, name: string): string[] {
  if (name.includes('/')) return [name];
  return (ctx.env['PATH'] ?? '').split(':').map((dir) => `${dir || '.'}/${name}`);
}

function isExecutable(ctx: ProcessContext, path: string): boolean {
  const stat = ctx.fs.stat(resolvePath(ctx.cwd, path));
  return stat?.type === 'file' && (stat.mode & 0o111) !== 0;
}
