/**
 * `test` and `[` (also the shell's builtins) as busybox's coreutils/test.c evaluates them: POSIX's
 * rules by argument count, then `!`, `-a`, `-o` and parentheses; file tests against the
 * container's filesystem. Errors use busybox's texts (`missing ]`, `a: bad number`,
 * `x: unknown operand`, `-eq: argument expected`) and exit 2.
 */
import type { VirtualFs } from '../../fs/vfs.js';
import { resolvePath } from '../../fs/paths.js';
import type { Program } from '../../process.js';
import { appletOf } from './common.js';

export class TestSyntaxError extends Error {}

const unaryOps = new Set(['-e', '-f', '-d', '-s', '-r', '-w', '-x', '-n', '-z', '-L', '-h', '-b', '-c', '-p', '-S', '-t', '-g', '-u', '-k', '-O', '-G']);
const binaryOps = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

/** Evaluates test's arguments (without `test`/`[` and the closing `]`): 0 true, 1 false. */
export function evaluateTest(args: readonly string[], fs: VirtualFs, cwd: string): number {
  if (args.length === 0) return 1;
  let pos = 0;
  const peek = (offset = 0): string | undefined => args[pos + offset];

  const unary = (op: string, operand: string): boolean => {
    if (op === '-n') return operand !== '';
    if (op === '-z') return operand === '';
    if (op === '-t') return false;
    const stat = fs.stat(resolvePath(cwd, operand));
    if (!stat) return false;
    switch (op) {
      case '-f': return stat.type === 'file';
      case '-d': return stat.type === 'dir';
      case '-s': return stat.size > 0;
      case '-x': return (stat.mode & 0o111) !== 0;
      case '-r':
      case '-w':
      case '-e':
        return true;
      default:
        return false;
    }
  };

  const binary = (left: string, op: string, right: string): boolean => {
    switch (op) {
      case '=':
      case '==': return left === right;
      case '!=': return left !== right;
      case '<': return left < right;
      case '>': return left > right;
      case '-nt':
      case '-ot': {
        const a = fs.stat(resolvePath(cwd, left))?.mtimeMs;
        const b = fs.stat(resolvePath(cwd, right))?.mtimeMs;
        if (a === undefined || b === undefined) return op === '-nt' ? a !== undefined : b !== undefined;
        return op === '-nt' ? a > b : a < b;
      }
      case '-ef': return resolvePath(cwd, left) === resolvePath(cwd, right) && fs.stat(resolvePath(cwd, left)) !== undefined;
      default: {
        const a = integer(left);
        const b = integer(right);
        return { '-eq': a === b, '-ne': a !== b, '-lt': a < b, '-le': a <= b, '-gt': a > b, '-ge': a >= b }[op] ?? false;
      }
    }
  };

  const primary = (): boolean => {
    const arg = peek();
    if (arg === undefined) throw new TestSyntaxError('argument expected');
    if (arg === '(' && args.length - pos > 1) {
      pos++;
      const value = or();
      if (peek() !== ')') throw new TestSyntaxError(`${peek() ?? '('}: unknown operand`);
      pos++;
      return value;
    }
    if (binaryOps.has(peek(1) ?? '') && peek(2) === undefined) throw new TestSyntaxError(`${peek(1)}: argument expected`);
    if (binaryOps.has(peek(1) ?? '')) {
      pos += 3;
      return binary(arg, args[pos - 2]!, args[pos - 1]!);
    }
    if (unaryOps.has(arg) && peek(1) !== undefined) {
      pos += 2;
      return unary(arg, args[pos - 1]!);
    }
    pos++;
    return arg !== '';
  };
  const not = (): boolean => {
    if (peek() === '!' && peek(1) !== undefined) {
      pos++;
      return !not();
    }
    return primary();
  };
  const and = (): boolean => {
    let value = not();
    while (peek() === '-a') {
      pos++;
      value = not() && value;
    }
    return value;
  };
  const or = (): boolean => {
    let value = and();
    while (peek() === '-o') {
      pos++;
      value = and() || value;
    }
    return value;
  };

  const result = or();
  if (pos < args.length) throw new TestSyntaxError(`${args[pos]}: unknown operand`);
  return result ? 0 : 1;
}

function integer(text: string): bigint {
  const trimmed = text.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) throw new TestSyntaxError(`${text}: bad number`);
  return BigInt(trimmed);
}

/**
 * Runs test or `[` with its arguments; `complain` prints a message. `[` needs its closing `]`.
 */
export function runTest(name: string, args: readonly string[], fs: VirtualFs, cwd: string, complain: (message: string) => void): number {
  let operands = args;
  if (name === '[') {
    if (args.at(-1) !== ']') {
      complain('missing ]');
      return 2;
    }
    operands = args.slice(0, -1);
  }
  try {
    return evaluateTest(operands, fs, cwd);
  } catch (error) {
    if (!(error instanceof TestSyntaxError)) throw error;
    complain(error.message);
    return 2;
  }
}

export const testProgram: Program = async (ctx) => {
  const name = appletOf(ctx);
  return runTest(name, ctx.argv.slice(1), ctx.fs, ctx.cwd, (message) => ctx.stderr(`${name}: ${message}\n`));
};
