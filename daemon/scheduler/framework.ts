/**
 * The scheduling framework (kube-scheduler `framework/runtime` + `schedule_one.go`
 * findNodesThatFitPod, prioritizeNodes, selectHost): PreFilter once per pod, Filter per node —
 * stopping at the first plugin that rejects it, so each node contributes one plugin's reasons —
 * then PreScore/Score/NormalizeScore, weighted, and the highest total wins, ties at random.
 * One cycle is synchronous: it reads the cache directly instead of a snapshot, because nothing
 * can change the cache while it runs. Plugins are closures over per-pod state instead of Go's
 * CycleState. Pods nominated to a node by preemption count there for pods of lower priority
 * (RunFilterPluginsWithNominatedPods), and a pod's own nominated node is tried first.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { NominatedPods } from './nominator.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';

/** Preemption may help (Unschedulable) or may not (UnschedulableAndUnresolvable). */
export type StatusCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface Status {
  readonly code: StatusCode;
  readonly reasons: readonly string[];
  /** The plugin that rejected; set by the framework. */
  plugin?: string;
}

export function unschedulable(...reasons: string[]): Status {
  return { code: 'Unschedulable', reasons };
}

export function unresolvable(...reasons: string[]): Status {
  return { code: 'UnschedulableAndUnresolvable', reasons };
}

/** The nodes as the cycle sees them: only NodeInfos that have a Node object. */
export interface Snapshot {
  readonly nodes: readonly NodeInfo[];
  get(name: string): NodeInfo | undefined;
}

/** A Filter plugin's state for one pod (its PreFilter result). */
export interface PodFilter {
  /** PreFilterResult.NodeNames: only these nodes can fit (NodeAffinity's `metadata.name` fields). */
  readonly nodeNames?: ReadonlySet<string>;
  filter(node: NodeInfo): Status | undefined;
}

/** A Score plugin's state for one pod (its PreScore result). */
export interface PodScorer {
  score(node: NodeInfo): number;
  /** NormalizeScore, in place; scores[i] belongs to nodes[i]. */
  normalize?(scores: number[], nodes: readonly NodeInfo[]): void;
}

export type NodeChange = 'Allocatable' | 'Label' | 'Taint' | 'Condition' | 'Annotation';

/** The cluster changes that can make an unschedulable pod schedulable (framework.ClusterEvent). */
export type ClusterEvent =
  | { readonly type: 'NodeAdd'; readonly node: Readonly<KubeObject> }
  | { readonly type: 'NodeUpdate'; readonly oldNode: Readonly<KubeObject>; readonly node: Readonly<KubeObject>; readonly changes: ReadonlySet<NodeChange> }
  | { readonly type: 'NodeDelete'; readonly oldNode: Readonly<KubeObject> }
  | { readonly type: 'AssignedPodAdd'; readonly pod: Readonly<KubeObject> }
  | { readonly type: 'AssignedPodUpdate'; readonly oldPod: Readonly<KubeObject>; readonly pod: Readonly<KubeObject> }
  | { readonly type: 'AssignedPodDelete'; readonly oldPod: Readonly<KubeObject> }
  /** A PersistentVolumeClaim, PersistentVolume or StorageClass added or updated (VolumeBinding's events). */
  | { readonly type: 'StorageChange'; readonly resource: 'persistentvolumeclaims' | 'persistentvolumes' | 'storageclasses'; readonly object: Readonly<KubeObject> };

export interface Plugin {
  readonly name: string;
  /**
   * The queueing hint (EventsToRegister + QueueingHintFn): may this event make a pod that this
   * plugin rejected schedulable? Events the plugin does not register answer false.
   */
  isSchedulableAfter?(pod: PodInfo, event: ClusterEvent): boolean;
}

export interface FilterPlugin extends Plugin {
  /** PreFilter: null to skip this plugin for the pod, a Status to reject every node. */
  preFilter(pod: PodInfo, snapshot: Snapshot): PodFilter | Status | null;
}

export interface ScorePlugin extends Plugin {
  readonly weight: number;
  /** PreScore over the feasible nodes: null to skip this plugin for the pod. */
  preScore(pod: PodInfo, feasible: readonly NodeInfo[], snapshot: Snapshot): PodScorer | null;
}

/** framework.Diagnosis: why each node was rejected, for FitError and preemption. */
export interface Diagnosis {
  readonly nodeToStatus: Map<string, Status>;
  /** The status of nodes not in nodeToStatus (filtered out before Filter ran). */
  absentNodesStatus?: Status;
  readonly unschedulablePlugins: Set<string>;
  preFilterMessage?: string;
  /** The filters that ran for this pod, so preemption can re-run them on a node without victims. */
  podFilters: { plugin: string; filter: PodFilter }[];
  /** The nominated pods the filters counted (none outside a scheduling cycle). */
  nominated?: NominatedPods;
}

