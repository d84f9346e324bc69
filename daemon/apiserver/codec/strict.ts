/**
 * Strict decoding of JSON request bodies, as the apiserver's JSON serializer does it with
 * sigs.k8s.io/json (UnmarshalStrict) and `fieldValidation=Strict|Warn|Ignore`: unknown fields are
 * collected as paths in document order (`spec.containers[0].foo`), and the first type mismatch is
 * reported with encoding/json's wording. Kinds the schema lacks pass unchecked. Repeated keys,
 * which JSON.parse drops, are found on the body text (duplicate-fields.ts, input-check.ts).
 */
import type { GroupVersionKind } from '../../../shared/api/resources.js';
import { findMessage, goElementType, jsonFields, rootMessageFor, type FieldSchema, type FieldType, type MessageSchema } from '../../../shared/api/schema/schema.js';
import { base64DecodeError, quantityFormatError, quantityParseError, timeParseError } from './go-literals.js';

/** What a strict decode found: unknown field paths, and the first type error (which wins). */
export interface FieldCheck {
  unknown: string[];
  typeError?: string;
  /** Set when a null is one stripUnknown rewrites (an omitted field, or a zero-valued element). */
  rewritesNull?: true;
}

type Json = Record<string, unknown>;

/** Go's decoder context for a type error: the struct holding the field, and the JSON keys from the root. */
interface Context {
  struct: string;
  stack: string[];
}

// sigs.k8s.io/json keeps at most 100 strict errors.
const maxUnknown = 100;

/** An error returned (not saved) by a Go UnmarshalJSON method: it stops decoding at once. */
class Abort {
  constructor(readonly message: string) {}
}

class Walk {
  readonly unknown: string[] = [];
  savedError?: string;
  rewritesNull = false;

  addUnknown(path: string): void {
    if (this.unknown.length < maxUnknown && !this.unknown.includes(path)) this.unknown.push(path);
  }

  /** encoding/json saves the first type error and goes on decoding. */
  mismatch(value: string, goType: string, ctx: Context): void {
    this.savedError ??= unmarshalTypeError(value, goType, ctx);
  }
}

/** Checks `obj` against the schema of `gvk`. */
export function checkFields(obj: unknown, gvk: GroupVersionKind): FieldCheck {
  const root = rootMessageFor(gvk.group, gvk.version, gvk.kind);
  if (!root) return { unknown: [] };
  if (!isObject(obj)) return { unknown: [], typeError: unmarshalTypeError(jsonKind(obj), root.goType, { struct: '', stack: [] }) };
  const walk = new Walk();
  try {
    checkObject(obj, root, '', [], walk);
  } catch (err) {
    if (err instanceof Abort) return { unknown: [], typeError: err.message };
    throw err;
  }
  return walk.savedError ? { unknown: [], typeError: walk.savedError } : walk.rewritesNull ? { unknown: walk.unknown, rewritesNull: true } : { unknown: walk.unknown };
}

/**
 * A copy of `obj` as Go would have decoded it: without the fields the schema does not know
 * (fieldValidation=Ignore or Warn), null fields omitted and null list elements at their zero value.
 */
export function stripUnknown<T>(obj: T, gvk: GroupVersionKind): T {
  const root = rootMessageFor(gvk.group, gvk.version, gvk.kind);
  return root && isObject(obj) ? (stripObject(obj, root) as T) : obj;
}

/** `Deployment in version "v1" cannot be handled as a Deployment: <cause>` (apiserver transformDecodeError). */
export function decodeErrorMessage(gvk: GroupVersionKind, cause: string): string {
  return `${gvk.kind} in version "${gvk.version}" cannot be handled as a ${gvk.kind}: ${cause}`;
}

/** One warning per unknown field, as `fieldValidation=Warn` sends them: `unknown field "spec.foo"`. */
export function unknownFieldWarnings(unknown: string[]): string[] {
  return unknown.map((path) => `unknown field ${JSON.stringify(path)}`);
}

function checkObject(obj: Json, msg: MessageSchema, path: string, stack: string[], walk: Walk): void {
  const fields = jsonFields(msg);
  for (const [key, value] of Object.entries(obj)) {
    const fieldPath = path ? `${path}.${key}` : key;
    const field = fields.get(key);
    if (!field) walk.addUnknown(fieldPath);
    else if (value === null) walk.rewritesNull ||= !keepsNull(field);
    else checkValue(value, field, field.type, field.goType, fieldPath, { struct: msg.goName, stack: [...stack, key] }, walk);
  }
}

function checkValue(value: unknown, field: FieldSchema, type: FieldType, goType: string, path: string, ctx: Context, walk: Walk): void {
  // null decodes to the zero value for every type, Unmarshalers included (a null field is handled
  // by checkObject, so this is a list element or map value, which stripUnknown sets to its zero).
  if (value === null) {
    walk.rewritesNull = true;
    return;
  }
  switch (type.kind) {
    case 'repeated':
      if (!Array.isArray(value)) return walk.mismatch(jsonKind(value), goType, ctx);
      // Indices appear in strict paths but not in type-error field names (Go's FieldStack has no indices).
      value.forEach((element, i) => checkValue(element, field, type.element, goElementType(field), `${path}[${i}]`, ctx, walk));
      return;
    case 'map':
      if (!isObject(value)) return walk.mismatch(jsonKind(value), goType, ctx);
      for (const [key, element] of Object.entries(value)) checkValue(element, field, type.value, goElementType(field), `${path}.${key}`, ctx, walk);
      return;
    case 'message': {
      const msg = findMessage(type.message);
      if (!msg) return;
      if (msg.custom) return checkCustom(value, msg, ctx);
      if (!isObject(value)) return walk.mismatch(jsonKind(value), goType, ctx);
      return checkObject(value, msg, path, ctx.stack, walk);
    }
    case 'scalar':
      return checkScalar(value, type.scalar, goType, ctx, walk);
  }
}

