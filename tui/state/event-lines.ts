/**
 * The events of one object as `kubectl get events --field-selector involvedObject.uid=<uid>`
 * prints them: LAST SEEN TYPE REASON OBJECT MESSAGE, cells from the shared event printer, columns
 * padded as kubectl's tabwriter pads them (widest cell plus three spaces), oldest first so the
 * newest event is the bottom line, as `kubectl events` orders them.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { parseTimestamp } from '../../shared/duration.js';
import { eventPrinter } from '../../shared/printers/events.js';

export const eventHeaders = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
/** LAST SEEN, TYPE, REASON, OBJECT and MESSAGE among the printer's cells. */
const shownCells = [0, 1, 2, 3, 6];
const padding = 3;

/** When an event was last seen, for ordering: series, lastTimestamp, eventTime, firstTimestamp. */
function lastSeen(event: Readonly<KubeObject>): number {
  return (
    parseTimestamp(event.series?.lastObservedTime) ??
    parseTimestamp(event.lastTimestamp ?? event.deprecatedLastTimestamp) ??
    parseTimestamp(event.eventTime) ??
    parseTimestamp(event.firstTimestamp ?? event.deprecatedFirstTimestamp) ??
    0
  );
}

/** Pads cells into kubectl's columns; the last column is never padded. */
export function tabulate(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]! + padding))).join('').trimEnd());
}

/** The header and one line per event; only the header when there is none. */
export function eventLines(events: readonly Readonly<KubeObject>[], now: number): string[] {
  const sorted = [...events].sort((a, b) => lastSeen(a) - lastSeen(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  const rows = sorted.map((event) => {
    const cells = eventPrinter.cells(event as KubeObject, now);
    return shownCells.map((i) => String(cells[i] ?? ''));
  });
  return tabulate([eventHeaders, ...rows]);
}
