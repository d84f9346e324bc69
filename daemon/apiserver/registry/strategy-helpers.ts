/**
 * Small pieces the kind strategies share: the generation rules of the real strategies, deep
 * equality (apiequality.Semantic.DeepEqual on JSON), Go-style formatting of the values some
 * messages print (`v1.LabelSelector{…}`), and immutability checks.
 */
import { goValue, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject, LabelSelector } from '../../../shared/api/meta.js';
import { immutableMessage } from './metadata.js';

/**
 * True while the object is being created. The registry clears metadata.resourceVersion before a
 * create and sets it before validating an update, so validation can tell the two apart (some rules,
 * like the CronJob name length, apply on create only).
 */
export function isCreate(obj: KubeObject): boolean {
  return !obj.metadata.resourceVersion;
}

/** Structural equality of JSON values; absent, null and undefined are the same. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((v, i) => deepEqual(v, other[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) if (!deepEqual(ra[key], rb[key])) return false;
  return true;
}

/** PrepareForCreate of kinds with a spec/status split: `generation: 1`, status reset. */
export function startGeneration(obj: KubeObject, status: Record<string, unknown> = {}): void {
  obj.metadata.generation = 1;
  obj.status = status;
}

/**
 * PrepareForUpdate of those kinds: status comes from the stored object, and the generation goes
 * up by one when the spec changed (or any of `extra`, e.g. a Deployment's annotations).
 */
export function keepStatusAndBumpGeneration(obj: KubeObject, old: KubeObject, extra: (o: KubeObject) => unknown = () => undefined): void {
  obj.status = structuredClone(old.status);
  const previous = old.metadata.generation ?? 0;
  const changed = !deepEqual(obj.spec, old.spec) || !deepEqual(extra(obj), extra(old));
  obj.metadata.generation = changed ? previous + 1 : previous;
}

/** A field error whose value is already formatted the Go way. */
export function invalidFormatted(path: string, formatted: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field: path, badValue: formatted, detail };
}

function goStringMap(map: Record<string, string> | undefined | null): string {
  return map ? goValue(map) : 'map[string]string(nil)';
}

function goStrings(list: string[] | undefined | null): string {
  return list ? `[]string{${list.map((v) => JSON.stringify(v)).join(', ')}}` : '[]string(nil)';
}

/**
 * A metav1.LabelSelector as `%#v` prints it behind a pointer that the error printer dereferences:
 * `v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`.
 */
export function goLabelSelector(selector: LabelSelector | undefined | null): string {
  if (!selector) return 'null';
  const expressions = selector.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${selector.matchExpressions
        .map((e) => `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key ?? '')}, Operator:${JSON.stringify(e.operator ?? '')}, Values:${goStrings(e.values)}}`)
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(selector.matchLabels)}, MatchExpressions:${expressions}}`;
}

/** Pod template labels as printed in the `selector` mismatch error (nil when absent). */
export function goLabels(labels: Record<string, string> | undefined | null): string {
  return goStringMap(labels);
}

/** ValidateImmutableField: `Invalid value: <new>: field is immutable` when the value changed. */
export function validateImmutable(value: unknown, old: unknown, path: string, format: (v: unknown) => string = goValue): FieldError[] {
  return deepEqual(value, old) ? [] : [invalidFormatted(path, format(value), immutableMessage)];
}

/** Reads a nested object, creating empty objects on the way (for defaulting). */
export function ensureObject(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const current = parent[key];
  if (current && typeof current === 'object' && !Array.isArray(current)) return current as Record<string, unknown>;
  const created: Record<string, unknown> = {};
  parent[key] = created;
  return created;
}
