/**
 * What the job controller has asked the API for and not yet seen in its caches (k/k
 * controller.ControllerExpectations and the job controller's uidTrackingExpectations). Without
 * them a sync running on a cache that lags its own writes would create pods twice, or count a
 * finished pod twice because its tracking finalizer still shows. In memory only, as in Kubernetes.
 */
import type { Clock } from '../../shared/clock.js';

/** controller.ExpectationsTimeout: expectations older than this are treated as met (a lost watch event must not wedge a Job). */
const expectationsTimeoutMs = 5 * 60_000;

interface Pending {
  adds: number;
  deletes: number;
  since: number;
}

/** Pod creations and deletions a Job is waiting to observe. */
export class PodExpectations {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly clock: Clock) {}

  /** True when nothing is outstanding, or it has waited too long. */
  satisfied(key: string): boolean {
    const p = this.pending.get(key);
    if (!p) return true;
    return (p.adds <= 0 && p.deletes <= 0) || this.clock.now() - p.since > expectationsTimeoutMs;
  }

  expect(key: string, adds: number, deletes: number): void {
    this.pending.set(key, { adds, deletes, since: this.clock.now() });
  }

  /** A create that failed will never be observed: lower the count by hand. */
  creationObserved(key: string): void {
    const p = this.pending.get(key);
    if (p) p.adds--;
  }

  deletionObserved(key: string): void {
    const p = this.pending.get(key);
    if (p) p.deletes--;
  }

  forget(key: string): void {
    this.pending.delete(key);
  }
}

/** Pod UIDs whose tracking-finalizer removal a Job is waiting to observe. */
export class FinalizerExpectations {
  private readonly uids = new Map<string, Set<string>>();

  expectRemoved(key: string, uids: readonly string[]): void {
    const set = this.uids.get(key) ?? new Set<string>();
    for (const uid of uids) set.add(uid);
    this.uids.set(key, set);
  }

  removalObserved(key: string, uid: string): void {
    const set = this.uids.get(key);
    if (!set) return;
    set.delete(uid);
    if (set.size === 0) this.uids.delete(key);
  }

  expected(key: string): ReadonlySet<string> {
    return this.uids.get(key) ?? new Set();
  }

  forget(key: string): void {
    this.uids.delete(key);
  }
}
