// Cases from apimachinery v0.32's own strategicpatch/patch_test.go, run against the same
// MergeItem type it uses, so that list order, directives and errors match upstream exactly.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { strategicMerge } from '../../../../../daemon/apiserver/handlers/strategic-merge.js';
import type { PatchMetaTable } from '../../../../../daemon/apiserver/handlers/merge-keys.js';
import { StatusError } from '../../../../../shared/api/errors.js';

// upstream's MergeItem: mergingList merges on name, mergingIntList as a set, the rest replace.
const mergingList = { strategy: 'merge' as const, mergeKey: 'name', type: 'MergeItem' };
const table: PatchMetaTable = {
  MergeItem: {
    mergingList,
    nonMergingList: { type: 'MergeItem' },
    mergingIntList: { strategy: 'merge' },
    retainKeysMap: { type: 'MergeItem' },
    retainKeysMergingList: mergingList,
  },
};

type Json = Record<string, unknown>;
const cases: { name: string; given: { original: Json; patch: Json }; want: Json }[] = [
  {
    name: 'keeps scalars unique when merging a list of primitives',
    given: { original: { mergingIntList: [1, 2] }, patch: { mergingIntList: [2, 3] } },
    want: { mergingIntList: [1, 2, 3] },
  },
  {
    name: 'empties a nested map with $patch: delete',
    given: { original: { simpleMap: { key1: 1, key2: 1 } }, patch: { simpleMap: { $patch: 'delete' } } },
    want: { simpleMap: {} },
  },
  {
    name: 'empties a merging list with a lone $patch: replace',
    given: { original: { mergingList: [{ name: 1 }, { name: 2 }] }, patch: { mergingList: [{ $patch: 'replace' }] } },
    want: { mergingList: [] },
  },
  {
    name: 'replaces a whole map, adding a key, with $patch: replace',
    given: { original: { name: 1, value: 1 }, patch: { other: 'a', $patch: 'replace' } },
    want: { other: 'a' },
  },
  {
    name: 'puts live-only items first when the patch reorders the others',
    given: { original: { mergingList: [{ name: 1 }, { name: 2, value: 'b' }, { name: 3 }] }, patch: { mergingList: [{ name: 3, value: 'c' }, { name: 1, value: 'a' }] } },
    want: { mergingList: [{ name: 2, value: 'b' }, { name: 3, value: 'c' }, { name: 1, value: 'a' }] },
  },
  {
    name: 'keeps the patch order in a merging list of primitives',
    given: { original: { mergingIntList: [1, 2, 3] }, patch: { mergingIntList: [3, 1] } },
    want: { mergingIntList: [2, 3, 1] },
  },
  {
    name: 'ignores $setElementOrder items that are in neither list',
    given: { original: { mergingList: [{ name: 1 }, { name: 3 }] }, patch: { '$setElementOrder/mergingList': [{ name: 3 }, { name: 2 }, { name: 1 }], mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] } },
    want: { mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] },
  },
  {
    name: 'deletes primitives with $deleteFromPrimitiveList and keeps live-only ones',
    given: { original: { mergingIntList: [1, 2, 3, 4] }, patch: { '$setElementOrder/mergingIntList': [1, 2], '$deleteFromPrimitiveList/mergingIntList': [3] } },
    want: { mergingIntList: [1, 2, 4] },
  },
  {
    name: 'orders merged maps by $setElementOrder and keeps live fields',
    given: {
      original: { mergingList: [{ name: 1, other: 'a' }, { name: 2, value: 2, other: 'b' }] },
      patch: { '$setElementOrder/mergingList': [{ name: 4 }, { name: 1 }, { name: 2 }, { name: 3 }], mergingList: [{ name: 4, value: 4 }, { name: 3, value: 3 }] },
    },
    want: { mergingList: [{ name: 4, value: 4 }, { name: 1, other: 'a' }, { name: 2, value: 2, other: 'b' }, { name: 3, value: 3 }] },
  },
  {
    name: 'orders an add and a delete in one list as upstream does, live item before the added one',
    given: {
      original: { mergingList: [{ name: 1 }, { name: 2, other: 'b' }, { name: 4, other: 'c' }] },
      patch: { '$setElementOrder/mergingList': [{ name: 2 }, { name: 3 }], mergingList: [{ name: 3 }, { name: 1, $patch: 'delete' }] },
    },
    want: { mergingList: [{ name: 2, other: 'b' }, { name: 4, other: 'c' }, { name: 3 }] },
  },
  {
    name: 'puts a live-only item first when the deleted item freed its place',
    given: {
      original: { mergingList: [{ name: 1, other: 'a' }, { name: 4, other: 'c' }] },
      patch: { '$setElementOrder/mergingList': [{ name: 2 }, { name: 3 }], mergingList: [{ name: 2 }, { name: 3 }, { name: 1, $patch: 'delete' }] },
    },
    want: { mergingList: [{ name: 4, other: 'c' }, { name: 2 }, { name: 3 }] },
  },
  {
    name: 'clears the fields a $retainKeys list leaves out',
    given: { original: { retainKeysMap: { name: 'type1', value: 'foo' } }, patch: { retainKeysMap: { $retainKeys: ['name', 'other'], name: 'type2', other: 'bar' } } },
    want: { retainKeysMap: { name: 'type2', other: 'bar' } },
  },
  {
    name: 'drops nulls and directives from a value the original lacks',
    given: { original: {}, patch: { mergingList: [{ name: 1, value: null }, { name: 2, $patch: 'delete' }], simpleMap: { a: null, b: 'x' } } },
    want: { mergingList: [{ name: 1 }], simpleMap: { b: 'x' } },
  },
];

