/**
 * Deleting a CRD, as apiextensions does it: the first delete adds the finalizer
 * `customresourcecleanup.apiextensions.k8s.io` with a `Terminating` condition, so the CRD stays
 * (Terminating) while the CRD controller deletes every custom resource; meanwhile new objects of
 * the kind are refused. The controller then drops the finalizer and the CRD goes.
 */
import { StatusError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import { rfc3339 } from '../../../shared/clock.js';
import { mutableCopy, type StoredEntry } from '../../store/store.js';
import type { GenericRegistry } from '../registry/generic-registry.js';
import { servedCrdFor } from './served-crds.js';

export const cleanupFinalizer = 'customresourcecleanup.apiextensions.k8s.io';

type Condition = { type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string };

/** Sets a condition the way apiextensions' SetCRDCondition does: the transition time moves only with the status. */
export function setCondition(crd: KubeObject, condition: Condition, now: number): void {
  const conditions: Condition[] = (crd.status ??= {}).conditions ?? [];
  const existing = conditions.find((c) => c.type === condition.type);
  const lastTransitionTime = existing && existing.status === condition.status ? existing.lastTransitionTime : rfc3339(now);
  const next = { type: condition.type, status: condition.status, lastTransitionTime, reason: condition.reason, message: condition.message };
  if (existing) conditions[conditions.indexOf(existing)] = next;
  else conditions.push(next);
  crd.status.conditions = conditions;
}

/** 405 for a create while the kind's CRD is being deleted (crdHandler's MethodNotSupported, its message replaced). */
export function refuseWhileTerminating(info: ResourceInfo): void {
  const crd = servedCrdFor(info);
  if (crd?.terminating) throw new StatusError(405, 'MethodNotAllowed', 'create not allowed while custom resource definition is terminating', { group: crd.group, kind: crd.plural });
}

/** On the first delete of a CRD: adds the cleanup finalizer and the Terminating condition. */
export async function finalizeCrdOnDelete(registry: GenericRegistry, info: ResourceInfo, existing: StoredEntry): Promise<StoredEntry> {
  const crd = existing.object as KubeObject;
  if (info.resource !== 'customresourcedefinitions' || crd.metadata.deletionTimestamp || crd.metadata.finalizers?.includes(cleanupFinalizer)) return existing;
  const next = mutableCopy(existing);
  next.metadata.finalizers = [...(next.metadata.finalizers ?? []), cleanupFinalizer];
  setCondition(
    next,
    { type: 'Terminating', status: 'True', reason: 'InstanceDeletionPending', message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon' },
    registry.options.clock.now(),
  );
  next.metadata.resourceVersion = String(existing.revision);
  return registry.commitPut(info, existing.key, next, { expectRevision: existing.revision });
}
