/**
 * Duplicate keys in a JSON request body, which the apiserver's strict decoder (sigs.k8s.io/json
 * DisallowDuplicateFields) reports as `duplicate field "spec.paused"` and JSON.parse silently
 * resolves (the last value wins). A cheap test runs on every body: in valid JSON each `:` outside
 * strings separates one key, so when that count equals the keys JSON.parse kept, no key repeated.
 * Only then does the full scan run, recording every key's path (`spec.containers[0].image`, the
 * strict decoder's spelling) and where it first appeared, so that duplicate and unknown field
 * errors can be put in document order as Go finds them.
 * Leaves out: Go decodes a repeated object-valued field into the same struct (merging both); here
 * the last value wins, as JSON.parse has it.
 */

export interface KeyOccurrence {
  path: string;
  /** Character offset of the key in the body. */
  offset: number;
}

export interface BodyKeys {
  /** Repeated keys, each path once, at its second occurrence. */
  duplicates: KeyOccurrence[];
  /** Where each key path first appeared. */
  firstOffset: Map<string, number>;
}

/** Counts the `:` outside strings of a JSON text: its number of object keys when it is valid. */
export function countJsonKeys(text: string): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x3a) count++;
  }
  return count;
}

/** The keys of every object in a parsed value, walked without recursion. */
export function countParsedKeys(value: unknown): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const child of node) stack.push(child);
      continue;
    }
    for (const key in node) {
      count++;
      stack.push((node as Record<string, unknown>)[key]);
    }
  }
  return count;
}

type Frame = { kind: 'object'; path: string; seen: Set<string>; key?: string } | { kind: 'array'; path: string; index: number };

/** Scans a valid JSON text for every key path and the keys repeated within one object. */
export function scanKeys(text: string): BodyKeys {
  const duplicates: KeyOccurrence[] = [];
  const reported = new Set<string>();
  const firstOffset = new Map<string, number>();
  const stack: Frame[] = [];
  // The path the next value gets: the root, an array element, or the value of the last key read.
  const valuePath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    return top.kind === 'array' ? `${top.path}[${top.index}]` : (top.key ?? top.path);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') stack.push({ kind: 'object', path: valuePath(), seen: new Set() });
    else if (c === '[') stack.push({ kind: 'array', path: valuePath(), index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'array') top.index++;
      else if (top) top.key = undefined;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.key === undefined) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        const path = top.path ? `${top.path}.${key}` : key;
        if (top.seen.has(key)) {
          if (!reported.has(path)) duplicates.push({ path, offset: i });
          reported.add(path);
        } else {
          top.seen.add(key);
          if (!firstOffset.has(path)) firstOffset.set(path, i);
        }
        top.key = path;
      }
      i = end;
    }
  }
  return { duplicates, firstOffset };
}

/** Index of the quote closing the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return text.length - 1;
}

/** The body's keys when some key repeats, else undefined (the common case, found cheaply). */
export function findDuplicateKeys(text: string, parsed: unknown): BodyKeys | undefined {
  if (parsed === null || typeof parsed !== 'object') return undefined;
  if (countJsonKeys(text) === countParsedKeys(parsed)) return undefined;
  const keys = scanKeys(text);
  return keys.duplicates.length > 0 ? keys : undefined;
}
