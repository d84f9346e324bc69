/**
 * What the Deployment controller's behaviour files (new-replica-set, sync, rolling, recreate,
 * progress) share: the client, the event recorder, the clock, the ReplicaSet cache and the ways to
 * requeue. Also the two writes every one of them makes: a Deployment status update and a
 * ReplicaSet scale with its `ScalingReplicaSet` event.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import type { Clock } from '../../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../../shared/client/client.js';
import type { EventRecorder } from '../../../shared/client/events.js';
import type { SharedInformer } from '../../../shared/client/informer.js';
import { replicasAnnotationsNeedUpdate, setReplicasAnnotations } from './annotations.js';
import { maxSurge, specReplicas, type Deployment, type ReplicaSet } from './replica-sets.js';

export const deploymentsResource: ResourceRef = { group: 'apps', version: 'v1', resource: 'deployments' };
export const replicaSetsResource: ResourceRef = { group: 'apps', version: 'v1', resource: 'replicasets' };

export const scalingReplicaSetReason = 'ScalingReplicaSet';
/** 1.31+ wording (PR #125118); before it was `Scaled up replica set x to 4`. */
export const scaledMessage = (direction: 'up' | 'down', rs: string, from: number, to: number): string => `Scaled ${direction} replica set ${rs} from ${from} to ${to}`;

export interface DeploymentContext {
  client: ApiClient;
  recorder: EventRecorder;
  clock: Clock;
  replicaSets: SharedInformer;
  /** Look at the Deployment again after ms (progress deadline checks). */
  enqueueAfter(d: Readonly<Deployment>, ms: number): void;
  enqueueRateLimited(d: Readonly<Deployment>): void;
}

/**
 * The Deployment as events name it. Cached list items may lack apiVersion and kind, which the
 * event's involvedObject needs.
 */
export function asDeployment(d: Readonly<Deployment>): KubeObject {
  return { ...d, apiVersion: 'apps/v1', kind: 'Deployment' };
}

/**
 * UpdateStatus with the working copy, which then carries the new resourceVersion: k/k discards the
 * result and so often conflicts with itself on its second status write in one sync; kubelab keeps
 * the copy current instead, which changes nothing a user sees.
 */
export async function updateDeploymentStatus(ctx: DeploymentContext, d: Deployment): Promise<void> {
  const updated = await ctx.client.update(deploymentsResource, d, { subresource: 'status' });
  d.metadata.resourceVersion = updated.metadata.resourceVersion;
}

/** scaleReplicaSetAndRecordEvent: returns the RS as written (or as given when nothing changed). */
export async function scaleReplicaSetAndRecordEvent(
  ctx: DeploymentContext,
  rs: Readonly<ReplicaSet>,
  newScale: number,
  d: Readonly<Deployment>,
): Promise<{ scaled: boolean; rs: Readonly<ReplicaSet> }> {
  if (specReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(ctx, rs, newScale, d, specReplicas(rs) > newScale ? 'down' : 'up');
}

/**
 * Writes the new size and the desired/max replicas annotations in one update, and records the
 * event only when the size changed.
 */
export async function scaleReplicaSet(
  ctx: DeploymentContext,
  rs: Readonly<ReplicaSet>,
  newScale: number,
  d: Readonly<Deployment>,
  direction: 'up' | 'down',
): Promise<{ scaled: boolean; rs: Readonly<ReplicaSet> }> {
  const desired = specReplicas(d);
  const max = desired + maxSurge(d);
  const sizeNeedsUpdate = specReplicas(rs) !== newScale;
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const oldScale = specReplicas(rs);
  const copy = structuredClone(rs) as ReplicaSet;
  copy.spec.replicas = newScale;
  setReplicasAnnotations(copy, desired, max);
  const updated = await ctx.client.update(replicaSetsResource, copy);
  if (sizeNeedsUpdate) ctx.recorder.event(asDeployment(d), 'Normal', scalingReplicaSetReason, scaledMessage(direction, rs.metadata.name!, oldScale, newScale));
  return { scaled: sizeNeedsUpdate, rs: updated };
}
