/**
 * What the logs view shows of a buffer: k9s' log toggles applied (timestamps on or off, wrap,
 * `/` filter) and the window of `height` rows either pinned to the end (autoscroll, `kubectl
 * logs -f`) or scrolled to a line. Wrapping is computed only for the lines in view, so a 5,000
 * line buffer costs no more per frame than a screenful.
 */
import { stripTimestamp } from './log-buffer.js';
import { fitLine } from './text-viewport.js';

export interface LogDisplayOptions {
  timestamps: boolean;
  filter?: RegExp;
}

export interface LogWindowOptions {
  width: number;
  height: number;
  wrap: boolean;
  /** Pinned to the last line (autoscroll). */
  follow: boolean;
  /** The first line in view when not following. */
  top: number;
}

export interface LogWindow {
  rows: string[];
  /** The first line in view (useful to keep the place when autoscroll turns off). */
  top: number;
  /** The largest top that still fills the window. */
  maxTop: number;
}

/**
 * Parses a `/` filter as k9s does: a case-insensitive regular expression. Throws a one-line
 * message for a bad one, for the flash line.
 */
export function parseLogFilter(text: string): RegExp | undefined {
  if (text === '') return undefined;
  try {
    return new RegExp(text, 'i');
  } catch (err) {
    throw new Error(`invalid filter /${text}/: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
}

/** The buffer's lines as displayed: timestamps kept or stripped, then the filter applied. */
export function displayLines(raw: readonly string[], options: LogDisplayOptions): string[] {
  const shown = options.timestamps ? raw.slice() : raw.map(stripTimestamp);
  return options.filter ? shown.filter((line) => options.filter!.test(line)) : shown;
}

/** A line cut into rows of `width` columns (at least one row, even when empty). */
export function wrapLine(line: string, width: number): string[] {
  const text = line.replace(/\t/g, '        ');
  if (width <= 0) return [''];
  if (text.length <= width) return [text];
  const rows: string[] = [];
  for (let i = 0; i < text.length; i += width) rows.push(text.slice(i, i + width));
  return rows;
}

function rowsOf(line: string, width: number, wrap: boolean): string[] {
  return wrap ? wrapLine(line, width) : [fitLine(line, width)];
}

/** The largest top line from which the rest of the lines still fill `height` rows. */
function lastTop(lines: readonly string[], width: number, height: number, wrap: boolean): number {
  if (!wrap) return Math.max(0, lines.length - height);
  let rows = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    rows += wrapLine(lines[i]!, width).length;
    if (rows >= height) return i;
  }
  return 0;
}

export function logWindow(lines: readonly string[], options: LogWindowOptions): LogWindow {
  const { width, height, wrap } = options;
  if (height <= 0) return { rows: [], top: 0, maxTop: 0 };
  const maxTop = lastTop(lines, width, height, wrap);
  const top = options.follow ? maxTop : Math.min(maxTop, Math.max(0, options.top));
  const rows: string[] = [];
  for (let i = top; i < lines.length && rows.length < height; i++) rows.push(...rowsOf(lines[i]!, width, wrap));
  // Following with wrap on: the last line's rows must show, so drop rows from the top instead.
  if (options.follow && rows.length > height) rows.splice(0, rows.length - height);
  return { rows: rows.slice(0, height), top, maxTop };
}
