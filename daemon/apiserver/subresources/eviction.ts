/**
 * `POST pods/<name>/eviction` (`pkg/registry/core/pod/storage/eviction.go`): a delete that
 * respects PodDisruptionBudgets. A pod that is Pending, finished or already terminating goes at
 * once; otherwise the one PDB selecting it must allow a disruption, which the eviction takes by
 * decrementing `disruptionsAllowed` and recording the pod in `disruptedPods` (a status write the
 * disruption controller later confirms), else 429 with the budget's numbers. The pod then gets
 * `DisruptionTarget` (EvictionByEvictionAPI) and is deleted with the request's DeleteOptions.
 * Left out: the Retry-After header of the "still being processed" 429 (kubectl retries anyway).
 */
import { badRequest, conflict, isConflict, StatusError, tooManyRequests } from '../../../shared/api/errors.js';
import { updateDisruptionAllowedCondition } from '../../../shared/api/disruption-budget.js';
import type { DeleteOptions, KubeObject, Status } from '../../../shared/api/meta.js';
import { findResource } from '../../../shared/api/resources.js';
import { rfc3339 } from '../../../shared/clock.js';
import { selectorFromLabelSelector } from '../../../shared/labels.js';
import { applyDryRun } from '../handlers/dry-run.js';
import type { GenericRegistry } from '../registry/generic-registry.js';
import type { RequestContext } from '../request-context.js';
import { mutableCopy } from '../../store/store.js';

const pods = findResource('', 'v1', 'pods')!;
const budgets = findResource('policy', 'v1', 'poddisruptionbudgets')!;
/** MaxDisruptedPodSize: evictions approved but not yet seen by the disruption controller. */
const maxDisruptedPods = 2000;
/** EvictionsRetry: 20 attempts on a Conflict. */
const conflictRetries = 20;
const violationMessage = "Cannot evict pod as it would violate the pod's disruption budget.";
const disruptionBudgetCause = 'DisruptionBudget';
/** eviction.go names the resource by its kind in these conflicts: `Operation cannot be fulfilled on Pod "x"`. */
const podKind = { group: '', resource: 'Pod' };
const evictionCondition = { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' };

function success(): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}

function budgetError(message: string, cause: string, retryAfterSeconds = 0): StatusError {
  const err = tooManyRequests(message, retryAfterSeconds);
  err.status.details = { ...err.status.details, causes: [{ reason: disruptionBudgetCause, message: cause }] };
  return err;
}

function isPodReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
}

/** canIgnorePDB: the pod is not running (Pending or finished) or is already going away. */
function canIgnoreBudgets(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || Boolean(pod.metadata.deletionTimestamp);
}

