/**
 * The label selector grammar, lexer and validation behind shared/labels.ts. It follows
 * apimachinery's hand-written parser (pkg/labels/selector.go) token for token, because kubectl
 * shows its error messages verbatim; the odd spacing and quoting in those messages is deliberate.
 * Errors are plain Errors carrying apimachinery's message; labels.ts turns them into 400s.
 */
import type { Operator } from './labels.js';

type Token = 'error' | 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'in' | '<' | '!=' | 'notin' | '(' | 'identifier';

interface Item {
  token: Token;
  literal: string;
}

/** Literal tokens; everything else that is not whitespace or a symbol is an identifier. */
const literalTokens = new Map<string, Token>([
  [')', ')'], [',', ','], ['!', '!'], ['==', '=='], ['=', '='], ['>', '>'],
  ['in', 'in'], ['<', '<'], ['!=', '!='], ['notin', 'notin'], ['(', '('],
]);
const binaryOperators = 'in, notin, =, ==, !=, gt, lt';
const isSymbol = (ch: string): boolean => '=!(),><'.includes(ch);
const isSpace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';

function lex(text: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < text.length && isSpace(text[pos]!)) pos++;
    if (pos >= text.length) {
      items.push({ token: 'end', literal: '' });
      return items;
    }
    const start = pos;
    if (isSymbol(text[pos]!)) {
      // Longest run of symbols that is still a known operator (`!=` but not `!(`).
      let best: Item | undefined;
      while (pos < text.length && isSymbol(text[pos]!)) {
        const token = literalTokens.get(text.slice(start, pos + 1));
        if (token) best = { token, literal: text.slice(start, pos + 1) };
        else if (best) break;
        pos++;
      }
      if (!best) items.push({ token: 'error', literal: `error expected: keyword found '${text.slice(start, pos)}'` });
      else {
        pos = start + best.literal.length;
        items.push(best);
      }
      continue;
    }
    while (pos < text.length && !isSymbol(text[pos]!) && !isSpace(text[pos]!)) pos++;
    const word = text.slice(start, pos);
    items.push({ token: literalTokens.get(word) ?? 'identifier', literal: word });
  }
}

interface ParsedRequirement {
  key: string;
  operator: Operator;
  values: string[];
}

class Parser {
  private position = 0;
  constructor(private readonly items: Item[]) {}

  /** In value position `in` and `notin` are ordinary words (`x in (in)`). */
  private peek(asValue = true): Item {
    const item = this.items[this.position]!;
    return asValue && (item.token === 'in' || item.token === 'notin') ? { token: 'identifier', literal: item.literal } : item;
  }

  private next(asValue = true): Item {
    const item = this.peek(asValue);
    this.position++;
    return item;
  }

  parse(): ParsedRequirement[] {
    const requirements: ParsedRequirement[] = [];
    for (;;) {
      const { token, literal } = this.peek();
      if (token === 'end') return requirements;
      if (token !== 'identifier' && token !== '!') throw new Error(`found '${literal}', expected: !, identifier, or 'end of string'`);
      try {
        requirements.push(this.requirement());
      } catch (err) {
        throw new Error(`unable to parse requirement: ${(err as Error).message}`);
      }
      const after = this.next();
      if (after.token === 'end') return requirements;
      if (after.token !== ',') throw new Error(`found '${after.literal}', expected: ',' or 'end of string'`);
      const following = this.peek();
      if (following.token !== 'identifier' && following.token !== '!') {
        throw new Error(`found '${following.literal}', expected: identifier after ','`);
      }
    }
  }

  private requirement(): ParsedRequirement {
    let operator: Operator | undefined;
    let item = this.next();
    if (item.token === '!') {
      operator = '!';
      item = this.next();
    }
    if (item.token !== 'identifier') throw new Error(`found '${item.literal}', expected: identifier`);
    const key = item.literal;
    // The parser validates the key with a nil field path, hence `<nil>:` in the message.
    const keyProblem = checkLabelKey(key, '<nil>');
    if (keyProblem) throw new Error(keyProblem);
    const lookahead = this.peek().token;
    if (operator === undefined && (lookahead === 'end' || lookahead === ',')) operator = 'exists';
    if (operator !== undefined) return validated(key, operator, []);

    const op = this.operator();
    const values = op === 'in' || op === 'notin' ? this.valueSet() : this.exactValue();
    return validated(key, op, [...new Set(values)].sort());
  }

  private operator(): Operator {
    const { token, literal } = this.next(false);
    const operators: Partial<Record<Token, Operator>> = { in: 'in', notin: 'notin', '=': '=', '==': '==', '!=': '!=', '>': 'gt', '<': 'lt' };
    const op = operators[token];
    if (!op) throw new Error(`found '${literal}', expected: ${binaryOperators}`);
    return op;
  }

  private valueSet(): string[] {
    const open = this.next();
    if (open.token !== '(') throw new Error(`found '${open.literal}' expected: '('`);
    const first = this.peek();
    if (first.token === ')') {
      this.next();
      return [''];
    }
    if (first.token !== 'identifier' && first.token !== ',') throw new Error(`found '${first.literal}', expected: ',', ')' or identifier`);
    const values = this.identifierList();
    // apimachinery reports the literal it peeked before the list here, not the offending one.
    if (this.next().token !== ')') throw new Error(`found '${first.literal}', expected: ')'`);
    return values;
  }

