/**
 * The annotations the Deployment controller keeps on ReplicaSets (k/k deployment_util.go
 * SetNewReplicaSetAnnotations, SetReplicasAnnotations): the revision, the revision history a
 * rollback leaves behind, desired/max replicas for proportional scaling, and the Deployment's own
 * annotations (`kubernetes.io/change-cause` is what `kubectl rollout history` prints). Pure functions
 * that change the copy they are given and say whether anything changed.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import {
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  maxSurge,
  revisionAnnotation,
  revisionHistoryAnnotation,
  specReplicas,
  type Deployment,
  type ReplicaSet,
} from './replica-sets.js';

/** k/k limits revision-history to about 100 entries (maxRevHistoryLengthInChars). */
export const maxRevisionHistoryChars = 2000;

/** Never copied from the Deployment to its ReplicaSets (annotationsToSkip). */
const annotationsToSkip = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  revisionAnnotation,
  revisionHistoryAnnotation,
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  'deprecated.deployment.rollback.to',
]);

/**
 * Copies the Deployment's annotations onto the RS. Annotations removed from the Deployment stay
 * on the RS, as in Kubernetes: the RS records the revision as it was.
 */
export function copyDeploymentAnnotations(d: Readonly<Deployment>, rs: ReplicaSet): boolean {
  let changed = false;
  const target = (rs.metadata.annotations ??= {});
  for (const [key, value] of Object.entries(d.metadata.annotations ?? {})) {
    if (annotationsToSkip.has(key) || target[key] === value) continue;
    target[key] = value;
    changed = true;
  }
  return changed;
}

/**
 * Sets the revision on the new RS. A reused RS (rollback) moves its old revision number to
 * `deployment.kubernetes.io/revision-history` ("1,3"), trimmed from the front past the limit.
 * A RS about to be created also gets its desired/max replicas.
 */
export function setNewReplicaSetAnnotations(d: Readonly<Deployment>, rs: ReplicaSet, newRevision: string, exists: boolean): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const annotations = (rs.metadata.annotations ??= {});
  const hadRevision = revisionAnnotation in annotations;
  const oldRevision = annotations[revisionAnnotation] ?? '';
  const oldNumber = oldRevision === '' ? 0 : Number(oldRevision);
  if (!Number.isInteger(oldNumber) || !/^\d+$/.test(newRevision)) return false; // k/k logs and gives up
  const newNumber = Number(newRevision);
  if (oldNumber < newNumber) {
    annotations[revisionAnnotation] = newRevision;
    changed = true;
  }
  if (hadRevision && oldNumber < newNumber) appendRevisionHistory(annotations, oldRevision);
  if (!exists && setReplicasAnnotations(rs, specReplicas(d), specReplicas(d) + maxSurge(d))) changed = true;
  return changed;
}

function appendRevisionHistory(annotations: Record<string, string>, oldRevision: string): void {
  const history = annotations[revisionHistoryAnnotation] ?? '';
  if (history === '') {
    annotations[revisionHistoryAnnotation] = oldRevision;
    return;
  }
  const revisions = history.split(',');
  let total = history.length + oldRevision.length + 1;
  let start = 0;
  while (total > maxRevisionHistoryChars && start < revisions.length) {
    total -= revisions[start]!.length + 1;
    start++;
  }
  if (total <= maxRevisionHistoryChars) annotations[revisionHistoryAnnotation] = [...revisions.slice(start), oldRevision].join(',');
}

/** Records the Deployment size this RS was scaled for; returns whether anything changed. */
export function setReplicasAnnotations(rs: KubeObject, desired: number, max: number): boolean {
  const annotations = (rs.metadata.annotations ??= {});
  let changed = false;
  if (annotations[desiredReplicasAnnotation] !== String(desired)) {
    annotations[desiredReplicasAnnotation] = String(desired);
    changed = true;
  }
  if (annotations[maxReplicasAnnotation] !== String(max)) {
    annotations[maxReplicasAnnotation] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: Readonly<KubeObject>, desired: number, max: number): boolean {
  const annotations = rs.metadata.annotations ?? {};
  return annotations[desiredReplicasAnnotation] !== String(desired) || annotations[maxReplicasAnnotation] !== String(max);
}

/** SetDeploymentRevision: the Deployment shows the revision of its new RS. */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const annotations = (d.metadata.annotations ??= {});
  if (annotations[revisionAnnotation] === revision) return false;
  annotations[revisionAnnotation] = revision;
  return true;
}
