/**
 * PodTopologySpread (kube-scheduler plugin, score weight 2). Filter: every `DoNotSchedule`
 * constraint must keep matching pods in the node's domain within maxSkew of the least loaded
 * domain; a node without the topology label cannot take the pod. Score: `ScheduleAnyway`
 * constraints — or, for a pod with none, the system defaults (hostname maxSkew 3, zone maxSkew 5)
 * over the selector of its Services and controller — prefer the domains with fewer matching pods,
 * which spreads the replicas of a ReplicaSet over the nodes.
 */
import type { KubeObject, LabelSelector, Labels } from '../../../shared/api/meta.js';
import { maxNodeScore, unresolvable, unschedulable, type ClusterEvent, type FilterPlugin, type ScorePlugin, type Snapshot } from '../framework.js';
import type { NodeInfo } from '../node-info.js';
import type { PodInfo } from '../pod-info.js';
import { spreadSelectorOf, type SpreadSelector } from '../default-selector.js';
import { requiredNodeAffinityOf } from './node-affinity.js';
import { doNotScheduleEffects, findUntoleratedTaint } from './tolerations.js';

export const errReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
export const errReasonNodeLabelNotMatch = `${errReasonConstraintsNotMatch} (missing required label)`;
const hostnameKey = 'kubernetes.io/hostname';

interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector?: LabelSelector;
  minDomains?: number;
  nodeAffinityPolicy?: 'Honor' | 'Ignore';
  nodeTaintsPolicy?: 'Honor' | 'Ignore';
  matchLabelKeys?: string[];
}

interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: SpreadSelector;
  /** The pod's namespace: only its pods count. */
  namespace: string;
  minDomains: number;
  honorNodeAffinity: boolean;
  honorNodeTaints: boolean;
}

