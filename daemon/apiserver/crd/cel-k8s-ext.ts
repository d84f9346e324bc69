/**
 * cel-go extension functions the apiserver's CEL environment has (v1.32) beyond the base
 * library: the strings extension's `format` (`"%s has %d replicas".format([name, n])`, verbs
 * %s %d %f %e %b %o %x %X with an optional precision) and `strings.quote`, and the sets
 * extension (`sets.contains`, `sets.equivalent`, `sets.intersects`).
 * Approximated: `%s` of lists and maps is rendered simply; cel-go's error texts for bad clauses
 * are kept to their first words.
 */
import { EvaluationError } from '@marcbachmann/cel-js';

/** The receivers of `sets.…` and `strings.…`: namespaces, as the library does for `cel.bind`. */
export class CelSetsNamespace {}
export class CelStringsNamespace {}

const equal = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && JSON.stringify(a, big) === JSON.stringify(b, big));
function big(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}n` : value;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(text).join(', ')}]`;
  if (value instanceof Date) return value.toISOString().replace('.000Z', 'Z');
  if (typeof value === 'object' && !(value instanceof Map)) return String(value);
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${text(k)}:${text(v)}`).join(', ')}}`;
  return String(value);
}

function numberArg(value: unknown, verb: string): number | bigint {
  if (typeof value === 'bigint' || typeof value === 'number') return value;
  throw new EvaluationError(`error during formatting: ${verb} clause requires a number, got ${typeof value}`);
}

/** strings.format: Go-like verbs over a list of arguments. */
export function celFormat(format: string, args: unknown[]): string {
  let next = 0;
  return format.replace(/%(?:\.(\d+))?([sdfebxXo%])/g, (_m, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (next >= args.length) throw new EvaluationError(`index ${next} out of range`);
    const arg = args[next++];
    switch (verb) {
      case 's':
        return text(arg);
      case 'd':
        return String(typeof arg === 'number' ? Math.trunc(arg) : numberArg(arg, '%d'));
      case 'f':
        return Number(numberArg(arg, '%f')).toFixed(precision === undefined ? 6 : Number(precision));
      case 'e':
        return Number(numberArg(arg, '%e'))
          .toExponential(precision === undefined ? 6 : Number(precision))
          .replace(/e([+-])(\d)$/, 'e$10$2');
      case 'b':
        return numberArg(arg, '%b').toString(2);
      case 'o':
        return numberArg(arg, '%o').toString(8);
      default: {
        const hex = typeof arg === 'string' ? Buffer.from(arg).toString('hex') : numberArg(arg, `%${verb}`).toString(16);
        return verb === 'X' ? hex.toUpperCase() : hex;
      }
    }
  });
}

/** strings.quote: a double-quoted CEL string literal. */
export const celQuote = (s: string): string => JSON.stringify(s);

/** Registers the format, quote and sets functions. */
export function registerExtLibrary(
  registerType: (name: string, ctor: new (...args: any[]) => unknown) => void,
  registerConstant: (name: string, type: string, value: unknown) => void,
  fn: (signature: string, handler: (...args: any[]) => unknown) => void,
): void {
  registerType('CelSetsNamespace', CelSetsNamespace);
  registerType('CelStringsNamespace', CelStringsNamespace);
  registerConstant('sets', 'CelSetsNamespace', new CelSetsNamespace());
  registerConstant('strings', 'CelStringsNamespace', new CelStringsNamespace());
  fn('string.format(list): string', (s: string, args: unknown[]) => celFormat(s, [...args]));
  fn('CelStringsNamespace.quote(string): string', (_ns: unknown, s: string) => celQuote(s));
  const has = (list: unknown[], v: unknown): boolean => list.some((x) => equal(x, v));
  fn('CelSetsNamespace.contains(list, list): bool', (_ns: unknown, a: unknown[], b: unknown[]) => b.every((v) => has(a, v)));
  fn('CelSetsNamespace.equivalent(list, list): bool', (_ns: unknown, a: unknown[], b: unknown[]) => b.every((v) => has(a, v)) && a.every((v) => has(b, v)));
  fn('CelSetsNamespace.intersects(list, list): bool', (_ns: unknown, a: unknown[], b: unknown[]) => b.some((v) => has(a, v)));
}
