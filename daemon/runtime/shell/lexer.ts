/**
 * The shell's tokenizer, following POSIX token recognition as busybox ash implements it: operators
 * (`;` `;;` `&` `&&` `|` `||` `(` `)` newline), redirections with an optional fd number, and words
 * with their quoting and expansions (`'…'`, `"…"`, `\x`, `$x`, `${x…}`, `$(…)`, `` `…` ``,
 * `$((…))`, `~`). Keywords are not decided here: the parser does that, by position, as ash does.
 * Errors use ash's texts ("unterminated quoted string", "missing '}'", "missing '))'").
 */
import type { List, ParamOp, Redirect, RedirectOp, Word, WordPart } from './ast.js';

export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export type Operator = ';' | ';;' | '&' | '&&' | '|' | '||' | '(' | ')';

export type Token =
  | { type: 'word'; word: Word; quoted: boolean }
  | { type: 'op'; op: Operator }
  | { type: 'redir'; op: RedirectOp; fd?: number }
  | { type: 'newline' }
  | { type: 'eof' };

/**
 * Parses a command substitution: `$(…)` from pos (just after the parenthesis) up to and including
 * its `)`, or a backquoted body (already unescaped) to its end.
 */
export type NestedParser = (source: string, pos: number, line: number, closer: ')' | 'eof') => { body: List; end: number; line: number };

type Mode = 'word' | 'dquote' | 'brace' | 'template';

const operatorChars = new Set([';', '&', '|', '(', ')', '<', '>', '\n']);
const specialParams = new Set(['@', '*', '#', '?', '$', '!', '-', '0']);
const nameStart = /[A-Za-z_]/;
const nameChar = /[A-Za-z0-9_]/;

export class Lexer {
  pos: number;
  line: number;
  /** Here-documents whose bodies start after the next newline. */
  private readonly pendingHeredocs: { redirect: Redirect; quoted: boolean; strip: boolean; delimiter: string }[] = [];

  constructor(
    readonly source: string,
    private readonly nested: NestedParser,
    start = 0,
    line = 1,
  ) {
    this.pos = start;
    this.line = line;
  }

