/**
 * `ls` as busybox prints it: one name per line when stdout is not a terminal (container logs,
 * `kubectl exec` without -t), columns 80 wide on a terminal; `-l` rows
 * (`-rw-r--r--    1 root     root            12 Jan  1 00:00 name`) with a `total` line for
 * directories; `-a`/`-A`, `-d`, `-F`/`-p`, `-r`, `-t`, `-S`, `-R`, `-1`. Leaves out colours,
 * symlinks and inode numbers (the virtual filesystem has none). In GNU images (userland.ts) the
 * -l columns are as wide as their widest cell and a missing name is `cannot access 'x'`.
 */
import { joinPath } from '../../fs/paths.js';
import type { VfsStat } from '../../fs/vfs.js';
import type { Program, ProcessContext } from '../../process.js';
import { complain, parseArgs, resolve, type ParsedArgs } from './common.js';
import { isGnu, reportBadOption, wordingOf } from '../userland.js';

interface Entry {
  name: string;
  path: string;
  stat: VfsStat;
}

const sixMonthsMs = (365 / 2) * 24 * 3600 * 1000;
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const lsProgram: Program = async (ctx) => {
  const args = parseArgs(ctx.argv.slice(1), '1aAdFplrtSRhnCx');
  if (typeof args === 'string') return reportBadOption(ctx, args);
  const operands = args.operands.length > 0 ? args.operands : ['.'];
  let status = 0;
  const files: Entry[] = [];
  const dirs: Entry[] = [];
  for (const name of operands) {
    const path = resolve(ctx, name);
    const stat = ctx.fs.stat(path);
    if (!stat) {
      complain(ctx, wordingOf(ctx).lsMissing(name));
      status = 1;
      continue;
    }
    (stat.type === 'dir' && !args.flags.has('d') ? dirs : files).push({ name, path, stat });
  }
  const out: string[] = [];
  if (files.length > 0) out.push(render(ctx, args, sortEntries(args, files)));
  const showHeaders = operands.length > 1 || args.flags.has('R');
  for (const dir of sortEntries(args, dirs)) listDirectory(ctx, args, dir, showHeaders, out);
  ctx.stdout(out.join('\n'));
  return status;
};

function listDirectory(ctx: ProcessContext, args: ParsedArgs, dir: Entry, showHeader: boolean, out: string[]): void {
  const entries: Entry[] = [];
  if (args.flags.has('a')) {
    entries.push({ name: '.', path: dir.path, stat: dir.stat });
    entries.push({ name: '..', path: joinPath(dir.path, '..'), stat: ctx.fs.stat(joinPath(dir.path, '..')) ?? dir.stat });
  }
  for (const name of ctx.fs.readdir(dir.path)) {
    if (name.startsWith('.') && !args.flags.has('a') && !args.flags.has('A')) continue;
    const path = joinPath(dir.path, name);
    const stat = ctx.fs.stat(path);
    if (stat) entries.push({ name, path, stat });
  }
  const sorted = sortEntries(args, entries);
  let text = showHeader ? `${dir.name}:\n` : '';
  if (args.flags.has('l')) text += `total ${isGnu(ctx) ? gnuTotalBlocks(sorted) : totalBlocks(sorted)}\n`;
  text += render(ctx, args, sorted);
  out.push(text);
  if (args.flags.has('R')) {
    for (const entry of sorted) {
      if (entry.stat.type === 'dir' && entry.name !== '.' && entry.name !== '..') {
        listDirectory(ctx, args, { ...entry, name: `${dir.name.replace(/\/$/, '')}/${entry.name}` }, true, out);
      }
    }
  }
}

