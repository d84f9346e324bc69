/**
 * The field paths of lab checks: `spec.replicas`, `metadata.labels[iwanna]` (brackets for keys
 * with dots or slashes, `metadata.labels[kubernetes.io/hostname]`), `spec.containers[0].image` and
 * `status.conditions[type=Ready].status` (the first element whose field has that value, as
 * kubectl's jsonpath filters do). A small reader rather than a JSONPath library: lab files need
 * these four forms and an error that says which segment is malformed.
 */

export type PathSegment = { type: 'key'; key: string } | { type: 'index'; index: number } | { type: 'match'; field: string; value: string };

/** Splits a path; throws an Error naming the problem when it is malformed. */
export function parseFieldPath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) throw new Error(`unclosed "[" in "${path}"`);
      const inner = path.slice(i + 1, end);
      if (inner === '') throw new Error(`empty "[]" in "${path}"`);
      const eq = inner.indexOf('=');
      if (/^\d+$/.test(inner)) segments.push({ type: 'index', index: Number(inner) });
      else if (eq > 0) segments.push({ type: 'match', field: inner.slice(0, eq), value: inner.slice(eq + 1) });
      else segments.push({ type: 'key', key: inner });
      i = end + 1;
      if (path[i] === '.') i++;
      continue;
    }
    const next = path.slice(i).search(/[.[]/);
    const end = next < 0 ? path.length : i + next;
    const key = path.slice(i, end);
    if (key === '') throw new Error(`empty segment in "${path}"`);
    segments.push({ type: 'key', key });
    i = path[end] === '.' ? end + 1 : end;
  }
  if (segments.length === 0) throw new Error('empty field path');
  return segments;
}

/** The value at a path, or undefined when any segment is missing. */
export function valueAt(obj: unknown, path: string): unknown {
  let current: unknown = obj;
  for (const segment of parseFieldPath(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    if (segment.type === 'key') current = (current as Record<string, unknown>)[segment.key];
    else if (!Array.isArray(current)) return undefined;
    else if (segment.type === 'index') current = current[segment.index];
    else current = current.find((item) => item !== null && typeof item === 'object' && String((item as Record<string, unknown>)[segment.field]) === segment.value);
  }
  return current;
}
