/**
 * Taints and tolerations as `k8s.io/api/core/v1` ToleratesTaint and component-helpers
 * FindMatchingUntoleratedTaint define them: an empty toleration effect matches every effect, an
 * empty key (with Exists) every key, `Equal` (the default operator) needs the same value.
 */

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** The taint effects the filters honour (helper.DoNotScheduleTaintsFilterFunc). */
export const doNotScheduleEffects: ReadonlySet<string> = new Set(['NoSchedule', 'NoExecute']);

export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** The first taint, in the node's order, with one of the effects that no toleration tolerates. */
export function findUntoleratedTaint(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[] | undefined, effects: ReadonlySet<string>): Taint | undefined {
  for (const taint of taints ?? []) {
    if (effects.has(taint.effect) && !tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}
