/**
 * Deletion as the apiserver does it: preconditions, graceful deletion of pods bound to a node
 * (deletionTimestamp + grace period; the kubelet finishes it), finalizers (the object stays,
 * marked, until they are gone), namespaces (Terminating until the namespace controller empties
 * them), and propagation policies, which become the `foregroundDeletion` / `orphan` finalizers
 * the garbage collector acts on.
 */
import { conflict } from '../../../shared/api/errors.js';
import type { DeleteOptions, KubeObject } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import { rfc3339 } from '../../../shared/clock.js';
import { admitNamespaceDelete } from '../admission/namespace-lifecycle.js';
import type { RequestContext } from '../request-context.js';
import { mutableCopy, type StoredEntry } from '../../store/store.js';
import type { GenericRegistry } from './generic-registry.js';
import { groupResource } from './generic-registry.js';

const defaultPodGraceSeconds = 30;

export async function deleteObject(registry: GenericRegistry, info: ResourceInfo, existing: StoredEntry, options: DeleteOptions, ctx: RequestContext): Promise<StoredEntry> {
  const old = existing.object as KubeObject;
  const name = old.metadata.name ?? '';
  checkPreconditions(info, old, options);
  const isPod = info.group === '' && info.resource === 'pods';
  const isNamespace = info.group === '' && info.resource === 'namespaces';
  if (isNamespace) admitNamespaceDelete(name);

  const next = mutableCopy(existing);
  const now = registry.options.clock.now();
  let graceful = false;

  if (isNamespace) {
    // The first delete only marks the namespace Terminating; the namespace controller empties it.
    // Another delete while its finalizers remain is refused, as the real namespace storage does.
    if (old.metadata.deletionTimestamp) {
      if ((old.spec?.finalizers?.length ?? 0) > 0) {
        throw conflict(groupResource(info), name, 'The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.');
      }
    } else {
      next.metadata.deletionTimestamp = rfc3339(now);
      next.metadata.deletionGracePeriodSeconds = 0;
      next.status = { ...next.status, phase: 'Terminating' };
      graceful = true;
    }
  } else if (isPod && (isRunningOnNode(old) || isTerminatingGracefully(old))) {
    const grace = options.gracePeriodSeconds ?? old.spec?.terminationGracePeriodSeconds ?? defaultPodGraceSeconds;
    const current = old.metadata.deletionGracePeriodSeconds;
    if (old.metadata.deletionTimestamp && current !== undefined) {
      // A later delete may only shorten the grace period, never extend it; the deadline moves by
      // the difference (the apiserver's BeforeDelete). One that names no grace period leaves the
      // pending deletion as it is: the pod's terminationGracePeriodSeconds only applies to a first delete.
      if (options.gracePeriodSeconds === undefined || grace >= current) return existing;
      const deadline = Date.parse(old.metadata.deletionTimestamp) + goSeconds(grace - current);
      next.metadata.deletionTimestamp = rfc3339(deadline);
      next.metadata.deletionGracePeriodSeconds = grace;
      graceful = grace > 0 || (old.metadata.finalizers?.length ?? 0) > 0;
    } else if (grace > 0) {
      next.metadata.deletionTimestamp = rfc3339(now + goSeconds(grace));
      next.metadata.deletionGracePeriodSeconds = grace;
      graceful = true;
    }
  }

  const policy = options.propagationPolicy ?? (options.orphanDependents ? 'Orphan' : undefined);
  const finalizers = new Set(next.metadata.finalizers ?? []);
  if (registry.options.garbageCollectorEnabled?.() && !old.metadata.deletionTimestamp) {
    if (policy === 'Foreground') finalizers.add('foregroundDeletion');
    if (policy === 'Orphan') finalizers.add('orphan');
  }
  if (finalizers.size > 0) {
    next.metadata.finalizers = [...finalizers];
    if (!next.metadata.deletionTimestamp) {
      next.metadata.deletionTimestamp = rfc3339(now);
      next.metadata.deletionGracePeriodSeconds = 0;
    }
    graceful = true;
  }

  if (!graceful) {
    if (ctx.dryRun) return existing;
    return registry.commitDelete(info, existing);
  }
  // Marking an object for deletion is a change of its desired state: generation moves on.
  if (!old.metadata.deletionTimestamp && (old.metadata.generation ?? 0) > 0) next.metadata.generation = old.metadata.generation! + 1;
  if (ctx.dryRun) return { ...existing, object: next, json: JSON.stringify(next) };
  if (JSON.stringify(next) === existing.json) return existing;
  return registry.commitPut(info, existing.key, next, { expectRevision: existing.revision });
}

/**
 * Already marked with a grace period: BeforeDelete then only compares grace periods, whatever the
 * phase is by now. So the kubelet's closing grace-0 delete of a pod that has meanwhile turned
 * Failed or Succeeded still shortens it to 0, and a finalizer left on it (a Job's tracking one)
 * takes the pod away when it goes, instead of leaving it for ever with its old grace period.
 */
function isTerminatingGracefully(pod: KubeObject): boolean {
  return Boolean(pod.metadata.deletionTimestamp) && (pod.metadata.deletionGracePeriodSeconds ?? 0) > 0;
}

function isRunningOnNode(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return Boolean(pod.spec?.nodeName) && phase !== 'Succeeded' && phase !== 'Failed';
}

function checkPreconditions(info: ResourceInfo, obj: KubeObject, options: DeleteOptions): void {
  const want = options.preconditions;
  if (!want) return;
  const name = obj.metadata.name ?? '';
  if (want.uid && want.uid !== obj.metadata.uid) {
    throw conflict(groupResource(info), name, `Precondition failed: UID in precondition: ${want.uid}, UID in object meta: ${obj.metadata.uid}`);
  }
  if (want.resourceVersion && want.resourceVersion !== obj.metadata.resourceVersion) {
    throw conflict(groupResource(info), name, `Precondition failed: ResourceVersion in precondition: ${want.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`);
  }
}

/**
 * A grace period as the apiserver adds it to a time, in ms: `time.Duration(seconds) * time.Second`,
 * an int64 of nanoseconds that wraps around past 292 years as Go's arithmetic does, so an absurd
 * grace period gives the time a real apiserver would write rather than a date JavaScript cannot
 * print (found by the fuzzer: gracePeriodSeconds=9999999999999 gave a 500).
 */
function goSeconds(seconds: number): number {
  return Number(BigInt.asIntN(64, BigInt(Math.trunc(seconds)) * 1_000_000_000n) / 1_000_000n);
}
