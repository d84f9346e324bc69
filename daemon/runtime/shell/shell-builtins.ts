/**
 * The commands busybox ash runs itself instead of starting a program: the POSIX special builtins
 * (`exit`, `export`, `set`, `shift`, `eval`, `exec`, `trap`, `unset`, `.`, `:`, `break`,
 * `continue`, `return`, `readonly`) and the regular ones (`cd`, `pwd`, `echo`, `printf`, `test`,
 * `[`, `true`, `false`, `read`, `local`, `wait`, `kill`). Messages use ash's wording; an error in a special
 * builtin ends a non-interactive shell with status 2, as POSIX requires. Leaves out job control,
 * `getopts`, `ulimit`, `umask`, `alias`; `command` and `type` are in command-builtins.ts.
 */
import { BuiltinError, ExitShell, LoopControl, ReturnFromFunction } from './control.js';
import type { ShellIo } from './io.js';
import type { Shell } from './interpreter.js';
import { runProgram } from './external.js';
import { echoOutput, printfOutput } from './builtins/echo.js';
import { runTest } from './builtins/test.js';
import { killProgram } from './builtins/kill.js';
import { isGnu } from './userland.js';
import { errnoText, resolvePath } from '../fs/paths.js';
import { VfsError } from '../fs/vfs.js';

export type Builtin = (shell: Shell, argv: string[], io: ShellIo) => Promise<number> | number;

const namePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `'it'\''s'`: how `set` and `export -p` quote values. */
function quote(value: string): string {
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/** The level count of `break N` / `continue N`. */
function count(argv: string[]): number {
  const text = argv[1];
  if (text === undefined) return 1;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new BuiltinError(`Illegal number: ${text}`);
  return Number(text);
}

const exit: Builtin = (shell, argv) => {
  const text = argv[1];
  if (text !== undefined && !/^\d+$/.test(text)) throw new BuiltinError(`Illegal number: ${text}`);
  throw new ExitShell(text === undefined ? shell.status : Number(text) & 0xff);
};

const exportOrReadonly = (kind: 'export' | 'readonly'): Builtin => (shell, argv, io) => {
  const names = argv.slice(1).filter((a) => a !== '-p');
  if (names.length === 0) {
    const set = kind === 'export' ? shell.exported : shell.readonlyVars;
    for (const name of [...set].sort()) {
      const value = shell.vars.get(name);
      io.stdout(`${kind} ${name}${value === undefined ? '' : `=${quote(value)}`}\n`);
    }
    return 0;
  }
  for (const arg of names) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (!namePattern.test(name)) throw new BuiltinError(`${name}: bad variable name`);
    if (eq >= 0) shell.assign(name, arg.slice(eq + 1), io);
    (kind === 'export' ? shell.exported : shell.readonlyVars).add(name);
  }
  return 0;
};

const set: Builtin = (shell, argv, io) => {
  const args = argv.slice(1);
  if (args.length === 0) {
    for (const name of [...shell.vars.keys()].sort()) io.stdout(`${name}=${quote(shell.vars.get(name)!)}\n`);
    return 0;
  }
  const options: Record<string, 'errexit' | 'xtrace' | 'nounset' | undefined> = { e: 'errexit', x: 'xtrace', u: 'nounset' };
  while (args.length > 0 && /^[-+]/.test(args[0]!)) {
    const arg = args.shift()!;
    if (arg === '--' || arg === '-') break;
    const on = arg.startsWith('-');
    for (const letter of arg.slice(1)) {
      if (letter === 'o') {
        const name = args.shift();
        if (name === 'errexit' || name === 'xtrace' || name === 'nounset') shell[name] = on;
        else if (name !== 'pipefail') throw new BuiltinError(`illegal option ${arg[0]}o ${name ?? ''}`.trimEnd());
        continue;
      }
      const option = options[letter];
      if (!option) throw new BuiltinError(`illegal option ${arg[0]}${letter}`);
      shell[option] = on;
    }
    if (args.length === 0) return 0;
  }
  shell.positional = args;
  return 0;
};

const shift: Builtin = (shell, argv) => {
  const n = argv[1] === undefined ? 1 : Number(argv[1]);
  if (!/^\d*$/.test(argv[1] ?? '')) throw new BuiltinError(`Illegal number: ${argv[1]}`);
  if (n > shell.positional.length) throw new BuiltinError("can't shift that many");
  shell.positional = shell.positional.slice(n);
  return 0;
};

const unset: Builtin = (shell, argv) => {
  const functions = argv[1] === '-f';
  for (const name of argv.slice(1).filter((a) => a !== '-f' && a !== '-v')) {
    if (functions) shell.functions.delete(name);
    else {
      if (shell.readonlyVars.has(name)) throw new BuiltinError(`${name}: is read only`);
      shell.vars.delete(name);
      shell.exported.delete(name);
    }
  }
  return 0;
};

const trap: Builtin = (shell, argv, io) => {
  if (argv.length === 1) {
    for (const [signal, action] of shell.traps) io.stdout(`trap -- ${quote(action)} ${signal}\n`);
    return 0;
  }
  const [action, ...signals] = argv.slice(1);
  for (const raw of signals) {
    const signal = ({ '0': 'EXIT', '2': 'INT', '15': 'TERM', '1': 'HUP', '3': 'QUIT' } as Record<string, string>)[raw] ?? raw.toUpperCase().replace(/^SIG/, '');
    if (!['EXIT', 'INT', 'TERM', 'HUP', 'QUIT', 'USR1', 'USR2', 'CHLD', 'PIPE', 'KILL'].includes(signal)) throw new BuiltinError(`${raw}: invalid signal specification`);
    if (action === '-') shell.traps.delete(signal);
    else shell.traps.set(signal, action!);
  }
  return 0;
};

