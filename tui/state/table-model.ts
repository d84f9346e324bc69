/**
 * The model behind every resource table (k9s' `model.Table`, kept outside React): rows printed by
 * the same printers as the API server's Table output (shared/printers), so every cell equals what
 * `kubectl get` prints; wide columns, sort, `/` filter, selection, marks, row tones and per-cell
 * change markers. Work per frame is O(visible rows): the filtered, sorted order is rebuilt only
 * when rows come, go or move, and AGE is recomputed only for the rows on screen.
 * Leaves out: fetching (state/cluster-cache.ts feeds upsert/remove) and drawing (components/table.tsx).
 */
import { keyOf } from '../../shared/api/keys.js';
import type { KubeObject } from '../../shared/api/meta.js';
import type { Clock } from '../../shared/clock.js';
import type { Printer } from '../../shared/printers/table.js';
import { cellDelta, timeColumns, type DeltaMark } from './cell-delta.js';
import { noFilter, parseRowFilter, rowMatches, type RowFilter } from './row-filter.js';
import { sortRows, type TableSort } from './row-sort.js';
import { statusToneOf, toneColors, type RowTone } from './row-tone.js';

/** How long an added or modified row keeps its colour and its changed cells their marker. */
export const highlightMs = 5000;
/** How long a deleted row stays on screen (in the deleted colour) before it goes. */
export const deletedLingerMs = 3000;
/** kubectl's tabwriter pads columns with three spaces. */
const columnGap = 3;

interface Row {
  key: string;
  obj: Readonly<KubeObject>;
  /** Every column's cell (NAMESPACE first when shown), as printed at the last change. */
  cells: string[];
  addedAt: number;
  modifiedAt: number;
  deletedAt?: number;
  deltas?: (DeltaMark | undefined)[];
}

export interface RenderedRow {
  key: string;
  /** The row as printed, columns padded as kubectl pads them, markers included. */
  text: string;
  tone: RowTone;
  color: string;
  isSelected: boolean;
  isMarked: boolean;
}

export interface TableWindow {
  header: string;
  rows: RenderedRow[];
  /** Index of the first row shown, the number of rows after filtering, the selected index. */
  offset: number;
  total: number;
  selected: number;
}

export type { TableSort } from './row-sort.js';

export interface TableModelOptions {
  /** Plural resource (`pods`), for the row tones. */
  resource: string;
  printer: Printer;
  /** Prepend kubectl's NAMESPACE column (all namespaces, as `kubectl get -A`). */
  showNamespace: boolean;
  clock: Clock;
}

function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  // fmt.Sprint of a JSON null, as kubectl's table printer would print it.
  return value === null || value === undefined ? '<nil>' : String(value);
}

export class TableModel {
  private readonly rows = new Map<string, Row>();
  private order: Row[] = [];
  private readonly columnNames: string[];
  private readonly priorities: number[];
  private widths: number[] = [];
  private wide = false;
  private sort: TableSort = { ascending: true };
  private filter: RowFilter = noFilter;
  private isStructureDirty = true;
  private areWidthsDirty = false;
  private isSynced = false;
  private selectedIndex = 0;
  private selectedKey: string | undefined;
  private offset = 0;
  private readonly marks = new Set<string>();
  /** Keys of deleted rows still lingering. */
  private readonly dying = new Set<string>();
  /** The last window asked for, to tell whether time alone changed it (isWindowStale). */
  private drawn: { height: number; signature: string } | undefined;
  /** Keys of the rows in the last window drawn: changes to other rows need no frame. */
  private shown = new Set<string>();

  constructor(private readonly options: TableModelOptions) {
    const columns = options.printer.columns;
    this.columnNames = [...(options.showNamespace ? ['NAMESPACE'] : []), ...columns.map((c) => c.name.toUpperCase())];
    this.priorities = [...(options.showNamespace ? [0] : []), ...columns.map((c) => c.priority)];
  }

  /** Rows upserted before this are the initial list: shown plainly, not as "added". */
  markSynced(): void {
    this.isSynced = true;
  }

  /** The first list is in: an empty table now means no objects, not "still loading". */
  get isLoaded(): boolean {
    return this.isSynced;
  }

