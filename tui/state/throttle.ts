/**
 * Coalesces model notifications into at most one render per interval (default 50 ms: ≤ 20 Hz),
 * whatever the watch event rate (STYLE §2.11). The first change after a quiet spell renders at
 * once (a change shows well within 100 ms); changes inside the interval fold into one trailing
 * render at its end, so the last state is never lost.
 */
import type { Clock, Timer } from '../../shared/clock.js';

export const defaultFrameIntervalMs = 50;

export interface Throttle {
  /** Something changed: render now if the last render is older than the interval, else soon. */
  notify(): void;
  /** Drops a pending trailing render (on unmount). */
  cancel(): void;
}

export function createThrottle(clock: Clock, render: () => void, intervalMs = defaultFrameIntervalMs): Throttle {
  let lastRender = -Infinity;
  let pending: Timer | undefined;
  const fire = (): void => {
    pending = undefined;
    lastRender = clock.now();
    render();
  };
  return {
    notify() {
      if (pending) return;
      const wait = lastRender + intervalMs - clock.now();
      if (wait <= 0) fire();
      else pending = clock.after(wait, fire);
    },
    cancel() {
      pending?.cancel();
      pending = undefined;
    },
  };
}
