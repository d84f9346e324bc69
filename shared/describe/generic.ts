/**
 * kubectl's genericDescriber, used for every kind without a describer of its own (Events, Leases,
 * ControllerRevisions, …): Name, Namespace, Labels, Annotations, then every other field of the
 * object in sorted order with labels made readable (`apiVersion` → `API Version`, `podIP` →
 * `Pod IP`; describe.go `printUnstructuredContent`, `smartLabelFor`), then the object's events.
 */
import type { KubeObject } from '../api/meta.js';
import { byteOrder } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { describeEvents } from './events.js';
import { tabbedString, type PrefixWriter } from './writer.js';

const skippedPaths = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);
const acronyms = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

function charClass(ch: string): number {
  if (/\p{Ll}/u.test(ch)) return 1;
  if (/\p{Lu}/u.test(ch)) return 2;
  if (/\p{Nd}/u.test(ch)) return 3;
  return 4;
}

/** fatih/camelcase Split: runs of one character class, an upper-case run giving its last letter to a following lower-case run. */
export function splitCamelCase(text: string): string[] {
  const runs: string[][] = [];
  let last = 0;
  for (const ch of text) {
    const cls = charClass(ch);
    if (cls === last) runs[runs.length - 1]!.push(ch);
    else runs.push([ch]);
    last = cls;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (charClass(runs[i]![0]!) === 2 && charClass(runs[i + 1]![0]!) === 1) {
      runs[i + 1]!.unshift(runs[i]!.pop()!);
    }
  }
  return runs.filter((run) => run.length > 0).map((run) => run.join(''));
}

/** A field name as a describe label: `creationTimestamp` → `Creation Timestamp`, `uid` → `UID`. */
export function smartLabelFor(field: string): string {
  if ([...field].some((ch) => ch !== '-' && !/\p{L}/u.test(ch))) return field;
  return splitCamelCase(field)
    .filter((part) => part !== '_')
    .map((part) => (acronyms.has(part.toUpperCase()) ? part.toUpperCase() : part.charAt(0).toUpperCase() + part.slice(1)))
    .join(' ');
}

/** Go's `%v` of a decoded JSON value. */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.keys(value as object).sort(byteOrder);
    return `map[${entries.map((key) => `${key}:${goValue((value as Record<string, unknown>)[key])}`).join(' ')}]`;
  }
  return String(value);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function printContent(w: PrefixWriter, level: number, content: Record<string, unknown>, prefix: string): void {
  for (const field of Object.keys(content).sort(byteOrder)) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (skippedPaths.has(path)) continue;
    if (isMap(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printContent(w, level + 1, value, path);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (isMap(child)) printContent(w, level + 1, child, path);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
    }
  }
}

export function describeGeneric(obj: KubeObject, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${obj.metadata.name ?? ''}\n`);
    w.write(0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    printContent(w, 0, obj as Record<string, unknown>, '');
    describeEvents(events, w, now);
  });
}