  /**
   * Takes an added or changed object. Returns whether the drawn window may change: a change to a
   * row off screen that moves nothing and widens no column does not need a frame (at 100 changes a
   * second over 10,000 pods, almost none does; issue #8's CPU target rests on this).
   */
  upsert(obj: Readonly<KubeObject>): boolean {
    const now = this.options.clock.now();
    const key = keyOf(obj);
    const cells = this.print(obj, now);
    const row = this.rows.get(key);
    if (!row || row.deletedAt !== undefined) {
      const addedAt = this.isSynced ? now : -Infinity;
      this.rows.set(key, { key, obj, cells, addedAt, modifiedAt: -Infinity });
      this.dying.delete(key);
      this.isStructureDirty = true;
      return true;
    }
    let isChanged = false;
    let deltas: (DeltaMark | undefined)[] | undefined;
    for (let i = 0; i < cells.length; i++) {
      const before = row.cells[i] ?? '';
      const after = cells[i]!;
      if (before === after) continue;
      isChanged = true;
      // A cell that was the widest and shrank (ContainerCreating → Running) narrows its column.
      if (after.length < before.length && before.length >= (this.widths[i] ?? 0)) this.areWidthsDirty = true;
      const mark = timeColumns.has(this.columnNames[i]!) ? undefined : cellDelta(before, after);
      if (mark) (deltas ??= new Array<DeltaMark | undefined>(cells.length))[i] = mark;
    }
    if (deltas) {
      row.deltas = deltas;
      row.modifiedAt = now;
    }
    row.obj = obj;
    row.cells = cells;
    // Rows stay in place unless the change can move them: a sort on a value column or a filter.
    if (this.sort.column !== undefined && this.sort.column !== 'NAME' && this.sort.column !== 'NAMESPACE') this.isStructureDirty = true;
    else if (this.filter.type !== 'none') this.isStructureDirty = true;
    else if (this.growWidths(cells)) return true;
    if (this.isStructureDirty || this.areWidthsDirty) return true;
    return isChanged && this.shown.has(key);
  }

  /**
   * The object is gone: its row lingers in the deleted colour for deletedLingerMs. Returns whether
   * the drawn window may change (the row is on screen; off screen, the count in the title moves
   * with the next frame, at the latest the next second's check).
   */
  remove(obj: Readonly<KubeObject>): boolean {
    const row = this.rows.get(keyOf(obj));
    if (!row || row.deletedAt !== undefined) return false;
    row.deletedAt = this.options.clock.now();
    this.dying.add(row.key);
    return this.shown.has(row.key);
  }

  /** After a relist or a remount: rows whose key is not in `keys` are gone (they linger, then go). */
  retainOnly(keys: ReadonlySet<string>): void {
    for (const row of this.rows.values()) if (!keys.has(row.key)) this.remove(row.obj);
  }

  get isWide(): boolean {
    return this.wide;
  }

  setWide(wide: boolean): void {
    this.wide = wide;
    this.isStructureDirty = true;
  }

  get sortOrder(): TableSort {
    return this.sort;
  }

  /** Sorts by a printed column; the same column again flips the direction. Returns an error text. */
  sortBy(column: string): string | undefined {
    const name = column.toUpperCase();
    if (!this.columnNames.includes(name)) return `no column ${name} in this view`;
    this.sort = { column: name, ascending: this.sort.column === name ? !this.sort.ascending : true };
    this.isStructureDirty = true;
    return undefined;
  }

  get filterText(): string {
    return this.filter.type === 'none' ? '' : this.filter.text;
  }

  /** Applies a `/` filter; a bad regex or selector leaves the old filter and returns the error. */
  setFilter(text: string): string | undefined {
    const parsed = parseRowFilter(text);
    if ('error' in parsed) return parsed.error;
    this.filter = parsed.filter;
    this.isStructureDirty = true;
    return undefined;
  }

  /** Rows after the filter (deleted rows that still linger included). */
  get size(): number {
    this.rebuildIfDirty();
    return this.order.length;
  }

  selected(): Readonly<KubeObject> | undefined {
    this.rebuildIfDirty();
    return this.order[this.selectedIndex]?.obj;
  }

  moveSelection(delta: number): void {
    this.rebuildIfDirty();
    this.select(this.selectedIndex + delta);
  }

  selectFirst(): void {
    this.select(0);
  }

  selectLast(): void {
    this.rebuildIfDirty();
    this.select(this.order.length - 1);
  }

  toggleMark(): void {
    const key = this.selected() && this.order[this.selectedIndex]!.key;
    if (key === undefined) return;
    if (!this.marks.delete(key)) this.marks.add(key);
  }

  /** The marked objects still present, or the selected one when nothing is marked (k9s). */
  targets(): Readonly<KubeObject>[] {
    const marked = [...this.marks].map((k) => this.rows.get(k)).filter((r): r is Row => r !== undefined && r.deletedAt === undefined);
    if (marked.length > 0) return marked.map((r) => r.obj);
    const selected = this.selected();
    return selected ? [selected] : [];
  }

  clearMarks(): void {
    this.marks.clear();
  }