function checkScalar(value: unknown, scalar: string, goType: string, ctx: Context, walk: Walk): void {
  switch (scalar) {
    case 'string':
      if (typeof value !== 'string') walk.mismatch(jsonKind(value), goType, ctx);
      return;
    case 'bool':
      if (typeof value !== 'boolean') walk.mismatch(jsonKind(value), goType, ctx);
      return;
    case 'double':
      if (typeof value !== 'number') walk.mismatch(jsonKind(value), goType, ctx);
      return;
    case 'int32':
    case 'int64':
      if (typeof value !== 'number') walk.mismatch(jsonKind(value), goType, ctx);
      else if (!fitsInt(value, scalar)) walk.mismatch(`number ${String(value)}`, goType, ctx);
      return;
    case 'bytes':
      // []byte takes a base64 string (or, as encoding/json allows, an array of numbers).
      if (typeof value === 'string') {
        const err = base64DecodeError(value);
        if (err) walk.savedError ??= err;
      } else if (!Array.isArray(value)) walk.mismatch(jsonKind(value), goType, ctx);
      return;
  }
}

/** Quantity, IntOrString, Time: their UnmarshalJSON errors end the decode (returned, not saved). */
function checkCustom(value: unknown, msg: MessageSchema, ctx: Context): void {
  switch (msg.custom) {
    case 'quantity': {
      // UnmarshalJSON strips the quotes and parses whatever is left, so `true` or `{}` fail the format.
      const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
      const err = text === undefined ? quantityFormatError : quantityParseError(text);
      if (err) throw new Abort(err);
      return;
    }
    case 'intorstring':
      // A non-string goes through json.Unmarshal into an int32; the outer decoder adds the field context.
      if (typeof value === 'string') return;
      if (typeof value !== 'number') throw new Abort(unmarshalTypeError(jsonKind(value), 'int32', ctx));
      if (!fitsInt(value, 'int32')) throw new Abort(unmarshalTypeError(`number ${String(value)}`, 'int32', ctx));
      return;
    case 'time':
    case 'microtime': {
      if (typeof value !== 'string') throw new Abort(unmarshalTypeError(jsonKind(value), 'string', ctx));
      const err = timeParseError(value, msg.custom === 'microtime');
      if (err) throw new Abort(err);
      return;
    }
    default:
      return; // FieldsV1, RawExtension: any JSON value
  }
}

function stripObject(obj: Json, msg: MessageSchema): Json {
  const fields = jsonFields(msg);
  const out: Json = {};
  for (const [key, value] of Object.entries(obj)) {
    const field = fields.get(key);
    if (field && (value !== null || keepsNull(field))) out[key] = stripValue(value, field.type);
  }
  return out;
}

/**
 * null leaves a Go field at its zero value. Most such fields are omitempty and vanish from the stored
 * object; non-pointer times and lists are the common exceptions that Kubernetes writes back as `null`
 * (`lastProbeTime: null` in pod conditions, `endpoints: null` in an empty EndpointSlice), so those
 * keep their null.
 */
function keepsNull(field: FieldSchema): boolean {
  if (field.pointer) return false;
  if (field.type.kind === 'repeated') return true;
  return field.type.kind === 'message' && /(^|\.)(Micro)?Time$/.test(field.type.message);
}

function stripValue(value: unknown, type: FieldType): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (type.kind === 'repeated') return Array.isArray(value) ? value.map((v) => (v === null ? zeroOf(type.element) : stripValue(v, type.element))) : value;
  if (!isObject(value)) return value;
  if (type.kind === 'map') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null ? zeroOf(type.value) : stripValue(v, type.value)]));
  if (type.kind !== 'message') return value;
  const msg = findMessage(type.message);
  return msg && !msg.custom ? stripObject(value, msg) : value;
}

/**
 * What Go decodes a null list element into: the element type's zero value (`[null]` in a []string
 * is `[""]`, in a []Container an empty Container), so validation then reports it as Kubernetes does.
 */
function zeroOf(type: FieldType): unknown {
  switch (type.kind) {
    case 'repeated':
      return [];
    case 'map':
      return {};
    case 'message': {
      const msg = findMessage(type.message);
      return msg?.custom ? null : {};
    }
    case 'scalar':
      return type.scalar === 'string' || type.scalar === 'bytes' ? '' : type.scalar === 'bool' ? false : 0;
  }
}

/** encoding/json's UnmarshalTypeError.Error(). */
function unmarshalTypeError(value: string, goType: string, ctx: Context): string {
  if (ctx.struct === '' && ctx.stack.length === 0) return `json: cannot unmarshal ${value} into Go value of type ${goType}`;
  return `json: cannot unmarshal ${value} into Go struct field ${ctx.struct}.${ctx.stack.join('.')} of type ${goType}`;
}

/** How encoding/json names a JSON value in errors. */
function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'object') return value === null ? 'null' : 'object';
  return typeof value === 'number' ? 'number' : 'string';
}

function fitsInt(value: number, scalar: string): boolean {
  if (!Number.isInteger(value)) return false;
  return scalar === 'int32' ? value >= -2147483648 && value <= 2147483647 : Math.abs(value) <= 9223372036854775807;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
