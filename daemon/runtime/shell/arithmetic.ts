/**
 * `$((…))` arithmetic as busybox ash evaluates it (shell/math.c): integers, variables by name,
 * C operators with C precedence, assignments (`i=i+1`, `+=`…), `++`/`--`, and the ternary. Errors
 * use math.c's texts ("arithmetic syntax error", "divide by zero"); the shell prints them as fatal.
 */

export class ArithmeticError extends Error {}

export interface ArithmeticVariables {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

type Token = { type: 'num'; value: bigint } | { type: 'name'; name: string } | { type: 'op'; op: string };

const operators = ['<<=', '>>=', '**', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '+', '-', '*', '/', '%', '<', '>', '&', '|', '^', '!', '~', '?', ':', '=', '(', ')'];

/** Binary operators by precedence level, loosest first (assignment and ?: handled apart). */
const levels: string[][] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%'], ['**']];

export function evaluateArithmetic(expression: string, vars: ArithmeticVariables): bigint {
  const tokens = tokenize(expression);
  if (tokens.length === 0) return 0n;
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (op: string): boolean => {
    const t = peek();
    return t?.type === 'op' && t.op === op;
  };
  const fail = (): never => {
    throw new ArithmeticError('arithmetic syntax error');
  };
  const valueOf = (name: string): bigint => {
    const text = (vars.get(name) ?? '').trim();
    if (text === '') return 0n;
    return parseNumber(text) ?? evaluateArithmetic(text, vars);
  };

  const assignment = (): bigint => {
    const t = peek();
    const next = tokens[pos + 1];
    if (t?.type === 'name' && next?.type === 'op' && /^(=|[-+*/%&|^]=|<<=|>>=)$/.test(next.op)) {
      pos += 2;
      const right = assignment();
      const value = next.op === '=' ? right : apply(next.op.slice(0, -1), valueOf(t.name), right);
      vars.set(t.name, value.toString());
      return value;
    }
    return ternary();
  };
  const ternary = (): bigint => {
    const condition = binary(0);
    if (!isOp('?')) return condition;
    pos++;
    const yes = assignment();
    if (!isOp(':')) fail();
    pos++;
    const no = assignment();
    return condition !== 0n ? yes : no;
  };
  const binary = (level: number): bigint => {
    if (level >= levels.length) return unary();
    let left = binary(level + 1);
    for (;;) {
      const t = peek();
      if (t?.type !== 'op' || !levels[level]!.includes(t.op)) return left;
      pos++;
      left = apply(t.op, left, binary(level + 1));
    }
  };
  const unary = (): bigint => {
    const t = peek();
    if (t?.type === 'op' && ['-', '+', '!', '~'].includes(t.op)) {
      pos++;
      const value = unary();
      return t.op === '-' ? -value : t.op === '+' ? value : t.op === '!' ? BigInt(value === 0n) : ~value;
    }
    if (t?.type === 'op' && (t.op === '++' || t.op === '--')) {
      pos++;
      const name = peek();
      if (name?.type !== 'name') return fail();
      pos++;
      const value = valueOf(name.name) + (t.op === '++' ? 1n : -1n);
      vars.set(name.name, value.toString());
      return value;
    }
    return primary();
  };
  const primary = (): bigint => {
    const t = peek();
    pos++;
    if (t?.type === 'num') return t.value;
    if (t?.type === 'name') {
      const value = valueOf(t.name);
      if (isOp('++') || isOp('--')) {
        vars.set(t.name, (value + (isOp('++') ? 1n : -1n)).toString());
        pos++;
      }
      return value;
    }
    if (t?.type === 'op' && t.op === '(') {
      const value = assignment();
      if (!isOp(')')) fail();
      pos++;
      return value;
    }
    return fail();
  };

  const result = assignment();
  if (pos < tokens.length) fail();
  return result;
}

function apply(op: string, a: bigint, b: bigint): bigint {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/':
    case '%':
      if (b === 0n) throw new ArithmeticError('divide by zero');
      return op === '/' ? a / b : a % b;
    case '**':
      if (b < 0n) throw new ArithmeticError('exponent less than 0');
      return a ** b;
    case '<<': return a << b;
    case '>>': return a >> b;
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    case '&&': return BigInt(a !== 0n && b !== 0n);
    case '||': return BigInt(a !== 0n || b !== 0n);
    case '==': return BigInt(a === b);
    case '!=': return BigInt(a !== b);
    case '<': return BigInt(a < b);
    case '>': return BigInt(a > b);
    case '<=': return BigInt(a <= b);
    case '>=': return BigInt(a >= b);
    default: throw new ArithmeticError('arithmetic syntax error');
  }
}

/** Decimal, 0x hex and 0 octal, as C reads integer constants. */
function parseNumber(text: string): bigint | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return BigInt(text);
  if (/^0[0-7]+$/.test(text)) return BigInt(`0o${text.slice(1)}`);
  if (/^\d+$/.test(text)) return BigInt(text);
  return undefined;
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const rest = expression.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const number = /^(0[xX][0-9a-fA-F]+|\d+)/.exec(rest);
    if (number) {
      const value = parseNumber(number[0]);
      if (value === undefined) throw new ArithmeticError('arithmetic syntax error');
      tokens.push({ type: 'num', value });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (name) {
      tokens.push({ type: 'name', name: name[0] });
      i += name[0].length;
      continue;
    }
    const op = operators.find((o) => rest.startsWith(o));
    if (!op) throw new ArithmeticError('arithmetic syntax error');
    tokens.push({ type: 'op', op });
    i += op.length;
  }
  return tokens;
}
