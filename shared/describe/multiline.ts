/**
 * The multi-line fields of kubectl describe (`printLabelsMultiline` and friends): a title, then one
 * entry per line with the entries after the first aligned under the first by a tab, or `<none>`.
 * Labels, annotations (last-applied-configuration hidden, long values folded), node taints, pod
 * tolerations and the "Used By" pod list of a PVC.
 */
import type { Labels } from '../api/meta.js';
import { byteOrder, int } from './format.js';
import type { PrefixWriter } from './writer.js';

/** Annotations describe never shows: the client-side apply copy of the object. */
const skippedAnnotations = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const maxAnnotationLength = 140;

/** Entries under a title: `Title:<inner>first`, then `<initial><inner>next` for each further one. */
function printEntries(w: PrefixWriter, initialIndent: string, title: string, innerIndent: string, entries: string[]): void {
  w.write(0, `${initialIndent}${title}:${innerIndent}`);
  if (entries.length === 0) {
    w.writeLine('<none>');
    return;
  }
  entries.forEach((entry, i) => {
    if (i !== 0) {
      // Two writes, as kubectl makes them: under a nested writer each one gets the indent.
      w.write(0, initialIndent);
      w.write(0, innerIndent);
    }
    w.write(0, `${entry}\n`);
  });
}

/** `Labels:  a=1` / `         b=2`, sorted by key (printLabelsMultilineWithIndent). */
export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Labels | undefined | null, initialIndent = '', innerIndent = '\t'): void {
  const keys = Object.keys(labels ?? {}).sort(byteOrder);
  printEntries(w, initialIndent, title, innerIndent, keys.map((key) => `${key}=${labels![key]}`));
}

/**
 * `Annotations:  key: value`, sorted; a value longer than 140 characters with its key, or one that
 * spans lines, is printed under its key, each line indented two spaces and cut at 138 + `...`.
 */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Labels | undefined | null): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((key) => !skippedAnnotations.has(key))
    .sort(byteOrder);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, indent);
    const value = annotations![key]!.replace(/\n$/, '');
    // Go measures the length in bytes, so multi-byte text folds sooner than its character count says.
    if (byteLength(value) + byteLength(key) + 2 > maxAnnotationLength || value.includes('\n')) {
      w.write(0, `${key}:\n`);
      for (const line of value.split('\n')) w.write(0, `${indent}  ${shorten(line, maxAnnotationLength - 2)}\n`);
    } else {
      w.write(0, `${key}: ${value}\n`);
    }
  });
}

const encoder = new TextEncoder();

function byteLength(text: string): number {
  return encoder.encode(text).length;
}

function shorten(text: string, maxLength: number): string {
  return text.length > maxLength ? `${text.slice(0, maxLength)}...` : text;
}

export interface Taint {
  key?: string;
  value?: string;
  effect?: string;
}

/** Taint.ToString(): `key=value:effect`, `key:effect`, `key=value:`, `key`. */
export function taintString(taint: Taint): string {
  const key = taint.key ?? '';
  if (!taint.effect) return taint.value ? `${key}=${taint.value}:` : key;
  return taint.value ? `${key}=${taint.value}:${taint.effect}` : `${key}:${taint.effect}`;
}

/** `Taints:  key:NoSchedule`, sorted by effect then key. */
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: readonly Taint[] | undefined | null): void {
  const sorted = [...(taints ?? [])].sort((a, b) => byteOrder(`${a.effect ?? ''},${a.key ?? ''}`, `${b.effect ?? ''},${b.key ?? ''}`));
  printEntries(w, '', title, '\t', sorted.map(taintString));
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** One toleration: `key=value:effect`, ` op=Exists` for a value-less Exists, ` for 300s`. */
export function tolerationString(toleration: Toleration): string {
  let text = toleration.key ?? '';
  if (toleration.value) text += `=${toleration.value}`;
  if (toleration.effect) text += `:${toleration.effect}`;
  if (toleration.operator === 'Exists' && !toleration.value) text += toleration.key || toleration.effect ? ' op=Exists' : 'op=Exists';
  if (toleration.tolerationSeconds !== undefined && toleration.tolerationSeconds !== null) text += ` for ${int(toleration.tolerationSeconds)}s`;
  return text;
}

/** `Tolerations:  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s`, sorted by key. */
export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: readonly Toleration[] | undefined | null, initialIndent = '', innerIndent = '\t'): void {
  const sorted = [...(tolerations ?? [])].sort((a, b) => byteOrder(a.key ?? '', b.key ?? ''));
  printEntries(w, initialIndent, title, innerIndent, sorted.map(tolerationString));
}

/** `Used By:  pod-a` / `pod-b`, sorted by name. */
export function printNamesMultiline(w: PrefixWriter, title: string, names: readonly string[]): void {
  printEntries(w, '', title, '\t', [...names].sort(byteOrder));
}
