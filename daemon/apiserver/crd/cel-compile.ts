/**
 * Compilation of x-kubernetes-validations rules (apiextensions' cel.Compile): parse, type-check
 * against the schema node the rule sits on (`self`/`oldSelf` typed from the structural schema:
 * objects with their escaped fields, maps, lists, int vs double, int-or-string as dyn), the bool
 * result check, oldSelf detection and the messageExpression's string check. Errors read as cel-go
 * prints its issues: `ERROR: <input>:1:9: Syntax error: …` followed by the source line and a caret
 * line. Compiled rules are cached per schema node, so each CRD's rules compile once.
 *
 * Approximated: syntax error wording follows ANTLR's common forms (mismatched input, token
 * recognition error) rather than every case, and the checker is the library's, not cel-go's.
 * Rules with optionalOldSelf are checked with `self`/`oldSelf` dynamic (oldSelf is an optional
 * there, which the typed declarations do not express). Left out: the static cost estimates
 * (estimated rule cost / total cost limits).
 */
import { ParseError, type Environment } from '@marcbachmann/cel-js';
import { k8sCelBase, k8sCelEnvironment } from './cel-k8s-library.js';
import { escapeCelName } from './cel-values.js';
import type { JsonSchema, ValidationRule } from './schema-validation.js';

type Program = (context: Record<string, unknown>) => unknown;

export interface CompiledRule {
  rule: ValidationRule;
  /** The compile error, as the detail of the field error (`compilation failed: ERROR: …`). */
  error?: string;
  program?: Program;
  usesOldSelf: boolean;
  /** optionalOldSelf on a transition rule: oldSelf is a CEL optional, and the rule runs on create too. */
  optionalOldSelf?: boolean;
  messageError?: string;
  messageProgram?: Program;
  /** fieldPath as a field path under the rule's node (`spec.replicas` style), if valid. */
  fieldPath?: string;
}

/** Positions as cel-go prints them: `<input>:line:column`, then the line and a caret under it. */
export function celIssue(source: string, offset: number, message: string): string {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  const column = [...before.slice(before.lastIndexOf('\n') + 1)].length;
  const text = source.split('\n')[line - 1] ?? '';
  return `ERROR: <input>:${line}:${column + 1}: ${message}\n | ${text}\n | ${'.'.repeat(column)}^`;
}

const tokenNames: Record<string, string> = { EOF: "'<EOF>'", RPAREN: "')'", RBRACKET: "']'", RBRACE: "'}'", COLON: "':'", COMMA: "','", DOT: "'.'", LPAREN: "'('" };
const operandStart = "{'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}";

/** A parse error in ANTLR's words, as cel-go reports it. */
function syntaxIssue(source: string, err: ParseError): string {
  const start = err.range?.start ?? 0;
  const summary = err.summary ?? err.message;
  const seen = (token: string): string => (token === 'EOF' ? "'<EOF>'" : `'${source.slice(start, err.range?.end ?? start + 1) || token}'`);
  let text: string;
  let m: RegExpExecArray | null;
  if ((m = /^Unexpected token: (\w+)/.exec(summary))) text = `mismatched input ${seen(m[1]!)} expecting ${operandStart}`;
  else if ((m = /^Expected (\w+), got (\w+)/.exec(summary))) text = `mismatched input ${seen(m[2]!)} expecting ${tokenNames[m[1]!] ?? m[1]}`;
  else if (/^Unexpected character|^Unterminated/.test(summary)) text = `token recognition error at: '${source.slice(start, err.range?.end ?? start + 1)}'`;
  else text = summary.replace(/\n[\s\S]*$/, '');
  return celIssue(source, start, `Syntax error: ${text}`);
}

const binaryNames: Record<string, string> = { '+': '_+_', '-': '_-_', '*': '_*_', '/': '_/_', '%': '_%_', '==': '_==_', '!=': '_!=_', '<': '_<_', '<=': '_<=_', '>': '_>_', '>=': '_>=_', in: '@in' };