export async function evictPod(registry: GenericRegistry, namespace: string, name: string, body: unknown, ctx: RequestContext): Promise<Status> {
  const eviction = (body ?? {}) as { metadata?: { name?: string }; deleteOptions?: DeleteOptions };
  if ((eviction.metadata?.name ?? '') !== name) throw badRequest('name in URL does not match name in Eviction object');
  applyDryRun(eviction.deleteOptions?.dryRun, ctx);
  const options: DeleteOptions = { ...eviction.deleteOptions };
  const callerSetVersion = Boolean(options.preconditions?.resourceVersion);

  const pod = registry.get(pods, namespace, name).object as KubeObject;
  if (canIgnoreBudgets(pod)) {
    // A finished or terminating pod needs no version pin: nothing can make it healthy again.
    const phase = pod.status?.phase;
    const pin = !callerSetVersion && phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
    await addConditionAndDelete(registry, namespace, name, pin ? withVersion(options, pod) : options, ctx);
    return success();
  }

  const matching = matchingBudgets(registry, pod);
  if (matching.length > 1) throw new StatusError(500, '', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  let pinVersion = false;
  if (matching.length === 1) {
    const pdb = matching[0]!;
    const status = pdb.status ?? {};
    const unhealthyMayGo = pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow' || ((status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0) && (status.desiredHealthy ?? 0) > 0);
    // An unready pod does not count as healthy: deleting it costs the budget nothing, as long as
    // it is still unready when the delete lands (hence the resourceVersion pin).
    if (!isPodReady(pod) && unhealthyMayGo) pinVersion = true;
    else await checkAndDecrement(registry, namespace, name, pdb.metadata.name!, ctx);
  }
  try {
    await addConditionAndDelete(registry, namespace, name, pinVersion && !callerSetVersion ? withVersion(options, pod) : options, ctx);
  } catch (err) {
    // The pod changed (became ready?) since the budget was read: ask the client to try again.
    if (isConflict(err) && pinVersion && !callerSetVersion) throw budgetError(violationMessage, `The disruption budget ${matching[0]!.metadata.name} is still being processed by the server.`, 10);
    throw err;
  }
  return success();
}

function withVersion(options: DeleteOptions, pod: KubeObject): DeleteOptions {
  return { ...options, preconditions: { ...options.preconditions, resourceVersion: pod.metadata.resourceVersion } };
}

/** getPodDisruptionBudgets: the PDBs of the pod's namespace whose selector matches it (`{}` matches all). */
function matchingBudgets(registry: GenericRegistry, pod: KubeObject): KubeObject[] {
  const labels = pod.metadata.labels ?? {};
  return registry.list(budgets, pod.metadata.namespace).entries
    .map((e) => e.object as KubeObject)
    .filter((pdb) => {
      try {
        return selectorFromLabelSelector(pdb.spec?.selector).matches(labels);
      } catch {
        return false; // an invalid selector matches no pod, as in eviction.go
      }
    });
}

/** Takes one disruption from the budget through its status, re-reading it after a Conflict. */
async function checkAndDecrement(registry: GenericRegistry, namespace: string, podName: string, budgetName: string, ctx: RequestContext): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const entry = registry.get(budgets, namespace, budgetName);
    const pdb = mutableCopy(entry);
    const status = (pdb.status ??= {});
    if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
      throw budgetError(violationMessage, `The disruption budget ${budgetName} is still being processed by the server.`, 10);
    }
    const allowed = status.disruptionsAllowed ?? 0;
    if (allowed < 0) throw forbiddenBudget(budgetName, 'pdb disruptions allowed is negative');
    if (Object.keys(status.disruptedPods ?? {}).length > maxDisruptedPods) throw forbiddenBudget(budgetName, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
    if (allowed === 0) throw budgetError(violationMessage, `The disruption budget ${budgetName} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`);
    status.disruptionsAllowed = allowed - 1;
    const now = registry.options.clock.now();
    if (status.disruptionsAllowed === 0) updateDisruptionAllowedCondition(status, now);
    if (ctx.dryRun) return;
    status.disruptedPods = { ...status.disruptedPods, [podName]: rfc3339(now) };
    try {
      await registry.writeUpdate(budgets, entry, pdb, ctx, 'status');
      return;
    } catch (err) {
      if (!isConflict(err) || attempt >= conflictRetries) throw err;
    }
  }
}

function forbiddenBudget(name: string, cause: string): StatusError {
  return new StatusError(403, 'Forbidden', `poddisruptionbudget.policy "${name}" is forbidden: ${cause}`, { name, group: 'policy', kind: 'poddisruptionbudget' });
}

/** addConditionAndDeletePod: DisruptionTarget on the latest pod (not on a dry run), then the delete. */
async function addConditionAndDelete(registry: GenericRegistry, namespace: string, name: string, options: DeleteOptions, ctx: RequestContext): Promise<void> {
  let deleteOptions = options;
  if (!ctx.dryRun) {
    const entry = registry.get(pods, namespace, name);
    const pod = mutableCopy(entry);
    const wanted = options.preconditions;
    if (wanted?.uid && wanted.uid !== pod.metadata.uid) {
      throw conflict(podKind, name, `the UID in the precondition (${wanted.uid}) does not match the UID in record (${pod.metadata.uid}). The object might have been deleted and then recreated`);
    }
    if (wanted?.resourceVersion && wanted.resourceVersion !== pod.metadata.resourceVersion) {
      throw conflict(podKind, name, `the ResourceVersion in the precondition (${wanted.resourceVersion}) does not match the ResourceVersion in record (${pod.metadata.resourceVersion}). The object might have been modified`);
    }
    const conditions = [...(pod.status?.conditions ?? [])] as { type: string; status: string; lastTransitionTime?: string }[];
    const index = conditions.findIndex((c) => c.type === evictionCondition.type);
    const previous = index >= 0 ? conditions[index] : undefined;
    const lastTransitionTime = previous && previous.status === evictionCondition.status ? previous.lastTransitionTime : rfc3339(registry.options.clock.now());
    const condition = { ...evictionCondition, lastProbeTime: null, lastTransitionTime };
    if (index >= 0) conditions[index] = condition;
    else conditions.push(condition);
    pod.status = { ...pod.status, conditions };
    const written = await registry.writeUpdate(pods, entry, pod, ctx, 'status');
    // Our own write moved the version on: a caller's pin now refers to it.
    if (wanted?.resourceVersion) deleteOptions = { ...options, preconditions: { ...wanted, resourceVersion: String(written.revision) } };
  }
  await registry.delete(pods, namespace, name, deleteOptions, ctx);
}
