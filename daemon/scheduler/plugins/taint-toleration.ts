/**
 * TaintToleration (kube-scheduler plugin, score weight 3). Filter: the node's first NoSchedule or
 * NoExecute taint the pod does not tolerate rejects it, named in the reason as `{key: value}`.
 * Score: fewer untolerated PreferNoSchedule taints is better (normalized, reversed).
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { defaultNormalizeScore, unresolvable, type FilterPlugin, type ScorePlugin } from '../framework.js';
import type { PodInfo } from '../pod-info.js';
import { doNotScheduleEffects, findUntoleratedTaint, tolerationsTolerateTaint, type Taint, type Toleration } from './tolerations.js';

/** The reason names the taint: `node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }`. */
export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

function tolerationsOf(pod: PodInfo): Toleration[] | undefined {
  return pod.pod.spec?.tolerations;
}

function isUntolerated(node: Readonly<KubeObject>, pod: PodInfo): boolean {
  return findUntoleratedTaint(node.spec?.taints, tolerationsOf(pod), doNotScheduleEffects) !== undefined;
}

export const taintToleration: FilterPlugin & ScorePlugin = {
  name: 'TaintToleration',
  weight: 3,
  preFilter(pod) {
    const tolerations = tolerationsOf(pod);
    return {
      filter(node) {
        const taint = findUntoleratedTaint(node.node?.spec?.taints, tolerations, doNotScheduleEffects);
        return taint ? unresolvable(untoleratedTaintReason(taint)) : undefined;
      },
    };
  },
  preScore(pod) {
    // getAllTolerationPreferNoSchedule: tolerations with an empty or PreferNoSchedule effect.
    const tolerations = (tolerationsOf(pod) ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    return {
      score(node) {
        const taints: Taint[] = node.node?.spec?.taints ?? [];
        return taints.filter((t) => t.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, t)).length;
      },
      normalize: (scores) => defaultNormalizeScore(scores, true),
    };
  },
  // Node/Add and Node/UpdateNodeTaint: queue when the node no longer has an untolerated taint.
  isSchedulableAfter(pod, event) {
    if (event.type === 'NodeAdd') return !isUntolerated(event.node, pod);
    if (event.type === 'NodeUpdate' && event.changes.has('Taint')) return isUntolerated(event.oldNode, pod) && !isUntolerated(event.node, pod);
    return false;
  },
};