export type ScheduleResult =
  | { readonly type: 'Scheduled'; readonly nodeName: string; readonly evaluatedNodes: number; readonly feasibleNodes: number }
  | { readonly type: 'NoFit'; readonly numAllNodes: number; readonly diagnosis: Diagnosis }
  | { readonly type: 'NoNodes' };

/** minFeasibleNodesToFind and minFeasibleNodesPercentageToFind (schedule_one.go). */
const minFeasibleNodesToFind = 100;
const minFeasibleNodesPercentageToFind = 5;
/** framework.MaxNodeScore. */
export const maxNodeScore = 100;

export interface FrameworkOptions {
  filterPlugins: readonly FilterPlugin[];
  scorePlugins: readonly ScorePlugin[];
  /** For ties between the best nodes; tests may fix it. */
  random?: () => number;
}

export class Framework {
  private nextStartNodeIndex = 0;

  constructor(readonly options: FrameworkOptions) {}

  /** Every plugin, for queueing hints. */
  get plugins(): readonly Plugin[] {
    return [...this.options.filterPlugins, ...this.options.scorePlugins];
  }

  /** SchedulePod: the node for the pod, or why none fits. */
  schedulePod(pod: PodInfo, snapshot: Snapshot, nominated?: NominatedPods): ScheduleResult {
    const numAllNodes = snapshot.nodes.length;
    if (numAllNodes === 0) return { type: 'NoNodes' };
    const diagnosis: Diagnosis = { nodeToStatus: new Map(), unschedulablePlugins: new Set(), podFilters: [], nominated };
    const candidates = this.runPreFilters(pod, snapshot, diagnosis);
    if (!candidates) return { type: 'NoFit', numAllNodes, diagnosis };
    // evaluateNominatedNode: the node a preemption freed is likely the only one that fits.
    const nominatedNode = pod.pod.status?.nominatedNodeName ? snapshot.get(pod.pod.status.nominatedNodeName) : undefined;
    if (nominatedNode) {
      const status = Framework.runFiltersWithNominatedPods(pod, diagnosis, nominatedNode);
      if (!status) return { type: 'Scheduled', nodeName: nominatedNode.name, evaluatedNodes: 1, feasibleNodes: 1 };
    }
    const feasible = this.findNodesThatPassFilters(pod, candidates, diagnosis, numAllNodes);
    if (feasible.length === 0) return { type: 'NoFit', numAllNodes, diagnosis };
    const evaluatedNodes = feasible.length + diagnosis.nodeToStatus.size;
    if (feasible.length === 1) return { type: 'Scheduled', nodeName: feasible[0]!.name, evaluatedNodes, feasibleNodes: 1 };
    return { type: 'Scheduled', nodeName: this.selectHost(feasible, this.prioritizeNodes(pod, feasible, snapshot)), evaluatedNodes, feasibleNodes: feasible.length };
  }

  /** Runs the filters of one cycle on a node (preemption's dry run). */
  static runFilters(podFilters: Diagnosis['podFilters'], node: NodeInfo): Status | undefined {
    for (const { plugin, filter } of podFilters) {
      const status = filter.filter(node);
      if (status) return { ...status, plugin };
    }
    return undefined;
  }

  /**
   * RunFilterPluginsWithNominatedPods: with the node's nominated pods of equal or higher priority
   * added first (so they keep the room preemption made for them), then — only if that passes and
   * pods were added — once more without them, as a pod may also need them absent.
   */
  static runFiltersWithNominatedPods(pod: PodInfo, diagnosis: Pick<Diagnosis, 'podFilters' | 'nominated'>, node: NodeInfo): Status | undefined {
    const nominated = diagnosis.nominated?.nominatedPodsForNode(node.name) ?? [];
    let withNominated: NodeInfo | undefined;
    for (const other of nominated) {
      if (other.priority < pod.priority || other.key === pod.key) continue;
      withNominated ??= node.clone();
      withNominated.addPod(other);
    }
    if (!withNominated) return Framework.runFilters(diagnosis.podFilters, node);
    return Framework.runFilters(diagnosis.podFilters, withNominated) ?? Framework.runFilters(diagnosis.podFilters, node);
  }

