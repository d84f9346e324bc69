/**
 * Deep freezing for objects shared between readers: the store's parsed versions (one object per
 * stored version, handed to every in-process watcher) and informer caches in tests. A mutation
 * of a frozen object throws in strict mode (every ES module), so a reader that forgets to copy
 * before changing fails loudly instead of corrupting what the others see.
 */

/** Freezes an object and everything in it; stops at parts already frozen. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
