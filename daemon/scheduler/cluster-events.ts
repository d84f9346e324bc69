/**
 * How the scheduler classifies what its informers see (kube-scheduler `eventhandlers.go` and
 * framework `events.go`): which pods it is responsible for, which count on their node, and which
 * parts of a node update can matter to scheduling — so that a kubelet's heartbeat does not wake
 * every unschedulable pod.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { NodeChange } from './framework.js';
import { schedulerName } from './messages.js';
import { jsonEqual } from '../../shared/json-equal.js';

export function isAssigned(pod: Readonly<KubeObject>): boolean {
  return !!pod.spec?.nodeName;
}

/** The scheduler's pod informer leaves out Succeeded and Failed pods (its field selector). */
export function isTerminal(pod: Readonly<KubeObject>): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** responsibleForPod: pods that ask for this scheduler (the apiserver defaults schedulerName). */
export function isResponsibleFor(pod: Readonly<KubeObject>): boolean {
  return (pod.spec?.schedulerName ?? schedulerName) === schedulerName;
}

/** A pod this scheduler should place: unassigned, ours, not finished and not being deleted. */
export function isPendingForUs(pod: Readonly<KubeObject>): boolean {
  return !isAssigned(pod) && isResponsibleFor(pod) && !isTerminal(pod) && !pod.metadata.deletionTimestamp;
}

const same = (a: unknown, b: unknown): boolean => jsonEqual(a ?? null, b ?? null);

/** Conditions compared without their heartbeat times (nodeConditionsChanged). */
function conditionsWithoutHeartbeats(node: Readonly<KubeObject>): unknown[] {
  return ((node.status?.conditions ?? []) as Record<string, unknown>[]).map(({ lastHeartbeatTime: _ignored, ...rest }) => rest);
}

/** nodeSchedulingPropertiesChange: the kinds of change that plugins register for. */
export function nodeSchedulingChanges(oldNode: Readonly<KubeObject>, node: Readonly<KubeObject>): Set<NodeChange> {
  const changes = new Set<NodeChange>();
  // A cordon (spec.unschedulable) counts as a taint change, as upstream files it.
  if (!!oldNode.spec?.unschedulable !== !!node.spec?.unschedulable) changes.add('Taint');
  if (!same(oldNode.status?.allocatable, node.status?.allocatable)) changes.add('Allocatable');
  if (!same(oldNode.metadata.labels, node.metadata.labels)) changes.add('Label');
  if (!same(oldNode.spec?.taints, node.spec?.taints)) changes.add('Taint');
  if (!same(conditionsWithoutHeartbeats(oldNode), conditionsWithoutHeartbeats(node))) changes.add('Condition');
  if (!same(oldNode.metadata.annotations, node.metadata.annotations)) changes.add('Annotation');
  return changes;
}
