/**
 * The order of a table's rows (k9s' shift-letter sorts): by a printed column, numbers by value
 * (`10` after `9`, `2 (5s ago)` by its 2), AGE by creationTimestamp (ascending: youngest first),
 * ties and the unsorted table in the API's order (namespace, then name).
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { parseTimestamp } from '../../shared/duration.js';

export interface TableSort {
  /** A printed column name (`STATUS`), or undefined for the API's order (namespace, then name). */
  column?: string;
  ascending: boolean;
}

export interface SortableRow {
  key: string;
  obj: Readonly<KubeObject>;
  cells: string[];
}

function leadingNumber(text: string): number | undefined {
  const m = /^-?\d+(\.\d+)?/.exec(text);
  return m ? Number(m[0]) : undefined;
}

/** Sorts `rows` in place and returns them; `columnNames` are the printed names, in cell order. */
export function sortRows<R extends SortableRow>(rows: R[], sort: TableSort, columnNames: readonly string[]): R[] {
  const { column, ascending } = sort;
  const byKey = (a: R, b: R): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  if (column === undefined) return rows.sort(byKey);
  const sign = ascending ? 1 : -1;
  if (column === 'AGE') {
    const stamps = new Map(rows.map((r) => [r, parseTimestamp(r.obj.metadata.creationTimestamp) ?? 0]));
    return rows.sort((a, b) => sign * (stamps.get(b)! - stamps.get(a)!) || byKey(a, b));
  }
  const index = columnNames.indexOf(column);
  const keys = new Map(rows.map((r) => [r, { text: r.cells[index] ?? '', number: leadingNumber(r.cells[index] ?? '') }]));
  return rows.sort((a, b) => {
    const x = keys.get(a)!;
    const y = keys.get(b)!;
    let c = 0;
    if (x.number !== undefined && y.number !== undefined) c = x.number - y.number;
    if (c === 0) c = x.text < y.text ? -1 : x.text > y.text ? 1 : 0;
    return sign * c || byKey(a, b);
  });
}
