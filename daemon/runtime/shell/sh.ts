/**
 * The `sh` program (also `ash` and `bash` in images that have them): busybox ash's command line —
 * `sh -c 'script' [$0 [args…]]`, `sh script.sh [args…]`, a script on stdin, or an interactive
 * shell with a `/ # ` prompt when stdin is a terminal (`kubectl exec -it pod -- sh`). Options
 * `-e`, `-x`, `-u` (and `+…`) as ash reads them. Messages and exit codes are ash's:
 * `sh: -c requires an argument` (2), `sh: can't open 'x': No such file or directory` (2).
 */
import type { Program, ProcessContext } from '../process.js';
import { ExitShell, Interrupted } from './control.js';
import { InputStream, type ShellIo } from './io.js';
import { Shell } from './interpreter.js';
import { Parser, ShellSyntaxError } from './parser.js';
import { baseName, errnoText, resolvePath } from '../fs/paths.js';
import { VfsError } from '../fs/vfs.js';
import { userlandOf } from './userland.js';

interface Invocation {
  command?: string;
  file?: string;
  operands: string[];
  flags: { errexit?: boolean; xtrace?: boolean; nounset?: boolean };
}

export const shProgram: Program = async (ctx) => {
  const arg0 = ctx.argv[0] ?? 'sh';
  const applet = baseName(arg0);
  const io: ShellIo = { stdout: ctx.stdout, stderr: ctx.stderr, stdin: new InputStream(() => ctx.readStdin(), ctx.readStdinLine) };
  const invocation = parseInvocation(ctx.argv.slice(1));
  const onTerminal = ctx.readLine || ctx.readStdinLine ? io.stdin : undefined;
  if (typeof invocation === 'string') {
    ctx.stderr(`${arg0}: ${invocation}\n`);
    return 2;
  }
  const { operands } = invocation;
  if (invocation.command !== undefined) {
    const shell = newShell(ctx, { arg0: operands[0] ?? arg0, applet, positional: operands.slice(1) }, invocation, onTerminal);
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
    const shell = newShell(ctx, { arg0: invocation.file, applet, scriptName: invocation.file, positional: operands }, invocation, onTerminal);
    return shell.runScript(source, io);
  }
  if (ctx.readLine) return interactive(ctx, newShell(ctx, { arg0, applet, positional: operands, interactive: true }, invocation, onTerminal), io);
  const shell = newShell(ctx, { arg0, applet, positional: operands }, invocation, onTerminal);
  if (ctx.readStdinLine) return streamed(shell, io);
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

function newShell(ctx: ProcessContext, options: ConstructorParameters<typeof Shell>[1], invocation: Invocation, terminalStdin?: InputStream): Shell {
  const shell = new Shell(ctx, options);
  shell.terminalStdin = terminalStdin;
  Object.assign(shell, invocation.flags);
  // ash exports PWD and the bash-compatible SHLVL at start-up; `sh -c env` shows both.
  shell.vars.set('PWD', ctx.cwd);
  shell.vars.set('SHLVL', String((Number(ctx.env.SHLVL) || 0) + 1));
  shell.exported.add('PWD');
  shell.exported.add('SHLVL');
  return shell;
}

/**
 * Reads lines from the terminal, prompting with PS1 (`/ # ` as root) and PS2 (`> `) for more.
 * Ctrl-C at the prompt drops the line and prompts again; during a command it stops the whole
 * command line (loops included) and the shell prints a newline, status 130, as ash and bash do.
 */
async function interactive(ctx: ProcessContext, shell: Shell, io: ShellIo): Promise<number> {
  let pending = '';
  let atPrompt = false;
  const unsubscribe = ctx.terminal?.onInterrupt(() => {
    if (!atPrompt) {
      // A command that catches SIGINT (ping) ends on its own terms; the line goes on after it.
      if (!ctx.terminal?.childHandlesInterrupt?.()) shell.interruption.pending = true;
      return;
    }
    pending = '';
    shell.status = 130;
    io.stderr(`\n${prompt(shell)}`);
  });
  try {
    for (;;) {
      io.stderr(pending ? (shell.vars.get('PS2') ?? '> ') : prompt(shell));
      atPrompt = true;
      const line = await ctx.readLine!();
      atPrompt = false;
      if (ctx.terminal && shell.appletName === 'bash') {
        // bash's readline and checkwinsize keep COLUMNS and LINES at the window's current size.
        const { columns, rows } = ctx.terminal.size();
        shell.vars.set('COLUMNS', String(columns));
        shell.vars.set('LINES', String(rows));
      }
      if (line === undefined) {
        // ash and bash print `exit` on Ctrl-D only when they are on a terminal's own line.
        if (ctx.terminal && shell.appletName === 'bash') io.stderr('exit\n');
        return await shell.finish(io, shell.status);
      }
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
        if (error instanceof ExitShell) {
          if (!error.fatal) return await shell.finish(io, error.status);
          shell.status = error.status;
        } else if (!(error instanceof Interrupted)) throw error;
      }
      if (shell.interruption.pending) {
        shell.interruption.pending = false;
        shell.status = 130;
        io.stderr('\n');
      }
    }
  } finally {
    unsubscribe?.();
  }
}

