/**
 * The CEL environment CRD validation rules run in: `self` and `oldSelf` as dynamic values, plus
 * the Kubernetes CEL libraries common CRDs call (k8s.io/apiserver/pkg/cel/library and cel-go's
 * strings extension as the apiserver of v1.32 enables them): string `charAt`/`replace`, regex
 * `find`/`findAll`, list `isSorted`/`sum`/`min`/`max`/`indexOf`/`lastIndexOf`, `url()`/`isURL()`
 * with the URL getters, `quantity()`/`isQuantity()` with the Quantity methods, and the IP and
 * CIDR libraries (cel-k8s-net.ts), and `format`, `strings.quote` and the sets extension
 * (cel-k8s-ext.ts). The base library (@marcbachmann/cel-js) already has size,
 * contains/startsWith/endsWith, lowerAscii/upperAscii/trim/split/join/indexOf/lastIndexOf/
 * substring, the macros, timestamps and durations, and the optional syntax
 * (`self.?field.orValue(x)`), which the apiserver's environment has since v1.28.
 *
 * `matches` is the exception: the library answers it with JavaScript's backtracking RegExp, and
 * its overloads cannot be replaced, so `s.matches(p)` is rewritten (cel-compile.ts) to call
 * `re2Matches`, registered here on re2js (Go's regexp is RE2: linear time, RE2 syntax); the
 * global `matches(s, p)` is registered on re2js directly.
 *
 * Approximated: URLs parse with the WHATWG parser rather than Go's url.ParseRequestURI.
 * Left out: the authz and semver libraries, and strings.reverse.
 */
import { Environment, EvaluationError } from '@marcbachmann/cel-js';
import { RE2JS } from 're2js';
import { registerExtLibrary } from './cel-k8s-ext.js';
// A cycle (cel-values needs this file's environment for durations); used only inside a handler, after both have loaded.
import { meteredIterations } from './cel-values.js';
import { registerNetLibrary } from './cel-k8s-net.js';
import { addQuantities, compareQuantities, parseQuantity, quantityValue, type Quantity } from '../../../shared/quantity.js';

/** The value behind a CEL `url(...)`. */
export class CelUrl {
  constructor(readonly url: URL) {}
}

/** The value behind a CEL `quantity(...)`. */
export class CelQuantity {
  constructor(readonly q: Quantity) {}
}

const fail = (message: string): never => {
  throw new EvaluationError(message);
};

/** Compiled RE2 patterns by source: the same few patterns run for every object written. */
const patterns = new Map<string, RE2JS>();

