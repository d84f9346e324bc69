/**
 * How kube-scheduler v1.32's preemption ranks pods and nodes (`framework/preemption`,
 * `plugins/defaultpreemption`, `scheduler/util`): which lower-priority pods are the more
 * important to keep (MoreImportantPod), which of them a PodDisruptionBudget protects
 * (filterPodsWithPDBViolation, from the budgets' status.disruptionsAllowed as the disruption
 * controller keeps it), and which candidate node loses the least (pickOneNodeForPreemption).
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { selectorFromLabelSelector, type Selector } from '../../../shared/labels.js';
import type { PodInfo } from '../pod-info.js';

/** A node where preemption would make the pod fit, and what it costs. */
export interface Candidate {
  readonly nodeName: string;
  readonly victims: { readonly pods: readonly PodInfo[]; readonly numPDBViolations: number };
}

/**
 * GetPodStartTime: status.startTime, or "now" for a pod that has not started — later than any
 * real start time, which is all the comparisons below need.
 */
export function podStartTime(info: PodInfo): number {
  const startTime: string | undefined = info.pod.status?.startTime;
  const parsed = startTime ? Date.parse(startTime) : Number.NaN;
  return Number.isNaN(parsed) ? Number.POSITIVE_INFINITY : parsed;
}

/** MoreImportantPod: higher priority, or the same priority and started earlier. */
export function moreImportantPod(a: PodInfo, b: PodInfo): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return podStartTime(a) < podStartTime(b);
}

/**
 * filterPodsWithPDBViolation: walking the pods in order, each one a budget selects uses one of
 * its allowed disruptions; a pod that takes a budget below zero would violate it. Pods the
 * budget already counts as disrupted use none. Keeps the input order within each group.
 */
export function podsWithPDBViolation(pods: readonly PodInfo[], pdbs: readonly Readonly<KubeObject>[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const budgets = pdbs.map((pdb) => ({ pdb, allowed: Number(pdb.status?.disruptionsAllowed ?? 0), selector: selectorOf(pdb) }));
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const info of pods) {
    const { metadata } = info.pod;
    let violated = false;
    // A pod without labels matches no budget.
    if (metadata.labels && Object.keys(metadata.labels).length > 0) {
      for (const budget of budgets) {
        if (budget.pdb.metadata.namespace !== metadata.namespace) continue;
        // A nil or empty selector matches nothing here (unlike the disruption controller's `{}`).
        if (!budget.selector || budget.selector.isEmpty() || !budget.selector.matches(metadata.labels)) continue;
        if (Object.hasOwn(budget.pdb.status?.disruptedPods ?? {}, metadata.name ?? '')) continue;
        budget.allowed--;
        if (budget.allowed < 0) violated = true;
      }
    }
    (violated ? violating : nonViolating).push(info);
  }
  return { violating, nonViolating };
}

function selectorOf(pdb: Readonly<KubeObject>): Selector | undefined {
  try {
    return selectorFromLabelSelector(pdb.spec?.selector);
  } catch {
    // LabelSelectorAsSelector failed: the scheduler skips that budget, and so do we.
    return undefined;
  }
}

/** MaxInt32 + 1: shifts every priority to a positive number before summing (minSumPriorities). */
const priorityShift = 2 ** 31;

/**
 * GetEarliestPodStartTime: the earliest start among the victims of the highest priority.
 */
function earliestStartOfHighestPriority(pods: readonly PodInfo[]): number {
  let maxPriority = Number.NEGATIVE_INFINITY;
  let earliest = Number.POSITIVE_INFINITY;
  for (const info of pods) {
    if (info.priority > maxPriority) {
      maxPriority = info.priority;
      earliest = podStartTime(info);
    } else if (info.priority === maxPriority) {
      earliest = Math.min(earliest, podStartTime(info));
    }
  }
  return earliest;
}

/**
 * pickOneNodeForPreemption: each criterion keeps the nodes with the best score, until one is
 * left — fewest PDB violations, lowest highest-priority victim, smallest sum of priorities,
 * fewest victims, then the latest start of the most important victims; then the first.
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate {
  const scores: ((c: Candidate) => number)[] = [
    (c) => -c.victims.numPDBViolations,
    (c) => -highestPriority(c.victims.pods),
    (c) => -c.victims.pods.reduce((sum, info) => sum + info.priority + priorityShift, 0),
    (c) => -c.victims.pods.length,
    (c) => earliestStartOfHighestPriority(c.victims.pods),
  ];
  let remaining = [...candidates];
  for (const score of scores) {
    let best = Number.NEGATIVE_INFINITY;
    let selected: Candidate[] = [];
    for (const candidate of remaining) {
      const value = score(candidate);
      if (value > best) {
        best = value;
        selected = [candidate];
      } else if (value === best) {
        selected.push(candidate);
      }
    }
    if (selected.length === 1) return selected[0]!;
    remaining = selected;
  }
  return remaining[0]!;
}

/** The victims are sorted most important first, so the first has the highest priority. */
function highestPriority(pods: readonly PodInfo[]): number {
  return pods.reduce((max, info) => Math.max(max, info.priority), Number.NEGATIVE_INFINITY);
}