/**
 * Where cel-go places an error on a node: an operator at its token, a call at its parenthesis
 * (the library places both at the node's start).
 */
function tokenOffset(source: string, node: AstNode | undefined, fallback: number): number {
  if (!node) return fallback;
  const args = node.args as unknown[];
  if (node.op in binaryNames && Array.isArray(args) && (args[0] as AstNode | undefined)?.end !== undefined) {
    const at = source.indexOf(node.op, (args[0] as AstNode).end);
    return at >= 0 ? at : fallback;
  }
  if (node.op === 'call' || node.op === 'rcall') {
    const from = node.op === 'rcall' ? ((args[1] as AstNode | undefined)?.end ?? node.start) : node.start;
    const at = source.indexOf('(', from);
    return at >= 0 ? at : fallback;
  }
  return fallback;
}

/** A type-check error in cel-go's words. */
function checkIssue(source: string, err: { summary?: string; message: string; range?: { start: number }; node?: unknown }): string {
  const summary = (err.summary ?? err.message).replace(/\n[\s\S]*$/, '');
  let offset = tokenOffset(source, err.node as AstNode | undefined, err.range?.start ?? 0);
  let m: RegExpExecArray | null;
  let text = summary;
  if ((m = /^No such key: (.*)$/.exec(summary))) {
    text = `undefined field '${m[1]}'`;
    // cel-go places a select's error at its dot.
    const dot = source.lastIndexOf('.', offset);
    if (dot >= 0 && source.slice(dot + 1, offset).trim() === '') offset = dot;
  } else if ((m = /^Unknown variable: (.*)$/.exec(summary))) text = `undeclared reference to '${m[1]}' (in container '')`;
  else if ((m = /^no such overload: (\S+) (\S+) (\S+)$/.exec(summary)) && binaryNames[m[2]!]) text = `found no matching overload for '${binaryNames[m[2]!]}' applied to '(${m[1]}, ${m[3]})'`;
  else if ((m = /^found no matching overload for '(?:([\w<>, ]+)\.)?(\w+)\((.*)\)'$/.exec(summary))) text = `found no matching overload for '${m[2]}' applied to '${m[1] ? `${m[1]}.` : ''}(${m[3]})'`;
  return celIssue(source, offset, text);
}

// ---- self's declared type, from the structural schema (model.SchemaDeclType) ----

let typeCounter = 0;

function declare(env: Environment, schema: JsonSchema, resourceRoot: boolean): string {
  if (schema['x-kubernetes-int-or-string']) return 'dyn';
  switch (schema.type) {
    case 'integer':
      return 'int';
    case 'number':
      return 'double';
    case 'string':
      return schema.format === 'date-time' ? 'google.protobuf.Timestamp' : schema.format === 'duration' ? 'google.protobuf.Duration' : 'string';
    case 'boolean':
      return 'bool';
    case 'array':
      return schema.items ? `list<${declare(env, schema.items, schema.items['x-kubernetes-embedded-resource'] === true)}>` : 'list<dyn>';
    case 'object': {
      if (!schema.properties && !resourceRoot) {
        if (typeof schema.additionalProperties === 'object') return `map<string, ${declare(env, schema.additionalProperties, schema.additionalProperties['x-kubernetes-embedded-resource'] === true)}>`;
        return 'dyn';
      }
      const fields: Record<string, string> = {};
      if (resourceRoot) {
        const meta = `KubelabObjectMeta${++typeCounter}`;
        env.registerType(meta, { fields: { name: 'string', generateName: 'string' } });
        Object.assign(fields, { apiVersion: 'string', kind: 'string', metadata: meta });
      }
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        const name = escapeCelName(key);
        if (name !== undefined && !(resourceRoot && (key === 'apiVersion' || key === 'kind' || key === 'metadata'))) {
          fields[name] = declare(env, child, child['x-kubernetes-embedded-resource'] === true);
        }
      }
      if (!schema.properties && typeof schema.additionalProperties === 'object') return 'dyn';
      const name = `KubelabSchemaObject${++typeCounter}`;
      env.registerType(name, { fields });
      // Objects compare by value (`self == oldSelf`); the library has no equality for declared types.
      env.registerOperator(`${name} == ${name}`, () => false);
      return name;
    }
    default:
      return 'dyn';
  }
}

