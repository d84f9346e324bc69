/**
 * Helpers for component tests of the secondary views: ViewProps that record flashes, hints and
 * back(), a frame waiter (ink-testing-library) and the one setImmediate STYLE §2.10 asks for
 * before sending keys (in Ink 6 a visible frame does not yet mean useInput is subscribed).
 */
import type { ApiClient } from '../../../shared/client/client.js';
import type { ViewProps } from '../../../tui/views/view-props.js';
import { waitFor } from '../../helpers/wait-for.js';

export interface RecordedProps extends ViewProps {
  flashes: Array<[string, string | undefined]>;
  hints: Array<Array<[string, string]>>;
  backs: number;
}

export function viewProps(client: ApiClient, overrides: Partial<ViewProps> = {}): RecordedProps {
  const recorded: RecordedProps = {
    client,
    width: 80,
    height: 20,
    isActive: true,
    flashes: [],
    hints: [],
    backs: 0,
    flash: (message, level) => void recorded.flashes.push([message, level]),
    back: () => void recorded.backs++,
    setHints: (hints) => void recorded.hints.push(hints),
    ...overrides,
  };
  return recorded;
}

/** Waits until the last frame satisfies `predicate`, then lets Ink subscribe its input hooks. */
export async function frameMatching(lastFrame: () => string | undefined, predicate: (frame: string) => boolean, what: string): Promise<string> {
  const frame = await waitFor(() => {
    const current = lastFrame() ?? '';
    return predicate(current) ? current : false;
  }, { what, timeout: 10_000 });
  await new Promise<void>((resolve) => setImmediate(resolve));
  return frame;
}

/** Every line of a frame is at most `width` wide and there are at most `height` lines. */
export function fitsIn(frame: string, width: number, height: number): boolean {
  // eslint-disable-next-line no-control-regex
  const lines = frame.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  return lines.length <= height && lines.every((line) => line.length <= width);
}

/** The lines of a frame without the blank rows a fixed-height box pads it with. */
export function frameLines(frame: string): string[] {
  const lines = frame.split('\n').map((line) => line.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
