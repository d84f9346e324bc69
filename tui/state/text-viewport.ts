/**
 * Scrolling over a block of lines (describe, YAML, rules, events): the top line, clamped so the
 * window never runs past the end, and k9s' movement keys (j/k, g/G, ctrl-f/ctrl-b). It renders
 * only the visible window, each line cut to the width, so a frame never grows past the view.
 */

export type ScrollMove = 'down' | 'up' | 'top' | 'bottom' | 'pageDown' | 'pageUp';

/** Cuts a line to `width` columns, expanding tabs; a line that was cut ends with `…`. */
export function fitLine(line: string, width: number): string {
  const text = line.includes('\t') ? line.replace(/\t/g, '        ') : line;
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

/** The new top line after a move, for `total` lines shown `height` at a time. */
export function scrollTop(top: number, move: ScrollMove, total: number, height: number): number {
  const max = Math.max(0, total - height);
  const page = Math.max(1, height - 1);
  const next = {
    down: top + 1,
    up: top - 1,
    top: 0,
    bottom: max,
    pageDown: top + page,
    pageUp: top - page,
  }[move];
  return Math.min(max, Math.max(0, next));
}

/** Keeps a top line valid after the text or the height changed. */
export function clampTop(top: number, total: number, height: number): number {
  return Math.min(Math.max(0, total - height), Math.max(0, top));
}

/** The lines in view from `top`, at most `height` of them, each at most `width` wide. */
export function visibleLines(lines: readonly string[], top: number, width: number, height: number): string[] {
  if (height <= 0) return [];
  const start = clampTop(top, lines.length, height);
  return lines.slice(start, start + height).map((line) => fitLine(line, width));
}

/** Maps an Ink key press to a scroll move, or undefined for any other key. */
export function scrollMoveOf(input: string, key: { upArrow?: boolean; downArrow?: boolean; pageUp?: boolean; pageDown?: boolean; ctrl?: boolean }): ScrollMove | undefined {
  if (key.ctrl && input === 'f') return 'pageDown';
  if (key.ctrl && input === 'b') return 'pageUp';
  if (key.ctrl) return undefined;
  if (input === 'j' || key.downArrow) return 'down';
  if (input === 'k' || key.upArrow) return 'up';
  if (input === 'g') return 'top';
  if (input === 'G') return 'bottom';
  if (key.pageDown) return 'pageDown';
  if (key.pageUp) return 'pageUp';
  return undefined;
}

/** Breaks a message into lines of at most `width` at spaces (long words are cut), for error text. */
export function wrapWords(text: string, width: number): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (candidate.length <= width) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = word;
    while (line.length > width) {
      lines.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}
