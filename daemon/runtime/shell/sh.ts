/**
 * The `sh` program (also `ash` and `bash` in images that have them): busybox ash's command line —
 * `sh -c 'script' [$0 [args…]]`, `sh script.sh [args…]`, a script on stdin, or an interactive
 * shell with a `/ # ` prompt when stdin is a terminal (`kubectl exec -it pod -- sh`). Options
 * `-e`, `-x`, `-u` (and `+…`) as ash reads them. Messages and exit codes are ash's:
 * `sh: -c requires an argument` (2), `sh: can't open 'x': No such file or directory` (2).
 */
import type { Program, ProcessContext } from '../process.js';
import { ExitShell } from './control.js';
import { InputStream, type ShellIo } from './io.js';
import { Shell } from './interpreter.js';
import { Parser, ShellSyntaxError } from './parser.js';
import { baseName, errnoText, resolvePath } from '../fs/paths.js';
import { VfsError } from '../fs/vfs.js';

interface Invocation {
  command?: string;
  file?: string;
  operands: string[];
  flags: { errexit?: boolean; xtrace?: boolean; nounset?: boolean };
}

export const shProgram: Program = async (ctx) => {
  const arg0 = ctx.argv[0] ?? 'sh';
  const applet = baseName(arg0);
  const io: ShellIo = { stdout: ctx.stdout, stderr: ctx.stderr, stdin: new InputStream(() => ctx.readStdin()) };
  const invocation = parseInvocation(ctx.argv.slice(1));
  if (typeof invocation === 'string') {
    ctx.stderr(`${arg0}: ${invocation}\n`);
    return 2;
  }
  const { operands } = invocation;
  if (invocation.command !== undefined) {
    const shell = newShell(ctx, { arg0: operands[0] ?? arg0, applet, positional: operands.slice(1) }, invocation);
    return shell.runScript(invocation.command, io);
  }
  if (invocation.file !== undefined) {
    let source: string;
    try {
      source = ctx.fs.readFile(resolvePath(ctx.cwd, invocation.file));
    } catch (error) {
      if (!(error instanceof VfsError)) throw error;
      ctx.stderr(`${arg0}: can't open '${invocation.file}': ${errnoText[error.code]}\n`);
      return 2;
    }
    const shell = newShell(ctx, { arg0: invocation.file, applet, scriptName: invocation.file, positional: operands }, invocation);
    return shell.runScript(source, io);
  }
  if (ctx.readLine) return interactive(ctx, newShell(ctx, { arg0, applet, positional: operands, interactive: true }, invocation), io);
  const shell = newShell(ctx, { arg0, applet, positional: operands }, invocation);
  return shell.runScript(await io.stdin.readAll(), io);
};

/** ash's option parsing; a string is the error message. */
function parseInvocation(args: string[]): Invocation | string {
  const invocation: Invocation = { operands: [], flags: {} };
  let commandMode = false;
  let stdinMode = false;
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--' || arg === '-') {
      i++;
      break;
    }
    if (!/^[-+]./.test(arg)) break;
    const on = arg.startsWith('-');
    for (const letter of arg.slice(1)) {
      if (letter === 'c') commandMode = true;
      else if (letter === 's') stdinMode = true;
      else if (letter === 'e') invocation.flags.errexit = on;
      else if (letter === 'x') invocation.flags.xtrace = on;
      else if (letter === 'u') invocation.flags.nounset = on;
      else if (letter === 'o') i++;
      else if (!'ilmnvfaCb'.includes(letter)) return `illegal option ${arg[0]}${letter}`;
    }
  }
  const operands = args.slice(i);
  if (commandMode) {
    if (operands.length === 0) return '-c requires an argument';
    invocation.command = operands.shift();
  } else if (!stdinMode && operands.length > 0) invocation.file = operands.shift();
  invocation.operands = operands;
  return invocation;
}

function newShell(ctx: ProcessContext, options: ConstructorParameters<typeof Shell>[1], invocation: Invocation): Shell {
  const shell = new Shell(ctx, options);
  Object.assign(shell, invocation.flags);
  // ash exports PWD and the bash-compatible SHLVL at start-up; `sh -c env` shows both.
  shell.vars.set('PWD', ctx.cwd);
  shell.vars.set('SHLVL', String((Number(ctx.env.SHLVL) || 0) + 1));
  shell.exported.add('PWD');
  shell.exported.add('SHLVL');
  return shell;
}

/** Reads lines from the terminal, prompting with PS1 (`/ # ` as root) and PS2 (`> `) for more. */
async function interactive(ctx: ProcessContext, shell: Shell, io: ShellIo): Promise<number> {
  let pending = '';
  for (;;) {
    io.stderr(pending ? (shell.vars.get('PS2') ?? '> ') : prompt(shell));
    const line = await ctx.readLine!();
    if (line === undefined) return shell.finish(io, shell.status);
    pending += `${line}\n`;
    const parsed = tryParse(pending);
    if (parsed === 'incomplete') continue;
    pending = '';
    if (parsed instanceof ShellSyntaxError) {
      io.stderr(shell.message(`syntax error: ${parsed.message}`));
      shell.status = 2;
      continue;
    }
    try {
      await shell.runList(parsed, io);
    } catch (error) {
      if (!(error instanceof ExitShell)) throw error;
      if (!error.fatal) return shell.finish(io, error.status);
      shell.status = error.status;
    }
  }
}

function tryParse(source: string): Parameters<Shell['runList']>[0] | ShellSyntaxError | 'incomplete' {
  const parser = new Parser(source);
  const all: Parameters<Shell['runList']>[0] = [];
  try {
    for (let list = parser.nextCommand(); list !== undefined; list = parser.nextCommand()) all.push(...list);
    return all;
  } catch (error) {
    if (!(error instanceof ShellSyntaxError)) throw error;
    if (/^unexpected end of file|^unterminated quoted string|^missing '|^EOF in backquote/.test(error.message)) return 'incomplete';
    return error;
  }
}

/** busybox's default PS1 is `\w \$ `: the directory (`~` for HOME), then `#` for root. */
function prompt(shell: Shell): string {
  const ps1 = shell.vars.get('PS1');
  const home = shell.vars.get('HOME');
  const dir = home && home !== '/' && (shell.cwd === home || shell.cwd.startsWith(`${home}/`)) ? `~${shell.cwd.slice(home.length)}` : shell.cwd;
  if (ps1 === undefined) return `${dir} # `;
  return ps1.replace(/\\w/g, dir).replace(/\\W/g, baseName(dir) || '/').replace(/\\\$/g, '#').replace(/\\h/g, shell.ctx.hostname).replace(/\\u/g, 'root');
}