  /** RunPreFilterPlugins; returns the nodes to filter, or undefined when a PreFilter rejected the pod. */
  private runPreFilters(pod: PodInfo, snapshot: Snapshot, diagnosis: Diagnosis): readonly NodeInfo[] | undefined {
    let nodeNames: Set<string> | undefined;
    const pluginsWithNodes: string[] = [];
    for (const plugin of this.options.filterPlugins) {
      const outcome = plugin.preFilter(pod, snapshot);
      if (outcome === null) continue;
      if ('code' in outcome) return this.rejectAll(diagnosis, { ...outcome, plugin: plugin.name }, outcome.reasons.join(', '));
      diagnosis.podFilters.push({ plugin: plugin.name, filter: outcome });
      if (!outcome.nodeNames) continue;
      pluginsWithNodes.push(plugin.name);
      nodeNames = nodeNames ? new Set([...nodeNames].filter((n) => outcome.nodeNames!.has(n))) : new Set(outcome.nodeNames);
      if (nodeNames.size === 0) {
        pluginsWithNodes.sort();
        const message = pluginsWithNodes.length === 1 ? `node(s) didn't satisfy plugin ${pluginsWithNodes[0]}` : `node(s) didn't satisfy plugin(s) [${pluginsWithNodes.join(' ')}] simultaneously`;
        for (const name of pluginsWithNodes) diagnosis.unschedulablePlugins.add(name);
        return this.rejectAll(diagnosis, unresolvable(message), message);
      }
    }
    if (!nodeNames) return snapshot.nodes;
    // Nodes the PreFilterResult left out count as rejected by those plugins (findNodesThatFitPod).
    for (const name of pluginsWithNodes) diagnosis.unschedulablePlugins.add(name);
    diagnosis.absentNodesStatus = unresolvable(`node(s) didn't satisfy plugin(s) [${pluginsWithNodes.sort().join(' ')}]`);
    return [...nodeNames].map((name) => snapshot.get(name)).filter((n): n is NodeInfo => n !== undefined);
  }

  private rejectAll(diagnosis: Diagnosis, status: Status, message: string): undefined {
    diagnosis.absentNodesStatus = status;
    diagnosis.preFilterMessage = message;
    if (status.plugin) diagnosis.unschedulablePlugins.add(status.plugin);
    return undefined;
  }

  /** findNodesThatPassFilters: from a rotating start, until enough feasible nodes are found. */
  private findNodesThatPassFilters(pod: PodInfo, nodes: readonly NodeInfo[], diagnosis: Diagnosis, numAllNodes: number): NodeInfo[] {
    const wanted = numFeasibleNodesToFind(nodes.length);
    const feasible: NodeInfo[] = [];
    let checked = 0;
    for (; checked < nodes.length && feasible.length < wanted; checked++) {
      const node = nodes[(this.nextStartNodeIndex + checked) % nodes.length]!;
      const status = Framework.runFiltersWithNominatedPods(pod, diagnosis, node);
      if (!status) feasible.push(node);
      else {
        diagnosis.nodeToStatus.set(node.name, status);
        diagnosis.unschedulablePlugins.add(status.plugin!);
      }
    }
    this.nextStartNodeIndex = (this.nextStartNodeIndex + checked) % numAllNodes;
    return feasible;
  }

  /** RunPreScorePlugins + RunScorePlugins: Σ weight × normalized score per feasible node. */
  private prioritizeNodes(pod: PodInfo, feasible: readonly NodeInfo[], snapshot: Snapshot): number[] {
    const totals = new Array<number>(feasible.length).fill(0);
    for (const plugin of this.options.scorePlugins) {
      const scorer = plugin.preScore(pod, feasible, snapshot);
      if (!scorer) continue;
      const scores = feasible.map((node) => scorer.score(node));
      scorer.normalize?.(scores, feasible);
      for (let i = 0; i < scores.length; i++) totals[i]! += scores[i]! * plugin.weight;
    }
    return totals;
  }

  /** selectHost: the best total; among equals each is equally likely (reservoir sampling). */
  private selectHost(nodes: readonly NodeInfo[], totals: readonly number[]): string {
    const random = this.options.random ?? Math.random;
    let selected = 0;
    let ties = 1;
    for (let i = 1; i < nodes.length; i++) {
      if (totals[i]! > totals[selected]!) {
        selected = i;
        ties = 1;
      } else if (totals[i] === totals[selected] && Math.floor(random() * ++ties) === 0) {
        selected = i;
      }
    }
    return nodes[selected]!.name;
  }
}

/** numFeasibleNodesToFind with the default adaptive percentageOfNodesToScore. */
export function numFeasibleNodesToFind(numAllNodes: number): number {
  if (numAllNodes < minFeasibleNodesToFind) return numAllNodes;
  const percentage = Math.max(minFeasibleNodesPercentageToFind, 50 - Math.trunc(numAllNodes / 125));
  return Math.max(minFeasibleNodesToFind, Math.trunc((numAllNodes * percentage) / 100));
}

/** DefaultNormalizeScore (plugins/helper): scale to 0..100 by the maximum, optionally reversed. */
export function defaultNormalizeScore(scores: number[], reverse: boolean): void {
  const max = Math.max(0, ...scores);
  for (let i = 0; i < scores.length; i++) {
    if (max === 0) {
      if (reverse) scores[i] = maxNodeScore;
      continue;
    }
    const scaled = Math.trunc((maxNodeScore * scores[i]!) / max);
    scores[i] = reverse ? maxNodeScore - scaled : scaled;
  }
}
