/**
 * JSON patch (RFC 6902) as the v1.32 apiserver applies it with evanphx/json-patch v4: the
 * operations run through fast-json-patch, but each path is resolved here first so that the
 * quirks kubectl users meet are kept (negative array indices count from the end; `replace` of a
 * missing object key adds it; a `test` of a missing key against null passes) and a failure
 * carries the library's own words inside the 422 (see patch-errors.ts).
 */
import jsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { badRequest, type StatusError } from '../../../shared/api/errors.js';
import { jsonKind, tooManyPatchOperations, unprocessablePatch } from './patch-errors.js';

/** apiserver's maxJSONPatchOperations. */
const maxJsonPatchOperations = 10000;

type Container = Record<string, unknown> | unknown[];
type RawOperation = { op?: unknown; path?: unknown; from?: unknown; value?: unknown };

/** Where a path points: its parent container, the last segment, and the parent's canonical path. */
interface Target {
  container: Container;
  key: string;
  base: string;
}

/** Applies an RFC 6902 patch to a copy of `doc`. */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  const operations = decodePatch(patch);
  let current = structuredClone(doc);
  for (const op of operations) current = applyOperation(current, op);
  return current;
}

function decodePatch(patch: unknown): RawOperation[] {
  // Go's decoder words, as DecodePatch reports them (400).
  if (!Array.isArray(patch)) throw badRequest(`json: cannot unmarshal ${jsonKind(patch)} into Go value of type jsonpatch.Patch`);
  for (const op of patch) {
    if (op !== null && (typeof op !== 'object' || Array.isArray(op))) {
      throw badRequest(`json: cannot unmarshal ${jsonKind(op)} into Go value of type jsonpatch.Operation`);
    }
  }
  if (patch.length > maxJsonPatchOperations) throw tooManyPatchOperations(maxJsonPatchOperations, patch.length);
  return structuredClone(patch).map((op) => (op ?? {}) as RawOperation);
}

function applyOperation(doc: unknown, op: RawOperation): unknown {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(kind)) throw unprocessablePatch(`Unexpected kind: ${kind}`);
  if (typeof op.path !== 'string') throw unprocessablePatch(`${kind} operation failed to decode path: missing value`);
  const path = op.path;
  const value = 'value' in op ? op.value : null;
  if (kind === 'replace' && path === '') {
    if (typeof value !== 'object' || value === null) throw unprocessablePatch('replace operation value must be object or array');
    return value;
  }
  if (kind === 'test' && path === '') {
    if (!jsonPatch._areEquals(doc, value)) throw unprocessablePatch(`testing value ${path} failed: test failed`);
    return doc;
  }
  if (kind === 'move' || kind === 'copy') return moveOrCopy(doc, kind, path, op.from);
  const target = locate(doc, path);
  if (!target) {
    const quoted = kind === 'add' || kind === 'remove' ? `"${path}"` : path;
    throw unprocessablePatch(kind === 'test' ? `test operation does not apply: is missing path: ${path}: missing value` : `${kind} operation does not apply: doc is missing path: ${quoted}: missing value`);
  }
  switch (kind) {
    case 'add':
      return apply(doc, { op: 'add', path: insertionPath(target, wrap(`error in add for path: '${path}'`)), value });
    case 'remove':
      return apply(doc, { op: 'remove', path: existingPath(target, wrap(`error in remove for path: '${path}'`), true) });
    case 'replace': {
      const at = existingPath(target, () => unprocessablePatch(`replace operation does not apply: doc is missing key: ${path}: missing value`), false);
      // An object key that is missing is simply set: evanphx's object get never fails.
      return apply(doc, Array.isArray(target.container) ? { op: 'replace', path: at, value } : { op: 'add', path: at, value });
    }
    default: {
      const at = existingPath(target, wrap(`error in test for path: '${path}'`), false);
      const actual = Array.isArray(target.container) ? jsonPatch.getValueByPointer(doc, at) : target.container[target.key];
      const passes = actual === undefined || actual === null ? value === null : jsonPatch._areEquals(actual, value);
      if (!passes) throw unprocessablePatch(`testing value ${path} failed: test failed`);
      return doc;
    }
  }
}

