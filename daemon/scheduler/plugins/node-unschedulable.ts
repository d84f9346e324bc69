/**
 * NodeUnschedulable (kube-scheduler plugin): a cordoned node (`spec.unschedulable`) takes no new
 * pods unless the pod tolerates `node.kubernetes.io/unschedulable:NoSchedule`, as DaemonSet pods do.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { unresolvable, type ClusterEvent, type FilterPlugin } from '../framework.js';
import type { PodInfo } from '../pod-info.js';
import { tolerationsTolerateTaint } from './tolerations.js';

export const errReasonUnschedulable = 'node(s) were unschedulable';
const unschedulableTaint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

function toleratesCordon(pod: PodInfo): boolean {
  return tolerationsTolerateTaint(pod.pod.spec?.tolerations, unschedulableTaint);
}

function isSchedulable(node: Readonly<KubeObject> | undefined): boolean {
  return !!node && !node.spec?.unschedulable;
}

export const nodeUnschedulable: FilterPlugin = {
  name: 'NodeUnschedulable',
  preFilter(pod) {
    if (toleratesCordon(pod)) return null;
    return { filter: (node) => (node.node?.spec?.unschedulable ? unresolvable(errReasonUnschedulable) : undefined) };
  },
  // Node/Add and Node/UpdateNodeTaint: queue when the node turned schedulable.
  isSchedulableAfter(_pod, event: ClusterEvent) {
    if (event.type === 'NodeAdd') return isSchedulable(event.node);
    if (event.type === 'NodeUpdate' && event.changes.has('Taint')) return !isSchedulable(event.oldNode) && isSchedulable(event.node);
    return false;
  },
};
