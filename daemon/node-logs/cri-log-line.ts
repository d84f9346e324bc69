/**
 * One line of a CRI log file, as containerd writes /var/log/pods/…/<n>.log:
 * `2024-05-01T10:00:00.123456789Z stdout F text` (F a full line, P a partial one). The time keeps
 * the nanosecond digits the cluster clock gives, so `kubectl logs --timestamps` shows the same
 * stamps after a daemon restart as before it.
 */
import { rfc3339NanoFixed } from '../../shared/clock.js';
import type { LogLine } from '../runtime/container.js';

export function encodeLogLine(line: LogLine): string {
  return `${rfc3339NanoFixed(line.time)} ${line.stream} ${line.partial ? 'P' : 'F'} ${line.text}\n`;
}

const linePattern = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})(\d{6})Z (stdout|stderr) ([PF]) (.*)$/;

/** The lines of a file's text; a line that is not in the format (a torn last write) is skipped. */
export function decodeLogLines(text: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const raw of text.split('\n')) {
    const m = linePattern.exec(raw);
    if (!m) continue;
    // Milliseconds plus the digits below them: the double this makes is the one that was written.
    const time = Date.parse(`${m[1]}Z`) + Number(m[2]) / 1e6;
    const line: LogLine = { time, stream: m[3] as LogLine['stream'], text: m[5]! };
    if (m[4] === 'P') line.partial = true;
    lines.push(line);
  }
  return lines;
}
