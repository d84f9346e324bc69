/**
 * File programs as busybox behaves (and, in images with GNU coreutils, with coreutils' words from
 * userland.ts: `cat: x: No such file or directory`, `rm: cannot remove 'x': …`): `cat`, `touch`, `mkdir`, `rm`, `cp`, `mv`, on the container's
 * filesystem (so `rm` in a configMap volume says `Read-only file system`). Messages are busybox's:
 * `cat: can't open 'x': No such file or directory`, `mkdir: can't create directory 'x': File
 * exists`, `rm: can't stat 'x': …`, `rm: 'x' is a directory`, `cp: omitting directory 'x'`.
 */
import { baseName, joinPath } from '../../fs/paths.js';
import { copyTree } from '../../fs/tree-copy.js';
import type { Program, ProcessContext } from '../../process.js';
import { busyboxBanner, errnoOf, parseArgs, resolve } from './common.js';
import { isGnu, report, reportBadOption, wordingOf } from '../userland.js';

export const catProgram: Program = async (ctx) => {
  const args = parseArgs(ctx.argv.slice(1), 'nbvteAu');
  if (typeof args === 'string') return reportBadOption(ctx, args);
  let status = 0;
  let line = 1;
  for (const name of args.operands.length > 0 ? args.operands : ['-']) {
    let text: string;
    if (name === '-') text = await ctx.readStdin();
    else {
      const path = resolve(ctx, name);
      if (ctx.fs.stat(path)?.type === 'dir') {
        report(ctx, wordingOf(ctx).catDirectory(name));
        status = 1;
        continue;
      }
      try {
        text = ctx.fs.readFile(path);
      } catch (error) {
        report(ctx, wordingOf(ctx).catOpen(name, errnoOf(error)));
        status = 1;
        continue;
      }
    }
    if (args.flags.has('n') || args.flags.has('b')) {
      // -n numbers every line, -b only non-empty ones: "%6d\t" as busybox (and GNU) print it.
      text = text
        .split(/(?<=\n)/)
        .map((l) => (args.flags.has('b') && l.replace(/\n$/, '') === '' ? l : `${String(line++).padStart(6)}\t${l}`))
        .join('');
    }
    ctx.stdout(text);
  }
  return status;
};

export const touchProgram: Program = async (ctx) => {
  const args = parseArgs(ctx.argv.slice(1), 'camh', 'dtr');
  if (typeof args === 'string') return reportBadOption(ctx, args);
  let status = 0;
  for (const name of args.operands) {
    const path = resolve(ctx, name);
    const stat = ctx.fs.stat(path);
    if (stat?.type === 'dir' || (!stat && args.flags.has('c'))) continue;
    try {
      ctx.fs.writeFile(path, '', { append: true });
    } catch (error) {
      report(ctx, wordingOf(ctx).touchFailed(name, errnoOf(error)));
      status = 1;
    }
  }
  return status;
};

export const mkdirProgram: Program = async (ctx) => {
  const args = parseArgs(ctx.argv.slice(1), 'pv', 'm');
  if (typeof args === 'string') return reportBadOption(ctx, args);
  let status = 0;
  for (const name of args.operands) {
    try {
      ctx.fs.mkdir(resolve(ctx, name), { recursive: args.flags.has('p') });
      if (args.flags.has('v')) ctx.stdout(isGnu(ctx) ? `mkdir: created directory '${name}'\n` : `created directory: '${name}'\n`);
    } catch (error) {
      report(ctx, wordingOf(ctx).mkdirFailed(name, errnoOf(error)));
      status = 1;
    }
  }
  return status;
};