function sortEntries(args: ParsedArgs, entries: Entry[]): Entry[] {
  const sorted = [...entries].sort((a, b) => {
    if (args.flags.has('t') && a.stat.mtimeMs !== b.stat.mtimeMs) return b.stat.mtimeMs - a.stat.mtimeMs;
    if (args.flags.has('S') && a.stat.size !== b.stat.size) return b.stat.size - a.stat.size;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  return args.flags.has('r') ? sorted.reverse() : sorted;
}

function render(ctx: ProcessContext, args: ParsedArgs, entries: Entry[]): string {
  const names = entries.map((e) => e.name + indicator(args, e.stat));
  if (args.flags.has('l') || args.flags.has('n')) {
    if (isGnu(ctx)) return gnuLongLines(ctx, args, entries, names);
    return entries.map((e, i) => `${longLine(ctx, e, args)}${names[i]}\n`).join('');
  }
  // Not a terminal: one per line (busybox implies -1). On a terminal: columns, filled down first.
  if (!ctx.readLine || args.flags.has('1') || names.length === 0) return names.map((n) => `${n}\n`).join('');
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const columns = Math.max(1, Math.floor(80 / width));
  const rows = Math.ceil(names.length / columns);
  let text = '';
  for (let row = 0; row < rows; row++) {
    const cells: string[] = [];
    for (let column = 0; column < columns; column++) {
      const name = names[column * rows + row];
      if (name !== undefined) cells.push(name);
    }
    text += `${cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(width) : c)).join('')}\n`;
  }
  return text;
}

function indicator(args: ParsedArgs, stat: VfsStat): string {
  if (stat.type === 'dir' && (args.flags.has('F') || args.flags.has('p'))) return '/';
  if (stat.type === 'file' && args.flags.has('F') && (stat.mode & 0o111) !== 0) return '*';
  return '';
}

/** `drwxr-xr-x    2 root     root          4096 Jan  1 00:00 ` (busybox's widths). */
function longLine(ctx: ProcessContext, entry: Entry, args: ParsedArgs): string {
  const { stat } = entry;
  const links = stat.type === 'dir' ? 2 + countSubdirectories(ctx, entry) : 1;
  const owner = args.flags.has('n') ? '0       ' : 'root    ';
  const size = args.flags.has('h') ? humanSize(stat.size) : String(stat.size);
  return `${modeString(stat).padEnd(10)} ${String(links).padStart(4)} ${owner} ${owner} ${size.padStart(9)} ${timeString(ctx.clock.now(), stat.mtimeMs)} `;
}

/**
 * GNU ls -l: each column as wide as its widest cell in this listing, one space between
 * (`-rw-r--r-- 1 root root   12 Jan  1 00:00 name`).
 */
function gnuLongLines(ctx: ProcessContext, args: ParsedArgs, entries: Entry[], names: string[]): string {
  const owner = args.flags.has('n') ? '0' : 'root';
  const cells = entries.map((e) => ({
    mode: modeString(e.stat),
    links: String(e.stat.type === 'dir' ? 2 + countSubdirectories(ctx, e) : 1),
    size: args.flags.has('h') ? humanSize(e.stat.size) : String(e.stat.size),
    time: timeString(ctx.clock.now(), e.stat.mtimeMs),
  }));
  const linkWidth = Math.max(0, ...cells.map((c) => c.links.length));
  const sizeWidth = Math.max(0, ...cells.map((c) => c.size.length));
  return cells.map((c, i) => `${c.mode} ${c.links.padStart(linkWidth)} ${owner} ${owner} ${c.size.padStart(sizeWidth)} ${c.time} ${names[i]}\n`).join('');
}

/** GNU's total: 1 KiB units of the blocks allocated, a 4 KiB block per started 4 KiB. */
function gnuTotalBlocks(entries: Entry[]): number {
  return entries.reduce((sum, e) => sum + Math.ceil(e.stat.size / 4096) * 4, 0);
}

function countSubdirectories(ctx: ProcessContext, entry: Entry): number {
  try {
    return ctx.fs.readdir(entry.path).filter((n) => ctx.fs.stat(joinPath(entry.path, n))?.type === 'dir').length;
  } catch {
    // /proc entries and vanished directories have no countable children; show 2 links.
    return 0;
  }
}

export function modeString(stat: VfsStat): string {
  const bits = 'rwxrwxrwx'
    .split('')
    .map((c, i) => ((stat.mode >> (8 - i)) & 1 ? c : '-'))
    .join('');
  return `${stat.type === 'dir' ? 'd' : '-'}${bits}`;
}

/** ctime's "Mmm dd hh:mm", or "Mmm dd  yyyy" for times over six months old (or in the future). */
function timeString(now: number, mtimeMs: number): string {
  const d = new Date(mtimeMs);
  const day = `${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)}`;
  const age = now - mtimeMs;
  if (age < sixMonthsMs && age > -15 * 60 * 1000) return `${day} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return `${day}  ${d.getUTCFullYear()}`;
}

/** Kilobyte blocks as busybox adds them up: 4 KiB per started block, halved from 512-byte units. */
function totalBlocks(entries: Entry[]): number {
  const blocks = entries.reduce((sum, e) => sum + (e.stat.size > 0 ? Math.ceil(e.stat.size / 4096) * 8 : 0), 1);
  return blocks >> 1;
}

function humanSize(bytes: number): string {
  if (bytes < 1024) return String(bytes);
  const units = ['K', 'M', 'G', 'T'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)}${units[unit]}`;
}
