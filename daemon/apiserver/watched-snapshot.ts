/**
 * A value built from a few store prefixes and kept until one of them changes, as kube-apiserver's
 * plugins read rarely-changing objects (RBAC, admission configuration) from their informers'
 * listers: the first read after a change rebuilds it, every other read returns it as is. Watches
 * start on the first read; a watch that fails is dropped by the store, so all are closed and the
 * next read starts over (and rebuilds).
 */
import { logger } from '../../shared/log.js';
import type { Store, StoreWatch } from '../store/store.js';

const log = logger('apiserver');

export class WatchedSnapshot<T> {
  private snapshot: T | undefined;
  private watches: StoreWatch[] = [];

  /** name: what the log calls it when a watch ends. */
  constructor(
    private readonly store: Store,
    private readonly prefixes: readonly string[],
    private readonly build: () => T,
    private readonly name: string,
  ) {}

  /** The current value, rebuilt if a watched object changed since the last call. */
  current(): T {
    if (this.snapshot !== undefined) return this.snapshot;
    if (this.watches.length === 0) this.watch();
    return (this.snapshot = this.build());
  }

  close(): void {
    for (const w of this.watches) w.cancel();
    this.watches = [];
  }

  private watch(): void {
    const from = this.store.revision;
    const invalidate = (): void => {
      this.snapshot = undefined;
    };
    const restart = (err: unknown): void => {
      log.debug(`${this.name} watch ended`, { error: String(err) });
      this.close();
      invalidate();
    };
    for (const prefix of this.prefixes) this.watches.push(this.store.watch(prefix, from, invalidate, restart));
  }
}
