/**
 * Text filters as busybox prints them: `head`/`tail` (`-n N`, `-N`, `-c N`, `==> f <==` headers,
 * `tail -f` following a file until the process stops, the usual `tail -f /dev/null` keep-alive),
 * `wc` (busybox's `%9u` columns, bare numbers for one count) and `grep` (basic and extended
 * regular expressions via JavaScript's engine, -i -v -c -l -n -q -o -w -E -F -s -r -H -h). In GNU
 * images (userland.ts) head/tail say `cannot open 'x' for reading` and wc pads to the files' size.
 */
import { joinPath } from '../../fs/paths.js';
import type { Program, ProcessContext } from '../../process.js';
import { busyboxBanner, complain, errnoOf, linesOf, parseArgs, readInput, resolve } from './common.js';
import { isGnu, report, reportBadOption, wordingOf } from '../userland.js';
import { stopSignalOf, stoppedStatus } from './system.js';

/** `-5` → `-n 5`, the historical count syntax head and tail accept. */
function normalizeCount(args: string[]): string[] {
  return args.map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a));
}

/** Runs each input through `each`; head and tail word an unreadable file their own way (GNU). */
async function eachInput(ctx: ProcessContext, names: string[], each: (text: string, name: string) => void, opening = false): Promise<number> {
  let status = 0;
  const inputs = names.length > 0 ? names : ['-'];
  for (const name of inputs) {
    try {
      each(await readInput(ctx, name), name === '-' ? 'standard input' : name);
    } catch (error) {
      const errno = errnoOf(error);
      if (opening) report(ctx, wordingOf(ctx).openForReading(name, errno));
      else complain(ctx, `${name}: ${errno}`);
      status = 1;
    }
  }
  return status;
}

export const headProgram: Program = async (ctx) => {
  const args = parseArgs(normalizeCount(ctx.argv.slice(1)), 'qv', 'nc');
  if (typeof args === 'string') return reportBadOption(ctx, args);
  const lines = Number(args.values.get('n') ?? 10);
  const bytes = args.values.get('c');
  const headers = (args.operands.length > 1 && !args.flags.has('q')) || args.flags.has('v');
  let first = true;
  return eachInput(ctx, args.operands, (text, name) => {
    if (headers) ctx.stdout(`${first ? '' : '\n'}==> ${name} <==\n`);
    first = false;
    if (bytes !== undefined) ctx.stdout(text.slice(0, Number(bytes)));
    else ctx.stdout(text.split(/(?<=\n)/).slice(0, lines).join(''));
  }, true);
};

export const tailProgram: Program = async (ctx) => {
  // `tail +N` is the old spelling of `tail -n +N` (but `-n +N` keeps its operand as it is).
  const rawArgs = normalizeCount(ctx.argv.slice(1)).map((a, i, all) => (/^\+\d+$/.test(a) && all[i - 1] !== '-n' ? `-n${a}` : a));
  const args = parseArgs(rawArgs, 'fFqv', 'nc');
  if (typeof args === 'string') return reportBadOption(ctx, args);
  const count = args.values.get('n') ?? '10';
  const bytes = args.values.get('c');
  const headers = (args.operands.length > 1 && !args.flags.has('q')) || args.flags.has('v');
  const tailOf = (text: string): string => {
    if (bytes !== undefined) return text.slice(Math.max(0, text.length - Number(bytes)));
    const lines = text.split(/(?<=\n)/).filter((l) => l !== '');
    return count.startsWith('+') ? lines.slice(Number(count.slice(1)) - 1).join('') : lines.slice(Math.max(0, lines.length - Number(count))).join('');
  };
  let first = true;
  const status = await eachInput(ctx, args.operands, (text, name) => {
    if (headers) ctx.stdout(`${first ? '' : '\n'}==> ${name} <==\n`);
    first = false;
    ctx.stdout(tailOf(text));
  }, true);
  if (!args.flags.has('f') && !args.flags.has('F')) return status;
  return follow(ctx, args.operands.filter((n) => n !== '-'));
};

/** tail -f: prints what is appended to the files, checking once a second, until the process stops. */
async function follow(ctx: ProcessContext, names: string[]): Promise<number> {
  const read = (name: string): string => {
    try {
      return ctx.fs.readFile(resolve(ctx, name));
    } catch (error) {
      errnoOf(error);
      return '';
    }
  };
  const seen = new Map(names.map((n) => [n, read(n).length]));
  const stop = stopSignalOf(ctx);
  while (!stop.aborted) {
    await ctx.clock.sleep(1000, stop);
    for (const name of names) {
      const text = read(name);
      const from = seen.get(name)!;
      if (text.length > from) ctx.stdout(text.slice(from));
      seen.set(name, text.length);
    }
  }
  return stoppedStatus(ctx) ?? 0;
}

