/**
 * What a benchmark reports (one row per figure) and how run-all prints them: the measured value,
 * its target with a pass/miss mark, and the comparison measured in the same run (or a literature
 * figure, labelled as such). Also the small statistics the benchmarks share.
 */
import { monotonicMs } from '../../shared/clock.js';

export interface BenchRow {
  figure: string;
  measured: string;
  /** Empty when the row is for information only. */
  target: string;
  /** undefined when there is no target. */
  met?: boolean;
  comparison: string;
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Milliseconds fn takes, on the monotonic clock. */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = monotonicMs();
  await fn();
  return monotonicMs() - start;
}

export function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : value >= 10 ? `${value.toFixed(1)} ms` : `${value.toFixed(2)} ms`;
}

export function rate(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString('en-US')}/s`;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - text.length));
}

/** A plain-text table: figure | measured | target | comparison (same run). */
export function formatTable(rows: BenchRow[]): string {
  const cells = rows.map((r) => [r.figure, r.measured, r.target ? `${r.target} ${r.met ? 'ok' : 'MISSED'}` : '-', r.comparison]);
  const header = ['FIGURE', 'MEASURED', 'TARGET', 'COMPARISON (same run unless labelled)'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string => c.map((text, i) => (i === c.length - 1 ? text : pad(text, widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
