/**
 * Taint/toleration matching for NoExecute eviction, as k8s.io/api's `Toleration.ToleratesTaint`
 * and the taint eviction controller's `getMinTolerationTime` decide it. Pure; no I/O.
 */
import type { Taint } from './node-taints.js';

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number | null;
}

/** An empty effect matches every effect; an empty key with Exists matches every taint. */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  // Equal is the default operator (an empty key with Equal is rejected by validation).
  return (toleration.value ?? '') === (taint.value ?? '');
}

/**
 * How long the pod may stay: 0 when some toleration's seconds are ≤ 0, the shortest finite
 * tolerationSeconds otherwise, undefined when every matching toleration is forever.
 */
export function minTolerationMs(tolerations: readonly Toleration[]): number | undefined {
  let min: number | undefined;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min ?? Infinity, t.tolerationSeconds * 1000);
  }
  return min;
}

/**
 * When the pod must be deleted: `now` if some taint is not tolerated at all; else the earliest
 * taint's timeAdded plus its shortest matching tolerationSeconds; undefined if it may stay forever.
 */
export function evictionTime(taints: readonly Taint[], tolerations: readonly Toleration[], now: number): number | undefined {
  let due: number | undefined;
  for (const taint of taints) {
    const matching = tolerations.filter((t) => toleratesTaint(t, taint));
    if (matching.length === 0) return now;
    const allowed = minTolerationMs(matching);
    if (allowed === undefined) continue;
    const added = taint.timeAdded ? Date.parse(taint.timeAdded) : now;
    due = Math.min(due ?? Infinity, (Number.isNaN(added) ? now : added) + allowed);
  }
  return due;
}
