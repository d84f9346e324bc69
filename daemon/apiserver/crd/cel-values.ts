/**
 * The values CRD validation rules see, as the apiextensions apiserver builds them from an object
 * and its structural schema (UnstructuredToVal): integer fields become CEL ints (BigInt), number
 * fields doubles, objects with properties expose only their declared fields under CEL-escaped
 * names (`x-prop` → `x__dash__prop`, `namespace` → `__namespace__`) with null fields absent, maps
 * (additionalProperties) keep their keys, strings of format date-time and duration become CEL
 * timestamps and durations, and the resource root (and any embedded resource) shows apiVersion,
 * kind and metadata.name/generateName only.
 *
 * Every list and object handed to CEL is wrapped in a metering proxy: each element or field read
 * and each key listing is charged to a CostMeter. That stands in for cel-go's runtime cost
 * tracking (the library has none), so a rule with nested macros over a huge list stops at the
 * per-call limit instead of holding the daemon's one thread. Left out: the byte format as CEL
 * bytes, and list-type set/map equality semantics (order-insensitive `==`).
 */
import { k8sCelEnvironment } from './cel-k8s-library.js';
import type { JsonSchema } from './schema-validation.js';

/** Thrown by the proxies when a rule has used up its cost. */
export class CostLimitExceeded extends Error {
  constructor() {
    super('operation cancelled: actual cost limit exceeded');
  }
}

/** The work one evaluation may do, counted in data reads. */
export class CostMeter {
  used = 0;
  exceeded = false;
  constructor(readonly limit: number) {}

  charge(units: number): void {
    this.used += units;
    if (this.used > this.limit) {
      this.exceeded = true;
      throw new CostLimitExceeded();
    }
  }
}

/** cel.Escape: the CEL names of properties; undefined for a name CEL cannot reach. */
const reserved = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);
const escapes: Record<string, string> = { __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' };

export function escapeCelName(name: string): string | undefined {
  if (reserved.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
  return name.replace(/__|[.\-/]/g, (m) => escapes[m]!);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The proxies of this file: a macro iterating one is charged by its reads already. */
const metered = new WeakSet<object>();
/** The meter of the evaluation under way (evaluations are synchronous, so one at a time). */
let activeMeter: CostMeter | undefined;

/** Runs one evaluation with `meter` charged for the iterations of its macros. */
export function withMeter<T>(meter: CostMeter, run: () => T): T {
  const previous = activeMeter;
  activeMeter = meter;
  try {
    return run();
  } finally {
    activeMeter = previous;
  }
}

/**
 * What a macro (`all`, `exists`, `map`, …) iterates, charged per element: cel-go counts every
 * iteration, so nested macros over list literals or lists a rule built itself (which no data
 * proxy meters) stop at the per-call limit too instead of running for minutes.
 * cel-compile.ts wraps each macro's receiver in a call to this.
 */
export function meteredIterations(value: unknown): unknown {
  const meter = activeMeter;
  if (!meter || typeof value !== 'object' || value === null || metered.has(value)) return value;
  if (Array.isArray(value)) return meteredList(value, meter);
  meter.charge((value instanceof Map ? value.size : Object.keys(value).length) + 1);
  return value;
}

function meteredList(items: unknown[], meter: CostMeter): unknown[] {
  const proxy = new Proxy(items, {
    get(target, key, receiver) {
      if (typeof key === 'string' && key.length > 0 && key.charCodeAt(0) >= 48 && key.charCodeAt(0) <= 57) meter.charge(1);
      return Reflect.get(target, key, receiver);
    },
  });
  metered.add(proxy);
  return proxy;
}

function meteredObject(fields: Json, meter: CostMeter): Json {
  const proxy = new Proxy(fields, {
    get(target, key, receiver) {
      if (typeof key === 'string') meter.charge(1);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      meter.charge(1);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      const keys = Reflect.ownKeys(target);
      meter.charge(keys.length + 1);
      return keys;
    },
  });
  metered.add(proxy);
  return proxy;
}

let durationOf: ((context: Json) => unknown) | undefined;

/**
 * A string of a formatted field as CEL sees it: date-time as a timestamp, duration as a duration
 * (the library's own Duration, made by its `duration()`); a string that does not parse stays one.
 */
function formatted(value: string, format: string | undefined): unknown {
  if (format === 'date-time' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(value)) {
    const time = new Date(value);
    return Number.isNaN(time.getTime()) ? value : time;
  }
  if (format === 'duration') {
    durationOf ??= k8sCelEnvironment().parse('duration(self)') as unknown as (context: Json) => unknown;
    try {
      return durationOf({ self: value });
    } catch (err) {
      // Not a Go duration: the schema's format check (left out here) would have refused it.
      void err;
      return value;
    }
  }
  return value;
}

/** A JSON value of unknown schema: integers as ints, the rest as decoded. */
function untyped(value: unknown, meter: CostMeter): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return meteredList(value.map((v) => untyped(v, meter)), meter);
  if (isObject(value)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) out[k] = untyped(v, meter);
    return meteredObject(out, meter);
  }
  return value;
}

/**
 * `value` as the CEL value a rule at `schema` sees. `resourceRoot` is true at the object's root
 * and at x-kubernetes-embedded-resource objects.
 */
export function toCelValue(value: unknown, schema: JsonSchema, meter: CostMeter, resourceRoot = false): unknown {
  if (value === null || value === undefined) return null;
  if (schema['x-kubernetes-int-or-string']) return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value;
  switch (schema.type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value;
    case 'string':
      return typeof value === 'string' ? formatted(value, schema.format) : value;
    case 'number':
    case 'boolean':
      return value;
    case 'array':
      if (!Array.isArray(value)) return value;
      return meteredList(value.map((v) => (schema.items ? toCelValue(v, schema.items, meter, schema.items['x-kubernetes-embedded-resource']) : untyped(v, meter))), meter);
    case 'object':
      if (!isObject(value)) return value;
      return meteredObject(objectFields(value, schema, meter, resourceRoot), meter);
    default:
      return untyped(value, meter);
  }
}

function objectFields(value: Json, schema: JsonSchema, meter: CostMeter, resourceRoot: boolean): Json {
  const out: Json = {};
  if (resourceRoot) {
    for (const key of ['apiVersion', 'kind']) if (typeof value[key] === 'string') out[key] = value[key];
    const metadata = isObject(value.metadata) ? value.metadata : undefined;
    if (metadata) {
      const meta: Json = {};
      for (const key of ['name', 'generateName']) if (typeof metadata[key] === 'string') meta[key] = metadata[key];
      out.metadata = meteredObject(meta, meter);
    }
  }
  if (schema.properties) {
    for (const [key, child] of Object.entries(value)) {
      const propertySchema = schema.properties[key];
      if (!propertySchema || child === null || (resourceRoot && (key === 'apiVersion' || key === 'kind' || key === 'metadata'))) continue;
      const name = escapeCelName(key);
      if (name !== undefined) out[name] = toCelValue(child, propertySchema, meter, propertySchema['x-kubernetes-embedded-resource']);
    }
    return out;
  }
  const valueSchema = isObject(schema.additionalProperties) ? (schema.additionalProperties as JsonSchema) : undefined;
  for (const [key, child] of Object.entries(value)) {
    if (resourceRoot && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
    out[key] = valueSchema ? toCelValue(child, valueSchema, meter, valueSchema['x-kubernetes-embedded-resource']) : untyped(child, meter);
  }
  return out;
}
