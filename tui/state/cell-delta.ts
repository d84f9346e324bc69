/**
 * Per-cell change markers, as k9s shows them: `↑` when a number grew (READY 1/3 → 2/3, RESTARTS
 * 0 → 1), `↓` when it shrank, `Δ` for any other change (STATUS Pending → Running). Columns that
 * change by themselves with time (AGE, LAST SEEN, …) are never marked.
 */

export type DeltaMark = '↑' | '↓' | 'Δ';

/** Column names (as printed) whose cells move with the clock, not with the object. */
export const timeColumns: ReadonlySet<string> = new Set(['AGE', 'LAST SEEN', 'FIRST SEEN', 'DURATION', 'LAST SCHEDULE', 'CREATED AT']);

/** RESTARTS reads `2 (5s ago)`: the `(… ago)` part moves with the clock. */
function withoutAgo(text: string): string {
  return text.replace(/ \([^)]* ago\)$/, '');
}

function leadingNumber(text: string): number | undefined {
  const m = /^-?\d+(\.\d+)?/.exec(text);
  return m ? Number(m[0]) : undefined;
}

/** The marker for a cell that went from `before` to `after`, or undefined when it did not change. */
export function cellDelta(before: string, after: string): DeltaMark | undefined {
  if (before === after) return undefined;
  const a = withoutAgo(before);
  const b = withoutAgo(after);
  if (a === b) return undefined;
  const x = leadingNumber(a);
  const y = leadingNumber(b);
  if (x !== undefined && y !== undefined && x !== y) return y > x ? '↑' : '↓';
  return 'Δ';
}
