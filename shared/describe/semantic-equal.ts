/**
 * Deep equality of two JSON values in the spirit of apimachinery's equality.Semantic.DeepEqual,
 * which deployment utilities use to match a ReplicaSet's template to its Deployment's: a missing
 * field, null, an empty list and an empty map are the same thing. (Go would tell an empty struct
 * pointer from a nil one; both templates come back from the same server defaulting, so that
 * never decides a match here.)
 */

function isAbsent(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value as object).every((key) => isAbsent((value as Record<string, unknown>)[key]));
  return false;
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isAbsent(a) || isAbsent(b)) return isAbsent(a) && isAbsent(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => semanticEqual(item, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    for (const key of keys) if (!semanticEqual(left[key], right[key])) return false;
    return true;
  }
  return a === b;
}