export const rmProgram: Program = async (ctx) => {
  const args = parseArgs(ctx.argv.slice(1), 'rRfiv');
  if (typeof args === 'string') return reportBadOption(ctx, args);
  const recursive = args.flags.has('r') || args.flags.has('R');
  const force = args.flags.has('f');
  let status = 0;
  for (const name of args.operands) {
    if (/(^|\/)\.\.?\/*$/.test(name)) {
      report(ctx, wordingOf(ctx).rmDot(name));
      status = 1;
      continue;
    }
    const path = resolve(ctx, name);
    const stat = ctx.fs.stat(path);
    if (!stat) {
      if (!force) {
        report(ctx, wordingOf(ctx).rmMissing(name));
        status = 1;
      }
      continue;
    }
    if (stat.type === 'dir' && !recursive) {
      report(ctx, wordingOf(ctx).rmDirectory(name));
      status = 1;
      continue;
    }
    if (!removeRecursively(ctx, path, name)) status = 1;
  }
  return status;
};

/** Removes a file or a tree bottom-up, as rm -r walks it; reports each failure and goes on. */
function removeRecursively(ctx: ProcessContext, path: string, name: string): boolean {
  let ok = true;
  if (ctx.fs.stat(path)?.type === 'dir') {
    for (const child of ctx.fs.readdir(path)) ok = removeRecursively(ctx, joinPath(path, child), `${name.replace(/\/+$/, '')}/${child}`) && ok;
  }
  try {
    if (ctx.fs.stat(path)?.type === 'dir') ctx.fs.rmdir(path);
    else ctx.fs.unlink(path);
  } catch (error) {
    report(ctx, wordingOf(ctx).removeFailed(name, errnoOf(error)));
    return false;
  }
  return ok;
}

/** The target of copying or moving `source` to `target`: into it when it is a directory. */
function destinationOf(ctx: ProcessContext, source: string, target: string, many: boolean): string | undefined {
  const path = resolve(ctx, target);
  if (ctx.fs.stat(path)?.type === 'dir') return joinPath(path, baseName(resolve(ctx, source)));
  return many ? undefined : path;
}

export const cpProgram: Program = async (ctx) => {
  const args = parseArgs(ctx.argv.slice(1), 'rRpfadLPHinuvT');
  if (typeof args === 'string') return reportBadOption(ctx, args);
  const recursive = ['r', 'R', 'a'].some((f) => args.flags.has(f));
  const operands = args.operands;
  const target = operands.pop();
  if (target === undefined || operands.length === 0) return usage(ctx, 'cp [-rRdpfilsTu] SOURCE DEST');
  let status = 0;
  for (const source of operands) {
    const from = resolve(ctx, source);
    const stat = ctx.fs.stat(from);
    if (!stat) {
      report(ctx, wordingOf(ctx).statMissing(source));
      status = 1;
      continue;
    }
    if (stat.type === 'dir' && !recursive) {
      report(ctx, wordingOf(ctx).omitDirectory(source));
      status = 1;
      continue;
    }
    const to = destinationOf(ctx, source, target, operands.length > 1);
    if (to === undefined) {
      report(ctx, wordingOf(ctx).notDirectory(target));
      return 1;
    }
    try {
      copyTree(ctx.fs, from, ctx.fs, to);
    } catch (error) {
      report(ctx, wordingOf(ctx).createFailed(target, errnoOf(error)));
      status = 1;
    }
  }
  return status;
};

export const mvProgram: Program = async (ctx) => {
  const args = parseArgs(ctx.argv.slice(1), 'finvT');
  if (typeof args === 'string') return reportBadOption(ctx, args);
  const operands = args.operands;
  const target = operands.pop();
  if (target === undefined || operands.length === 0) return usage(ctx, 'mv [-fin] SOURCE DEST');
  let status = 0;
  for (const source of operands) {
    const to = destinationOf(ctx, source, target, operands.length > 1);
    if (to === undefined) {
      report(ctx, wordingOf(ctx).notDirectory(target));
      return 1;
    }
    try {
      ctx.fs.rename(resolve(ctx, source), to);
    } catch (error) {
      const missing = isGnu(ctx) && !ctx.fs.stat(resolve(ctx, source));
      report(ctx, missing ? wordingOf(ctx).statMissing(source) : wordingOf(ctx).moveFailed(source, target, errnoOf(error)));
      status = 1;
    }
  }
  return status;
};

/** A missing operand: busybox prints its usage; GNU names what is missing and points at --help. */
function usage(ctx: ProcessContext, synopsis: string): number {
  if (!isGnu(ctx)) {
    ctx.stderr(`${busyboxBanner}\n\nUsage: ${synopsis}\n`);
    return 1;
  }
  const operands = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  const applet = wordingOf(ctx).prefix(ctx);
  report(ctx, `${operands.length === 1 ? `missing destination file operand after '${operands[0]}'` : 'missing file operand'}\nTry '${applet} --help' for more information.`);
  return 1;
}
