/**
 * The `/` filter of a table, as k9s reads it: `/web` keeps rows whose text matches the regular
 * expression (case-insensitive), `/!web` keeps the others, `/-l app=web` keeps objects whose
 * labels match the selector (shared/labels.ts, so the same syntax and errors as kubectl -l).
 * A bad expression or selector comes back as a one-line error for the flash, never a throw.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { parseLabelSelector, type Selector } from '../../shared/labels.js';

export type RowFilter =
  | { type: 'none' }
  | { type: 'regex'; text: string; regex: RegExp; inverse: boolean }
  | { type: 'labels'; text: string; selector: Selector };

export const noFilter: RowFilter = { type: 'none' };

/** Parses what follows the `/`. */
export function parseRowFilter(input: string): { filter: RowFilter } | { error: string } {
  const text = input.trim();
  if (text === '' || text === '!') return { filter: noFilter };
  if (text === '-l' || text.startsWith('-l ')) {
    const selectorText = text.slice(2).trim();
    try {
      return { filter: { type: 'labels', text, selector: parseLabelSelector(selectorText) } };
    } catch (err) {
      return { error: `bad label selector "${selectorText}": ${(err as Error).message}` };
    }
  }
  const inverse = text.startsWith('!');
  const pattern = inverse ? text.slice(1) : text;
  try {
    return { filter: { type: 'regex', text, regex: new RegExp(pattern, 'i'), inverse } };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** True when a row (its printed text and its object) passes the filter. */
export function rowMatches(filter: RowFilter, rowText: string, obj: Readonly<KubeObject>): boolean {
  switch (filter.type) {
    case 'none':
      return true;
    case 'regex':
      return filter.regex.test(rowText) !== filter.inverse;
    case 'labels':
      return filter.selector.matches(obj.metadata.labels);
  }
}