function re2(pattern: string): RE2JS {
  let compiled = patterns.get(pattern);
  if (compiled) return compiled;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (err) {
    // cel-go reports a bad pattern as an evaluation error; the text after the colon is RE2's.
    return fail(`error parsing regexp: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (patterns.size >= 1000) patterns.clear();
  patterns.set(pattern, compiled);
  return compiled;
}

const findAll = (s: string, pattern: string, limit: number): string[] => {
  const found: string[] = [];
  const m = re2(pattern).matcher(s);
  while ((limit < 0 || found.length < limit) && m.find()) found.push(m.group() ?? '');
  return found;
};

type Comparable = bigint | number | string | boolean;

function compare(a: unknown, b: unknown): number {
  const numeric = (v: unknown) => typeof v === 'number' || typeof v === 'bigint';
  if (typeof a !== typeof b && !(numeric(a) && numeric(b))) fail('no such overload');
  const x = a as Comparable;
  const y = b as Comparable;
  return x < y ? -1 : x > y ? 1 : 0;
}

function listSum(list: unknown[]): unknown {
  if (list.length === 0) return 0n;
  return list.reduce((sum: any, v: any) => {
    if (typeof sum !== typeof v) fail('no such overload');
    return sum + v;
  });
}

function extreme(list: unknown[], sign: number, name: string): unknown {
  if (list.length === 0) fail(`${name}(list) argument must not be empty`);
  return list.reduce((best, v) => (compare(v, best) * sign > 0 ? v : best));
}

function parseUrl(s: string): URL | undefined {
  // Go's url.ParseRequestURI: an absolute URI or an absolute path; the path form has no host.
  try {
    return new URL(s, s.startsWith('/') ? 'relative:///' : undefined);
  } catch {
    return undefined;
  }
}

function toQuantity(s: string): Quantity {
  try {
    return parseQuantity(s);
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
}

let base: Environment | undefined;
let dynamic: Environment | undefined;

/**
 * The environment rules run in, with `self` and `oldSelf` dynamic: values carry their types
 * (BigInt for integer fields, number for number fields), so evaluation needs no declarations.
 */
export function k8sCelEnvironment(): Environment {
  dynamic ??= k8sCelBase().clone().registerVariable('self', 'dyn').registerVariable('oldSelf', 'dyn');
  return dynamic;
}

/**
 * The functions without variables: cel-compile.ts clones it and declares `self` with the
 * schema's types to type-check a rule. Built once (building is costly); cloning freezes it.
 */
export function k8sCelBase(): Environment {
  if (base) return base;
  const env = new Environment({ homogeneousAggregateLiterals: false, enableOptionalTypes: true })
    .registerType('URL', CelUrl)
    .registerType('Quantity', CelQuantity);
  const fn = (signature: string, handler: (...args: any[]) => unknown): void => {
    env.registerFunction(signature, handler);
  };
  fn('string.re2Matches(string): bool', (s: string, p: string) => re2(p).matcher(s).find());
  // What cel-compile.ts wraps every macro's receiver in, so each iteration is charged (cel-values.ts).
  fn('__iterations(list<dyn>): list<dyn>', (l: unknown) => meteredIterations(l));
  fn('__iterations(map<dyn, dyn>): map<dyn, dyn>', (m: unknown) => meteredIterations(m));
  // The global form is not in the library, so it can be RE2 directly.
  fn('matches(string, string): bool', (s: string, p: string) => re2(p).matcher(s).find());
  fn('string.find(string): string', (s: string, p: string) => findAll(s, p, 1)[0] ?? '');
  fn('string.findAll(string): list<string>', (s: string, p: string) => findAll(s, p, -1));
  fn('string.findAll(string, int): list<string>', (s: string, p: string, n: bigint) => findAll(s, p, Number(n)));
  fn('string.charAt(int): string', (s: string, i: bigint) => {
    const chars = [...s];
    if (i < 0n || i > BigInt(chars.length)) fail(`index out of range: ${i}`);
    return chars[Number(i)] ?? '';
  });
  fn('string.replace(string, string): string', (s: string, a: string, b: string) => s.split(a).join(b));
  fn('string.replace(string, string, int): string', (s: string, a: string, b: string, n: bigint) => {
    if (n < 0n) return s.split(a).join(b);
    const parts = s.split(a);
    const k = Math.min(Number(n), parts.length - 1);
    return parts.slice(0, k + 1).join(b) + (k + 1 < parts.length ? a + parts.slice(k + 1).join(a) : '');
  });
  fn('list.isSorted(): bool', (l: unknown[]) => l.every((v, i) => i === 0 || compare(l[i - 1], v) <= 0));
  fn('list.sum(): dyn', (l: unknown[]) => listSum(l));
  fn('list.min(): dyn', (l: unknown[]) => extreme(l, -1, 'min'));
  fn('list.max(): dyn', (l: unknown[]) => extreme(l, 1, 'max'));
  fn('list.indexOf(dyn): int', (l: unknown[], v: unknown) => BigInt(l.findIndex((x) => x === v)));
  fn('list.lastIndexOf(dyn): int', (l: unknown[], v: unknown) => {
    for (let i = l.length - 1; i >= 0; i--) if (l[i] === v) return BigInt(i);
    return -1n;
  });
  fn('isURL(string): bool', (s: string) => parseUrl(s) !== undefined);
  fn('url(string): URL', (s: string) => new CelUrl(parseUrl(s) ?? fail(`URL parse error during conversion from string: parse "${s}": invalid URI for request`)));
  fn('URL.getScheme(): string', (u: CelUrl) => (u.url.protocol === 'relative:' ? '' : u.url.protocol.replace(/:$/, '')));
  fn('URL.getHost(): string', (u: CelUrl) => u.url.host);
  fn('URL.getHostname(): string', (u: CelUrl) => u.url.hostname.replace(/^\[(.*)\]$/, '$1'));
  fn('URL.getPort(): string', (u: CelUrl) => u.url.port);
  fn('URL.getEscapedPath(): string', (u: CelUrl) => u.url.pathname);
  fn('URL.getQuery(): map<string, list<string>>', (u: CelUrl) => {
    const query = new Map<string, string[]>();
    for (const [k, v] of u.url.searchParams) query.set(k, [...(query.get(k) ?? []), v]);
    return query;
  });
  fn('isQuantity(string): bool', (s: string) => {
    try {
      parseQuantity(s);
      return true;
    } catch {
      return false;
    }
  });
  fn('quantity(string): Quantity', (s: string) => new CelQuantity(toQuantity(s)));
  fn('Quantity.isInteger(): bool', (q: CelQuantity) => q.q.exponent >= 0 || q.q.mantissa % 10n ** BigInt(-q.q.exponent) === 0n);
  fn('Quantity.asInteger(): int', (q: CelQuantity) => BigInt(quantityValue(q.q)));
  fn('Quantity.asApproximateFloat(): double', (q: CelQuantity) => Number(q.q.mantissa) * 10 ** q.q.exponent);
  fn('Quantity.sign(): int', (q: CelQuantity) => BigInt(q.q.mantissa > 0n ? 1 : q.q.mantissa < 0n ? -1 : 0));
  fn('Quantity.compareTo(Quantity): int', (a: CelQuantity, b: CelQuantity) => BigInt(compareQuantities(a.q, b.q)));
  fn('Quantity.isLessThan(Quantity): bool', (a: CelQuantity, b: CelQuantity) => compareQuantities(a.q, b.q) < 0);
  fn('Quantity.isGreaterThan(Quantity): bool', (a: CelQuantity, b: CelQuantity) => compareQuantities(a.q, b.q) > 0);
  fn('Quantity.add(Quantity): Quantity', (a: CelQuantity, b: CelQuantity) => new CelQuantity(addQuantities(a.q, b.q)));
  fn('Quantity.add(int): Quantity', (a: CelQuantity, b: bigint) => new CelQuantity(addQuantities(a.q, { mantissa: b, exponent: 0, format: a.q.format })));
  fn('Quantity.sub(Quantity): Quantity', (a: CelQuantity, b: CelQuantity) => new CelQuantity(addQuantities(a.q, { ...b.q, mantissa: -b.q.mantissa })));
  fn('Quantity.sub(int): Quantity', (a: CelQuantity, b: bigint) => new CelQuantity(addQuantities(a.q, { mantissa: -b, exponent: 0, format: a.q.format })));
  env.registerOperator('Quantity == Quantity', (a: CelQuantity, b: CelQuantity) => compareQuantities(a.q, b.q) === 0);
  registerNetLibrary(
    (name, ctor) => env.registerType(name, ctor),
    (signature, handler) => env.registerOperator(signature, handler),
    fn,
  );
  registerExtLibrary(
    (name, ctor) => env.registerType(name, ctor),
    (name, type, value) => env.registerConstant(name, type, value),
    fn,
  );
  base = env;
  return env;
}
