/**
 * One pass of a StatefulSet over its pods (k/k `stateful_set_control.go` updateStatefulSet,
 * processReplica, processCondemned, runForAll): finished pods are deleted to be made again,
 * missing ordinals created, members mended, surplus ordinals deleted from the highest, then the
 * rolling update deletes the highest pod not at the update revision. In OrderedReady ("monotonic")
 * mode the pass stops at the first pod that is not yet Running, Ready and available.
 */
import { isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { applyRevision } from './history.js';
import type { Revisions } from './statefulset-history.js';
import type { StatefulPodControl } from './statefulset-pod-control.js';
import {
  countReplicas,
  identityMatches,
  inOrdinalRange,
  isCreated,
  isRunningAndAvailable,
  isRunningAndReady,
  isTerminating,
  isUnavailable,
  newVersionedStatefulSetPod,
  ordinalOf,
  podRevision,
  startOrdinal,
  storageMatches,
  type StatefulSetStatus,
} from './statefulset-pods.js';

type Pod = Readonly<KubeObject>;

/** MaxBatchSize: in Parallel mode at most this many writes at once. */
const maxBatchSize = 500;

export interface UpdateInput {
  set: Readonly<KubeObject>;
  members: readonly Pod[];
  revisions: Revisions;
  podControl: StatefulPodControl;
  now: number;
}

/** The status to record, and the error to retry with (both can be set). */
export async function updateStatefulSet(input: UpdateInput): Promise<{ status: StatefulSetStatus; error?: unknown }> {
  const { set, members, revisions, podControl, now } = input;
  const { current, update } = revisions;
  const currentSet = applyRevision(set, current);
  const updateSet = applyRevision(set, update);
  const minReady: number = set.spec?.minReadySeconds ?? 0;
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata.generation,
    replicas: 0,
    availableReplicas: 0,
    currentRevision: current.metadata.name,
    updateRevision: update.metadata.name,
    collisionCount: revisions.collisionCount,
    conditions: set.status?.conditions,
  };
  countReplicas(status, minReady, now, [...members]);

  const start = startOrdinal(set);
  const replicas: Pod[] = new Array(set.spec?.replicas ?? 1);
  const condemned: Pod[] = [];
  for (const pod of members) {
    if (inOrdinalRange(pod, set)) replicas[ordinalOf(pod) - start] = pod;
    else if (ordinalOf(pod) >= 0) condemned.push(pod);
  }
  for (let i = 0; i < replicas.length; i++) replicas[i] ??= newVersionedStatefulSetPod(currentSet, updateSet, current.metadata.name!, update.metadata.name!, start + i);
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
  const firstUnavailable = replicas.find((pod) => isUnavailable(pod, minReady, now)) ?? [...condemned].reverse().find((pod) => isUnavailable(pod, minReady, now));

  if (set.metadata.deletionTimestamp) return { status };
  const monotonic = set.spec?.podManagementPolicy !== 'Parallel';
  const recount = (): void => countReplicas(status, minReady, now, replicas, condemned);
  const stop = async (pods: Pod[], fn: (pod: Pod) => Promise<boolean>): Promise<{ exit: boolean; error?: unknown }> => runForAll(pods, fn, monotonic);

  // Living replicas first: create, mend, and in order wait for each to be ready.
  let step = await stop(replicas, (pod) => processReplica(set, updateSet, pod, podControl, monotonic, minReady, now));
  if (!step.exit) {
    // Claims of condemned pods get the owners the retention policy gives them before the pods go.
    step = await stop(condemned, async (pod) => {
      if (!podControl.claimsMatchRetentionPolicy(updateSet, pod)) await podControl.applyRetentionPolicy(updateSet, pod);
      return false;
    });
  }
  if (!step.exit) step = await stop(condemned, (pod) => processCondemned(set, pod, firstUnavailable, podControl, monotonic, minReady, now));
  recount();
  if (step.exit || step.error) return { status, error: step.error };
  if (set.spec?.updateStrategy?.type === 'OnDelete') return { status };
  return rollingUpdate(set, replicas, update.metadata.name!, status, podControl, minReady, now);
}

/** processReplica: true when the pass must stop here. */
async function processReplica(set: Readonly<KubeObject>, updateSet: Readonly<KubeObject>, pod: Pod, podControl: StatefulPodControl, monotonic: boolean, minReady: number, now: number): Promise<boolean> {
  // A finished pod (Failed, or Succeeded after an eviction) is deleted; the next pass makes it again.
  if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') {
    if (!isTerminating(pod)) await podControl.deletePod(set, pod);
    return true;
  }
  if (!isCreated(pod)) {
    if (podControl.isClaimStale(set, pod)) return true; // its old claim is still being deleted
    await podControl.createPod(set, pod as KubeObject);
    if (monotonic) return true;
  }
  if (pod.status?.phase === 'Pending') await podControl.createMissingClaims(set, pod);
  if (monotonic && (isTerminating(pod) || !isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, now))) return true;
  if (!isCreated(pod)) return false; // just created in Parallel mode: nothing to mend yet
  if (identityMatches(set, pod) && storageMatches(set, pod) && podControl.claimsMatchRetentionPolicy(updateSet, pod)) return false;
  await podControl.updatePod(updateSet, pod);
  return false;
}

/** processCondemned: scale-down from the highest ordinal, waiting on unhealthy pods in order. */
async function processCondemned(set: Readonly<KubeObject>, pod: Pod, firstUnavailable: Pod | undefined, podControl: StatefulPodControl, monotonic: boolean, minReady: number, now: number): Promise<boolean> {
  if (isTerminating(pod)) return monotonic;
  if (monotonic && pod !== firstUnavailable && (!isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, now))) return true;
  await podControl.deletePod(set, pod);
  return true;
}

/** The RollingUpdate half: delete the highest-ordinal pod not yet at the update revision. */
async function rollingUpdate(set: Readonly<KubeObject>, replicas: Pod[], updateRevision: string, status: StatefulSetStatus, podControl: StatefulPodControl, minReady: number, now: number): Promise<{ status: StatefulSetStatus; error?: unknown }> {
  const updateMin: number = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  for (let target = replicas.length - 1; target >= updateMin; target--) {
    const pod = replicas[target]!;
    if (podRevision(pod) !== updateRevision && !isTerminating(pod)) {
      try {
        await podControl.deletePod(set, pod);
      } catch (err) {
        if (!isNotFound(err)) return { status, error: err };
      }
      status.currentReplicas = (status.currentReplicas ?? 0) - 1;
      return { status };
    }
    if (isUnavailable(pod, minReady, now)) return { status }; // wait for the updated pod
  }
  return { status };
}

/**
 * runForAll: in order, stopping at the first pod that says stop (OrderedReady); or all at once in
 * slow-start batches of 1, 2, 4… that stop after a failing batch (Parallel).
 */
async function runForAll(pods: Pod[], fn: (pod: Pod) => Promise<boolean>, monotonic: boolean): Promise<{ exit: boolean; error?: unknown }> {
  if (monotonic) {
    for (const pod of pods) {
      try {
        if (await fn(pod)) return { exit: true };
      } catch (error) {
        return { exit: true, error };
      }
    }
    return { exit: false };
  }
  let position = 0;
  for (let batch = Math.min(pods.length, 1); batch > 0; batch = Math.min(2 * batch, pods.length - position, maxBatchSize)) {
    const results = await Promise.allSettled(pods.slice(position, position + batch).map(fn));
    position += batch;
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) return { exit: true, error: failed.reason };
  }
  return { exit: false };
}
