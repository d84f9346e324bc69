/**
 * The shell grammar as busybox ash parses it (shell/ash.c: list, andor, pipeline, parse_command,
 * simplecmd): keywords are recognised only where a command may start, newlines are skipped where
 * ash skips them, and a syntax error names the token ash would name — `unexpected "fi"`,
 * `unexpected end of file (expecting "done")`, `unexpected newline` — so the texts match what a
 * busybox or alpine container prints. A script is parsed one top-level line at a time, as ash
 * does, so the lines before a syntax error still run. Leaves out aliases and `function` syntax.
 */
import type { Assignment, Command, List, ListItem, Pipeline, Redirect, Word } from './ast.js';
import { Lexer, ShellSyntaxError, type Operator, type Token } from './lexer.js';

const keywords = ['!', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'if', 'in', 'then', 'until', 'while', '{', '}'] as const;
type Keyword = (typeof keywords)[number];

/** Tokens that end a list (ash's tokendlist). */
const listEnders = new Set<string>(['eof', ')', ';;', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'then', '}']);

type Tok = Token | { type: 'keyword'; keyword: Keyword; word: Word };

/** Newlines are skipped (CHKNL) and keywords recognised (CHKKWD) only when the grammar says so. */
const skipNewlines = 1;
const checkKeywords = 2;

export { ShellSyntaxError };

export class Parser {
  private readonly lexer: Lexer;
  private pushedBack: Tok | undefined;
  private last: Tok = { type: 'eof' };

  constructor(source: string, start = 0, line = 1) {
    this.lexer = new Lexer(source, parseSubstitution, start, line);
  }

  /** The next top-level command line (ash's parsecmd), [] for a blank line, undefined at the end. */
  nextCommand(): List | undefined {
    const list = this.list(1);
    return list === undefined && this.last.type === 'eof' ? undefined : (list ?? []);
  }

  get line(): number {
    return this.lexer.line;
  }

  private read(flags = 0): Tok {
    let token: Tok;
    if (this.pushedBack) {
      token = this.pushedBack;
      this.pushedBack = undefined;
    } else token = this.lexer.next();
    if (flags & skipNewlines) while (token.type === 'newline') token = this.lexer.next();
    if (flags & checkKeywords && token.type === 'word' && !token.quoted && (keywords as readonly string[]).includes(token.word.text)) {
      token = { type: 'keyword', keyword: token.word.text as Keyword, word: token.word };
    }
    this.last = token;
    return token;
  }

  private pushBack(): void {
    this.pushedBack = this.last;
  }

  /** ash's list(nlflag): 1 = top level (stop at a newline), 0 = inside a compound, 2 = may be empty. */
  private list(nlflag: number): List | undefined {
    const insideCompound = (nlflag & 1) === 0;
    let items: ListItem[] | undefined;
    for (;;) {
      const token = this.read((insideCompound ? skipNewlines : 0) | checkKeywords);
      if (token.type === 'newline') return items;
      if (token.type === 'eof') {
        this.pushBack();
        return items;
      }
      this.pushBack();
      if (nlflag === 2 && listEnders.has(nameOf(token))) return items;
      nlflag |= 2;
      const andOr = this.andOr();
      const next = this.read();
      const item: ListItem = { andOr, background: isOp(next, '&') };
      (items ??= []).push(item);
      if (next.type === 'newline' && !insideCompound) return items;
      if (next.type === 'eof' || next.type === 'newline') {
        // Inside a compound the next read skips the newline; at the end the caller sees the EOF.
        this.pushBack();
        if (next.type === 'eof') return items;
        continue;
      }
      if (isOp(next, '&') || isOp(next, ';')) continue;
      if (!insideCompound) throw this.unexpected();
      this.pushBack();
      return items;
    }
  }

  private andOr(): ListItem['andOr'] {
    const first = this.pipeline();
    const rest: ListItem['andOr']['rest'] = [];
    for (;;) {
      const token = this.read();
      if (!isOp(token, '&&') && !isOp(token, '||')) {
        this.pushBack();
        return { first, rest };
      }
      rest.push({ op: token.op as '&&' | '||', pipeline: this.pipeline(skipNewlines | checkKeywords) });
    }
  }

