/**
 * Coloured text rows as plain data: a row is a list of segments, each with an Ink colour name.
 * Models (cluster map, xray tree) build rows of exactly the width they were given, and the views
 * only turn each row into one <Text> with nested coloured parts, so React never measures text.
 */

export type Color = 'green' | 'yellow' | 'red' | 'gray' | 'blue' | 'cyan' | 'magenta' | 'white';

export interface Segment {
  text: string;
  color?: Color;
  bold?: boolean;
  inverse?: boolean;
}

export type Row = Segment[];

export function rowWidth(row: Row): number {
  let width = 0;
  for (const segment of row) width += segment.text.length;
  return width;
}

export function rowText(row: Row): string {
  return row.map((segment) => segment.text).join('');
}

/** The row cut to at most `width` columns, then padded with spaces to exactly `width`. */
export function fitRow(row: Row, width: number): Row {
  const out: Row = [];
  let left = Math.max(0, width);
  for (const segment of row) {
    if (left === 0) break;
    const text = segment.text.length <= left ? segment.text : segment.text.slice(0, left);
    out.push({ ...segment, text });
    left -= text.length;
  }
  if (left > 0) out.push({ text: ' '.repeat(left) });
  return out;
}

/** Cuts a text to `width`, marking the cut with `…`. */
export function ellipsis(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}