/** An environment whose `self`/`oldSelf` have the node's type, or undefined if the library cannot declare it. */
function typedEnvironment(schema: JsonSchema, resourceRoot: boolean): Environment | undefined {
  try {
    const env = k8sCelBase().clone();
    const type = declare(env, schema, resourceRoot);
    return env.registerVariable('self', type).registerVariable('oldSelf', type);
  } catch (err) {
    // A schema shape the library cannot declare: fall back to runtime checks only (lenient, as a
    // false compile error would refuse a CRD the real apiserver accepts).
    void err;
    return undefined;
  }
}

// ---- rules ----

interface AstNode {
  op: string;
  args: unknown;
  start: number;
  end: number;
}

function walk(node: unknown, visit: (n: AstNode) => void): void {
  if (Array.isArray(node)) {
    node.forEach((n) => walk(n, visit));
    return;
  }
  if (typeof node !== 'object' || node === null || !('op' in node)) return;
  visit(node as AstNode);
  walk((node as AstNode).args, visit);
}

/** The offsets of the `matches` names in receiver calls, to be rewritten to the RE2 version. */
function matchesCalls(ast: unknown, source: string): number[] {
  const at: number[] = [];
  walk(ast, (n) => {
    const args = n.args as unknown[];
    if (n.op === 'rcall' && args[0] === 'matches') {
      const receiver = args[1] as AstNode;
      const m = /^[\s)]*\.\s*/.exec(source.slice(receiver.end));
      if (m && source.startsWith('matches', receiver.end + m[0].length)) at.push(receiver.end + m[0].length);
    }
  });
  return at;
}

/** The macros that iterate their receiver (cel-go charges each iteration). */
const iteratingMacros = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

/** The receivers of iterating macros, to be wrapped in `__iterations(…)` (cel-values.ts meters them). */
function macroReceivers(ast: unknown): AstNode[] {
  const found: AstNode[] = [];
  walk(ast, (n) => {
    const args = n.args as unknown[];
    if (n.op === 'rcall' && iteratingMacros.has(args[0] as string) && Array.isArray(args[2]) && args[2].length >= 2) found.push(args[1] as AstNode);
  });
  return found;
}

function usesVariable(ast: unknown, name: string): boolean {
  let found = false;
  walk(ast, (n) => {
    if (n.op === 'id' && n.args === name) found = true;
  });
  return found;
}

export interface Checked {
  error?: string;
  program?: Program;
  usesOldSelf: boolean;
}

/**
 * Parses and type-checks one expression; `result` is the type it must have. `env` declares the
 * variables (admission policies pass theirs: object, request, params, …).
 */
