/**
 * Strategic merge patch, applied server-side as apimachinery v0.32's StrategicMergeMapPatch does
 * it: a JSON merge patch whose lists merge by key where the type says so, with the directives
 * `$patch`, `$retainKeys`, `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`.
 * The list order (element-order.ts) and the error texts follow upstream, because kubectl apply
 * relies on the first and prints the second. Where upstream takes a patch value raw and leaves
 * the typed decode that follows to drop what is left of directives, `clean` drops them here:
 * kubelab stores the JSON as it is.
 */
import { badRequest } from '../../../shared/api/errors.js';
import type { FieldPatchMeta, PatchMetaTable } from './merge-keys.js';
import { smpMessages, unknownPatchError } from './patch-errors.js';
import {
  AliasedList,
  type ElementKind,
  type JsonMap,
  directiveMarker,
  elementKind,
  isMap,
  mapAt,
  normalizeElementOrder,
  partition,
  validateOrderList,
} from './element-order.js';

const retainKeysDirective = '$retainKeys';
const deletePrefix = '$deleteFromPrimitiveList';
const orderPrefix = '$setElementOrder';
const listType = '[]interface {}';

/** Applies `patch` to `original` (both left untouched); `rootType` names an entry of `table`. */
export function strategicMerge(original: JsonMap, patch: JsonMap, table: PatchMetaTable, rootType: string): JsonMap {
  return new StrategicMerger(table).mergeMap(structuredClone(original), structuredClone(patch), rootType);
}

/** Removes null-valued keys at every depth: what a JSON merge patch does to values it adds. */
export function pruneNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pruneNulls);
  if (!isMap(value)) return value;
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = pruneNulls(v);
  return out;
}

/** Works on copies it owns: the arguments of every method may be changed in place. */
class StrategicMerger {
  constructor(private readonly table: PatchMetaTable) {}

  mergeMap(original: JsonMap, patch: JsonMap, type: string | undefined): JsonMap {
    if (directiveMarker in patch) return applyMapDirective(patch);
    applyRetainKeys(original, patch);
    this.mergeOrderedLists(original, patch, type);
    for (const [patchKey, patchValue] of Object.entries(patch)) {
      const isDeleteList = patchKey.startsWith(deletePrefix);
      const key = isDeleteList ? extractKey(patchKey, deletePrefix) : patchKey;
      if (patchValue === null) {
        delete original[key];
        continue;
      }
      const meta = this.fieldMeta(type, key);
      const current = original[key];
      if (!(key in original) || kindOf(current) !== kindOf(patchValue)) {
        if (isDeleteList) continue;
        const value = clean(patchValue);
        if (value === undefined) delete original[key];
        else original[key] = value;
      } else if (isMap(current)) {
        original[key] = meta.strategy === 'replace' ? (clean(patchValue) ?? {}) : this.mergeMap(current, patchValue as JsonMap, meta.type);
      } else if (Array.isArray(current)) {
        original[key] = this.mergeList(current, patchValue as unknown[], meta, isDeleteList);
      } else {
        original[key] = patchValue;
      }
    }
    return original;
  }

  private fieldMeta(type: string | undefined, field: string): FieldPatchMeta {
    return (type && this.table[type]?.[field]) || {};
  }

  /** `$setElementOrder/<list>`: merge the list, then order it as the directive says. */
  private mergeOrderedLists(original: JsonMap, patch: JsonMap, type: string | undefined): void {
    for (const directiveKey of Object.keys(patch)) {
      if (!directiveKey.startsWith(orderPrefix)) continue;
      const order = patch[directiveKey];
      delete patch[directiveKey];
      if (!Array.isArray(order)) throw unknownPatchError(smpMessages.badArgType(listType, order));
      const key = extractKey(directiveKey, orderPrefix);
      const [hasOriginal, hasPatch] = [key in original, key in patch];
      const originalList = hasOriginal ? original[key] : [];
      const patchList = hasPatch ? patch[key] : [];
      if (!Array.isArray(originalList)) throw unknownPatchError(smpMessages.badArgType(listType, originalList));
      if (!Array.isArray(patchList)) throw unknownPatchError(smpMessages.badArgType(listType, patchList));
      const meta = this.fieldMeta(type, key);
      const mergeKey = meta.mergeKey ?? '';
      validateOrderList(patchList, order, mergeKey);
      if (!hasOriginal && !hasPatch) continue;
      const live = new AliasedList(originalList);
      let merged = originalList;
      if (hasPatch) merged = hasOriginal ? this.mergeList(originalList, patchList, meta, false, live) : (clean(patchList) as unknown[]);
      delete patch[key];
      const kind = elementKind(originalList, patchList);
      // Upstream fails with "no elements in any of the given slices" here; an empty list is kinder.
      if (!kind) {
        original[key] = merged;
        continue;
      }
      const [listed, serverOnly] = partition(merged, order, mergeKey);
      original[key] = normalizeElementOrder(listed, serverOnly, order, live.items, mergeKey, kind);
    }
  }

