/**
 * The two writers every `kubectl describe` text goes through (kubectl pkg/describe `tabbedString`
 * and `prefixWriter`):
 *  - TabWriter: Go's text/tabwriter as describe configures it (minwidth 0, tabwidth 8, padding 2,
 *    padchar ' ', no flags). Cells end at a tab; the last cell of a line never takes part in the
 *    alignment; a column block is a run of consecutive lines that have a cell in that column; a
 *    line without any tab ends the block and flushes everything above it. Widths count code
 *    points, as Go counts runes.
 *  - PrefixWriter: writes text at an indentation level (two spaces a level) and escapes terminal
 *    control characters as cli-runtime's WriteEscaped does (ESC → `^[`, CR → `\r`).
 * Hand-written rather than an npm tabwriter: describe's output is only right if the block and
 * flush rules are Go's exactly, and no maintained package promises that. Leaves out tabwriter's
 * escape (0xff) and HTML-filter modes, which describe never turns on.
 */

interface Cell {
  /** Length of the cell's text in the buffer (UTF-16 units). */
  size: number;
  /** Code points, the cell's printed width. */
  width: number;
  /** Ended by a tab (rather than a newline or a flush). */
  htab: boolean;
}

const padding = 2;

export class TabWriter {
  private buffer = '';
  private position = 0;
  private cell: Cell = { size: 0, width: 0, htab: false };
  private lines: Cell[][] = [[]];
  private widths: number[] = [];
  private output: string[] = [];

  write(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch !== '\t' && ch !== '\v' && ch !== '\n' && ch !== '\f') continue;
      this.append(text.slice(start, i));
      start = i + 1;
      const cells = this.terminateCell(ch === '\t');
      if (ch === '\n' || ch === '\f') {
        this.lines.push([]);
        // A line of one cell cannot affect the alignment of later lines (the last cell of a
        // line is never aligned), so Go flushes everything buffered so far.
        if (ch === '\f' || cells === 1) this.flush();
      }
    }
    this.append(text.slice(start));
  }

  /** Formats and emits everything buffered, ending any open cell. */
  flush(): void {
    if (this.cell.size > 0) this.terminateCell(false);
    this.format(0, 0, this.lines.length);
    this.buffer = '';
    this.position = 0;
    this.cell = { size: 0, width: 0, htab: false };
    this.lines = [[]];
    this.widths = [];
  }

  /** Everything written so far, flushed. */
  toString(): string {
    this.flush();
    return this.output.join('');
  }

  private append(text: string): void {
    if (text === '') return;
    this.buffer += text;
    this.cell.size += text.length;
    // Go counts runes: one per code point, whatever its display width.
    for (const _ of text) this.cell.width++;
  }

  private terminateCell(htab: boolean): number {
    this.cell.htab = htab;
    const line = this.lines[this.lines.length - 1]!;
    line.push(this.cell);
    this.cell = { size: 0, width: 0, htab: false };
    return line.length;
  }

  private format(position0: number, line0: number, line1: number): number {
    let position = position0;
    const column = this.widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= this.lines[current]!.length - 1) continue;
      // A cell exists in this column: print the lines above it, then find the block's width.
      position = this.writeLines(position, line0, current);
      line0 = current;
      let width = 0;
      for (; current < line1; current++) {
        const line = this.lines[current]!;
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column]!.width + padding);
      }
      this.widths.push(width);
      position = this.format(position, line0, current);
      this.widths.pop();
      line0 = current;
    }
    return this.writeLines(position, line0, line1);
  }

  private writeLines(position0: number, line0: number, line1: number): number {
    let position = position0;
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i]!;
      line.forEach((cell, j) => {
        if (cell.size > 0) {
          this.output.push(this.buffer.slice(position, position + cell.size));
          position += cell.size;
        }
        if (j < this.widths.length) this.output.push(' '.repeat(Math.max(0, this.widths[j]! - cell.width)));
      });
      if (i + 1 === this.lines.length) {
        // The last buffered line has no newline yet: emit only the text of its open cell.
        this.output.push(this.buffer.slice(position, position + this.cell.size));
        position += this.cell.size;
      } else {
        this.output.push('\n');
      }
    }
    return position;
  }
}

/** cli-runtime's terminalEscaper: describe never lets an object's text drive the terminal. */
function escapeTerminal(text: string): string {
  return text.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
}

const levelSpace = '  ';

/** Text at an indentation level, through a TabWriter (kubectl's PrefixWriter). */
export class PrefixWriter {
  constructor(
    private readonly out: TabWriter,
    private readonly indent = 0,
  ) {}

  /** Writes `text` after `level` (+ this writer's nesting) two-space indents. */
  write(level: number, text: string): void {
    this.out.write(escapeTerminal(levelSpace.repeat(level + this.indent) + text));
  }

  /** Writes text and a newline with no indentation (Go's fmt.Sprintln of one value). */
  writeLine(text = ''): void {
    if (this.indent > 0) this.out.write(escapeTerminal(levelSpace.repeat(this.indent) + text + '\n'));
    else this.out.write(escapeTerminal(text + '\n'));
  }

  /** Ends the current column blocks: what follows aligns on its own (describe's Events table). */
  flush(): void {
    this.out.flush();
  }

  /** A writer whose levels start `indent` deeper (kubectl's NewNestedPrefixWriter). */
  nested(indent: number): PrefixWriter {
    return new PrefixWriter(this.out, this.indent + indent);
  }
}

/** Runs a describer body against a fresh tab writer and returns the aligned text (tabbedString). */
export function tabbedString(body: (w: PrefixWriter) => void): string {
  const out = new TabWriter();
  body(new PrefixWriter(out));
  return out.toString();
}
