/**
 * PATCH bodies: applies a JSON patch (RFC 6902), a JSON merge patch (RFC 7386) or a strategic
 * merge patch to a stored object, as the apiserver's patcher does before the update pipeline
 * (reference/kubectl-compat.md §5). Pure: the original is never changed. It does not check the
 * result's name, namespace or resourceVersion; the registry does, as for a PUT.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { badRequest } from '../../../shared/api/errors.js';
import { applyJsonPatch } from './json-patch.js';
import { builtinPatchMeta, patchMetaRootType } from './merge-keys.js';
import { jsonKind } from './patch-errors.js';
import { pruneNulls, strategicMerge } from './strategic-merge.js';

export type PatchKind = 'json' | 'merge' | 'strategic';

type JsonMap = Record<string, unknown>;

/**
 * Returns `original` with `patch` applied. Errors are StatusErrors with the apiserver's codes and
 * words: 400 for a patch that does not decode, 422 for a JSON patch that does not apply, 500 with
 * upstream's text for a strategic merge patch that breaks the list rules (a missing merge key).
 *
 * A strategic merge patch on a kind without merge metadata (ConfigMap, Secret, CRDs) merges like a
 * JSON merge patch, with ObjectMeta's lists still merged; a real apiserver answers 415 for CRDs,
 * which helps nobody learning here.
 */
export function applyPatch(original: KubeObject, type: PatchKind, patch: unknown, kind: { group: string; version: string; kind: string }): KubeObject {
  let patched: unknown;
  switch (type) {
    case 'json':
      patched = applyJsonPatch(original, patch);
      break;
    case 'merge':
      patched = applyMergePatch(original, patch);
      break;
    case 'strategic':
      // A JSON null decodes to an empty patch upstream: nothing changes.
      if (patch !== null && !isMap(patch)) throw badRequest(`json: cannot unmarshal ${jsonKind(patch)} into Go value of type map[string]interface {}`);
      patched = strategicMerge(original, patch ?? {}, builtinPatchMeta, patchMetaRootType(kind));
      break;
    default:
      throw badRequest(`unknown patch type: ${String(type)}`);
  }
  if (!isMap(patched)) throw badRequest('the patched object is not a JSON object');
  // Downstream code reads metadata unguarded; an empty one fails the registry's name check, as
  // a patched object without metadata does upstream.
  if (!isMap(patched.metadata)) patched.metadata = {};
  return patched as KubeObject;
}

/**
 * RFC 7386, hand-written because fast-json-patch only implements RFC 6902. A patch that is not an
 * object is refused with evanphx's `Invalid JSON Patch` (400); upstream lets an array through to
 * fail later in decoding, with a far longer message.
 */
export function applyMergePatch(original: unknown, patch: unknown): unknown {
  if (!isMap(patch)) throw badRequest('Invalid JSON Patch');
  return mergeInto(structuredClone(original), patch);
}

/** Merges in place into `target`, a copy this module owns; added values are fresh copies. */
function mergeInto(target: unknown, patch: unknown): unknown {
  // Nulls inside an added or replacing value are dropped too (evanphx's pruneNulls).
  if (!isMap(patch)) return pruneNulls(patch);
  const result: JsonMap = isMap(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergeInto(result[key], value);
  }
  return result;
}

function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
