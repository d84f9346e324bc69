/**
 * A ReplicaSet's (or ReplicationController's) status from the pods it owns (k/k
 * `replica_set_utils.go` calculateStatus, updateReplicaSetStatus's no-op test and the
 * ReplicaFailure condition helpers). Pure functions over cached objects.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { rfc3339 } from '../../shared/clock.js';
import { selectorFromSet } from '../../shared/labels.js';
import { isPodAvailable, isPodReady } from './pod-state.js';
import { jsonEqual } from '../../shared/json-equal.js';

export const replicaFailureCondition = 'ReplicaFailure';

export interface ReplicaSetCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** The status fields the controller owns; zero counts are left out, as Go's omitempty does. */
export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
}

/**
 * Counts the owned active pods: all of them, those carrying every template label, the ready
 * ones and the ones ready for minReadySeconds. A failed create or delete adds the ReplicaFailure
 * condition (kept, with its first message, while failures go on); a clean sync removes it.
 */
export function calculateStatus(rs: Readonly<KubeObject>, pods: readonly Readonly<KubeObject>[], manageError: Error | undefined, now: number): ReplicaSetStatus {
  const templateLabels = selectorFromSet(rs.spec?.template?.metadata?.labels);
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (templateLabels.matches(pod.metadata.labels)) fullyLabeled++;
    if (!isPodReady(pod)) continue;
    ready++;
    if (isPodAvailable(pod, minReadySeconds, now)) available++;
  }
  let conditions: ReplicaSetCondition[] | undefined = rs.status?.conditions ? structuredClone(rs.status.conditions) : undefined;
  const failure = conditions?.find((c) => c.type === replicaFailureCondition);
  if (manageError && !failure) {
    const diff = pods.length - (rs.spec?.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    const condition: ReplicaSetCondition = { type: replicaFailureCondition, status: 'True', lastTransitionTime: rfc3339(now), reason, message: manageError.message };
    conditions = [...(conditions ?? []), condition];
  } else if (!manageError && failure) {
    conditions = conditions!.filter((c) => c.type !== replicaFailureCondition);
  }
  const status: ReplicaSetStatus = { replicas: pods.length };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (rs.metadata.generation) status.observedGeneration = rs.metadata.generation;
  if (conditions?.length) status.conditions = conditions;
  return status;
}

/**
 * True when the stored status differs from the computed one, or the spec's generation has not
 * been observed yet; otherwise the write is skipped (the steady state).
 */
export function statusNeedsUpdate(rs: Readonly<KubeObject>, next: ReplicaSetStatus): boolean {
  const current = rs.status ?? {};
  return (
    (current.replicas ?? 0) !== next.replicas ||
    (current.fullyLabeledReplicas ?? 0) !== (next.fullyLabeledReplicas ?? 0) ||
    (current.readyReplicas ?? 0) !== (next.readyReplicas ?? 0) ||
    (current.availableReplicas ?? 0) !== (next.availableReplicas ?? 0) ||
    (rs.metadata.generation ?? 0) !== (current.observedGeneration ?? 0) ||
    !jsonEqual(current.conditions ?? [], next.conditions ?? [])
  );
}