describe('strategicMerge on upstream cases', () => {
  for (const c of cases) it(c.name, () => assert.deepEqual(strategicMerge(c.given.original, c.given.patch, table, 'MergeItem'), c.want));

  it('leaves both arguments untouched', () => {
    const original = { mergingList: [{ name: 1 }, { name: 2 }] };
    const patch = { '$setElementOrder/mergingList': [{ name: 2 }, { name: 1 }], mergingList: [{ name: 1, $patch: 'delete' }] };
    strategicMerge(original, patch, table, 'MergeItem');
    assert.deepEqual(original, { mergingList: [{ name: 1 }, { name: 2 }] });
    assert.deepEqual(patch, { '$setElementOrder/mergingList': [{ name: 2 }, { name: 1 }], mergingList: [{ name: 1, $patch: 'delete' }] });
  });

  const errors: { name: string; given: { original: Json; patch: Json }; want: { code: number; message: string } }[] = [
    {
      name: 'rejects a list item without its merge key',
      given: { original: { mergingList: [{ name: 1, value: 'a' }] }, patch: { mergingList: [{ value: 'b' }] } },
      want: { code: 500, message: 'map: map[value:b] does not contain declared merge key: name' },
    },
    {
      name: 'rejects a patch list ordered against its $setElementOrder',
      given: { original: { mergingIntList: [1, 3, 2] }, patch: { '$setElementOrder/mergingIntList': [1, 2, 3], mergingIntList: [3, 1] } },
      want: { code: 500, message: "The order in patch list:\n[3 1]\n doesn't match $setElementOrder list:\n[1 2 3]\n" },
    },
    {
      name: 'rejects a list of lists',
      given: { original: { mergingIntList: [1] }, patch: { mergingIntList: [[2]] } },
      want: { code: 500, message: 'list element types are not identical: [[1] [[2]]]' },
    },
    {
      name: 'rejects a $deleteFromPrimitiveList key without a list name',
      given: { original: {}, patch: { $deleteFromPrimitiveList: [1] } },
      want: { code: 400, message: 'invalid patch format of primitive list' },
    },
  ];
  for (const c of errors) {
    it(c.name, () => {
      assert.throws(
        () => strategicMerge(c.given.original, c.given.patch, table, 'MergeItem'),
        (err: unknown) => err instanceof StatusError && err.status.code === c.want.code && err.status.message === c.want.message,
      );
    });
  }
});