/** systemDefaultConstraints. */
const systemDefaults: TopologySpreadConstraint[] = [
  { topologyKey: hostnameKey, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

export interface PodTopologySpreadOptions {
  /** helper.DefaultSelector for a pod without constraints of its own. */
  defaultSelector(pod: Readonly<KubeObject>): SpreadSelector;
}

/** filterTopologySpreadConstraints: the constraints with this action, matchLabelKeys merged in. */
function constraintsOf(specs: readonly TopologySpreadConstraint[], pod: Readonly<KubeObject>, action: TopologySpreadConstraint['whenUnsatisfiable'], selector?: SpreadSelector): Constraint[] {
  const podLabels: Labels = pod.metadata.labels ?? {};
  return specs
    .filter((c) => c.whenUnsatisfiable === action)
    .map((c) => {
      const extra: Labels = {};
      for (const key of c.matchLabelKeys ?? []) if (key in podLabels) extra[key] = podLabels[key]!;
      return {
        maxSkew: c.maxSkew,
        topologyKey: c.topologyKey,
        selector: selector ?? spreadSelectorOf(c.labelSelector, extra),
        namespace: pod.metadata.namespace ?? '',
        minDomains: c.minDomains ?? 1,
        honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
        honorNodeTaints: (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
      };
    });
}

export class PodTopologySpread implements FilterPlugin, ScorePlugin {
  readonly name = 'PodTopologySpread';
  readonly weight = 2;

  constructor(private readonly options: PodTopologySpreadOptions) {}

  /** getConstraints / buildDefaultConstraints for one action. */
  private constraints(pod: PodInfo, action: TopologySpreadConstraint['whenUnsatisfiable']): Constraint[] {
    const own: TopologySpreadConstraint[] = pod.pod.spec?.topologySpreadConstraints ?? [];
    if (own.length > 0) return constraintsOf(own, pod.pod, action);
    const defaults = constraintsOf(systemDefaults, pod.pod, action, { isEmpty: true, key: '', matches: () => false });
    if (defaults.length === 0) return [];
    const selector = this.options.defaultSelector(pod.pod);
    return selector.isEmpty ? [] : defaults.map((c) => ({ ...c, selector }));
  }

  preFilter(pod: PodInfo, snapshot: Snapshot) {
    const constraints = this.constraints(pod, 'DoNotSchedule');
    if (constraints.length === 0) return null;
    const counts = domainCounts(pod, constraints, snapshot.nodes, true);
    const minimum = new Map<string, number>();
    const domains = new Map<string, number>();
    for (const [pair, count] of counts) {
      const key = pair.slice(0, pair.indexOf('\u0000'));
      domains.set(key, (domains.get(key) ?? 0) + 1);
      minimum.set(key, Math.min(minimum.get(key) ?? Infinity, count));
    }
    const labels: Labels = pod.pod.metadata.labels ?? {};
    return {
      filter(node: NodeInfo) {
        const nodeLabels: Labels = node.node?.metadata.labels ?? {};
        for (const c of constraints) {
          if (!(c.topologyKey in nodeLabels)) return unresolvable(errReasonNodeLabelNotMatch);
          const domainCount = domains.get(c.topologyKey);
          if (domainCount === undefined) continue; // no eligible domain at all: nothing to be skewed against
          const min = domainCount < c.minDomains ? 0 : minimum.get(c.topologyKey)!;
          const self = c.selector.matches(labels) ? 1 : 0;
          const skew = (counts.get(pairOf(c.topologyKey, nodeLabels[c.topologyKey]!)) ?? 0) + self - min;
          if (skew > c.maxSkew) return unschedulable(errReasonConstraintsNotMatch);
        }
        return undefined;
      },
    };
  }

  preScore(pod: PodInfo, feasible: readonly NodeInfo[], snapshot: Snapshot) {
    if (snapshot.nodes.length === 0) return null;
    const constraints = this.constraints(pod, 'ScheduleAnyway');
    if (constraints.length === 0) return null;
    // The system defaults do not need every topology label; a pod's own constraints do.
    const requireAll = (pod.pod.spec?.topologySpreadConstraints ?? []).length > 0;
    const ignored = new Set<string>();
    const domainsPerConstraint = constraints.map(() => new Set<string>());
    for (const node of feasible) {
      const labels: Labels = node.node?.metadata.labels ?? {};
      if (requireAll && !hasAllKeys(labels, constraints)) ignored.add(node.name);
      else constraints.forEach((c, i) => c.topologyKey !== hostnameKey && domainsPerConstraint[i]!.add(labels[c.topologyKey] ?? ''));
    }
    const weights = constraints.map((c, i) => Math.log((c.topologyKey === hostnameKey ? feasible.length - ignored.size : domainsPerConstraint[i]!.size) + 2));
    const counts = domainCounts(pod, constraints.filter((c) => c.topologyKey !== hostnameKey), snapshot.nodes, requireAll, constraints);
    return {
      score(node: NodeInfo): number {
        if (ignored.has(node.name)) return 0;
        const labels: Labels = node.node?.metadata.labels ?? {};
        let score = 0;
        for (let i = 0; i < constraints.length; i++) {
          const c = constraints[i]!;
          if (!(c.topologyKey in labels)) continue;
          const count = c.topologyKey === hostnameKey ? countMatchingPods(node, c) : (counts.get(pairOf(c.topologyKey, labels[c.topologyKey]!)) ?? 0);
          score += count * weights[i]! + (c.maxSkew - 1);
        }
        return Math.round(score);
      },
      normalize(scores: number[], nodes: readonly NodeInfo[]): void {
        let min = Infinity;
        let max = 0;
        for (let i = 0; i < scores.length; i++) {
          if (ignored.has(nodes[i]!.name)) continue;
          min = Math.min(min, scores[i]!);
          max = Math.max(max, scores[i]!);
        }
        for (let i = 0; i < scores.length; i++) {
          if (ignored.has(nodes[i]!.name)) scores[i] = 0;
          else scores[i] = max === 0 ? maxNodeScore : Math.trunc((maxNodeScore * (max + min - scores[i]!)) / max);
        }
      },
    };
  }

  isSchedulableAfter(pod: PodInfo, event: ClusterEvent): boolean {
    const constraints = [...this.constraints(pod, 'DoNotSchedule'), ...this.constraints(pod, 'ScheduleAnyway')];
    const involved = (other: Readonly<KubeObject>): boolean => other.metadata.namespace === pod.pod.metadata.namespace;
    const selects = (other: Readonly<KubeObject>): boolean => constraints.some((c) => c.selector.matches(other.metadata.labels));
    switch (event.type) {
      case 'AssignedPodAdd':
        return involved(event.pod) && selects(event.pod);
      case 'AssignedPodDelete':
        return involved(event.oldPod) && selects(event.oldPod);
      case 'AssignedPodUpdate':
        return involved(event.pod) && constraints.some((c) => c.selector.matches(event.oldPod.metadata.labels) !== c.selector.matches(event.pod.metadata.labels));
      case 'NodeAdd':
        return hasAllKeys(event.node.metadata.labels ?? {}, constraints);
      case 'NodeDelete':
        return hasAllKeys(event.oldNode.metadata.labels ?? {}, constraints);
      case 'NodeUpdate':
        return (event.changes.has('Label') || event.changes.has('Taint')) && (hasAllKeys(event.node.metadata.labels ?? {}, constraints) || hasAllKeys(event.oldNode.metadata.labels ?? {}, constraints));
      case 'StorageChange':
        return false;
    }
  }
}

function pairOf(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

function hasAllKeys(labels: Labels, constraints: readonly Constraint[]): boolean {
  return constraints.every((c) => c.topologyKey in labels);
}

const memoKeys = new WeakMap<Constraint, string>();

/** countPodsMatchSelector: live pods of the namespace on the node that the selector matches (counted incrementally per node). */
function countMatchingPods(node: NodeInfo, c: Constraint): number {
  if (c.selector.isEmpty) return 0;
  let key = memoKeys.get(c);
  if (key === undefined) memoKeys.set(c, (key = `${c.namespace}\u0000${c.selector.key}`));
  const { namespace, selector } = c;
  return node.countPods(key, ({ pod }) => !pod.metadata.deletionTimestamp && pod.metadata.namespace === namespace && selector.matches(pod.metadata.labels));
}

/** matchNodeInclusionPolicies: nodeAffinityPolicy Honor (default) and nodeTaintsPolicy Honor. */
function nodeIncluded(c: Constraint, pod: PodInfo, node: Readonly<KubeObject>): boolean {
  if (c.honorNodeAffinity && !requiredNodeAffinityOf(pod).matches(node)) return false;
  if (c.honorNodeTaints && findUntoleratedTaint(node.spec?.taints, pod.pod.spec?.tolerations, doNotScheduleEffects)) return false;
  return true;
}

/**
 * Matching pods per topology domain (`key\0value`) over every node that has the topology keys
 * (all of `keysFrom` when requireAll) and passes the inclusion policies.
 */
function domainCounts(pod: PodInfo, constraints: readonly Constraint[], nodes: readonly NodeInfo[], requireAll: boolean, keysFrom: readonly Constraint[] = constraints): Map<string, number> {
  const counts = new Map<string, number>();
  for (const node of nodes) {
    if (!node.node) continue;
    const labels: Labels = node.node.metadata.labels ?? {};
    if (requireAll && !hasAllKeys(labels, keysFrom)) continue;
    for (const c of constraints) {
      if (!nodeIncluded(c, pod, node.node)) continue;
      const pair = pairOf(c.topologyKey, labels[c.topologyKey] ?? '');
      counts.set(pair, (counts.get(pair) ?? 0) + countMatchingPods(node, c));
    }
  }
  return counts;
}
