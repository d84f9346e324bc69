/**
 * Exact equality of two JSON values (what `JSON.stringify(a) === JSON.stringify(b)` answers for
 * objects parsed from the API, without building the two strings): same keys with equal values,
 * arrays in order. Unlike apimachinery's semantic equality, an absent field and an empty list
 * differ. For hot paths such as the kubelet comparing a pod's spec on every status event; key
 * order is ignored (two parses of the same object have the same order anyway).
 */

/** Whether a and b are the same JSON value, compared structurally and stopping at the first difference. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  for (const key in left) {
    if (!Object.hasOwn(left, key)) continue;
    const value = left[key];
    // JSON leaves undefined members out; so does this comparison.
    if (value === undefined) continue;
    count++;
    if (!jsonEqual(value, right[key])) return false;
  }
  for (const key in right) if (Object.hasOwn(right, key) && right[key] !== undefined) count--;
  return count === 0;
}
