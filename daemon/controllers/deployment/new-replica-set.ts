/**
 * Finding or creating a Deployment's new ReplicaSet (k/k sync.go getNewReplicaSet): the RS whose
 * template equals the Deployment's is reused (after `kubectl rollout undo` that is an old one, which
 * gets the next revision); otherwise `<deployment>-<pod-template-hash>` is created at revision
 * max+1. A name already taken by a different template is a hash collision: collisionCount goes up
 * and the next sync tries another name.
 */
import { isAlreadyExists } from '../../../shared/api/errors.js';
import { objectKey } from '../../../shared/api/keys.js';
import type { KubeObject, LabelSelector } from '../../../shared/api/meta.js';
import { setDeploymentRevision, setNewReplicaSetAnnotations } from './annotations.js';
import {
  createdNewReplicaSetMessage,
  failedCreateMessage,
  failedReplicaSetCreateReason,
  foundNewReplicaSetMessage,
  foundNewReplicaSetReason,
  getCondition,
  newCondition,
  newReplicaSetCreatedReason,
  progressingCondition,
  setCondition,
} from './conditions.js';
import { asDeployment, replicaSetsResource, scaledMessage, scalingReplicaSetReason, updateDeploymentStatus, type DeploymentContext } from './context.js';
import { isNamespaceTerminating } from '../pod-control.js';
import { controllerOf } from '../controller-ref-manager.js';
import { computeHash } from './pod-template-hash.js';
import {
  equalIgnoreHash,
  findNewReplicaSet,
  findOldReplicaSets,
  hasProgressDeadline,
  maxRevision,
  newReplicaSetReplicas,
  podTemplateHashLabel,
  revisionAnnotation,
  type Deployment,
  type ReplicaSet,
} from './replica-sets.js';

export interface ReplicaSetsOfDeployment {
  newRS: Readonly<ReplicaSet> | undefined;
  oldRSs: Readonly<ReplicaSet>[];
}

/**
 * getAllReplicaSetsAndSyncRevision: splits the RSs into new and old, bringing the new one's
 * revision and annotations up to date, and creating it when `create` is set.
 */
export async function replicaSetsAndSyncRevision(
  ctx: DeploymentContext,
  d: Deployment,
  replicaSets: readonly Readonly<ReplicaSet>[],
  create: boolean,
): Promise<ReplicaSetsOfDeployment> {
  const oldRSs = findOldReplicaSets(d, replicaSets);
  const newRS = await getNewReplicaSet(ctx, d, replicaSets, oldRSs, create);
  return { newRS, oldRSs };
}

async function getNewReplicaSet(
  ctx: DeploymentContext,
  d: Deployment,
  replicaSets: readonly Readonly<ReplicaSet>[],
  oldRSs: readonly Readonly<ReplicaSet>[],
  create: boolean,
): Promise<Readonly<ReplicaSet> | undefined> {
  const existing = findNewReplicaSet(d, replicaSets);
  const newRevision = String(maxRevision(oldRSs) + 1);
  if (existing) return syncExistingReplicaSet(ctx, d, existing, newRevision);
  if (!create) return undefined;
  return createReplicaSet(ctx, d, oldRSs, newRevision);
}

