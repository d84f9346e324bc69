/**
 * The syntax tree of a shell command line, shaped like busybox ash's parse nodes (lists of and-or
 * lists of pipelines of commands; words made of literal, parameter, command-substitution and
 * arithmetic parts). Produced by parser.ts, run by interpreter.ts.
 */

export type WordPart =
  /** Text; `quoted` when it came from quotes or a backslash (no field splitting, no globbing). */
  | { type: 'literal'; text: string; quoted: boolean }
  | { type: 'param'; name: string; op?: ParamOp; arg?: Word; length?: boolean; quoted: boolean }
  | { type: 'command'; body: List; quoted: boolean }
  | { type: 'arith'; expr: Word; quoted: boolean }
  /** `~` or `~/…` at the start of a word. */
  | { type: 'tilde' };

/** `${x-y}` `${x:-y}` `${x=y}` `${x:=y}` `${x?y}` `${x:?y}` `${x+y}` `${x:+y}` `${x%y}` `${x%%y}` `${x#y}` `${x##y}`. */
export type ParamOp = '-' | ':-' | '=' | ':=' | '?' | ':?' | '+' | ':+' | '%' | '%%' | '#' | '##';

export interface Word {
  parts: WordPart[];
  /** The word as written, for messages and keyword checks. */
  text: string;
}

export type RedirectOp = '>' | '>>' | '>|' | '<' | '<>' | '>&' | '<&' | '<<' | '<<-' | '&>';

export interface Redirect {
  /** The file descriptor redirected: 1 for `>`, 0 for `<`, or the number written before it. */
  fd: number;
  op: RedirectOp;
  /** The file name, the fd for `>&`/`<&`, or the here-document's delimiter. */
  target: Word;
  /** A here-document's body: literal when the delimiter was quoted, else with expansions. */
  heredoc?: Word;
}

export interface Assignment {
  name: string;
  value: Word;
}

export type Command =
  | { type: 'simple'; assignments: Assignment[]; words: Word[]; redirects: Redirect[]; line: number }
  | { type: 'if'; clauses: { condition: List; body: List }[]; elseBody?: List; redirects: Redirect[] }
  | { type: 'loop'; until: boolean; condition: List; body: List; redirects: Redirect[] }
  | { type: 'for'; name: string; items?: Word[]; body: List; redirects: Redirect[] }
  | { type: 'case'; subject: Word; items: { patterns: Word[]; body: List }[]; redirects: Redirect[] }
  | { type: 'subshell'; body: List; redirects: Redirect[] }
  | { type: 'group'; body: List; redirects: Redirect[] }
  | { type: 'function'; name: string; body: Command };

export interface Pipeline {
  negate: boolean;
  commands: Command[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export interface ListItem {
  andOr: AndOr;
  background: boolean;
}

export type List = ListItem[];