  /** A comma-separated list in which empty entries mean the empty value (`(a,,b)`, `(,)`). */
  private identifierList(): string[] {
    const values: string[] = [];
    for (;;) {
      const item = this.next();
      if (item.token === 'identifier') {
        values.push(item.literal);
        const after = this.peek();
        if (after.token === ',') continue;
        if (after.token === ')') return values;
        throw new Error(`found '${after.literal}', expected: ',' or ')'`);
      }
      if (item.token !== ',') throw new Error(`found '${item.literal}', expected: ',', or identifier`);
      if (values.length === 0) values.push('');
      const after = this.peek().token;
      if (after === ')') return [...values, ''];
      if (after === ',') {
        this.next();
        values.push('');
      }
    }
  }

  private exactValue(): string[] {
    const lookahead = this.peek().token;
    if (lookahead === 'end' || lookahead === ',') return [''];
    const item = this.next();
    if (item.token !== 'identifier') throw new Error(`found '${item.literal}', expected: identifier`);
    return [item.literal];
  }
}

function validated(key: string, operator: Operator, values: string[]): ParsedRequirement {
  const problem = requirementProblem(key, operator, values);
  if (problem) throw new Error(problem);
  return { key, operator, values };
}

/** Parses a selector string into requirements (unsorted); throws an Error with apimachinery's text. */
export function parseRequirements(text: string): ParsedRequirement[] {
  return new Parser(lex(text)).parse();
}

/**
 * What labels.NewRequirement would reject, as its aggregated message, or undefined. Operator
 * arity, the key and every value are checked; several problems print as `[a, b]`.
 */
export function requirementProblem(key: string, operator: Operator, values: readonly string[]): string | undefined {
  const problems: string[] = [];
  const keyProblem = checkLabelKey(key, 'key');
  if (keyProblem) problems.push(keyProblem);
  const shown = `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
  if ((operator === 'in' || operator === 'notin') && values.length === 0) {
    problems.push(`values: Invalid value: ${shown}: for 'in', 'notin' operators, values set can't be empty`);
  } else if ((operator === '=' || operator === '==' || operator === '!=') && values.length !== 1) {
    problems.push(`values: Invalid value: ${shown}: exact-match compatibility requires one single value`);
  } else if ((operator === 'exists' || operator === '!') && values.length !== 0) {
    problems.push(`values: Invalid value: ${shown}: values set must be empty for exists and does not exist`);
  } else if (operator === 'gt' || operator === 'lt') {
    if (values.length !== 1) problems.push(`values: Invalid value: ${shown}: for 'Gt', 'Lt' operators, exactly one value is required`);
    values.forEach((v, i) => {
      if (!/^[+-]?\d+$/.test(v)) problems.push(`values[${i}]: Invalid value: ${JSON.stringify(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
    });
  }
  values.forEach((value, i) => {
    const valueProblem = checkLabelValue(key, value, `values[${i}]`);
    if (valueProblem) problems.push(valueProblem);
  });
  const distinct = [...new Set(problems)];
  if (distinct.length === 0) return undefined;
  return distinct.length === 1 ? distinct[0] : `[${distinct.join(', ')}]`;
}

const nameFormat = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const nameRegexp = new RegExp(`^${nameFormat}$`);
const nameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const nameExamples = "(e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '" + nameFormat + "')";
const subdomainFormat = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const subdomainRegexp = new RegExp(`^${subdomainFormat}$`);
const valueFormat = `(${nameFormat})?`;
const valueRegexp = new RegExp(`^${valueFormat}$`);

/** A label key problem as `<path>: Invalid value: "k": …` (validation.IsQualifiedName), or undefined. */
export function checkLabelKey(key: string, path: string): string | undefined {
  const errs: string[] = [];
  const parts = key.split('/');
  let name = parts[0]!;
  if (parts.length > 2) {
    errs.push(`a qualified name ${nameMessage} ${nameExamples} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`);
  } else {
    if (parts.length === 2) {
      const prefix = parts[0]!;
      name = parts[1]!;
      if (prefix.length === 0) errs.push('prefix part must be non-empty');
      else {
        if (prefix.length > 253) errs.push('prefix part must be no more than 253 characters');
        if (!subdomainRegexp.test(prefix)) {
          errs.push(
            "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character " +
              `(e.g. 'example.com', regex used for validation is '${subdomainFormat}')`,
          );
        }
      }
    }
    if (name.length === 0) errs.push('name part must be non-empty');
    else if (name.length > 63) errs.push('name part must be no more than 63 characters');
    if (!nameRegexp.test(name)) errs.push(`name part ${nameMessage} ${nameExamples}`);
  }
  return errs.length === 0 ? undefined : `${path}: Invalid value: ${JSON.stringify(key)}: ${errs.join('; ')}`;
}

/** A label value problem as `values[0][key]: Invalid value: "v": …` (IsValidLabelValue), or undefined. */
export function checkLabelValue(key: string, value: string, path: string): string | undefined {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!valueRegexp.test(value)) {
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
        `(e.g. 'MyValue', or 'my_value', or '12345', regex used for validation is '${valueFormat}')`,
    );
  }
  return errs.length === 0 ? undefined : `${path}[${key}]: Invalid value: ${JSON.stringify(value)}: ${errs.join('; ')}`;
}
