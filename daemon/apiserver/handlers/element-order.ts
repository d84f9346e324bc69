/**
 * The order of a merged list in a strategic merge patch (apimachinery v0.32's
 * normalizeElementOrder and its helpers): patch items keep the patch's (or `$setElementOrder`'s)
 * order, live-only items keep the live order, and the two are interleaved by live position.
 * kubectl apply output, `get -o yaml` included, shows this order, so it is kept exactly.
 */
import { goFormat, goTypeName, smpMessages, unknownPatchError, unprocessablePatch } from './patch-errors.js';

export type JsonMap = Record<string, unknown>;
/** Whether a list holds maps (merged by key) or primitives (merged as a set). */
export type ElementKind = 'map' | 'scalar';

export const directiveMarker = '$patch';
const mapType = 'map[string]interface {}';

/**
 * Sorts the patch items by `patchOrder` and the live-only items by `serverOrder`, then
 * interleaves them: a live item goes first only when both are live and it came first there.
 */
export function normalizeElementOrder(patchItems: unknown[], serverOnly: unknown[], patchOrder: unknown[], serverOrder: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  const right = sortByOrder(patchItems, patchOrder, mergeKey, kind);
  const left = sortByOrder(serverOnly, serverOrder, mergeKey, kind);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]);
    else if (i >= left.length) out.push(right[j++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      out.push(li >= 0 && ri >= 0 && li < ri ? left[i++] : right[j++]);
    }
  }
  return out;
}

/** Items of `list` named by `by` (in list order), then the others. */
export function partition(list: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const listed: unknown[] = [];
  const others: unknown[] = [];
  const keys = new Set(mergeKey ? by.filter((_, i) => mergeKey in mapAt(by, i)).map((v) => (v as JsonMap)[mergeKey]) : by);
  for (const item of list) (keys.has(mergeKey ? requireMergeKey(item, mergeKey) : item) ? listed : others).push(item);
  return [listed, others];
}

/** Every non-deleting item of the patch list must appear in the order list, in the same order. */
export function validateOrderList(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey ? splitDeletions(patchList)[0] : patchList;
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    const item = items[p];
    if (isMap(item) && directiveMarker in item) {
      p++;
      continue;
    }
    const equal = mergeKey ? requireMergeKey(item, mergeKey) === requireMergeKey(order[s], mergeKey) : item === order[s];
    if (equal) p++;
    s++;
  }
  if (p < items.length) {
    throw unknownPatchError(`The order in patch list:\n${goFormat(patchList)}\n doesn't match $setElementOrder list:\n${goFormat(order)}\n`);
  }
}

/**
 * Upstream's mergeSlice deletes from and appends to the live list in place, and the caller's
 * header on that list (the live order `$setElementOrder` falls back to) then sees the deletions
 * shifted left and appended items written over the freed tail. The resulting order depends on
 * it, so this copy replays those writes; appends past the original length stay invisible.
 */
export class AliasedList {
  readonly items: unknown[];
  private length: number;

  constructor(list: unknown[]) {
    this.items = [...list];
    this.length = list.length;
  }

  remove(index: number): void {
    this.items.copyWithin(index, index + 1, this.length);
    this.length--;
  }

  append(item: unknown): void {
    if (this.length < this.items.length) this.items[this.length++] = item;
  }
}

/** The element kind shared by all the lists (sliceElementType); undefined when they are all empty. */
export function elementKind(...lists: unknown[][]): ElementKind | undefined {
  let first: string | undefined;
  for (const list of lists) {
    for (const item of list) {
      const type = goTypeName(item);
      if (first === undefined) {
        if (Array.isArray(item)) throw unprocessablePatch(smpMessages.noListOfLists);
        first = type;
      } else if (type !== first) {
        throw unknownPatchError(`list element types are not identical: ${goFormat(lists)}`);
      }
    }
  }
  if (first === undefined) return undefined;
  return first === mapType ? 'map' : 'scalar';
}

/** The merge key's value of an item that must be a map holding it. */
export function requireMergeKey(item: unknown, mergeKey: string): unknown {
  if (!isMap(item)) throw unknownPatchError(smpMessages.badArgType(mapType, item));
  if (!(mergeKey in item)) throw unknownPatchError(smpMessages.noMergeKey(item, mergeKey));
  return item[mergeKey];
}

/** Element i of a list that must hold maps (findMapInSliceBasedOnKeyValue's check). */
export function mapAt(list: unknown[], i: number): JsonMap {
  const item = list[i];
  if (!isMap(item)) throw unknownPatchError(`value for key ${i} is not a map.`);
  return item;
}

export function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Stable sort by position in `order`; `$patch: delete` items go last. */
function sortByOrder(items: unknown[], order: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  let deletions: unknown[] = [];
  if (kind === 'map') {
    for (const item of [...items, ...order]) requireMergeKey(item, mergeKey);
    [items, deletions] = splitDeletions(items);
  }
  const position = (v: unknown): number => indexIn(order, v, mergeKey, kind);
  const sorted = [...items].sort((a, b) => {
    const pa = position(a);
    const pb = position(b);
    return pa >= 0 && pb >= 0 ? pa - pb : 0;
  });
  return [...sorted, ...deletions];
}

function indexIn(list: unknown[], value: unknown, mergeKey: string, kind: ElementKind): number {
  if (kind !== 'map') return list.indexOf(value);
  const wanted = isMap(value) ? value[mergeKey] : undefined;
  return list.findIndex((item) => (isMap(item) ? item[mergeKey] : undefined) === wanted);
}

function splitDeletions(list: unknown[]): [unknown[], unknown[]] {
  const keep: unknown[] = [];
  const deletions: unknown[] = [];
  for (const item of list) {
    if (!isMap(item)) throw unknownPatchError(smpMessages.badArgType(mapType, item));
    (item[directiveMarker] === 'delete' ? deletions : keep).push(item);
  }
  return [keep, deletions];
}
