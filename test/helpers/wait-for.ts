/**
 * waitFor(): polls until fn returns a truthy value or the deadline passes; on failure it says what
 * it waited for and the last value seen (STYLE §2.10). No bare sleeps in tests.
 */
import { wallNow, wallSleep } from '../../shared/clock.js';

export type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

export async function waitFor<T>(fn: () => Promise<T> | T, options: { timeout?: number; what: string; interval?: number }): Promise<Truthy<T>> {
  const deadline = wallNow() + (options.timeout ?? 10_000);
  let last: unknown;
  for (;;) {
    try {
      last = await fn();
      if (last) return last as Truthy<T>;
    } catch (err) {
      last = err;
    }
    if (wallNow() > deadline) throw new Error(`timed out waiting for ${options.what}; last value: ${typeof last === 'string' ? last : JSON.stringify(last)}`);
    await wallSleep(options.interval ?? 50);
  }
}
