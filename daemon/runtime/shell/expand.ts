/**
 * Word expansion in POSIX order: tilde, parameters (with ash's `${x:-y}` family and `${#x}`),
 * command substitution, arithmetic, then field splitting on IFS, pathname expansion against the
 * container's filesystem, and quote removal. `$(VAR)` in a pod's command is expanded by the kubelet
 * before the shell ever runs; here `$(…)` is always a command substitution.
 */
import type { List, Word, WordPart } from './ast.js';
import { ArithmeticError, evaluateArithmetic } from './arithmetic.js';
import { expandPathname, hasGlobChars, patternToRegExp } from './pattern.js';
import type { VirtualFs } from '../fs/vfs.js';

/** What expansion needs from the shell. */
export interface ExpansionScope {
  getVar(name: string): string | undefined;
  setVar(name: string, value: string): void;
  /** $0 $1 … $# $? $$ $! $- (not $@/$*, which come from positional()). */
  special(name: string): string | undefined;
  positional(): readonly string[];
  commandSubstitution(body: List): Promise<string>;
  /** A fatal expansion error: the shell prints it and exits 2. */
  fail(message: string): never;
  /** `set -u`: expanding an unset variable is a fatal error. */
  nounset: boolean;
  fs: VirtualFs;
  cwd: string;
}

interface Segment {
  text: string;
  /** Quoted text is neither split nor globbed. */
  quoted: boolean;
  /** Unquoted expansion results are split on IFS; unquoted literal text is not. */
  split: boolean;
}

type Field = { segments: Segment[]; present: boolean };

/** Expands command words: splitting and globbing apply; may yield any number of fields. */
export async function expandWords(scope: ExpansionScope, words: readonly Word[]): Promise<string[]> {
  const out: string[] = [];
  for (const word of words) {
    for (const field of splitFields(await segmentsOf(scope, word.parts), ifsOf(scope))) {
      const pattern = field.segments.map((s) => (s.quoted ? escapeGlob(s.text) : s.text)).join('');
      const text = field.segments.map((s) => s.text).join('');
      const matches = hasGlobChars(pattern) ? expandPathname(scope.fs, scope.cwd, pattern) : [];
      out.push(...(matches.length > 0 ? matches : [text]));
    }
  }
  return out;
}

/** Expands one word to one string: assignments, redirection targets, `case` subjects, here-documents. */
export async function expandWord(scope: ExpansionScope, word: Word): Promise<string> {
  return plain(await segmentsOf(scope, word.parts, true)).map((s) => s.text).join('');
}

/** Expands a pattern word: quoted characters match literally, unquoted expansions keep their wildcards. */
export async function expandPattern(scope: ExpansionScope, word: Word): Promise<string> {
  return plain(await segmentsOf(scope, word.parts, true)).map((s) => (s.quoted ? escapeGlob(s.text) : s.text)).join('');
}

function plain(segments: readonly (Segment | 'break')[]): Segment[] {
  return segments.filter((s): s is Segment => s !== 'break');
}

/** The word's pieces; `single` (no splitting) joins "$@" instead of making one field per parameter. */
async function segmentsOf(scope: ExpansionScope, parts: readonly WordPart[], single = false): Promise<(Segment | 'break')[]> {
  const segments: (Segment | 'break')[] = [];
  for (const part of parts) {
    if (part.type === 'literal') segments.push({ text: part.text, quoted: part.quoted, split: false });
    else if (part.type === 'tilde') segments.push({ text: scope.getVar('HOME') ?? '/', quoted: true, split: false });
    else if (part.type === 'param' && (part.name === '@' || part.name === '*') && !part.op && !part.length) {
      const params = scope.positional();
      if (part.quoted && part.name === '@' && !single) {
        params.forEach((p, i) => {
          if (i > 0) segments.push('break');
          segments.push({ text: p, quoted: true, split: false });
        });
      } else {
        const joined = params.join(part.quoted || single ? (ifsOf(scope)[0] ?? '') : ' ');
        segments.push({ text: joined, quoted: part.quoted, split: !part.quoted });
      }
    } else {
      const text = await valueOf(scope, part);
      segments.push({ text, quoted: part.quoted, split: !part.quoted && !single });
    }
  }
  // 'break' markers only appear for "$@"; splitFields turns them into field boundaries.
  return segments;
}

