/**
 * `tty` and `stty` as a process on a pod's pty sees them (`kubectl exec -it`): `tty` names the
 * pty (`/dev/pts/0`, or `not a tty`, status 1), `stty size` prints the rows and columns the client
 * last sent on the resize channel, `stty` alone the settings the line discipline keeps (ours are
 * fixed: `stty sane`). Anything else that changes settings is accepted and ignored.
 */
import type { Program } from '../../process.js';
import { complain } from './common.js';

export const ttyProgram: Program = async (ctx) => {
  if (!ctx.terminal) {
    ctx.stdout('not a tty\n');
    return 1;
  }
  ctx.stdout('/dev/pts/0\n');
  return 0;
};

export const sttyProgram: Program = async (ctx) => {
  const args = ctx.argv.slice(1);
  if (!ctx.terminal) {
    complain(ctx, 'standard input: Not a tty');
    return 1;
  }
  const { columns, rows } = ctx.terminal.size();
  if (args[0] === 'size') {
    ctx.stdout(`${rows} ${columns}\n`);
    return 0;
  }
  if (args.length === 0 || args[0] === '-a') {
    ctx.stdout(`speed 38400 baud; rows ${rows}; columns ${columns}; line = 0;\n`);
    return 0;
  }
  return 0;
};
