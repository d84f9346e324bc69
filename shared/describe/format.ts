/**
 * Small value formatters shared by the describers, each reproducing how kubectl describe's Go
 * code prints a value: RFC 1123 times with a numeric zone in the local time zone (metav1.Time
 * decodes into time.Local), Go's `%v` of booleans, string slices and pointers, the controller
 * ownerReference as `Kind/name`, and canonical quantities.
 */
import type { KubeObject, OwnerReference } from '../api/meta.js';
import { formatQuantity, parseQuantity, type Quantity } from '../quantity.js';

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Go's zero time.Time formatted as RFC1123Z: what describe prints for an unset metav1.Time. */
export const zeroTimeRfc1123z = 'Mon, 01 Jan 0001 00:00:00 +0000';
const goZeroTime = Date.parse('0001-01-01T00:00:00Z');

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * `time.RFC1123Z` (`Mon, 02 Jan 2006 15:04:05 -0700`) in this process's local zone, as kubectl
 * prints every timestamp; a missing or unparseable one is Go's zero time.
 */
export function rfc1123z(timestamp: string | undefined | null): string {
  const ms = timestamp ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(ms) || ms === goZeroTime) return zeroTimeRfc1123z;
  const at = new Date(ms);
  const offset = -at.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${pad2(Math.floor(Math.abs(offset) / 60))}${pad2(Math.abs(offset) % 60)}`;
  return (
    `${weekdays[at.getDay()]}, ${pad2(at.getDate())} ${months[at.getMonth()]} ${String(at.getFullYear()).padStart(4, '0')} ` +
    `${pad2(at.getHours())}:${pad2(at.getMinutes())}:${pad2(at.getSeconds())} ${zone}`
  );
}

/** Go's `%v` of a bool (a missing one is false). */
export function goBool(value: unknown): string {
  return value === true ? 'true' : 'false';
}

/** describe's printBool: `True`/`False`. */
export function titleBool(value: unknown): string {
  return value === true ? 'True' : 'False';
}

/** describe's printBoolPtr: `True`/`False`, `<unset>` for a nil pointer. */
export function titleBoolOrUnset(value: unknown): string {
  return value === undefined || value === null ? '<unset>' : titleBool(value);
}

/** Go's `%v` of a []string: `[a b]`, `[]` when empty. */
export function goSlice(values: readonly unknown[] | undefined | null): string {
  return `[${(values ?? []).map((v) => String(v)).join(' ')}]`;
}

/** Go's `%d` of an int field the JSON may leave out (omitempty zero). */
export function int(value: unknown): string {
  return typeof value === 'number' ? String(Math.trunc(value)) : '0';
}

/** `%s` of a string field that may be missing. */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** `Kind/name` of the controlling ownerReference, or '' (describe's printController). */
export function controllerOf(obj: KubeObject): string {
  const ref = controllerRef(obj);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

/** metav1.GetControllerOf: the ownerReference with `controller: true`. */
export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return (obj.metadata.ownerReferences ?? []).find((ref) => ref.controller === true);
}

/** A quantity as `Quantity.String()` prints it; text that does not parse is printed as is. */
export function quantityString(value: unknown): string {
  const q = toQuantity(value);
  return q ? formatQuantity(q) : str(value);
}

/** Parses a quantity, or undefined when missing or malformed. */
export function toQuantity(value: unknown): Quantity | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  try {
    return parseQuantity(value);
  } catch {
    return undefined; // describe prints what it can; a bad quantity never fails the whole text
  }
}

/** Keys of a map sorted as Go's sort.Strings (byte order, which is UTF-16 order for these keys). */
export function sortedKeys(map: Record<string, unknown> | undefined | null): string[] {
  return Object.keys(map ?? {}).sort(byteOrder);
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** intstr's String(): the number or the name. */
export function intOrStringText(value: unknown): string {
  return value === undefined || value === null ? '<nil>' : String(value);
}