async function valueOf(scope: ExpansionScope, part: Exclude<WordPart, { type: 'literal' } | { type: 'tilde' }>): Promise<string> {
  if (part.type === 'command') return (await scope.commandSubstitution(part.body)).replace(/\n+$/, '');
  if (part.type === 'arith') {
    const text = await expandWord(scope, part.expr);
    try {
      return evaluateArithmetic(text, { get: (n) => scope.getVar(n), set: (n, v) => scope.setVar(n, v) }).toString();
    } catch (error) {
      if (error instanceof ArithmeticError) scope.fail(error.message);
      throw error;
    }
  }
  return parameter(scope, part);
}

async function parameter(scope: ExpansionScope, part: Extract<WordPart, { type: 'param' }>): Promise<string> {
  const value = part.name === '@' || part.name === '*' ? scope.positional().join(' ') : (scope.special(part.name) ?? scope.getVar(part.name));
  if (part.length) return String([...(value ?? '')].length);
  const op = part.op;
  if (!op && value === undefined && scope.nounset && !'@*!'.includes(part.name)) scope.fail(`${part.name}: parameter not set`);
  if (!op) return value ?? '';
  const arg = async (): Promise<string> => (part.arg ? expandWord(scope, part.arg) : '');
  const missing = value === undefined || (op.startsWith(':') && value === '');
  switch (op) {
    case '-':
    case ':-':
      return missing ? arg() : value!;
    case '=':
    case ':=': {
      if (!missing) return value!;
      const assigned = await arg();
      scope.setVar(part.name, assigned);
      return assigned;
    }
    case '?':
    case ':?': {
      if (!missing) return value!;
      const message = await arg();
      return scope.fail(`${part.name}: ${message || `parameter not set${op === ':?' ? ' or null' : ''}`}`);
    }
    case '+':
    case ':+':
      return missing ? '' : arg();
    default:
      return removeAffix(value ?? '', op, part.arg ? await expandPattern(scope, part.arg) : '');
  }
}

/** `${x%p}` `${x%%p}` `${x#p}` `${x##p}`: the shortest or longest matching suffix or prefix removed. */
function removeAffix(value: string, op: '%' | '%%' | '#' | '##', pattern: string): string {
  const regexp = patternToRegExp(pattern);
  const longest = op.length === 2;
  const lengths = [...Array(value.length + 1).keys()];
  if (longest) lengths.reverse();
  for (const n of lengths) {
    if (op.startsWith('#') && regexp.test(value.slice(0, n))) return value.slice(n);
    if (op.startsWith('%') && regexp.test(value.slice(value.length - n))) return value.slice(0, value.length - n);
  }
  return value;
}

function ifsOf(scope: ExpansionScope): string {
  return scope.getVar('IFS') ?? ' \t\n';
}

/** Field splitting: IFS white space separates and collapses; other IFS characters each end a field. */
function splitFields(segments: readonly (Segment | 'break')[], ifs: string): Field[] {
  const fields: Field[] = [];
  let current: Field = { segments: [], present: false };
  const end = (force: boolean): void => {
    if (force || current.present || current.segments.length > 0) fields.push(current);
    current = { segments: [], present: false };
  };
  for (const segment of segments) {
    if (segment === 'break') {
      end(true);
      continue;
    }
    if (!segment.split) {
      if (segment.quoted) current.present = true;
      if (segment.text) current.segments.push(segment);
      continue;
    }
    let text = '';
    for (const c of segment.text) {
      if (!ifs.includes(c)) {
        text += c;
        continue;
      }
      if (text) current.segments.push({ text, quoted: false, split: false });
      text = '';
      end(!' \t\n'.includes(c));
    }
    if (text) current.segments.push({ text, quoted: false, split: false });
  }
  if (current.present || current.segments.length > 0) fields.push(current);
  return fields;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