const loopControl = (kind: 'break' | 'continue'): Builtin => (shell, argv) => {
  const levels = count(argv);
  if (!shell.insideLoop) return 0;
  throw new LoopControl(kind, levels);
};

const dot: Builtin = async (shell, argv, io) => {
  const name = argv[1];
  if (name === undefined) return 0;
  let source: string;
  try {
    source = shell.ctx.fs.readFile(resolvePath(shell.cwd, name));
  } catch (error) {
    if (!(error instanceof VfsError)) throw error;
    throw new BuiltinError(`can't open '${name}': ${errnoText[error.code]}`);
  }
  return shell.evaluate(source, io);
};

const cd: Builtin = (shell, argv, io) => {
  let target = argv[1] ?? shell.vars.get('HOME') ?? '/';
  if (target === '-') {
    target = shell.vars.get('OLDPWD') ?? shell.cwd;
    io.stdout(`${target}\n`);
  }
  const path = resolvePath(shell.cwd, target);
  const stat = shell.ctx.fs.stat(path);
  if (!stat || stat.type !== 'dir') throw new BuiltinError(`can't cd to ${target}: ${errnoText[stat ? 'ENOTDIR' : 'ENOENT']}`);
  shell.vars.set('OLDPWD', shell.cwd);
  shell.vars.set('PWD', path);
  shell.exported.add('OLDPWD');
  shell.exported.add('PWD');
  shell.cwd = path;
  return 0;
};

const read: Builtin = async (shell, argv, io) => {
  let raw = false;
  const names: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-r') raw = true;
    else if (arg === '-p') io.stderr(argv[++i] ?? '');
    else if (arg === '-t' || arg === '-n' || arg === '-u') i++;
    else names.push(arg);
  }
  const result = await io.stdin.readLine();
  let line = result?.line ?? '';
  if (!raw) line = line.replace(/\\(.)/g, '$1');
  const ifs = shell.vars.get('IFS') ?? ' \t\n';
  const fields = line.split(new RegExp(`[${ifs.replace(/[\]\\^-]/g, '\\$&')}]+`)).filter((f, i) => f !== '' || i > 0);
  const targets = names.length > 0 ? names : ['REPLY'];
  targets.forEach((name, i) => {
    const value = i === targets.length - 1 ? fields.slice(i).join(' ') : (fields[i] ?? '');
    shell.assign(name, value, io);
  });
  return result?.complete ? 0 : 1;
};

const local: Builtin = (shell, argv, io) => {
  const scope = shell.localScopes.at(-1);
  if (!scope) throw new BuiltinError('not in a function');
  for (const arg of argv.slice(1)) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (!scope.has(name)) scope.set(name, shell.vars.get(name));
    if (eq >= 0) shell.assign(name, arg.slice(eq + 1), io);
  }
  return 0;
};

export const specialBuiltins: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  [':', () => 0],
  ['.', dot],
  ['source', dot],
  ['break', loopControl('break')],
  ['continue', loopControl('continue')],
  ['eval', (shell, argv, io) => shell.evaluate(argv.slice(1).join(' '), io)],
  ['exec', async (shell, argv, io) => {
    // `exec cmd` replaces the shell: its status is the shell's. Without a command it does nothing
    // here (ash would make the redirections permanent; TODO(#5): exec >file).
    if (argv.length > 1) throw new ExitShell(await runProgram(shell, argv.slice(1), {}, io));
    return 0;
  }],
  ['exit', exit],
  ['export', exportOrReadonly('export')],
  ['readonly', exportOrReadonly('readonly')],
  ['return', (shell, argv) => {
    throw new ReturnFromFunction(argv[1] === undefined ? shell.status : Number(argv[1]) & 0xff);
  }],
  ['set', set],
  ['shift', shift],
  ['trap', trap],
  ['unset', unset],
]);

export const shellBuiltins: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ['cd', cd],
  ['pwd', (shell, _argv, io) => (io.stdout(`${shell.cwd}\n`), 0)],
  ['echo', (_shell, argv, io) => (io.stdout(echoOutput(argv.slice(1))), 0)],
  ['printf', (shell, argv, io) => {
    if (argv[1] === undefined) throw new BuiltinError('usage: printf FORMAT [ARGUMENT]...');
    const problems: string[] = [];
    io.stdout(printfOutput(argv[1], argv.slice(2), problems));
    for (const problem of problems) io.stderr(`${shell.appletName}: ${problem}\n`);
    return problems.length > 0 ? 1 : 0;
  }],
  // busybox runs test and echo as applets inside the shell, so their messages carry the shell's name.
  ['test', (shell, argv, io) => runTest('test', argv.slice(1), shell.ctx.fs, shell.cwd, (m) => io.stderr(`${shell.appletName}: ${m}\n`))],
  ['[', (shell, argv, io) => runTest('[', argv.slice(1), shell.ctx.fs, shell.cwd, (m) => io.stderr(`${shell.appletName}: ${m}\n`))],
  ['true', () => 0],
  ['false', () => 1],
  ['read', read],
  ['local', local],
  // ash, dash and bash all have kill built in: it works in images without /bin/kill (Debian slim).
  // ash's builtin runs busybox's kill applet, whose messages then carry the shell's name.
  ['kill', (shell, argv, io) => killProgram({ ...shell.ctx, argv: [isGnu(shell.ctx) ? 'kill' : shell.appletName, ...argv.slice(1)], stdout: io.stdout, stderr: io.stderr })],
  ['wait', async (shell) => {
    const statuses = await Promise.all([...shell.jobs]);
    return statuses.at(-1) ?? 0;
  }],
]);
