/**
 * The builtins that say what a name is and run it past functions: `command -v NAME` (how scripts
 * and k9s's shell key test for bash: `command -v bash >/dev/null && exec bash || exec sh`),
 * `command -V NAME`, `command NAME ARGS…`, and `type NAME…`. Words as busybox ash prints them
 * (`ls is /bin/ls`, `foo: not found`, status 127), or bash's when the shell runs as bash
 * (`bash: type: foo: not found` on stderr, status 1). Leaves out `command -p` (the default PATH is
 * the image's anyway) and bash's `type -a/-t/-p` and hashed-path notes.
 */
import { resolvePath } from '../fs/paths.js';
import type { ShellIo } from './io.js';
import type { Shell } from './interpreter.js';
import { runProgram } from './external.js';
import { shellBuiltins, specialBuiltins, type Builtin } from './shell-builtins.js';

/** Reserved words: `type if` says `if is a shell keyword` in ash and bash alike. */
const keywords = new Set(['!', '{', '}', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'if', 'in', 'then', 'until', 'while', '[[', ']]', 'function']);

type Kind =
  | { kind: 'keyword' | 'function' | 'special builtin' | 'builtin' }
  | { kind: 'file'; path: string }
  | { kind: 'missing' };

/** Finds an executable file on PATH (or the path given), as the shell's own lookup does. */
export function lookPath(shell: Shell, name: string, path = shell.vars.get('PATH') ?? ''): string | undefined {
  const isExecutable = (candidate: string): boolean => {
    const stat = shell.ctx.fs.stat(candidate);
    return stat?.type === 'file' && (stat.mode & 0o111) !== 0;
  };
  if (name.includes('/')) return isExecutable(resolvePath(shell.cwd, name)) ? name : undefined;
  for (const dir of path.split(':')) {
    const candidate = resolvePath(shell.cwd, `${dir || '.'}/${name}`);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function kindOf(shell: Shell, name: string): Kind {
  if (keywords.has(name)) return { kind: 'keyword' };
  if (shell.functions.has(name)) return { kind: 'function' };
  if (specialBuiltins.has(name)) return { kind: 'special builtin' };
  if (shellBuiltins.has(name) || commandBuiltins.has(name)) return { kind: 'builtin' };
  const path = lookPath(shell, name);
  return path ? { kind: 'file', path } : { kind: 'missing' };
}

/** `command -V` / `type` wording for one name; writes it and returns whether it was found. */
function describe(shell: Shell, name: string, io: ShellIo, caller: 'type' | 'command'): boolean {
  const found = kindOf(shell, name);
  const bash = shell.appletName === 'bash';
  switch (found.kind) {
    case 'missing':
      if (bash) io.stderr(`bash: ${caller}: ${name}: not found\n`);
      else io.stdout(`${name}: not found\n`);
      return false;
    case 'file':
      io.stdout(`${name} is ${found.path}\n`);
      return true;
    case 'keyword':
      io.stdout(`${name} is a shell keyword\n`);
      return true;
    case 'function':
      io.stdout(`${name} is a function\n`);
      return true;
    default:
      // ash: `exit is a special shell builtin`; bash calls every builtin `a shell builtin`.
      io.stdout(`${name} is a ${found.kind === 'special builtin' && !bash ? 'special shell builtin' : 'shell builtin'}\n`);
      return true;
  }
}

/** Status for a name not found: ash's 127, bash's 1. */
function notFoundStatus(shell: Shell): number {
  return shell.appletName === 'bash' ? 1 : 127;
}

const command: Builtin = async (shell, argv, io) => {
  const args = argv.slice(1);
  let mode: 'run' | 'v' | 'V' = 'run';
  while (args[0]?.startsWith('-') && args[0] !== '-') {
    const option = args.shift()!;
    if (option === '--') break;
    for (const letter of option.slice(1)) {
      if (letter === 'v') mode = 'v';
      else if (letter === 'V') mode = 'V';
      else if (letter !== 'p') {
        io.stderr(shell.message(`command: ${option}: invalid option`));
        return 2;
      }
    }
  }
  if (args.length === 0) return 0;
  if (mode === 'run') {
    // Functions are skipped: that is what `command` is for (a wrapper function calling the real ls).
    const name = args[0]!;
    const builtin = specialBuiltins.get(name) ?? shellBuiltins.get(name) ?? commandBuiltins.get(name);
    if (builtin) return builtin(shell, args, io);
    return runProgram(shell, args, {}, io);
  }
  let status = 0;
  for (const name of args) {
    if (mode === 'V') {
      if (!describe(shell, name, io, 'command')) status = notFoundStatus(shell);
      continue;
    }
    const found = kindOf(shell, name);
    if (found.kind === 'missing') status = notFoundStatus(shell);
    else io.stdout(`${found.kind === 'file' ? found.path : name}\n`);
  }
  return status;
};

const type: Builtin = (shell, argv, io) => {
  let status = 0;
  for (const name of argv.slice(1)) if (!describe(shell, name, io, 'type')) status = notFoundStatus(shell);
  return status;
};

export const commandBuiltins: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ['command', command],
  ['type', type],
]);