  private pipeline(flags?: number): Pipeline {
    let negate = false;
    if (flags !== undefined) {
      this.read(flags);
      this.pushBack();
    }
    let token = this.read(checkKeywords);
    if (token.type === 'keyword' && token.keyword === '!') {
      negate = true;
      token = this.read(checkKeywords);
    }
    this.pushBack();
    const commands = [this.command()];
    while (isOp(this.read(), '|')) {
      this.read(skipNewlines | checkKeywords);
      this.pushBack();
      commands.push(this.command());
    }
    this.pushBack();
    return { negate, commands };
  }

  private command(): Command {
    const token = this.read(checkKeywords);
    let command: Command;
    if (token.type === 'word' || token.type === 'redir') {
      this.pushBack();
      return this.simpleCommand();
    }
    if (token.type === 'keyword' && token.keyword === 'if') command = this.ifCommand();
    else if (token.type === 'keyword' && (token.keyword === 'while' || token.keyword === 'until')) {
      const condition = this.list(0) ?? [];
      this.expect('do');
      command = { type: 'loop', until: token.keyword === 'until', condition, body: this.list(0) ?? [], redirects: [] };
      this.expect('done');
    } else if (token.type === 'keyword' && token.keyword === 'for') command = this.forCommand();
    else if (token.type === 'keyword' && token.keyword === 'case') return this.withRedirects(this.caseCommand());
    else if (isOp(token, '(')) {
      command = { type: 'subshell', body: this.list(0) ?? [], redirects: [] };
      this.expect(')');
    } else if (token.type === 'keyword' && token.keyword === '{') {
      command = { type: 'group', body: this.list(0) ?? [], redirects: [] };
      this.expect('}');
    } else throw this.unexpected();
    return this.withRedirects(command);
  }

  private ifCommand(): Command {
    const clauses: { condition: List; body: List }[] = [];
    let elseBody: List | undefined;
    for (;;) {
      const condition = this.list(0) ?? [];
      this.expect('then');
      clauses.push({ condition, body: this.list(0) ?? [] });
      const next = this.read();
      if (next.type === 'keyword' && next.keyword === 'elif') continue;
      if (next.type === 'keyword' && next.keyword === 'else') elseBody = this.list(0) ?? [];
      else this.pushBack();
      break;
    }
    this.expect('fi');
    return { type: 'if', clauses, elseBody, redirects: [] };
  }