/** Updates the reused RS's annotations and minReadySeconds, or else the Deployment's revision. */
async function syncExistingReplicaSet(ctx: DeploymentContext, d: Deployment, existing: Readonly<ReplicaSet>, newRevision: string): Promise<Readonly<ReplicaSet>> {
  const copy = structuredClone(existing) as ReplicaSet;
  const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
  const minReadySeconds = d.spec?.minReadySeconds ?? 0;
  if (annotationsUpdated || (copy.spec.minReadySeconds ?? 0) !== minReadySeconds) {
    copy.spec.minReadySeconds = minReadySeconds;
    // Like k/k, return after this write: the Deployment's revision follows on the next sync.
    return ctx.client.update(replicaSetsResource, copy);
  }
  let needsUpdate = setDeploymentRevision(d, copy.metadata.annotations?.[revisionAnnotation] ?? '');
  if (hasProgressDeadline(d) && !getCondition(d.status, progressingCondition)) {
    setCondition((d.status ??= {}), newCondition(progressingCondition, 'True', foundNewReplicaSetReason, foundNewReplicaSetMessage(copy.metadata.name!), ctx.clock.now()));
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(ctx, d);
  return copy;
}

async function createReplicaSet(ctx: DeploymentContext, d: Deployment, oldRSs: readonly Readonly<ReplicaSet>[], newRevision: string): Promise<Readonly<ReplicaSet>> {
  const rs = newReplicaSetFor(d);
  rs.spec.replicas = newReplicaSetReplicas(d, [...oldRSs, rs], rs);
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  let created: Readonly<ReplicaSet>;
  let alreadyExisted = false;
  try {
    created = await ctx.client.create(replicaSetsResource, d.metadata.namespace, rs);
  } catch (err) {
    if (isAlreadyExists(err)) {
      created = await adoptOrCollide(ctx, d, rs, err);
      alreadyExisted = true;
    } else {
      await reportCreateFailure(ctx, d, rs.metadata.name!, err);
      throw err;
    }
  }
  if (!alreadyExisted && rs.spec.replicas > 0) {
    ctx.recorder.event(asDeployment(d), 'Normal', scalingReplicaSetReason, scaledMessage('up', created.metadata.name!, 0, rs.spec.replicas));
  }
  let needsUpdate = setDeploymentRevision(d, newRevision);
  if (!alreadyExisted && hasProgressDeadline(d)) {
    setCondition((d.status ??= {}), newCondition(progressingCondition, 'True', newReplicaSetCreatedReason, createdNewReplicaSetMessage(created.metadata.name!), ctx.clock.now()));
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(ctx, d);
  return created;
}

/** The RS k/k builds: the template with the hash label, which also joins the selector and labels. */
function newReplicaSetFor(d: Readonly<Deployment>): ReplicaSet {
  const template = structuredClone(d.spec.template ?? {});
  const hash = computeHash(d.spec.template, d.status?.collisionCount);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [podTemplateHashLabel]: hash } };
  const selector: LabelSelector = structuredClone(d.spec.selector ?? {});
  selector.matchLabels = { ...selector.matchLabels, [podTemplateHashLabel]: hash };
  const spec: KubeObject['spec'] = { replicas: 0, selector, template };
  if (d.spec.minReadySeconds) spec.minReadySeconds = d.spec.minReadySeconds;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels: { ...template.metadata.labels },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name!, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec,
  };
}

/**
 * The name is taken. If the RS there is ours with our template, the cache was merely behind;
 * otherwise bump collisionCount so the next hash differs, and fail this sync.
 */
async function adoptOrCollide(ctx: DeploymentContext, d: Deployment, wanted: Readonly<ReplicaSet>, err: unknown): Promise<Readonly<ReplicaSet>> {
  const found = ctx.replicaSets.get(objectKey(wanted.metadata.namespace, wanted.metadata.name!));
  if (!found) throw err; // not in the cache yet: the next sync sees it
  const owner = controllerOf(found);
  if (owner?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, found.spec?.template)) return found;
  d.status = { ...d.status, collisionCount: (d.status?.collisionCount ?? 0) + 1 };
  await updateDeploymentStatus(ctx, d);
  throw err;
}

async function reportCreateFailure(ctx: DeploymentContext, d: Deployment, name: string, err: unknown): Promise<void> {
  if (isNamespaceTerminating(err)) return; // every create fails there; k/k stays quiet about it
  const message = failedCreateMessage(name, (err as Error).message);
  if (hasProgressDeadline(d)) {
    setCondition((d.status ??= {}), newCondition(progressingCondition, 'False', failedReplicaSetCreateReason, message, ctx.clock.now()));
    // k/k ignores this write's error: the create error is the one worth reporting.
    await updateDeploymentStatus(ctx, d).catch(() => undefined);
  }
  ctx.recorder.event(asDeployment(d), 'Warning', failedReplicaSetCreateReason, message);
}
