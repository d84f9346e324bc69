/**
 * The replica-count step of the ReplicaSet controller (k/k `replica_set.go` manageReplicas and
 * slowStartBatch): too few pods → create up to burstReplicas from the template in batches of
 * 1, 2, 4, … that stop at the first failure; too many → delete the best candidates
 * (pods-to-delete.ts). Expectations are set before the writes, so the next sync waits until the
 * cache has seen them.
 */
import { isNotFound } from '../../shared/api/errors.js';
import { keyOf } from '../../shared/api/keys.js';
import type { KubeObject, OwnerReference } from '../../shared/api/meta.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import type { ControllerExpectations } from './expectations.js';
import { isNamespaceTerminating, type PodControl } from './pod-control.js';
import { podsToDelete } from './pods-to-delete.js';

type Obj = Readonly<KubeObject>;

/** k/k's SlowStartInitialBatchSize. */
export const slowStartInitialBatchSize = 1;

export interface ReplicasContext {
  /** The owner's key, under which expectations are kept. */
  key: string;
  kind: string;
  podControl: PodControl;
  expectations: ControllerExpectations;
  clock: Clock;
  log: Logger;
  burstReplicas: number;
  ref(owner: Obj): OwnerReference;
  /** Pods of the owner's siblings (same controller), for the doubled-up ranking. */
  relatedPods(owner: Obj): Obj[];
}

/** Creates or deletes pods toward spec.replicas; rejects with the first failure. */
export async function manageReplicas(context: ReplicasContext, rs: Obj, owned: readonly Obj[]): Promise<void> {
  const diff = owned.length - (rs.spec?.replicas ?? 1);
  if (diff < 0) await createMissing(context, rs, Math.min(-diff, context.burstReplicas));
  else if (diff > 0) await deleteSurplus(context, rs, owned, Math.min(diff, context.burstReplicas));
}

async function createMissing(context: ReplicasContext, rs: Obj, count: number): Promise<void> {
  const { key, expectations } = context;
  expectations.expectCreations(key, count);
  context.log.info('Too few replicas', { [context.kind]: key, need: rs.spec?.replicas ?? 1, creating: count });
  const ref = context.ref(rs);
  const { successes, error } = await slowStartBatch(count, slowStartInitialBatchSize, async () => {
    try {
      await context.podControl.createPod(rs.spec?.template, rs, ref);
    } catch (err) {
      // In a namespace being deleted every create fails; there is nothing to retry.
      if (!isNamespaceTerminating(err)) throw err;
    }
  });
  // Creations never attempted will not be observed: stop waiting for them.
  for (let skipped = count - successes; skipped > 0; skipped--) expectations.creationObserved(key);
  if (error) throw error;
}

async function deleteSurplus(context: ReplicasContext, rs: Obj, owned: readonly Obj[], count: number): Promise<void> {
  const { key, expectations } = context;
  context.log.info('Too many replicas', { [context.kind]: key, need: rs.spec?.replicas ?? 1, deleting: count });
  const victims = podsToDelete(owned, context.relatedPods(rs), count, context.clock.now());
  // Deletions are tracked by pod key, so that the deletionTimestamp update and the final
  // delete event of one graceful deletion count once.
  expectations.expectDeletions(key, victims.map((pod) => keyOf(pod)));
  const results = await Promise.allSettled(victims.map((pod) => context.podControl.deletePod(pod.metadata.namespace!, pod.metadata.name!, rs)));
  let firstError: unknown;
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') return;
    expectations.deletionObserved(key, keyOf(victims[i]!));
    if (!isNotFound(result.reason)) firstError ??= result.reason;
  });
  if (firstError) throw firstError;
}

/**
 * Calls fn `count` times in batches that start at `initialBatchSize` and double while every call
 * succeeds; the calls of one batch run concurrently. Stops after the first batch with a failure,
 * so a quota that allows no pods costs one request and one Event, not hundreds.
 */
export async function slowStartBatch(count: number, initialBatchSize: number, fn: () => Promise<void>): Promise<{ successes: number; error?: unknown }> {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += batch - failures.length;
    if (failures.length > 0) return { successes, error: failures[0]!.reason };
    remaining -= batch;
  }
  return { successes };
}
