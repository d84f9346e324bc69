/**
 * The small text filters every busybox and coreutils image has and that learners pipe into
 * (`env | sort`, `cut -d: -f1 /etc/passwd`, `seq 5`, `… | tee /data/log`): sort (-r -n -u -f -k
 * -t), uniq (-c -d -u), cut (-d -f -c -s), tr (ranges, escapes, [:classes:], -c -d -s), seq, tee (-a),
 * basename and dirname. Output follows both userlands (they agree here; uniq -c pads to 7 in both).
 * Left out: locale collation (containers run in the C locale: byte order), sort -h/-M/-V/-o.
 */
import { baseName } from '../../fs/paths.js';
import type { Program, ProcessContext } from '../../process.js';
import { complain, errnoOf, linesOf, parseArgs, readInput, resolve } from './common.js';
import { isGnu, reportBadOption } from '../userland.js';

/** Reads the operands (or stdin) into one text; a missing file is reported and skipped. */
async function readAll(ctx: ProcessContext, names: string[]): Promise<{ text: string; status: number }> {
  let text = '';
  let status = 0;
  for (const name of names.length > 0 ? names : ['-']) {
    try {
      const part = await readInput(ctx, name);
      text += part.length > 0 && !part.endsWith('\n') ? `${part}\n` : part;
    } catch (error) {
      complain(ctx, `${name}: ${errnoOf(error)}`);
      status = 1;
    }
  }
  return { text, status };
}

/**
 * sort and uniq stop at the first file they cannot open, before writing anything: busybox with
 * `can't open 'F': …` (status 1), coreutils' sort with `cannot read: F: …` (status 2, from its
 * check of every input first), its uniq with `F: …` (status 1).
 */
async function readAllOrStop(ctx: ProcessContext, names: string[]): Promise<string | number> {
  let text = '';
  for (const name of names.length > 0 ? names : ['-']) {
    try {
      const part = await readInput(ctx, name);
      text += part.length > 0 && !part.endsWith('\n') ? `${part}\n` : part;
    } catch (error) {
      const gnuSort = isGnu(ctx) && baseName(ctx.argv[0] ?? '') === 'sort';
      complain(ctx, isGnu(ctx) ? `${gnuSort ? 'cannot read: ' : ''}${name}: ${errnoOf(error)}` : `can't open '${name}': ${errnoOf(error)}`);
      return gnuSort ? 2 : 1;
    }
  }
  return text;
}

/** The numeric prefix sort -n compares: leading blanks, sign, digits, fraction; else 0. */
function numericPrefix(text: string): number {
  const match = /^\s*(-?\d*\.?\d*)/.exec(text);
  const value = Number(match?.[1] ?? '');
  return Number.isFinite(value) ? value : 0;
}

/** C-locale byte comparison. */
function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const sortProgram: Program = async (ctx) => {
  const args = parseArgs(ctx.argv.slice(1), 'rnufbs', 'kto');
  if (typeof args === 'string') return reportBadOption(ctx, args);
  const text = await readAllOrStop(ctx, args.operands);
  if (typeof text === 'number') return text;
  const separator = args.values.get('t');
  const keySpec = args.values.get('k');
  const [startField, endField] = (keySpec ?? '').split(',').map((f) => Number.parseInt(f, 10));
  // A key's own modifiers (`-k2,2n`, `-k3nr`) apply as the global options do.
  for (const modifier of (keySpec ?? '').replace(/[\d,.]/g, '')) if ('nrfb'.includes(modifier)) args.flags.add(modifier);
  const keyOf = (line: string): string => {
    if (keySpec === undefined || !startField) return line;
    // Without -t, fields are separated by the blanks before them (they belong to the next field).
    const fields = separator !== undefined ? line.split(separator) : line.match(/\s*\S+/g) ?? [];
    const last = endField ? endField : fields.length;
    return fields.slice(startField - 1, last).join(separator ?? '');
  };
  const compareKeys = (a: string, b: string): number => {
    let ka = keyOf(a);
    let kb = keyOf(b);
    if (args.flags.has('b')) [ka, kb] = [ka.trimStart(), kb.trimStart()];
    if (args.flags.has('n')) return numericPrefix(ka) - numericPrefix(kb);
    return args.flags.has('f') ? compareBytes(ka.toUpperCase(), kb.toUpperCase()) : compareBytes(ka, kb);
  };
  const sign = args.flags.has('r') ? -1 : 1;
  // Equal keys fall back to the whole line (the "last-resort comparison"), unless -u or -s.
  const lastResort = !args.flags.has('u') && !args.flags.has('s');
  const sorted = linesOf(text).sort((a, b) => sign * (compareKeys(a, b) || (lastResort ? compareBytes(a, b) : 0)));
  const unique = args.flags.has('u') ? sorted.filter((line, i) => i === 0 || compareKeys(sorted[i - 1]!, line) !== 0) : sorted;
  ctx.stdout(unique.map((l) => `${l}\n`).join(''));
  return 0;
};