export const wcProgram: Program = async (ctx) => {
  const args = parseArgs(ctx.argv.slice(1), 'lwmcL');
  if (typeof args === 'string') return reportBadOption(ctx, args);
  const selected = ['l', 'w', 'c', 'm', 'L'].filter((f) => args.flags.has(f));
  const kinds = selected.length > 0 ? selected : ['l', 'w', 'c'];
  const bare = kinds.length === 1 && args.operands.length <= 1;
  // GNU wc pads every count to one width: the digits of the files' total size, 7 when stdin is read.
  const gnuWidth = isGnu(ctx) ? gnuCountWidth(ctx, args.operands) : 0;
  const totals = new Map<string, number>();
  const status = await eachInput(ctx, args.operands, (text, name) => {
    const counts: Record<string, number> = {
      l: (text.match(/\n/g) ?? []).length,
      w: text.split(/\s+/).filter((w) => w !== '').length,
      c: Buffer.byteLength(text),
      m: [...text].length,
      L: Math.max(0, ...text.split('\n').map((l) => l.length)),
    };
    const columns = kinds.map((k, i) => {
      totals.set(k, (totals.get(k) ?? 0) + counts[k]!);
      if (bare) return String(counts[k]);
      return gnuWidth ? `${i === 0 ? '' : ' '}${String(counts[k]).padStart(gnuWidth)}` : `${i === 0 ? '' : ' '}${String(counts[k]).padStart(9)}`;
    });
    ctx.stdout(`${columns.join('')}${args.operands.length === 0 ? '\n' : ` ${name}\n`}`);
  });
  if (args.operands.length > 1) ctx.stdout(`${kinds.map((k, i) => `${i === 0 ? '' : ' '}${String(totals.get(k) ?? 0).padStart(gnuWidth || 9)}`).join('')} total\n`);
  return status;
};

function gnuCountWidth(ctx: ProcessContext, names: string[]): number {
  if (names.length === 0 || names.includes('-')) return 7;
  const total = names.reduce((sum, name) => sum + (ctx.fs.stat(resolve(ctx, name))?.size ?? 0), 0);
  return Math.max(1, String(total).length);
}

export const grepProgram: Program = async (ctx) => {
  const args = parseArgs(ctx.argv.slice(1), 'HhnlLcoqvsrRiwFExz', 'emABC');
  if (typeof args === 'string') return reportBadOption(ctx, args);
  const operands = [...args.operands];
  const pattern = args.values.get('e') ?? operands.shift();
  if (pattern === undefined) {
    ctx.stderr(`${busyboxBanner}\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n`);
    return 2;
  }
  let regexp: RegExp;
  try {
    regexp = compile(pattern, args);
  } catch {
    // JavaScript rejected the pattern: grep reports it as a bad regex.
    complain(ctx, `bad regex '${pattern}'`);
    return 2;
  }
  const files = args.flags.has('r') || args.flags.has('R') ? expandRecursive(ctx, operands.length > 0 ? operands : ['.']) : operands;
  const withNames = !args.flags.has('h') && (files.length > 1 || args.flags.has('H') || args.flags.has('r'));
  let matched = false;
  let status = 0;
  for (const name of files.length > 0 ? files : ['-']) {
    let text: string;
    try {
      text = await readInput(ctx, name);
    } catch (error) {
      if (!args.flags.has('s')) complain(ctx, `${name}: ${errnoOf(error)}`);
      status = 2;
      continue;
    }
    const label = name === '-' ? '(standard input)' : name;
    const hits = linesOf(text)
      .map((line, i) => ({ line, number: i + 1 }))
      .filter(({ line }) => regexp.test(line) !== args.flags.has('v'));
    const limit = args.values.has('m') ? Number(args.values.get('m')) : Infinity;
    const shown = hits.slice(0, limit);
    if (shown.length > 0) matched = true;
    if (args.flags.has('q')) {
      if (matched) return 0;
      continue;
    }
    if (args.flags.has('l')) {
      if (shown.length > 0) ctx.stdout(`${label}\n`);
      continue;
    }
    if (args.flags.has('L')) {
      if (shown.length === 0) ctx.stdout(`${label}\n`);
      continue;
    }
    if (args.flags.has('c')) {
      ctx.stdout(`${withNames ? `${label}:` : ''}${shown.length}\n`);
      continue;
    }
    for (const { line, number } of shown) {
      const prefix = `${withNames ? `${label}:` : ''}${args.flags.has('n') ? `${number}:` : ''}`;
      if (args.flags.has('o')) for (const m of line.match(new RegExp(regexp.source, `g${regexp.flags}`)) ?? []) ctx.stdout(`${prefix}${m}\n`);
      else ctx.stdout(`${prefix}${line}\n`);
    }
  }
  if (status === 2 && !matched) return 2;
  return matched ? 0 : 1;
};

/** POSIX basic regular expressions use \( \) \{ \} \| \+ \?; extended ones the bare characters. */
function compile(pattern: string, args: { flags: Set<string> }): RegExp {
  let source: string;
  if (args.flags.has('F')) source = pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  else if (args.flags.has('E')) source = pattern;
  else source = pattern.replace(/\\([(){}|+?])|([(){}|+?])/g, (_m, escaped: string | undefined, bare: string | undefined) => (escaped ? escaped : `\\${bare}`));
  if (args.flags.has('w')) source = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`;
  if (args.flags.has('x')) source = `^(?:${source})$`;
  return new RegExp(source, args.flags.has('i') ? 'i' : '');
}

function expandRecursive(ctx: ProcessContext, names: string[]): string[] {
  const out: string[] = [];
  const walk = (name: string): void => {
    const stat = ctx.fs.stat(resolve(ctx, name));
    if (stat?.type !== 'dir') {
      out.push(name);
      return;
    }
    for (const child of ctx.fs.readdir(resolve(ctx, name))) walk(name === '.' ? child : joinPath(name, child).replace(/^\//, name.startsWith('/') ? '/' : ''));
  };
  names.forEach(walk);
  return out;
}
