// The order of table rows: numbers by value, AGE by creationTimestamp, ties by namespace/name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortRows } from '../../../tui/state/row-sort.js';

const columns = ['NAME', 'RESTARTS', 'AGE'];
function row(name: string, restarts: string, created: string) {
  return { key: `default/${name}`, obj: { apiVersion: 'v1', kind: 'Pod', metadata: { name, creationTimestamp: created } }, cells: [name, restarts, '?'] };
}
const rows = () => [row('b', '10', '2026-01-01T00:00:10Z'), row('a', '2 (5s ago)', '2026-01-01T00:00:00Z'), row('c', '9', '2026-01-01T00:00:20Z'), row('d', '2', '2026-01-01T00:00:20Z')];
const names = (sorted: { obj: { metadata: { name?: string } } }[]): (string | undefined)[] => sorted.map((r) => r.obj.metadata.name);

test('sorts by a column: numbers by value, then by the text; again reverses', () => {
  assert.deepEqual(names(sortRows(rows(), { column: 'RESTARTS', ascending: true }, columns)), ['d', 'a', 'c', 'b']);
  assert.deepEqual(names(sortRows(rows(), { column: 'RESTARTS', ascending: false }, columns)), ['b', 'c', 'a', 'd']);
});

test('AGE ascending is youngest first; no column is the API order', () => {
  assert.deepEqual(names(sortRows(rows(), { column: 'AGE', ascending: true }, columns)), ['c', 'd', 'b', 'a']);
  assert.deepEqual(names(sortRows(rows(), { ascending: true }, columns)), ['a', 'b', 'c', 'd']);
});