/** evanphx moves by removing then adding, and copies by reading then adding. */
function moveOrCopy(doc: unknown, kind: 'move' | 'copy', path: string, from: unknown): unknown {
  if (typeof from !== 'string') throw unprocessablePatch(`${kind} operation failed to decode from: missing value`);
  const source = locate(doc, from);
  if (!source) throw unprocessablePatch(`${kind} operation does not apply: doc is missing from path: ${from}: missing value`);
  const context = kind === 'move' ? `error in move for path: '${source.key}'` : `error in copy for from: '${from}'`;
  const sourcePath = existingPath(source, wrap(context), kind === 'move');
  const value = structuredClone(jsonPatch.getValueByPointer(doc, sourcePath) ?? null);
  if (kind === 'move') doc = apply(doc, { op: 'remove', path: sourcePath });
  const target = locate(doc, path);
  if (!target) throw unprocessablePatch(`${kind} operation does not apply: doc is missing destination path: ${path}: missing value`);
  const addContext = kind === 'move' ? `error in move for path: '${path}'` : 'error while adding value during copy';
  return apply(doc, { op: 'add', path: insertionPath(target, wrap(addContext)), value });
}

function apply(doc: unknown, op: Operation): unknown {
  // Paths were checked above; fast-json-patch's own validation would use other words.
  return jsonPatch.applyOperation(doc, op, false, true).newDocument;
}

/** evanphx's findObject: walk every segment but the last; null, scalars and bad indices stop it. */
function locate(doc: unknown, path: string): Target | undefined {
  const segments = path.split('/');
  if (segments.length < 2) return undefined;
  let node: unknown = doc;
  let base = '';
  for (const raw of segments.slice(1, -1)) {
    const part = jsonPatch.unescapePathComponent(raw);
    if (Array.isArray(node)) {
      const index = parseIndex(part);
      const resolved = index !== undefined && index < 0 ? index + node.length : index;
      if (resolved === undefined || resolved < 0 || resolved >= node.length) return undefined;
      node = node[resolved];
      base += `/${resolved}`;
    } else if (typeof node === 'object' && node !== null) {
      node = (node as Record<string, unknown>)[part];
      base += `/${jsonPatch.escapePathComponent(part)}`;
    } else {
      return undefined;
    }
  }
  if (typeof node !== 'object' || node === null) return undefined;
  return { container: node as Container, key: jsonPatch.unescapePathComponent(segments[segments.length - 1]), base };
}

/** Builds the 422 for a failure inside an operation: `<context>: <cause>`. */
type Failure = (cause: string) => StatusError;
const wrap = (context: string): Failure => (cause) => unprocessablePatch(`${context}: ${cause}`);

/** The canonical path of an element that must exist (remove, replace, test, move's source). */
function existingPath(target: Target, fail: Failure, isRemoval: boolean): string {
  const { container, key, base } = target;
  if (!Array.isArray(container)) {
    if (isRemoval && !(key in container)) throw fail(`Unable to remove nonexistent key: ${key}: missing value`);
    return `${base}/${jsonPatch.escapePathComponent(key)}`;
  }
  const index = parseIndex(key);
  if (index === undefined) throw fail(atoiError(key));
  const resolved = index < 0 ? index + container.length : index;
  if (resolved < 0 || resolved >= container.length) throw fail(invalidIndex(index));
  return `${base}/${resolved}`;
}

/** The canonical path of an insertion point (add, and the target of move and copy). */
function insertionPath(target: Target, fail: Failure): string {
  const { container, key, base } = target;
  if (!Array.isArray(container) || key === '-') return `${base}/${jsonPatch.escapePathComponent(key)}`;
  const index = parseIndex(key);
  if (index === undefined) throw fail(`value was not a proper array index: '${key}': ${atoiError(key)}`);
  const size = container.length + 1;
  if (index >= size || index < -size) throw fail(invalidIndex(index));
  return `${base}/${index < 0 ? index + size : index}`;
}

/** strconv.Atoi's grammar: an optional sign and decimal digits. */
function parseIndex(segment: string): number | undefined {
  return /^[+-]?\d+$/.test(segment) ? Number(segment) : undefined;
}

const atoiError = (segment: string): string => `strconv.Atoi: parsing "${segment}": invalid syntax`;
const invalidIndex = (index: number): string => `Unable to access invalid index: ${index}: invalid index referenced`;
