/**
 * Pure decisions of the node lifecycle controller: which conditions to mark Unknown when the
 * kubelet stops posting, and which `node.kubernetes.io/*` taints a node's conditions and
 * `spec.unschedulable` call for (k/k nodelifecycle `doNoScheduleTaintingPass`,
 * `doNoExecuteTaintingPass`, `tryUpdateNodeHealth`). No I/O.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { rfc3339 } from '../../shared/clock.js';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

/** The conditions the controller owns when a kubelet goes silent; NetworkUnavailable is left alone. */
const monitoredConditionTypes = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

/** Condition → NoSchedule taint (k/k `nodeConditionToTaintKeyStatusMap`). */
const noScheduleTaintsByCondition: readonly { type: string; status: string; key: string }[] = [
  { type: 'Ready', status: 'False', key: 'node.kubernetes.io/not-ready' },
  { type: 'Ready', status: 'Unknown', key: 'node.kubernetes.io/unreachable' },
  { type: 'MemoryPressure', status: 'True', key: 'node.kubernetes.io/memory-pressure' },
  { type: 'DiskPressure', status: 'True', key: 'node.kubernetes.io/disk-pressure' },
  { type: 'NetworkUnavailable', status: 'True', key: 'node.kubernetes.io/network-unavailable' },
  { type: 'PIDPressure', status: 'True', key: 'node.kubernetes.io/pid-pressure' },
];
const unschedulableTaintKey = 'node.kubernetes.io/unschedulable';
const notReadyTaintKey = 'node.kubernetes.io/not-ready';
const unreachableTaintKey = 'node.kubernetes.io/unreachable';

/** Every taint this controller adds and removes; any other taint is the user's and is kept. */
const ownedTaintKeys = new Set([...noScheduleTaintsByCondition.map((t) => t.key), unschedulableTaintKey]);

export function conditionOf(node: Readonly<KubeObject>, type: string): NodeCondition | undefined {
  return (node.status?.conditions as NodeCondition[] | undefined)?.find((c) => c.type === type);
}

/** True when some monitored condition is missing or not yet Unknown. */
export function needsUnknownConditions(node: Readonly<KubeObject>): boolean {
  return monitoredConditionTypes.some((type) => conditionOf(node, type)?.status !== 'Unknown');
}

/**
 * The conditions after the grace period expired: each monitored one becomes Unknown with its
 * heartbeat kept and its transition time now; a condition never posted is added as NeverUpdated.
 */
export function unknownConditions(node: Readonly<KubeObject>, now: number): NodeCondition[] {
  const nowText = rfc3339(now);
  const conditions = structuredClone((node.status?.conditions ?? []) as NodeCondition[]);
  for (const type of monitoredConditionTypes) {
    const current = conditions.find((c) => c.type === type);
    if (!current) {
      conditions.push({ type, status: 'Unknown', lastHeartbeatTime: node.metadata.creationTimestamp ?? undefined, lastTransitionTime: nowText, reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.' });
    } else if (current.status !== 'Unknown') {
      Object.assign(current, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: nowText });
    }
  }
  return conditions;
}

/** The controller-owned taints the node should carry, without timeAdded. */
export function wantedTaints(node: Readonly<KubeObject>): Taint[] {
  const wanted: Taint[] = [];
  for (const rule of noScheduleTaintsByCondition) {
    if (conditionOf(node, rule.type)?.status === rule.status) wanted.push({ key: rule.key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) wanted.push({ key: unschedulableTaintKey, effect: 'NoSchedule' });
  const ready = conditionOf(node, 'Ready')?.status;
  if (ready === 'False') wanted.push({ key: notReadyTaintKey, effect: 'NoExecute' });
  if (ready === 'Unknown') wanted.push({ key: unreachableTaintKey, effect: 'NoExecute' });
  return wanted;
}

/**
 * Whether the node's NoExecute taint may be added now (node-disruption.ts): `normal`; `held`
 * (the zone's eviction rate limiter has no token: a taint already there stays, and not-ready and
 * unreachable still swap at once, as k/k processTaintBaseEviction does); `stopped` (every zone is
 * fully disrupted: the NoExecute taints come off, k/k markNodeAsReachable).
 */
export type NoExecuteMode = 'normal' | 'held' | 'stopped';

/**
 * The node's taints reconciled with what its conditions call for: other taints untouched, owned
 * ones no longer wanted removed, missing ones appended with timeAdded now (k/k
 * `SwapNodeControllerTaint` stamps every taint it adds). Undefined when nothing changes.
 */
export function reconcileTaints(node: Readonly<KubeObject>, now: number, mode: NoExecuteMode = 'normal'): Taint[] | undefined {
  const current = (node.spec?.taints ?? []) as Taint[];
  const hasNoExecute = current.some((t) => t.effect === 'NoExecute' && (t.key === notReadyTaintKey || t.key === unreachableTaintKey));
  const wanted = wantedTaints(node).filter((w) => w.effect !== 'NoExecute' || mode === 'normal' || (mode === 'held' && hasNoExecute));
  const isWanted = (t: Taint): boolean => wanted.some((w) => w.key === t.key && w.effect === t.effect);
  const kept = current.filter((t) => !ownedTaintKeys.has(t.key) || isWanted(t));
  const added = wanted.filter((w) => !current.some((t) => t.key === w.key && t.effect === w.effect));
  if (added.length === 0 && kept.length === current.length) return undefined;
  return [...structuredClone(kept), ...added.map((t) => ({ ...t, timeAdded: rfc3339(now) }))];
}
