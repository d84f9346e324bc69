/**
 * `kill [-SIG | -s SIG] PID...`: the busybox applet (and the shells' builtin of the same name),
 * through ProcessContext.kill. The classic lab move `kubectl exec web -- sh -c 'kill 1'` stops
 * nginx (it handles SIGTERM, exits 0, and the kubelet restarts the container) but not a `sleep`
 * PID 1, which the kernel protects from signals it has no handler for, SIGKILL included.
 * Messages are busybox's (procps' for a missing PID in GNU images); run as ash's builtin they
 * carry the shell's name, as busybox's applet_name does: `sh: can't kill pid 7: No such process`.
 * Left out: process groups (negative PIDs), and signals that do not end a process (STOP, CONT,
 * HUP/USR1 reloads): they are accepted and change nothing.
 */
import type { Program, ProcessContext } from '../../process.js';
import { busyboxBanner, complain } from './common.js';
import { isGnu } from '../userland.js';

/** Linux x86 signal numbers under busybox's names (SIGIO is `POLL` in its table), as `kill -l` lists them. */
const signalNumbers: Readonly<Record<string, number>> = {
  HUP: 1, INT: 2, QUIT: 3, ILL: 4, TRAP: 5, ABRT: 6, BUS: 7, FPE: 8, KILL: 9, USR1: 10, SEGV: 11, USR2: 12, PIPE: 13, ALRM: 14, TERM: 15,
  STKFLT: 16, CHLD: 17, CONT: 18, STOP: 19, TSTP: 20, TTIN: 21, TTOU: 22, URG: 23, XCPU: 24, XFSZ: 25, VTALRM: 26, PROF: 27, WINCH: 28, POLL: 29, PWR: 30, SYS: 31,
  // glibc's SIGRTMIN and SIGRTMAX (NPTL keeps 32 and 33 for itself).
  RTMIN: 34, RTMAX: 64,
};

/** `kill -l`: every name; `kill -l 9` → KILL (an exit status 137 → KILL too); `kill -l KILL` → 9. */
function listSignals(ctx: ProcessContext, args: string[]): number {
  if (args.length === 0) {
    ctx.stdout(Object.entries(signalNumbers).map(([name, number]) => `${String(number).padStart(2)}) ${name}\n`).join(''));
    return 0;
  }
  for (const arg of args) {
    const number = /^\d/.test(arg) ? Number.parseInt(arg, 10) & 0x7f : signalNumbers[arg.toUpperCase().replace(/^SIG/, '')];
    const name = Object.keys(signalNumbers).find((n) => signalNumbers[n] === number);
    if (number === undefined || (/^\d/.test(arg) && !name)) {
      complain(ctx, `unknown signal '${arg}'`);
      return 1;
    }
    ctx.stdout(/^\d/.test(arg) ? `${name}\n` : `${number}\n`);
  }
  return 0;
}

/** `9`, `KILL`, `SIGKILL`, `kill` → `SIGKILL`; undefined for a name Linux does not have. */
function signalName(text: string): string | undefined {
  if (/^\d+$/.test(text)) {
    const name = Object.keys(signalNumbers).find((n) => signalNumbers[n] === Number(text));
    return Number(text) === 0 ? 'SIG0' : name && `SIG${name}`;
  }
  const bare = text.toUpperCase().replace(/^SIG/, '');
  return signalNumbers[bare] ? `SIG${bare}` : undefined;
}

const usage = `${busyboxBanner}\n\nUsage: kill [-l] [-SIG] PID...\n\nSend a signal (default: TERM) to given PIDs\n\n\t-l\tList all signal names and numbers\n`;

export const killProgram: Program = async (ctx) => {
  const args = ctx.argv.slice(1);
  if (args[0] === '-l') return listSignals(ctx, args.slice(1));
  let signal = 'SIGTERM';
  const first = args[0];
  if (first !== undefined && first.startsWith('-') && first !== '--' && first.length > 1) {
    const text = first === '-s' ? args[1] : first.slice(1);
    args.splice(0, first === '-s' ? 2 : 1);
    const name = text === undefined ? undefined : signalName(text);
    if (!name) {
      complain(ctx, `bad signal name '${text ?? ''}'`);
      return 1;
    }
    signal = name;
  }
  if (args[0] === '--') args.shift();
  if (args.length === 0) {
    ctx.stderr(usage);
    return 1;
  }
  let status = 0;
  for (const arg of args) {
    const pid = Number(arg);
    if (!/^\d+$/.test(arg)) {
      complain(ctx, `invalid number '${arg}'`);
      status = 1;
      continue;
    }
    if (!ctx.kill?.(pid, signal)) {
      // procps kill (Debian's /bin/kill) and busybox word it differently.
      complain(ctx, isGnu(ctx) ? `(${pid}): No such process` : `can't kill pid ${pid}: No such process`);
      status = 1;
    }
  }
  return status;
};