  /** mergeSliceHandler + mergeSlice; `live` replays upstream's in-place writes to the live list. */
  private mergeList(original: unknown[], patch: unknown[], meta: FieldPatchMeta, isDeleteList: boolean, live?: AliasedList): unknown[] {
    // Deletion lists apply whatever the field's strategy.
    if (meta.strategy !== 'merge' && !isDeleteList) return clean(patch) as unknown[];
    if (original.length === 0 && patch.length === 0) return original;
    const kind = elementKind(original, patch) as ElementKind;
    if (kind === 'scalar') {
      if (isDeleteList) {
        const doomed = new Set(patch);
        return original.filter((v) => !doomed.has(v));
      }
      const merged = [...new Set([...original, ...patch])];
      const [inPatch, serverOnly] = partition(merged, patch, '');
      return normalizeElementOrder(inPatch, serverOnly, patch, original, '', kind);
    }
    const mergeKey = meta.mergeKey;
    if (!mergeKey) throw unknownPatchError(`cannot merge lists without merge key for ${meta.type ?? 'unknown'}`);
    const [base, items] = applyListDirectives(original as JsonMap[], patch as JsonMap[], mergeKey, live);
    const merged = this.mergeByKey(base, items, mergeKey, meta.type, live);
    const [inPatch, serverOnly] = partition(merged, items, mergeKey);
    return normalizeElementOrder(inPatch, serverOnly, items, base, mergeKey, kind);
  }

  private mergeByKey(original: JsonMap[], patch: JsonMap[], mergeKey: string, type: string | undefined, live?: AliasedList): JsonMap[] {
    const result = [...original];
    for (const item of patch) {
      if (!(mergeKey in item)) throw unknownPatchError(smpMessages.noMergeKey(item, mergeKey));
      const i = result.findIndex((_, k) => mapAt(result, k)[mergeKey] === item[mergeKey]);
      if (i >= 0) {
        result[i] = this.mergeMap(result[i], item, type);
      } else {
        const added = clean(item) as JsonMap;
        result.push(added);
        live?.append(added);
      }
    }
    return result;
  }
}

/** A map's own `$patch`: delete empties it, replace takes the patch as it is. */
function applyMapDirective(patch: JsonMap): JsonMap {
  const directive = patch[directiveMarker];
  if (directive === 'delete') return {};
  if (directive !== 'replace') throw unknownPatchError(smpMessages.badPatchType(directive, patch));
  const { [directiveMarker]: _marker, ...rest } = patch;
  return clean(rest) as JsonMap;
}

/** List elements with `$patch`: delete removes every match, replace makes the rest the whole list. */
function applyListDirectives(original: JsonMap[], patch: JsonMap[], mergeKey: string, live?: AliasedList): [JsonMap[], JsonMap[]] {
  const rest: JsonMap[] = [];
  const base = [...original];
  let replace = false;
  for (const item of patch) {
    if (!(directiveMarker in item)) {
      rest.push(item);
      continue;
    }
    const directive = item[directiveMarker];
    if (directive === 'delete') {
      if (!(mergeKey in item)) throw unknownPatchError(smpMessages.noMergeKey(item, mergeKey));
      for (;;) {
        const i = base.findIndex((_, k) => mapAt(base, k)[mergeKey] === item[mergeKey]);
        if (i < 0) break;
        base.splice(i, 1);
        live?.remove(i);
      }
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw unknownPatchError('merging lists cannot yet be specified in the patch');
    } else {
      throw unknownPatchError(smpMessages.badPatchType(directive, item));
    }
  }
  return replace ? [clean(rest) as JsonMap[], []] : [base, rest];
}

/** `$retainKeys`: clear every key of the original the list leaves out. */
function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!(retainKeysDirective in patch)) return;
  const list = patch[retainKeysDirective];
  delete patch[retainKeysDirective];
  if (!Array.isArray(list)) throw badRequest(smpMessages.badRetainKeys);
  const keep = new Set(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(deletePrefix) || k.startsWith(orderPrefix)) continue;
    if (!keep.has(k)) throw badRequest(smpMessages.badRetainKeys);
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/**
 * A patch value taken as it is: nulls and maps carrying `$patch` go (upstream's
 * discardNullValuesFromPatch and removeDirectives), and so do directive keys. undefined: drop it.
 */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean).filter((v) => v !== undefined);
  if (!isMap(value)) return value;
  if (directiveMarker in value) return undefined;
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || k === retainKeysDirective || k.startsWith(orderPrefix) || k.startsWith(deletePrefix)) continue;
    const kept = clean(v);
    if (kept !== undefined) out[k] = kept;
  }
  return out;
}

function extractKey(directiveKey: string, prefix: string): string {
  const slash = directiveKey.indexOf('/');
  if (slash < 0 || directiveKey.slice(0, slash) !== prefix) {
    throw badRequest(prefix === deletePrefix ? smpMessages.badPrimitiveList : smpMessages.badSetElementOrder);
  }
  return directiveKey.slice(slash + 1);
}

function kindOf(value: unknown): 'map' | 'list' | 'scalar' {
  return Array.isArray(value) ? 'list' : isMap(value) ? 'map' : 'scalar';
}
