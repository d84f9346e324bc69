/**
 * Deployment status conditions (k/k deployment_util.go): their reasons and messages as
 * `kubectl describe deployment` and `kubectl rollout status` show them, and the rules for
 * replacing one. Setting a condition whose status and reason are unchanged is a no-op; a changed
 * one moves to the end of the list, keeping lastTransitionTime when only the reason changed.
 */
import { rfc3339 } from '../../../shared/clock.js';

export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export const availableCondition = 'Available';
export const progressingCondition = 'Progressing';
export const replicaFailureCondition = 'ReplicaFailure';

export const minimumReplicasAvailable = 'MinimumReplicasAvailable';
export const minimumReplicasUnavailable = 'MinimumReplicasUnavailable';
export const newReplicaSetCreatedReason = 'NewReplicaSetCreated';
export const foundNewReplicaSetReason = 'FoundNewReplicaSet';
export const replicaSetUpdatedReason = 'ReplicaSetUpdated';
export const newReplicaSetAvailableReason = 'NewReplicaSetAvailable';
export const timedOutReason = 'ProgressDeadlineExceeded';
export const pausedReason = 'DeploymentPaused';
export const resumedReason = 'DeploymentResumed';
export const failedReplicaSetCreateReason = 'ReplicaSetCreateError';

export const hasMinimumAvailability = 'Deployment has minimum availability.';
export const lacksMinimumAvailability = 'Deployment does not have minimum availability.';
export const pausedMessage = 'Deployment is paused';
export const resumedMessage = 'Deployment is resumed';
export const createdNewReplicaSetMessage = (rs: string): string => `Created new replica set "${rs}"`;
export const foundNewReplicaSetMessage = (rs: string): string => `Found new replica set "${rs}"`;
export const failedCreateMessage = (rs: string, error: string): string => `Failed to create new replica set "${rs}": ${error}`;
/** Progress messages name the new RS, or the Deployment when there is none (k/k progress.go). */
export const progressingMessage = (rs: string | undefined, d: string): string => (rs ? `ReplicaSet "${rs}" is progressing.` : `Deployment "${d}" is progressing.`);
export const progressedMessage = (rs: string | undefined, d: string): string =>
  rs ? `ReplicaSet "${rs}" has successfully progressed.` : `Deployment "${d}" has successfully progressed.`;
export const timedOutMessage = (rs: string | undefined, d: string): string => (rs ? `ReplicaSet "${rs}" has timed out progressing.` : `Deployment "${d}" has timed out progressing.`);

export interface HasConditions {
  conditions?: DeploymentCondition[];
}

/** NewDeploymentCondition: both times are now, at second precision (metav1.Time). */
export function newCondition(type: string, status: DeploymentCondition['status'], reason: string, message: string, now: number): DeploymentCondition {
  const time = rfc3339(now);
  return { type, status, lastUpdateTime: time, lastTransitionTime: time, reason, message };
}

export function getCondition(status: Readonly<HasConditions> | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

export function setCondition(status: HasConditions, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeCondition(status: HasConditions, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
}
