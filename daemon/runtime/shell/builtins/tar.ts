/**
 * `tar` as busybox (and, for its messages, GNU tar in Debian/CentOS images) runs it, enough for
 * `kubectl cp`: kubectl runs `tar cf - <path>` to copy out of a pod and `tar -xmf - -C <dir>` to
 * copy in (reference/kubectl-compat.md §9.8). Modes c (create), x (extract), t (list); options f
 * (`-` is stdin/stdout), C, v, m, o, p, O, and GNU's long options, which are accepted and ignored.
 * The archive is read and written on the container's virtual filesystem (tar-format.ts).
 * Left out: compression (z, j), links and devices, and the mode and mtime of extracted files
 * (the virtual filesystem keeps its own); file contents are text, so bytes that are not UTF-8
 * do not survive a copy.
 */
import { resolvePath } from '../../fs/paths.js';
import { VfsError } from '../../fs/vfs.js';
import type { Program, ProcessContext } from '../../process.js';
import { badOption, complain, errnoOf, parseArgs } from './common.js';
import { readTar, writeTar, type TarEntry } from './tar-format.js';

/** GNU tar (Debian, Ubuntu, CentOS) words the leading-slash warning differently from busybox. */
function isGnuUserland(ctx: ProcessContext): boolean {
  try {
    return /^ID="?(debian|ubuntu|centos|rhel|fedora)/m.test(ctx.fs.readFile('/etc/os-release'));
  } catch (error) {
    errnoOf(error); // no os-release: a busybox image
    return false;
  }
}

export const tarProgram: Program = async (ctx) => {
  let args = ctx.argv.slice(1).filter((arg) => !arg.startsWith('--') || arg === '--');
  // `tar cf - x`: the first word is a bundle of options without a dash (the traditional syntax).
  if (args[0] && !args[0].startsWith('-')) args = [`-${args[0]}`, ...args.slice(1)];
  const parsed = parseArgs(args, 'cxtvmopOzj', 'fC');
  if (typeof parsed === 'string') return badOption(ctx, parsed);
  const { flags, values, operands } = parsed;
  const modes = ['c', 'x', 't'].filter((m) => flags.has(m));
  if (modes.length !== 1) {
    complain(ctx, modes.length === 0 ? 'need -c, -x or -t' : 'only one of -c, -x and -t may be given');
    return 1;
  }
  if (flags.has('z') || flags.has('j')) {
    complain(ctx, 'compressed archives are not supported in kubelab');
    return 1;
  }
  const archive = values.get('f') ?? '-';
  const base = resolvePath(ctx.cwd, values.get('C') ?? '.');
  if (values.has('C') && ctx.fs.stat(base)?.type !== 'dir') {
    complain(ctx, `can't change directory to '${values.get('C')}': ${ctx.fs.stat(base) ? 'Not a directory' : 'No such file or directory'}`);
    return 1;
  }
  if (modes[0] === 'c') return create(ctx, base, operands, archive, flags.has('v'));
  let text: string;
  try {
    text = archive === '-' ? await ctx.readStdin() : ctx.fs.readFile(resolvePath(ctx.cwd, archive));
  } catch (error) {
    complain(ctx, `can't open '${archive}': ${errnoOf(error)}`);
    return 1;
  }
  let entries: TarEntry[];
  try {
    entries = readTar(text);
  } catch (error) {
    complain(ctx, (error as Error).message);
    return 1;
  }
  if (modes[0] === 't') {
    for (const entry of entries) ctx.stdout(`${entry.name}\n`);
    return 0;
  }
  return extract(ctx, base, entries, flags.has('v'), flags.has('O'));
};

function create(ctx: ProcessContext, base: string, operands: string[], archive: string, verbose: boolean): number {
  if (operands.length === 0) {
    complain(ctx, 'empty archive');
    return 1;
  }
  const entries: TarEntry[] = [];
  let status = 0;
  let warned = false;
  const add = (path: string, name: string): void => {
    const stat = ctx.fs.stat(path)!;
    if (stat.type === 'dir') {
      const dirName = name.endsWith('/') || name === '' ? name : `${name}/`;
      if (dirName) entries.push({ name: dirName, type: 'dir', mode: stat.mode, mtimeMs: stat.mtimeMs });
      for (const child of [...ctx.fs.readdir(path)].sort()) add(`${path === '/' ? '' : path}/${child}`, `${dirName}${child}`);
      return;
    }
    entries.push({ name, type: 'file', mode: stat.mode, mtimeMs: stat.mtimeMs, data: Buffer.from(ctx.fs.readFile(path), 'utf8') });
  };
  for (const operand of operands) {
    const path = resolvePath(base, operand);
    if (!ctx.fs.stat(path)) {
      complain(ctx, `${operand}: No such file or directory`);
      status = 1;
      continue;
    }
    let name = operand.replace(/\/+$/, '') || '/';
    if (name.startsWith('/')) {
      if (!warned) complain(ctx, isGnuUserland(ctx) ? "Removing leading `/' from member names" : "removing leading '/' from member names");
      warned = true;
      name = name.replace(/^\/+/, '');
    }
    if (verbose) ctx.stderr(`${name}\n`);
    add(path, name);
  }
  const bytes = writeTar(entries);
  if (archive === '-') ctx.stdout(bytes);
  else ctx.fs.writeFile(resolvePath(ctx.cwd, archive), bytes);
  return status;
}

function extract(ctx: ProcessContext, base: string, entries: TarEntry[], verbose: boolean, toStdout: boolean): number {
  let status = 0;
  for (const entry of entries) {
    const name = entry.name.replace(/^\/+/, '');
    if (name.split('/').includes('..')) {
      complain(ctx, `skipping unsafe path: ${entry.name}`);
      continue;
    }
    if (verbose) ctx.stdout(`${name}\n`);
    const content = entry.data ? Buffer.from(entry.data).toString('utf8') : '';
    if (toStdout) {
      if (entry.type === 'file') ctx.stdout(content);
      continue;
    }
    const target = resolvePath(base, name);
    try {
      if (entry.type === 'dir') {
        if (ctx.fs.stat(target)?.type !== 'dir') ctx.fs.mkdir(target, { recursive: true });
        continue;
      }
      const parent = target.slice(0, target.lastIndexOf('/')) || '/';
      if (!ctx.fs.stat(parent)) ctx.fs.mkdir(parent, { recursive: true });
      ctx.fs.writeFile(target, content);
    } catch (error) {
      if (!(error instanceof VfsError)) throw error;
      complain(ctx, `can't create '${name}': ${errnoOf(error)}`);
      status = 1;
    }
  }
  return status;
}