  private forCommand(): Command {
    const variable = this.read();
    if (variable.type !== 'word' || variable.quoted || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable.word.text)) throw this.lexer.error('bad for loop variable');
    let items: Word[] | undefined;
    let token = this.read(skipNewlines | checkKeywords);
    if (token.type === 'keyword' && token.keyword === 'in') {
      items = [];
      while ((token = this.read()).type === 'word') items.push(token.word);
      if (token.type !== 'newline' && !isOp(token, ';')) throw this.unexpected();
    } else if (!isOp(token, ';')) this.pushBack();
    this.expect('do', skipNewlines | checkKeywords);
    const body = this.list(0) ?? [];
    this.expect('done');
    return { type: 'for', name: variable.word.text, items, body, redirects: [] };
  }

  private caseCommand(): Command {
    const subject = this.read();
    if (subject.type !== 'word') throw this.unexpected('word');
    this.expect('in', skipNewlines | checkKeywords);
    const items: { patterns: Word[]; body: List }[] = [];
    let token = this.read(skipNewlines | checkKeywords);
    while (!(token.type === 'keyword' && token.keyword === 'esac')) {
      if (isOp(token, '(')) token = this.read();
      const patterns: Word[] = [];
      for (;;) {
        if (token.type !== 'word' && token.type !== 'keyword') throw this.unexpected();
        patterns.push(token.word);
        if (!isOp(this.read(), '|')) break;
        token = this.read();
      }
      if (!isOp(this.last, ')')) throw this.unexpected(')');
      items.push({ patterns, body: this.list(2) ?? [] });
      token = this.read(skipNewlines | checkKeywords);
      if (token.type === 'keyword' && token.keyword === 'esac') break;
      if (!isOp(token, ';;')) throw this.unexpected(';;');
      token = this.read(skipNewlines | checkKeywords);
    }
    return { type: 'case', subject: subject.word, items, redirects: [] };
  }

  private simpleCommand(): Command {
    const assignments: Assignment[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    const line = this.lexer.line;
    for (;;) {
      const token = this.read();
      if (token.type === 'word') {
        const assignment = words.length === 0 ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(token.word.text) : null;
        if (assignment) assignments.push({ name: assignment[1]!, value: dropPrefix(token.word, assignment[0].length) });
        else words.push(token.word);
      } else if (token.type === 'redir') redirects.push(this.redirect(token));
      else if (isOp(token, '(') && words.length === 1 && assignments.length === 0 && redirects.length === 0) {
        this.expect(')');
        this.read(skipNewlines | checkKeywords);
        this.pushBack();
        return { type: 'function', name: words[0]!.text, body: this.command() };
      } else {
        this.pushBack();
        return { type: 'simple', assignments, words, redirects, line };
      }
    }
  }

  private withRedirects(command: Command): Command {
    if (command.type === 'simple' || command.type === 'function') return command;
    for (;;) {
      const token = this.read(checkKeywords);
      if (token.type !== 'redir') {
        this.pushBack();
        return command;
      }
      command.redirects.push(this.redirect(token));
    }
  }

  private redirect(token: Token & { type: 'redir' }): Redirect {
    const target = this.read();
    if (target.type !== 'word') throw this.unexpected();
    const fd = token.fd ?? (token.op.startsWith('<') ? 0 : 1);
    const redirect: Redirect = { fd, op: token.op, target: target.word };
    if (token.op === '<<' || token.op === '<<-') this.lexer.addHeredoc(redirect, target.word);
    return redirect;
  }

  private expect(keywordOrOp: Keyword | Operator, flags = checkKeywords): void {
    const token = this.read(flags);
    if (nameOf(token) !== keywordOrOp || token.type === 'word') throw this.unexpected(keywordOrOp);
  }

  /** ash's raise_error_unexpected_syntax: names the last token, and what was expected if one thing was. */
  private unexpected(expecting?: string): ShellSyntaxError {
    const message = `unexpected ${describe(this.last)}${expecting ? ` (expecting ${describeName(expecting)})` : ''}`;
    return new ShellSyntaxError(message, this.lexer.line);
  }

  /** Parses a substitution's body (see NestedParser). */
  parseNested(closer: ')' | 'eof'): { body: List; end: number; line: number } {
    const body = this.list(2) ?? [];
    const token = this.read();
    if (closer === ')' && !isOp(token, ')')) throw this.unexpected(')');
    if (closer === 'eof' && token.type !== 'eof') throw this.unexpected();
    return { body, end: this.lexer.pos, line: this.lexer.line };
  }
}

function parseSubstitution(source: string, pos: number, line: number, closer: ')' | 'eof'): { body: List; end: number; line: number } {
  return new Parser(source, pos, line).parseNested(closer);
}

/** Parses a whole script at once (tests, `eval`); the interpreter runs scripts line by line instead. */
export function parseScript(source: string): List {
  const parser = new Parser(source);
  const all: List = [];
  for (let list = parser.nextCommand(); list !== undefined; list = parser.nextCommand()) all.push(...list);
  return all;
}

function isOp(token: Tok, op: Operator): token is Token & { type: 'op' } {
  return token.type === 'op' && token.op === op;
}

function nameOf(token: Tok): string {
  if (token.type === 'op') return token.op;
  if (token.type === 'keyword') return token.keyword;
  return token.type;
}

function describe(token: Tok): string {
  if (token.type === 'eof') return 'end of file';
  if (token.type === 'newline') return 'newline';
  if (token.type === 'redir') return 'redirection';
  if (token.type === 'word') return 'word';
  return describeName(nameOf(token));
}

function describeName(name: string): string {
  return name === 'word' ? 'word' : `"${name}"`;
}

/** The value of `NAME=value`: the word without its `NAME=` prefix (which is always plain text). */
function dropPrefix(word: Word, length: number): Word {
  const parts = [...word.parts];
  let remaining = length;
  while (remaining > 0 && parts[0]?.type === 'literal') {
    const first = parts[0];
    if (first.text.length <= remaining) {
      remaining -= first.text.length;
      parts.shift();
    } else {
      parts[0] = { ...first, text: first.text.slice(remaining) };
      remaining = 0;
    }
  }
  return { parts, text: word.text.slice(length) };
}
