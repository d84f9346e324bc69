/**
 * What the disruption controller and the eviction subresource agree on about a
 * PodDisruptionBudget's status (k8s.io/component-helpers `apps/poddisruptionbudget`): the
 * `DisruptionAllowed` condition and when it is up to date, and metav1's SetStatusCondition rule
 * for lastTransitionTime. Pure functions over plain objects; no I/O.
 */
import { rfc3339 } from '../clock.js';
import type { KubeObject } from './meta.js';

/** metav1.Condition, as PDBs carry it (message is always present, possibly empty). */
export interface StatusCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export const disruptionAllowedCondition = 'DisruptionAllowed';
export const sufficientPodsReason = 'SufficientPods';
export const insufficientPodsReason = 'InsufficientPods';
export const syncFailedReason = 'SyncFailed';

/**
 * apimeta.SetStatusCondition: replaces the condition of the same type; lastTransitionTime moves
 * only when the status changes (or the condition is new). Returns a new list.
 */
export function setStatusCondition(conditions: readonly StatusCondition[] | undefined, wanted: Omit<StatusCondition, 'lastTransitionTime'>, now: number): StatusCondition[] {
  const list = (conditions ?? []).map((c) => ({ ...c }));
  const existing = list.find((c) => c.type === wanted.type);
  if (!existing) return [...list, { ...wanted, lastTransitionTime: rfc3339(now) }];
  if (existing.status !== wanted.status) existing.lastTransitionTime = rfc3339(now);
  Object.assign(existing, { status: wanted.status, reason: wanted.reason, message: wanted.message, observedGeneration: wanted.observedGeneration });
  return list;
}

/** pdbhelper.UpdateDisruptionAllowedCondition: True/SufficientPods while disruptions are allowed, else False/InsufficientPods. */
export function updateDisruptionAllowedCondition(status: Record<string, unknown>, now: number): void {
  const allowed = ((status.disruptionsAllowed as number | undefined) ?? 0) > 0;
  status.conditions = setStatusCondition(
    status.conditions as StatusCondition[] | undefined,
    {
      type: disruptionAllowedCondition,
      status: allowed ? 'True' : 'False',
      reason: allowed ? sufficientPodsReason : insufficientPodsReason,
      message: '',
      observedGeneration: status.observedGeneration as number | undefined,
    },
    now,
  );
}

/** pdbhelper.ConditionsAreUpToDate: the condition exists, matches disruptionsAllowed, and the generation is observed. */
export function conditionsAreUpToDate(pdb: Readonly<KubeObject>): boolean {
  const status = pdb.status ?? {};
  const condition = (status.conditions as StatusCondition[] | undefined)?.find((c) => c.type === disruptionAllowedCondition);
  if (!condition) return false;
  if ((status.observedGeneration ?? 0) !== (pdb.metadata.generation ?? 0)) return false;
  if ((status.disruptionsAllowed ?? 0) > 0) return condition.status === 'True' && condition.reason === sufficientPodsReason;
  return condition.status === 'False' && condition.reason === insufficientPodsReason;
}

/**
 * intstr.GetScaledValueFromIntOrPercent with roundUp: an integer as is, `N%` of total rounded up.
 * Anything else throws with apimachinery's words.
 */
export function scaledValue(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value);
  if (!match) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  return Math.ceil((Number(match[1]) * total) / 100);
}