export const uniqProgram: Program = async (ctx) => {
  const args = parseArgs(ctx.argv.slice(1), 'cdui');
  if (typeof args === 'string') return reportBadOption(ctx, args);
  const text = await readAllOrStop(ctx, args.operands.slice(0, 1));
  if (typeof text === 'number') return text;
  const same = (a: string, b: string): boolean => (args.flags.has('i') ? a.toLowerCase() === b.toLowerCase() : a === b);
  const groups: { line: string; count: number }[] = [];
  for (const line of linesOf(text)) {
    const last = groups.at(-1);
    if (last && same(last.line, line)) last.count++;
    else groups.push({ line, count: 1 });
  }
  for (const { line, count } of groups) {
    if ((args.flags.has('d') && count < 2) || (args.flags.has('u') && count > 1)) continue;
    ctx.stdout(args.flags.has('c') ? `${String(count).padStart(7)} ${line}\n` : `${line}\n`);
  }
  return 0;
};

/** A cut LIST (`1,3-5,7-`) as a predicate on 1-based positions; undefined when malformed. */
function parseList(list: string): ((position: number) => boolean) | undefined {
  const ranges: [number, number][] = [];
  for (const part of list.split(',')) {
    const match = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!match || (match[1] === '' && match[3] === '')) return undefined;
    const from = match[1] ? Number(match[1]) : 1;
    const to = match[2] ? (match[3] ? Number(match[3]) : Infinity) : from;
    if (from < 1) return undefined;
    ranges.push([from, to]);
  }
  return (position) => ranges.some(([from, to]) => position >= from && position <= to);
}

export const cutProgram: Program = async (ctx) => {
  const args = parseArgs(ctx.argv.slice(1), 'sn', 'dfcb');
  if (typeof args === 'string') return reportBadOption(ctx, args);
  const list = args.values.get('f') ?? args.values.get('c') ?? args.values.get('b');
  const selected = list === undefined ? undefined : parseList(list);
  if (!selected) {
    complain(ctx, list === undefined ? 'you must specify a list of bytes, characters, or fields' : `invalid byte, character or field list`);
    return 1;
  }
  const delimiter = args.values.get('d') ?? '\t';
  const { text, status } = await readAll(ctx, args.operands);
  for (const line of linesOf(text)) {
    if (!args.values.has('f')) {
      ctx.stdout(`${[...line].filter((_c, i) => selected(i + 1)).join('')}\n`);
      continue;
    }
    if (!line.includes(delimiter)) {
      if (!args.flags.has('s')) ctx.stdout(`${line}\n`);
      continue;
    }
    ctx.stdout(`${line.split(delimiter).filter((_f, i) => selected(i + 1)).join(delimiter)}\n`);
  }
  return status;
};

const classes: Record<string, string> = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  digit: '0123456789',
  space: ' \t\n\r\f\v',
  blank: ' \t',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  alnum: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
};

const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', f: '\f', v: '\v', a: '\x07', b: '\b' };

/** Expands a tr SET: `a-z`, `\n`, `[:upper:]` into its characters, in order. */
function expandSet(set: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < set.length; i++) {
    const cls = /^\[:(\w+):\]/.exec(set.slice(i));
    if (cls && classes[cls[1]!]) {
      out.push(...classes[cls[1]!]!);
      i += cls[0].length - 1;
      continue;
    }
    let char = set[i]!;
    if (char === '\\' && i + 1 < set.length) char = escapes[set[++i]!] ?? set[i]!;
    if (set[i + 1] === '-' && i + 2 < set.length) {
      const end = set[i + 2]!;
      for (let c = char.charCodeAt(0); c <= end.charCodeAt(0); c++) out.push(String.fromCharCode(c));
      i += 2;
      continue;
    }
    out.push(char);
  }
  return out;
}

