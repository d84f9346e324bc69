/**
 * Controller expectations (k/k `pkg/controller/controller_utils.go`: ControllerExpectations and
 * UIDTrackingControllerExpectations): how many pod creations and which pod deletions a controller
 * is still waiting to see in its informer. Until they are seen (or 5 minutes pass) the controller
 * does not act on the pod count again, so a cache that lags behind its own writes never makes it
 * create or delete twice. Keyed by the owner's `namespace/name`; deletions by the pod's key.
 */
import type { Clock } from '../../shared/clock.js';

/** k/k's ExpectationsTimeout: a lost watch event cannot put a controller to sleep for longer. */
export const expectationsTimeoutMs = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  /** Pod keys whose deletion is still to be observed. */
  deleting: Set<string>;
  setAt: number;
}

export class ControllerExpectations {
  private readonly byOwner = new Map<string, Expectation>();

  constructor(private readonly clock: Clock) {}

  /**
   * True when the owner may act on its pod count: nothing is expected, everything expected was
   * seen, or the expectations are older than the timeout.
   */
  satisfied(ownerKey: string): boolean {
    const exp = this.byOwner.get(ownerKey);
    if (!exp) return true;
    if (exp.add <= 0 && exp.del <= 0) return true;
    return this.clock.now() - exp.setAt > expectationsTimeoutMs;
  }

  /** Replaces the owner's expectations with `count` creations to observe. */
  expectCreations(ownerKey: string, count: number): void {
    this.byOwner.set(ownerKey, { add: count, del: 0, deleting: new Set(), setAt: this.clock.now() });
  }

  /** Replaces the owner's expectations with the deletion of these pods. */
  expectDeletions(ownerKey: string, podKeys: readonly string[]): void {
    const deleting = new Set(podKeys);
    this.byOwner.set(ownerKey, { add: 0, del: deleting.size, deleting, setAt: this.clock.now() });
  }

  /** A pod the owner created appeared (or a planned creation was skipped). */
  creationObserved(ownerKey: string): void {
    const exp = this.byOwner.get(ownerKey);
    if (exp) exp.add--;
  }

  /**
   * A pod went away or got its deletionTimestamp. Counted once per pod, whichever comes first,
   * because graceful deletion produces both.
   */
  deletionObserved(ownerKey: string, podKey: string): void {
    const exp = this.byOwner.get(ownerKey);
    if (exp?.deleting.delete(podKey)) exp.del--;
  }

  /** Forgets the owner, so that one created again under the same name starts clean. */
  delete(ownerKey: string): void {
    this.byOwner.delete(ownerKey);
  }
}
