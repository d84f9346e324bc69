/**
 * The errors a PATCH can fail with, shaped as the v1.32 apiserver shapes them
 * (apiserver/pkg/endpoints/handlers/patch.go), and Go's `%v` formatting, which the upstream
 * strategic-merge messages embed (`map: map[image:x] does not contain declared merge key: name`).
 */
import { StatusError } from '../../../shared/api/errors.js';

/**
 * 422 from NewGenericServerResponse: a patch that decodes but cannot be applied (a failed JSON
 * patch `test`, a missing path). The library's own words go into the single cause, and kubectl
 * prints `The request is invalid: the server rejected our request due to an error in our request`.
 */
export function unprocessablePatch(cause: string): StatusError {
  return new StatusError(422, 'Invalid', 'the server rejected our request due to an error in our request', {
    causes: [{ reason: 'UnexpectedServerResponse', message: cause }],
  });
}

/**
 * 500 with an empty reason: what the apiserver sends for a plain Go error that is not a Status
 * (ErrorToAPIStatus), e.g. a missing merge key. kubectl prints `Error from server: <message>`.
 */
export function unknownPatchError(message: string): StatusError {
  const err = new StatusError(500, '', message);
  delete err.status.reason; // StatusReasonUnknown is "" and omitted from the JSON
  return err;
}

/** 413 for a JSON patch with too many operations (maxJSONPatchOperations upstream). */
export function tooManyPatchOperations(limit: number, got: number): StatusError {
  return new StatusError(413, 'RequestEntityTooLarge', `Request entity too large: The allowed maximum operations in a JSON patch is ${limit}, got ${got}`);
}

// Upstream strategic-merge error texts (apimachinery/pkg/util/mergepatch/errors.go).
export const smpMessages = {
  badJSONDoc: 'invalid JSON document',
  noListOfLists: 'lists of lists are not supported',
  badPrimitiveList: 'invalid patch format of primitive list',
  badRetainKeys: 'invalid patch format of retainKeys',
  badSetElementOrder: 'invalid patch format of setElementOrder list',
  noMergeKey: (m: unknown, key: string) => `map: ${goFormat(m)} does not contain declared merge key: ${key}`,
  badArgType: (expected: string, actual: unknown) => `expected a ${expected}, but received a ${goTypeName(actual)}`,
  badPatchType: (directive: unknown, m: unknown) => `unknown patch type: ${goFormat(directive)} in map: ${goFormat(m)}`,
};

/** Go's `%v` of a value decoded from JSON: `map[a:1 b:[x y]]`, `<nil>`, strings bare. */
export function goFormat(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (typeof value === 'object') {
    // fmt prints map keys sorted.
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${k}:${goFormat((value as Record<string, unknown>)[k])}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(value);
}

/** reflect.TypeOf(v).String() for a value decoded from JSON into interface{}. */
export function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return '[]interface {}';
  switch (typeof value) {
    case 'object':
      return 'map[string]interface {}';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      // The apiserver decodes patches preserving integers as int64.
      return Number.isInteger(value) ? 'int64' : 'float64';
    default:
      return typeof value;
  }
}

/** The JSON type name Go's decoder uses in `cannot unmarshal <kind> into …`. */
export function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}