export function compileExpression(source: string, typed: Environment | undefined, result: 'bool' | 'string', env: Environment = k8sCelEnvironment()): Checked {
  let parsed: { ast: unknown };
  try {
    parsed = env.parse(source) as unknown as { ast: unknown };
  } catch (err) {
    if (err instanceof ParseError) return { error: syntaxIssue(source, err), usesOldSelf: false };
    return { error: celIssue(source, 0, err instanceof Error ? err.message.replace(/\n[\s\S]*$/, '') : String(err)), usesOldSelf: false };
  }
  const usesOldSelf = usesVariable(parsed.ast, 'oldSelf');
  let check: ReturnType<Environment['check']>;
  try {
    check = (typed ?? env).check(source);
  } catch (err) {
    // The typed checker tripped over a declared type: check with `self` as dyn instead.
    void err;
    check = env.check(source);
  }
  if (!check.valid) return { error: checkIssue(source, check.error as never), usesOldSelf };
  if (check.type !== result && check.type !== 'dyn') return { error: result === 'bool' ? 'cel expression must evaluate to a bool' : 'messageExpression must evaluate to a string', usesOldSelf };
  const edits: { at: number; remove: number; insert: string }[] = matchesCalls(parsed.ast, source).map((at) => ({ at, remove: 'matches'.length, insert: 're2Matches' }));
  for (const receiver of macroReceivers(parsed.ast)) edits.push({ at: receiver.start, remove: 0, insert: '__iterations(' }, { at: receiver.end, remove: 0, insert: ')' });
  let rewritten = source;
  for (const edit of edits.sort((a, b) => b.at - a.at)) rewritten = `${rewritten.slice(0, edit.at)}${edit.insert}${rewritten.slice(edit.at + edit.remove)}`;
  return { program: env.parse(rewritten) as unknown as Program, usesOldSelf };
}

const cache = new WeakMap<object, CompiledRule[]>();

/**
 * The compiled rules of `holder` (a schema node, or an allOf entry of one) for values of
 * `typeSchema`'s shape; `resourceRoot` at the object root and embedded resources.
 */
export function compileRules(holder: JsonSchema, typeSchema: JsonSchema, resourceRoot: boolean): CompiledRule[] {
  const rules = holder['x-kubernetes-validations'];
  if (!rules?.length) return [];
  const cached = cache.get(rules);
  if (cached) return cached;
  const typed = typedEnvironment(typeSchema, resourceRoot);
  const compiled = rules.map((rule): CompiledRule => {
    const source = rule.rule ?? '';
    if (source.trim() === '') return { rule, usesOldSelf: false };
    const optional = rule.optionalOldSelf === true;
    const checked = compileExpression(source, optional ? undefined : typed, 'bool');
    const out: CompiledRule = { rule, usesOldSelf: checked.usesOldSelf };
    if (optional && checked.usesOldSelf) out.optionalOldSelf = true;
    if (checked.error) {
      out.error = checked.error.startsWith('ERROR') ? `compilation failed: ${checked.error}` : checked.error;
      return out;
    }
    out.program = checked.program;
    if (rule.messageExpression) {
      const message = compileExpression(rule.messageExpression, optional ? undefined : typed, 'string');
      if (message.error) out.messageError = message.error.startsWith('ERROR') ? `messageExpression compilation failed: ${message.error}` : message.error;
      else out.messageProgram = message.program;
    }
    if (rule.fieldPath) out.fieldPath = normalizeFieldPath(rule.fieldPath, typeSchema);
    return out;
  });
  cache.set(rules, compiled);
  return compiled;
}

/**
 * cel.ValidFieldPath: a JSON path of field (`.a`) and map (`['k']`) steps valid for `schema`,
 * as a field path (`a.b`, `a[k]` for map keys); undefined if it does not name a field.
 */
export function normalizeFieldPath(jsonPath: string, schema: JsonSchema): string | undefined {
  const steps = /^(?:\.[^.[\]]+|\['(?:[^'\\]|\\.)*'\])+$/.test(jsonPath) ? jsonPath.match(/\.[^.[\]]+|\['(?:[^'\\]|\\.)*'\]/g)! : undefined;
  if (!steps) return undefined;
  let path = '';
  let node: JsonSchema | undefined = schema;
  for (const step of steps) {
    const name = step.startsWith('.') ? step.slice(1) : step.slice(2, -2).replace(/\\(.)/g, '$1');
    if (!node) return undefined;
    if (node.properties) {
      node = node.properties[name];
      if (!node) return undefined;
      path = path ? `${path}.${name}` : name;
    } else if (typeof node.additionalProperties === 'object') {
      node = node.additionalProperties;
      path = `${path}[${name}]`;
    } else {
      return undefined;
    }
  }
  return path;
}
