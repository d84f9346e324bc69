/**
 * Small system programs as busybox prints them: `true`, `false`, `exit`, `sleep` (on the cluster
 * clock; as PID 1 it ignores SIGTERM like the real one, so a stop waits for the grace period),
 * `env`, `printenv`, `hostname`, `id`, `whoami`, `uname`, `date`, `pwd`. Every process runs as
 * root on a kind-like node kernel; the times are UTC. GNU images (userland.ts) word sleep's and
 * env's errors their way, have root in group root only, and RHEL's uname -a names the platform.
 */
import { ProgramNotFoundError, type Program, type ProcessContext } from '../../process.js';
import { busyboxBanner, complain } from './common.js';
import { isGnu, report, userlandOf, wordingOf } from '../userland.js';

const kernel = { release: '6.8.0-51-generic', version: '#52-Ubuntu SMP PREEMPT_DYNAMIC Thu Dec  5 13:09:44 UTC 2024', machine: 'x86_64' };

export const trueProgram: Program = async () => 0;
export const falseProgram: Program = async () => 1;

export const exitProgram: Program = async (ctx) => {
  const code = Number(ctx.argv[1] ?? 0);
  return Number.isInteger(code) ? code & 0xff : 2;
};

/** The signal that ends this process: SIGKILL always; SIGTERM unless it is PID 1 (which ignores it). */
export function stopSignalOf(ctx: ProcessContext): AbortSignal {
  if (ctx.pid === 1 && ctx.killed) return ctx.killed;
  return ctx.killed ? AbortSignal.any([ctx.signal, ctx.killed]) : ctx.signal;
}

/** 137 when killed, 143 when terminated, undefined while the process may go on. */
export function stoppedStatus(ctx: ProcessContext): number | undefined {
  if (ctx.killed?.aborted) return 137;
  if (stopSignalOf(ctx).aborted) return 143;
  return undefined;
}

