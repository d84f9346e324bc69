/**
 * The Table printer of a custom resource (apiextensions' tableconvertor): NAME, then the version's
 * `additionalPrinterColumns` (or AGE, a `date` column on `.metadata.creationTimestamp`, when it has
 * none). Each cell is the first result of the column's JSONPath, typed as the column says (a date
 * becomes an age, as HumanDuration prints it); no result leaves the cell null. The JSONPath subset
 * covers what CRDs use: `.a.b`, `[n]`, `['key']`, `[*]` and `[?(@.field=="value")]` filters.
 * Hand-written rather than a JSONPath library: Kubernetes' dialect has no `$` root and compares
 * filter values as Go's jsonpath does, while the npm libraries (jsonpath-plus) evaluate filters as
 * JavaScript expressions, which a daemon should not do with a path taken from a user's CRD.
 */
import type { CrdPrinterColumn } from '../api/custom-resource-info.js';
import type { KubeObject } from '../api/meta.js';
import { parseTimestamp, translateTimestampSince } from '../duration.js';
import { column, creationTimestampDescription, nameColumn } from './columns.js';
import type { Printer, TableColumnDefinition } from './table.js';


const defaultColumns: CrdPrinterColumn[] = [{ name: 'Age', type: 'date', description: creationTimestampDescription, jsonPath: '.metadata.creationTimestamp' }];

/** The printer for a CRD version's columns (built per request: a CRD can change its columns). */
export function customColumnsPrinter(columns: readonly CrdPrinterColumn[]): Printer {
  const used = columns.length > 0 ? columns : defaultColumns;
  const definitions: TableColumnDefinition[] = [
    nameColumn(),
    ...used.map((c) => column(c.name, c.type, c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`, c.priority ?? 0, c.format ?? '')),
  ];
  return {
    columns: definitions,
    cells: (obj: KubeObject, now: number) => [obj.metadata.name ?? '', ...used.map((c) => cell(c, firstResult(obj, c.jsonPath), now))],
  };
}

function cell(col: CrdPrinterColumn, value: unknown, now: number): unknown {
  if (value === undefined || value === null) return null;
  switch (col.type) {
    case 'string':
      // jsonpath prints objects and lists as JSON, scalars as text.
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'date':
      return typeof value === 'string' && parseTimestamp(value) !== undefined ? translateTimestampSince(value, now) : null;
    case 'integer':
      // JSON numbers decode as float64 unless whole; the tableconvertor's int64(v) cuts a fraction off.
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    default:
      return null;
  }
}

type Step = { key: string } | { index: number } | { all: true } | { filter: string; equals: string };

/** The steps of a JSONPath like `.status.conditions[?(@.type=="Ready")].status`; `{…}` braces are optional. */
export function parseJsonPath(path: string): Step[] {
  const text = path.trim().replace(/^\{(.*)\}$/, '$1');
  const steps: Step[] = [];
  const pattern = /\.([^.[\]]+)|\[(\d+)\]|\[\*\]|\['([^']*)'\]|\[\?\(@\.([\w.-]+)\s*==\s*["']([^"']*)["']\)\]/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text))) {
    if (match[1] !== undefined) steps.push({ key: match[1] });
    else if (match[2] !== undefined) steps.push({ index: Number(match[2]) });
    else if (match[3] !== undefined) steps.push({ key: match[3] });
    else if (match[4] !== undefined) steps.push({ filter: match[4], equals: match[5]! });
    else steps.push({ all: true });
  }
  return steps;
}

/** The first value the path reaches in obj, or undefined. */
export function firstResult(obj: unknown, path: string): unknown {
  let current: unknown[] = [obj];
  for (const step of parseJsonPath(path)) {
    const next: unknown[] = [];
    for (const value of current) {
      if ('key' in step) {
        if (value && typeof value === 'object' && !Array.isArray(value) && step.key in value) next.push((value as Record<string, unknown>)[step.key]);
      } else if (!Array.isArray(value)) {
        continue;
      } else if ('index' in step) {
        if (step.index < value.length) next.push(value[step.index]);
      } else if ('all' in step) {
        next.push(...value);
      } else {
        next.push(...value.filter((element) => String(firstResult(element, `.${step.filter}`)) === step.equals));
      }
    }
    current = next;
  }
  return current[0];
}
