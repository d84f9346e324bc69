/**
 * How a container finds the program for argv[0], as runc's exec (Go's exec.LookPath) does: a name
 * is searched in $PATH, a path is taken as is; a binary of the image runs its simulated program,
 * and a file starting with `#!` runs its interpreter with the script's path. The failures carry
 * runc's words (`exec: "foo": executable file not found in $PATH`), which the runtime wraps in
 * containerd's start or exec error.
 */
import { resolvePath } from './fs/paths.js';
import type { VirtualFs } from './fs/vfs.js';
import type { BinaryTable } from './images/image.js';
import type { Program } from './process.js';

export type Resolution =
  | { found: true; path: string; program: Program; argv: string[] }
  | { found: false; error: string };

export function resolveExecutable(argv: readonly string[], path: string | undefined, cwd: string, binaries: BinaryTable, fs: VirtualFs): Resolution {
  const command = argv[0] ?? '';
  if (command.includes('/')) {
    const absolute = resolvePath(cwd, command);
    const found = runnable(absolute, argv, binaries, fs);
    if (found) return found;
    const stat = fs.stat(absolute);
    if (!stat) return { found: false, error: `exec: "${command}": stat ${command}: no such file or directory` };
    if (stat.type === 'dir' || (stat.mode & 0o111) === 0) return { found: false, error: `exec: "${command}": permission denied` };
    return { found: false, error: `exec: "${command}": exec format error` };
  }
  if (command) {
    for (const dir of (path ?? '').split(':')) {
      const found = runnable(resolvePath(cwd, `${dir || '.'}/${command}`), argv, binaries, fs);
      if (found) return found;
    }
  }
  return { found: false, error: `exec: "${command}": executable file not found in $PATH` };
}

function runnable(absolute: string, argv: readonly string[], binaries: BinaryTable, fs: VirtualFs): Resolution | undefined {
  const program = binaries.get(absolute);
  if (program) return { found: true, path: absolute, program, argv: [...argv] };
  const stat = fs.stat(absolute);
  if (stat?.type !== 'file' || (stat.mode & 0o111) === 0) return undefined;
  let head: string;
  try {
    head = fs.readFile(absolute).split('\n', 1)[0] ?? '';
  } catch {
    return undefined;
  }
  const shebang = /^#!\s*(\S+)(?:\s+(.*))?$/.exec(head);
  if (!shebang) return undefined;
  const interpreter = binaries.get(shebang[1]!);
  if (!interpreter) return undefined;
  const interpreterArgs = shebang[2] ? [shebang[2].trim()] : [];
  return { found: true, path: absolute, program: interpreter, argv: [shebang[1]!, ...interpreterArgs, argv[0]!, ...argv.slice(1)] };
}