/**
 * A script arriving on a live stdin (`kubectl exec -i pod -- sh` fed by a pipe): each command
 * runs as soon as its lines are complete, without prompts, as a shell reading a pipe does.
 */
async function streamed(shell: Shell, io: ShellIo): Promise<number> {
  let pending = '';
  for (;;) {
    const next = await io.stdin.readLine();
    if (next === undefined) return pending.trim() ? shell.runScript(pending, io) : shell.finish(io, shell.status);
    pending += next.complete ? `${next.line}\n` : next.line;
    const parsed = tryParse(pending);
    if (parsed === 'incomplete') continue;
    if (parsed instanceof ShellSyntaxError) return shell.runScript(pending, io);
    pending = '';
    try {
      await shell.runList(parsed, io);
    } catch (error) {
      if (error instanceof ExitShell) return shell.finish(io, error.status);
      throw error;
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

/**
 * busybox's default PS1 is `\w \$ `: the directory (`~` for HOME), then `#` for root. bash takes
 * its PS1 from the distribution's bashrc: Debian and Ubuntu's /etc/bash.bashrc set
 * `\u@\h:\w\$ ` (`root@web:/# `), CentOS's /etc/bashrc `[\u@\h \W]\$ `; elsewhere bash's own
 * default `\s-\v\$ ` (`bash-5.2# `, the image's bash version).
 */
function prompt(shell: Shell): string {
  const ps1 = shell.vars.get('PS1') ?? (shell.appletName === 'bash' ? bashPrompt(shell) : undefined);
  const home = shell.vars.get('HOME');
  const dir = home && home !== '/' && (shell.cwd === home || shell.cwd.startsWith(`${home}/`)) ? `~${shell.cwd.slice(home.length)}` : shell.cwd;
  if (ps1 === undefined) return `${dir} # `;
  const host = shell.ctx.hostname.split('.')[0] ?? '';
  return ps1
    .replace(/\\w/g, dir)
    .replace(/\\W/g, baseName(dir) || '/')
    .replace(/\\\$/g, '#')
    .replace(/\\h/g, host)
    .replace(/\\H/g, shell.ctx.hostname)
    .replace(/\\u/g, 'root')
    .replace(/\\s/g, 'bash')
    .replace(/\\v/g, userlandOf(shell.ctx).bash ?? '5.2');
}

function bashPrompt(shell: Shell): string {
  let osRelease = '';
  try {
    osRelease = shell.ctx.fs.readFile('/etc/os-release');
  } catch (error) {
    // No os-release: bash's built-in default prompt below.
    if (!(error instanceof VfsError)) throw error;
  }
  const id = /^ID="?([a-z]+)/m.exec(osRelease)?.[1];
  if (id === 'debian' || id === 'ubuntu') return '\\u@\\h:\\w\\$ ';
  if (id === 'centos' || id === 'rhel' || id === 'fedora') return '[\\u@\\h \\W]\\$ ';
  return '\\s-\\v\\$ ';
}