export const sleepProgram: Program = async (ctx) => {
  const args = ctx.argv.slice(1).filter((a, i) => !(i === 0 && a === '--'));
  if (args.length === 0 && isGnu(ctx)) {
    report(ctx, "missing operand\nTry 'sleep --help' for more information.");
    return 1;
  }
  if (args.length === 0) {
    ctx.stderr(`${busyboxBanner}\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays\n`);
    return 1;
  }
  const stop = stopSignalOf(ctx);
  if (/^inf/i.test(args[0]!)) {
    await new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
    return stoppedStatus(ctx) ?? 0;
  }
  let ms = 0;
  for (const arg of args) {
    const match = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
    if (!match) {
      report(ctx, wordingOf(ctx).sleepInvalid(arg));
      return 1;
    }
    ms += Number(match[1]) * { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  }
  await ctx.clock.sleep(ms, stop);
  return stoppedStatus(ctx) ?? 0;
};

export const printenvProgram: Program = async (ctx) => {
  const names = ctx.argv.slice(1);
  if (names.length === 0) {
    for (const [name, value] of Object.entries(ctx.env)) ctx.stdout(`${name}=${value}\n`);
    return 0;
  }
  let status = 0;
  for (const name of names) {
    const value = ctx.env[name];
    if (value === undefined) status = 1;
    else ctx.stdout(`${value}\n`);
  }
  return status;
};

/** `env [-i] [-u NAME] [NAME=VALUE]… [COMMAND [ARG]…]`. */
export const envProgram: Program = async (ctx) => {
  const args = ctx.argv.slice(1);
  let env: Record<string, string> = { ...ctx.env };
  while (args.length > 0) {
    const arg = args[0]!;
    if (arg === '-i' || arg === '-') env = {};
    else if (arg === '-u') {
      args.shift();
      delete env[args[0] ?? ''];
    } else if (arg === '--') {
      args.shift();
      break;
    } else if (arg.startsWith('-') && arg.length > 1) return complainUnknown(ctx, arg[1]!);
    else break;
    args.shift();
  }
  while (args[0]?.includes('=')) {
    const assignment = args.shift()!;
    const eq = assignment.indexOf('=');
    env[assignment.slice(0, eq)] = assignment.slice(eq + 1);
  }
  if (args.length === 0) {
    for (const [name, value] of Object.entries(env)) ctx.stdout(`${name}=${value}\n`);
    return 0;
  }
  try {
    return await ctx.spawn(args, { env });
  } catch (error) {
    if (!(error instanceof ProgramNotFoundError)) throw error;
    report(ctx, wordingOf(ctx).envCannotRun(args[0]!));
    return 127;
  }
};

function complainUnknown(ctx: ProcessContext, letter: string): number {
  complain(ctx, `unrecognized option: ${letter}`);
  return 1;
}

export const hostnameProgram: Program = async (ctx) => {
  const flag = ctx.argv[1];
  ctx.stdout(`${flag === '-i' ? ctx.net.podIP : flag === '-s' ? ctx.hostname.split('.')[0] : ctx.hostname}\n`);
  return 0;
};

export const idProgram: Program = async (ctx) => {
  const flags = ctx.argv.slice(1).join('');
  const groups = userlandOf(ctx).groups;
  if (/[ug]/.test(flags)) ctx.stdout(flags.includes('n') ? 'root\n' : '0\n');
  else if (flags.includes('G')) {
    const list = groups.split(',').map((g) => /^(\d+)\((.*)\)$/.exec(g)!);
    ctx.stdout(`${list.map((m) => (flags.includes('n') ? m[2] : m[1])).join(' ')}\n`);
  } else ctx.stdout(`uid=0(root) gid=0(root) groups=${groups}\n`);
  return 0;
};

export const whoamiProgram: Program = async (ctx) => {
  ctx.stdout('root\n');
  return 0;
};

export const unameProgram: Program = async (ctx) => {
  const letters = new Set(ctx.argv.slice(1).join('').replace(/-/g, ''));
  const all = letters.has('a');
  const fields: string[] = [];
  if (all || letters.has('s') || letters.size === 0) fields.push('Linux');
  if (all || letters.has('n')) fields.push(ctx.hostname);
  if (all || letters.has('r')) fields.push(kernel.release);
  if (all || letters.has('v')) fields.push(kernel.version);
  if (all || letters.has('m')) fields.push(kernel.machine);
  // GNU uname -a leaves out -p and -i when they are unknown; RHEL's patched one knows them.
  const platform = userlandOf(ctx).unamePlatform ? kernel.machine : 'unknown';
  if (letters.has('p') || (all && platform !== 'unknown')) fields.push(platform);
  if (letters.has('i') || (all && platform !== 'unknown')) fields.push(platform);
  if (all || letters.has('o')) fields.push('GNU/Linux');
  ctx.stdout(`${fields.join(' ')}\n`);
  return 0;
};

export const pwdProgram: Program = async (ctx) => {
  ctx.stdout(`${ctx.cwd}\n`);
  return 0;
};

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** strftime in UTC for the conversions scripts use. */
export function formatDate(ms: number, format: string): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  const codes: Record<string, () => string> = {
    Y: () => String(d.getUTCFullYear()),
    y: () => two(d.getUTCFullYear() % 100),
    m: () => two(d.getUTCMonth() + 1),
    d: () => two(d.getUTCDate()),
    e: () => String(d.getUTCDate()).padStart(2, ' '),
    H: () => two(d.getUTCHours()),
    M: () => two(d.getUTCMinutes()),
    S: () => two(d.getUTCSeconds()),
    N: () => String(d.getUTCMilliseconds() * 1_000_000).padStart(9, '0'),
    s: () => String(Math.floor(ms / 1000)),
    a: () => days[d.getUTCDay()]!,
    b: () => months[d.getUTCMonth()]!,
    j: () => String(Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1).padStart(3, '0'),
    Z: () => 'UTC',
    z: () => '+0000',
    F: () => `${codes.Y!()}-${codes.m!()}-${codes.d!()}`,
    T: () => `${codes.H!()}:${codes.M!()}:${codes.S!()}`,
    n: () => '\n',
    t: () => '\t',
    '%': () => '%',
  };
  return format.replace(/%(.)/g, (whole, code: string) => codes[code]?.() ?? whole);
}

export const dateProgram: Program = async (ctx) => {
  const format = ctx.argv.slice(1).find((a) => a.startsWith('+'));
  const iso = ctx.argv.includes('-I');
  const now = ctx.clock.now();
  ctx.stdout(`${formatDate(now, format ? format.slice(1) : iso ? '%F' : '%a %b %e %H:%M:%S %Z %Y')}\n`);
  return 0;
};