  next(): Token {
    this.skipBlanks();
    const c = this.source[this.pos];
    if (c === undefined) return { type: 'eof' };
    if (c === '#') {
      while (this.pos < this.source.length && this.source[this.pos] !== '\n') this.pos++;
      return this.next();
    }
    if (c === '\n') {
      this.pos++;
      this.line++;
      this.readHeredocBodies();
      return { type: 'newline' };
    }
    const fd = /^(\d+)[<>]/.exec(this.source.slice(this.pos, this.pos + 12));
    if (fd) {
      this.pos += fd[1]!.length;
      return { ...this.readRedirect(), fd: Number(fd[1]) };
    }
    if (c === '<' || c === '>' || (c === '&' && this.source[this.pos + 1] === '>')) return this.readRedirect();
    if (operatorChars.has(c)) return { type: 'op', op: this.readOperator() };
    const start = this.pos;
    const parts = this.readParts('word');
    const text = this.source.slice(start, this.pos);
    return { type: 'word', word: { parts, text }, quoted: /['"\\]/.test(text) };
  }

  /** Registers a here-document; its body is read after the next newline (ash's parseheredoc). */
  addHeredoc(redirect: Redirect, delimiter: Word): void {
    const quoted = /['"\\]/.test(delimiter.text);
    const text = delimiter.parts.map((p) => (p.type === 'literal' ? p.text : '')).join('');
    this.pendingHeredocs.push({ redirect, quoted, strip: redirect.op === '<<-', delimiter: text });
  }

  private skipBlanks(): void {
    for (;;) {
      const c = this.source[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && this.source[this.pos + 1] === '\n') {
        this.pos += 2;
        this.line++;
      } else return;
    }
  }

  private readOperator(): Operator {
    const two = this.source.slice(this.pos, this.pos + 2);
    if (two === ';;' || two === '&&' || two === '||') {
      this.pos += 2;
      return two;
    }
    return this.source[this.pos++] as Operator;
  }

  private readRedirect(): Token & { type: 'redir' } {
    const rest = this.source.slice(this.pos, this.pos + 3);
    const op = (['<<-', '&>', '>>', '>|', '>&', '<<', '<>', '<&', '>', '<'] as const).find((o) => rest.startsWith(o))!;
    this.pos += op.length;
    return { type: 'redir', op };
  }

  /** Reads word parts until the mode's terminator (not consumed). */
  private readParts(mode: Mode): WordPart[] {
    const parts: WordPart[] = [];
    let text = '';
    let quoted = false;
    const push = (part: WordPart): void => {
      flush();
      parts.push(part);
    };
    const flush = (): void => {
      if (text) parts.push({ type: 'literal', text, quoted });
      text = '';
    };
    const literal = (s: string, isQuoted: boolean): void => {
      if (isQuoted !== quoted) flush();
      quoted = isQuoted;
      text += s;
    };
    const inQuotes = mode === 'dquote';
    if (mode === 'word' && this.source[this.pos] === '~') {
      const after = this.source[this.pos + 1];
      if (after === undefined || after === '/' || operatorChars.has(after) || after === ' ' || after === '\t') {
        this.pos++;
        push({ type: 'tilde' });
      }
    }
    for (;;) {
      const c = this.source[this.pos];
      if (c === undefined) {
        if (mode === 'dquote') throw this.error('unterminated quoted string');
        if (mode === 'brace') throw this.error("missing '}'");
        break;
      }
      if (mode === 'word' && (c === ' ' || c === '\t' || operatorChars.has(c))) break;
      if (mode === 'dquote' && c === '"') break;
      if (mode === 'brace' && c === '}') break;
      if (c === '\\') {
        const n = this.source[this.pos + 1];
        if (n === '\n') {
          this.pos += 2;
          this.line++;
          continue;
        }
        if (n === undefined) {
          this.pos++;
          literal('\\', inQuotes);
          continue;
        }
        // Inside double quotes and here-documents a backslash escapes only $ ` " \ (and " only in quotes).
        if ((mode === 'dquote' || mode === 'template') && !'$`\\'.includes(n) && !(mode === 'dquote' && n === '"')) {
          this.pos++;
          literal('\\', inQuotes || mode === 'template');
          continue;
        }
        this.pos += 2;
        literal(n, true);
        continue;
      }
      if (c === "'" && (mode === 'word' || mode === 'brace')) {
        const end = this.source.indexOf("'", this.pos + 1);
        if (end < 0) throw this.error('unterminated quoted string');
        const body = this.source.slice(this.pos + 1, end);
        this.line += body.split('\n').length - 1;
        this.pos = end + 1;
        flush();
        parts.push({ type: 'literal', text: body, quoted: true });
        continue;
      }
      if (c === '"' && (mode === 'word' || mode === 'brace')) {
        this.pos++;
        const inner = this.readParts('dquote');
        this.pos++;
        flush();
        // "" still makes a (possibly empty) quoted field.
        parts.push(...(inner.length > 0 ? inner : [{ type: 'literal' as const, text: '', quoted: true }]));
        continue;
      }
      if (c === '$') {
        const part = this.readDollar(inQuotes || mode === 'template');
        if (part) push(part);
        else {
          this.pos++;
          literal('$', inQuotes);
        }
        continue;
      }
      if (c === '`') {
        push(this.readBackquote(inQuotes || mode === 'template'));
        continue;
      }
      if (c === '\n') this.line++;
      this.pos++;
      literal(c, inQuotes || mode === 'template');
    }
    flush();
    return parts;
  }

  /** Reads a `$` expansion at pos, or returns undefined for a lone `$`. */
  private readDollar(quoted: boolean): WordPart | undefined {
    const c = this.source[this.pos + 1];
    if (c === '(' && this.source[this.pos + 2] === '(') return this.readArithmetic(quoted);
    if (c === '(') {
      const { body, end, line } = this.nested(this.source, this.pos + 2, this.line, ')');
      this.pos = end;
      this.line = line;
      return { type: 'command', body, quoted };
    }
    if (c === '{') return this.readBraced(quoted);
    if (c !== undefined && (specialParams.has(c) || /[1-9]/.test(c))) {
      this.pos += 2;
      return { type: 'param', name: c, quoted };
    }
    if (c !== undefined && nameStart.test(c)) {
      let end = this.pos + 1;
      while (end < this.source.length && nameChar.test(this.source[end]!)) end++;
      const name = this.source.slice(this.pos + 1, end);
      this.pos = end;
      return { type: 'param', name, quoted };
    }
    return undefined;
  }

  private readBraced(quoted: boolean): WordPart {
    this.pos += 2;
    let length = false;
    if (this.source[this.pos] === '#' && this.source[this.pos + 1] !== '}') {
      length = true;
      this.pos++;
    }
    let name = '';
    const c = this.source[this.pos];
    if (c === undefined) throw this.error("missing '}'");
    if (nameStart.test(c)) {
      while (this.pos < this.source.length && nameChar.test(this.source[this.pos]!)) name += this.source[this.pos++];
    } else if (/\d/.test(c)) {
      while (/\d/.test(this.source[this.pos] ?? '')) name += this.source[this.pos++];
    } else if (specialParams.has(c)) {
      name = c;
      this.pos++;
    }
    if (!name) throw this.error('bad substitution');
    if (this.source[this.pos] === '}') {
      this.pos++;
      return { type: 'param', name, length, quoted };
    }
    if (length) throw this.error('bad substitution');
    const op = (['%%', '##', ':-', ':=', ':?', ':+', '-', '=', '?', '+', '%', '#'] as const).find((o) => this.source.startsWith(o, this.pos));
    if (!op) {
      if (this.pos >= this.source.length) throw this.error("missing '}'");
      throw this.error('bad substitution');
    }
    this.pos += op.length;
    const start = this.pos;
    const parts = this.readParts('brace');
    const arg: Word = { parts: quoted ? parts.map((p) => (p.type === 'tilde' ? p : { ...p, quoted: true })) : parts, text: this.source.slice(start, this.pos) };
    this.pos++;
    return { type: 'param', name, op: op as ParamOp, arg, quoted };
  }

  private readArithmetic(quoted: boolean): WordPart {
    const start = this.pos + 3;
    let depth = 0;
    let i = start;
    for (; i < this.source.length; i++) {
      const c = this.source[i];
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0 && this.source[i + 1] === ')') break;
        depth--;
      }
    }
    if (i >= this.source.length) throw this.error("missing '))'");
    const text = this.source.slice(start, i);
    const inner = new Lexer(text, this.nested, 0, this.line);
    const parts = inner.readParts('template');
    this.pos = i + 2;
    return { type: 'arith', expr: { parts, text }, quoted };
  }

  private readBackquote(quoted: boolean): WordPart {
    let i = this.pos + 1;
    let body = '';
    for (;;) {
      const c = this.source[i];
      if (c === undefined) throw this.error('EOF in backquote substitution');
      if (c === '`') break;
      if (c === '\\' && '$`\\'.includes(this.source[i + 1] ?? '')) {
        body += this.source[i + 1];
        i += 2;
        continue;
      }
      body += c;
      i++;
    }
    const { body: list } = this.nested(body, 0, this.line, 'eof');
    this.line += body.split('\n').length - 1;
    this.pos = i + 1;
    return { type: 'command', body: list, quoted };
  }

  private readHeredocBodies(): void {
    for (const pending of this.pendingHeredocs.splice(0)) {
      const lines: string[] = [];
      for (;;) {
        if (this.pos >= this.source.length) break;
        const end = this.source.indexOf('\n', this.pos);
        let line = this.source.slice(this.pos, end < 0 ? undefined : end);
        this.pos = end < 0 ? this.source.length : end + 1;
        this.line++;
        if (pending.strip) line = line.replace(/^\t+/, '');
        if (line === pending.delimiter) break;
        lines.push(`${line}\n`);
      }
      const text = lines.join('');
      pending.redirect.heredoc = pending.quoted
        ? { parts: [{ type: 'literal', text, quoted: true }], text }
        : { parts: new Lexer(text, this.nested, 0, this.line).readParts('template'), text };
    }
  }

  error(message: string): ShellSyntaxError {
    return new ShellSyntaxError(message, this.line);
  }
}