export const trProgram: Program = async (ctx) => {
  const args = parseArgs(ctx.argv.slice(1), 'dsc');
  if (typeof args === 'string') return reportBadOption(ctx, args);
  const [first, second] = args.operands;
  if (first === undefined || (second === undefined && !args.flags.has('d') && !args.flags.has('s'))) {
    complain(ctx, first === undefined ? 'missing operand' : `missing operand after '${first}'`);
    return 1;
  }
  const from = expandSet(first);
  const to = second === undefined ? [] : expandSet(second);
  const input = await ctx.readStdin();
  // -c: SET1 is every character it does not name (`tr -cd '[:alnum:]'`, `tr -cs 'a-z' '\n'`); the
  // complement is far longer than SET2, so each of its characters maps to SET2's last one.
  const complement = args.flags.has('c');
  const inFrom = (char: string): boolean => from.includes(char) !== complement;
  let output = '';
  for (const char of input) {
    if (args.flags.has('d') && inFrom(char)) continue;
    const index = args.flags.has('d') || !inFrom(char) ? -1 : complement ? to.length - 1 : from.indexOf(char);
    const mapped = index >= 0 && to.length > 0 ? to[Math.min(index, to.length - 1)]! : char;
    // -s squeezes repeats of a character of the last set given.
    const squeezed = to.length > 0 ? to.includes(mapped) : inFrom(mapped);
    if (args.flags.has('s') && output.endsWith(mapped) && squeezed) continue;
    output += mapped;
  }
  ctx.stdout(output);
  return 0;
};

export const seqProgram: Program = async (ctx) => {
  const args = ctx.argv.slice(1);
  let separator = '\n';
  let pad = false;
  while (args[0] === '-s' || args[0] === '-w') {
    if (args.shift() === '-s') separator = args.shift() ?? '\n';
    else pad = true;
  }
  const numbers = args.map(Number);
  if (numbers.length < 1 || numbers.length > 3 || numbers.some((n) => !Number.isFinite(n))) {
    complain(ctx, numbers.length < 1 ? 'missing operand' : `invalid floating point argument: '${args.find((a) => !Number.isFinite(Number(a))) ?? args[3]}'`);
    return 1;
  }
  const [start, step, end] = numbers.length === 1 ? [1, 1, numbers[0]!] : numbers.length === 2 ? [numbers[0]!, 1, numbers[1]!] : [numbers[0]!, numbers[1]!, numbers[2]!];
  // The fraction digits of FIRST and INC; both userlands ignore LAST's (`seq 1 2.0` prints 1 and 2).
  const decimals = Math.max(0, ...args.slice(0, -1).map((a) => (a.includes('.') ? a.split('.')[1]!.length : 0)));
  const values: string[] = [];
  for (let n = start, i = 0; step > 0 ? n <= end + 1e-9 : n >= end - 1e-9; i++, n = start + i * step) {
    values.push(n.toFixed(decimals));
    if (step === 0 || values.length > 1_000_000) break;
  }
  const width = Math.max(...values.map((v) => v.length));
  if (values.length > 0) ctx.stdout(`${values.map((v) => (pad ? v.padStart(width, '0') : v)).join(separator)}\n`);
  return 0;
};

export const teeProgram: Program = async (ctx) => {
  const args = parseArgs(ctx.argv.slice(1), 'ai');
  if (typeof args === 'string') return reportBadOption(ctx, args);
  const input = await ctx.readStdin();
  let status = 0;
  for (const name of args.operands) {
    const path = resolve(ctx, name);
    try {
      const before = args.flags.has('a') && ctx.fs.stat(path) ? ctx.fs.readFile(path) : '';
      ctx.fs.writeFile(path, before + input);
    } catch (error) {
      complain(ctx, `${name}: ${errnoOf(error)}`);
      status = 1;
    }
  }
  ctx.stdout(input);
  return status;
};

export const basenameProgram: Program = async (ctx) => {
  const [name, suffix] = ctx.argv.slice(1);
  if (name === undefined) {
    complain(ctx, 'missing operand');
    return 1;
  }
  const base = name === '/' ? '/' : baseName(name.replace(/\/+$/, '')) || '/';
  ctx.stdout(`${suffix && base !== suffix && base.endsWith(suffix) ? base.slice(0, -suffix.length) : base}\n`);
  return 0;
};

export const dirnameProgram: Program = async (ctx) => {
  const name = ctx.argv[1];
  if (name === undefined) {
    complain(ctx, 'missing operand');
    return 1;
  }
  const trimmed = name.replace(/\/+$/, '');
  // Only slashes (`/`, `//`): the root.
  if (trimmed === '' && name.startsWith('/')) {
    ctx.stdout('/\n');
    return 0;
  }
  const cut = trimmed.lastIndexOf('/');
  ctx.stdout(`${cut < 0 ? '.' : cut === 0 ? '/' : trimmed.slice(0, cut).replace(/\/+$/, '') || '/'}\n`);
  return 0;
};
