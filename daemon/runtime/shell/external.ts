/**
 * Running a command that is not a builtin or function: through ProcessContext.spawn, which knows
 * the image's binaries. When the image has no such program the shell prints ash's message —
 * `sh: curl: not found` (127), or dash's and bash's in images whose /bin/sh they are (userland.ts) — or, for a path to an existing file, runs it as a script (with the
 * `#!` interpreter, or `sh` when there is none, as ash does after ENOEXEC) if it is executable and
 * says `Permission denied` (126) if it is not.
 */
import { ProgramNotFoundError } from '../process.js';
import { resolvePath } from '../fs/paths.js';
import { commandNotFoundText } from './userland.js';
import type { ShellIo } from './io.js';
import type { Shell } from './interpreter.js';

export async function runProgram(shell: Shell, argv: string[], assignments: Record<string, string>, io: ShellIo): Promise<number> {
  const name = argv[0]!;
  // A command reading and writing the shell's own terminal gets its line reading too: `exec sh`
  // then prompts (k9s's shell command), and `ls` lays out columns.
  const { readLine, readStdinLine } = shell.ctx;
  const onTerminal = shell.terminalStdin !== undefined && io.stdin === shell.terminalStdin && io.stdout === shell.ctx.stdout;
  const spawn = (args: string[]): Promise<number> =>
    shell.ctx.spawn(args, {
      env: shell.environment(assignments),
      cwd: shell.cwd,
      stdout: io.stdout,
      stderr: io.stderr,
      readStdin: () => io.stdin.readAll(),
      ...(onTerminal && readLine ? { readLine } : {}),
      ...(onTerminal && readStdinLine ? { readStdinLine } : {}),
    });
  try {
    return await spawn(argv);
  } catch (error) {
    if (!(error instanceof ProgramNotFoundError)) throw error;
  }
  if (name.includes('/')) {
    const path = resolvePath(shell.cwd, name);
    const stat = shell.ctx.fs.stat(path);
    if (stat?.type === 'file' && (stat.mode & 0o111) !== 0) {
      try {
        return await spawn([...interpreterOf(shell.ctx.fs.readFile(path)), name, ...argv.slice(1)]);
      } catch (error) {
        // The kernel reports a missing interpreter as ENOENT on the script itself.
        if (!(error instanceof ProgramNotFoundError)) throw error;
      }
    } else if (stat) {
      io.stderr(shell.message(`${name}: Permission denied`));
      return 126;
    }
  }
  const scripted = shell.options.scriptName !== undefined;
  const words = commandNotFoundText(shell.ctx, { arg0: shell.options.arg0, applet: shell.appletName, line: shell.line, interactive: shell.interactive, scripted }, name);
  io.stderr(words ?? shell.message(`${name}: not found`));
  return 127;
}

/** `#!/bin/sh -e` → [`/bin/sh`, `-e`]; no `#!` line → [`sh`]. */
function interpreterOf(content: string): string[] {
  if (!content.startsWith('#!')) return ['sh'];
  const line = content.slice(2, content.indexOf('\n') < 0 ? undefined : content.indexOf('\n')).trim();
  const space = line.search(/\s/);
  return space < 0 ? [line] : [line.slice(0, space), line.slice(space).trim()];
}
