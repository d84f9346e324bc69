/**
 * The apiserver's default table for kinds with no printer (rest.NewDefaultTableConvertor):
 * NAME and CREATED AT, the creation time as RFC 3339 in UTC rather than an age. This is why a
 * real `kubectl get limitranges` or `get roles` shows a timestamp column.
 */
import type { KubeObject } from '../api/meta.js';
import { parseTimestamp } from '../duration.js';
import { column, creationTimestampDescription, nameColumn } from './columns.js';
import type { Printer } from './table.js';

/** NAME, CREATED AT: the fallback of printerFor(). */
export const defaultPrinter: Printer = {
  columns: [nameColumn(), column('Created At', 'date', creationTimestampDescription)],
  cells(obj: KubeObject): unknown[] {
    return [obj.metadata.name ?? '', createdAt(obj.metadata.creationTimestamp)];
  },
};

/** Go formats an unset metav1.Time as its zero value, `0001-01-01T00:00:00Z`. */
function createdAt(timestamp: string | null | undefined): string {
  const at = parseTimestamp(timestamp);
  return at === undefined ? '0001-01-01T00:00:00Z' : new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
