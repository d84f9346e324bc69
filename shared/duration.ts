/**
 * Human-readable durations, exactly as apimachinery's `duration.HumanDuration` prints them: the
 * AGE column, `RESTARTS 3 (5m ago)`, job DURATION, event LAST SEEN
 * (reference/kubectl-compat.md §13.3). Pure functions: the caller passes `now`, so this file never
 * reads a clock.
 */

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
// Go's zero time.Time, which a metav1.Time that is present but unset serialises to.
const zeroTime = Date.parse('0001-01-01T00:00:00Z');

/**
 * Formats a duration in milliseconds with 2–3 significant figures: `45s`, `3m7s`, `15m`, `5h3m`,
 * `20h`, `3d4h`, `30d`, `2y100d`, `9y`. Up to one second in the future still prints `0s`, because
 * Kubernetes tolerates that much clock skew; further in the future prints `<invalid>`.
 */
export function humanDuration(ms: number): string {
  // Go converts with int(), which truncates toward zero: -1.9s is -1 and still counts as "now".
  const seconds = Math.trunc(ms / second);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 2 * 60) return `${seconds}s`;

  const minutes = Math.trunc(ms / minute);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 3 * 60) return `${minutes}m`;

  const hours = Math.trunc(ms / hour);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;

  const days = Math.trunc(hours / 24);
  if (hours < 8 * 24) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 2 * 365 * 24) return `${days}d`;

  const years = Math.trunc(days / 365);
  if (hours < 8 * 365 * 24) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/**
 * The age of an RFC 3339 timestamp at `now` (ms since the epoch), as printers.go's
 * `translateTimestampSince` prints it: `<unknown>` when the timestamp is missing (Go's zero time)
 * or cannot be parsed.
 */
export function translateTimestampSince(timestamp: string | undefined | null, now: number): string {
  const at = parseTimestamp(timestamp);
  return at === undefined ? '<unknown>' : humanDuration(now - at);
}

/**
 * Milliseconds since the epoch for an RFC 3339 timestamp, or undefined when it is missing,
 * unparseable, or Go's zero time (`0001-01-01T00:00:00Z`, which metav1.Time treats as unset).
 */
export function parseTimestamp(timestamp: string | undefined | null): number | undefined {
  if (!timestamp) return undefined;
  const at = Date.parse(timestamp);
  if (Number.isNaN(at) || at === zeroTime) return undefined;
  return at;
}