  /** The rows that fit in `height` lines (the header takes one), scrolled to keep the selection in view. */
  window(height: number): TableWindow {
    this.rebuildIfDirty();
    const now = this.options.clock.now();
    const bodyHeight = Math.max(0, height - 1);
    const total = this.order.length;
    if (this.selectedIndex < this.offset) this.offset = this.selectedIndex;
    if (this.selectedIndex >= this.offset + bodyHeight) this.offset = this.selectedIndex - bodyHeight + 1;
    this.offset = Math.max(0, Math.min(this.offset, total - bodyHeight));
    const visible = this.order.slice(this.offset, this.offset + bodyHeight);
    this.shown = new Set(visible.map((row) => row.key));
    // AGE and "(5s ago)" move with the clock: reprint only the rows on screen.
    const printed = visible.map((row) => (row.deletedAt === undefined ? this.print(row.obj, now) : row.cells));
    const shown = this.visibleColumns();
    // A change marker takes one of the three spaces of the gap rather than widening its column,
    // so columns do not jump when markers come and go.
    const widths = shown.map((i) => Math.max(this.widths[i] ?? 0, ...printed.map((cells) => cells[i]?.length ?? 0)));
    const line = (cells: string[], marks: (string | undefined)[]): string =>
      shown.map((i, n) => {
        const text = cells[i]! + (marks[i] ?? '');
        return n === shown.length - 1 ? text : text.padEnd(widths[n]! + columnGap);
      }).join('');
    const header = line(this.columnNames, []);
    const rows = visible.map((row, r) => {
      const tone = this.toneOf(row, printed[r]!, now);
      const isMarked = this.marks.has(row.key);
      const marks = row.modifiedAt + highlightMs > now ? row.deltas ?? [] : [];
      return { key: row.key, text: line(printed[r]!, marks), tone, color: toneColors[isMarked ? 'marked' : tone], isSelected: this.offset + r === this.selectedIndex, isMarked };
    });
    this.drawn = { height, signature: [header, total, ...rows.map((r) => `${r.color}${r.isSelected ? '>' : ' '}${r.text}`)].join('\n') };
    return { header, rows, offset: this.offset, total, selected: this.selectedIndex };
  }

  /**
   * Whether the window last asked for would now look different: an AGE or "(5s ago)" moved, a
   * highlight ended, a deleted row's linger ran out. The view asks once a second instead of
   * redrawing once a second, so a quiet cluster costs no frames (issue #8: idle under 1 % CPU).
   */
  isWindowStale(): boolean {
    if (!this.drawn) return true;
    const before = this.drawn.signature;
    this.window(this.drawn.height);
    return this.drawn.signature !== before;
  }

  private toneOf(row: Row, cells: string[], now: number): RowTone {
    if (row.deletedAt !== undefined) return 'deleted';
    if (row.addedAt + highlightMs > now) return 'added';
    const status = statusToneOf(this.options.resource, this.columnNames, cells);
    if (status === 'error') return 'error';
    if (row.modifiedAt + highlightMs > now) return 'modified';
    return status;
  }

  private visibleColumns(): number[] {
    return this.priorities.flatMap((p, i) => (p === 0 || this.wide ? [i] : []));
  }

  private print(obj: Readonly<KubeObject>, now: number): string[] {
    const cells = this.options.printer.cells(obj as KubeObject, now).map(cellText);
    return this.options.showNamespace ? [obj.metadata.namespace ?? '', ...cells] : cells;
  }

  private select(index: number): void {
    this.selectedIndex = Math.max(0, Math.min(index, this.order.length - 1));
    this.selectedKey = this.order[this.selectedIndex]?.key;
  }

  /** Returns whether a column grew. */
  private growWidths(cells: string[]): boolean {
    let grew = false;
    for (let i = 0; i < cells.length; i++) {
      if (cells[i]!.length <= (this.widths[i] ?? 0)) continue;
      this.widths[i] = cells[i]!.length;
      grew = true;
    }
    return grew;
  }

  /** Sweeps rows whose linger is over; re-filters and re-sorts when rows came, went or moved. */
  private rebuildIfDirty(): void {
    const now = this.options.clock.now();
    for (const key of this.dying) {
      const row = this.rows.get(key);
      if (row?.deletedAt !== undefined && row.deletedAt + deletedLingerMs > now) continue;
      this.dying.delete(key);
      this.rows.delete(key);
      this.marks.delete(key);
      this.isStructureDirty = true;
    }
    if (this.isStructureDirty) {
      // The joined cells are what a regex filter matches; built only while one is set.
      const order = this.filter.type === 'none' ? [...this.rows.values()] : [...this.rows.values()].filter((row) => rowMatches(this.filter, row.cells.join(' '), row.obj));
      this.order = sortRows(order, this.sort, this.columnNames);
    }
    if (this.isStructureDirty || this.areWidthsDirty) {
      this.widths = this.columnNames.map((n) => n.length);
      for (const row of this.order) this.growWidths(row.cells);
      this.areWidthsDirty = false;
    }
    if (!this.isStructureDirty) return;
    this.isStructureDirty = false;
    const kept = this.selectedKey === undefined ? -1 : this.order.findIndex((r) => r.key === this.selectedKey);
    this.select(kept >= 0 ? kept : this.selectedIndex);
  }
}
