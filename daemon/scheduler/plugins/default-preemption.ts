/**
 * DefaultPreemption, kube-scheduler v1.32's PostFilter (`framework/preemption` and
 * `plugins/defaultpreemption`): when no node fits a pod, find lower-priority pods whose removal
 * would make room. Eligibility first (`preemptionPolicy: Never`; a pod whose earlier victims are
 * still terminating on its nominated node waits for them). Then, on every node that failed with
 * Unschedulable (not UnschedulableAndUnresolvable), a dry run takes away all lower-priority pods,
 * checks the pod fits, and gives back as many as it can — PodDisruptionBudget-protected pods first,
 * higher priority first — and the remaining pods are the node's victims. One node is chosen
 * (preemption-candidates.ts) and its victims are evicted by preemption-executor.ts. When no node
 * has victims, the dry run's reasons become the `preemption: 0/N nodes are available: …` text.
 * This module decides only; it does no I/O. Left out: extenders, and the plugins kubelab lacks
 * (inter-pod affinity, volumes), whose PreFilter AddPod/RemovePod extensions therefore do not run.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { Framework, type Diagnosis, type Snapshot, type Status } from '../framework.js';
import { fitErrorMessage } from '../messages.js';
import type { NodeInfo } from '../node-info.js';
import type { NominatedPods } from '../nominator.js';
import type { PodInfo } from '../pod-info.js';
import { moreImportantPod, pickOneNodeForPreemption, podsWithPDBViolation, type Candidate } from './preemption-candidates.js';

export const preemptionNotHelpful = 'Preemption is not helpful for scheduling';
export const noPreemptionVictims = 'No preemption victims found for incoming pod';
/** PodEligibleToPreemptOthers's two refusals. */
export const notEligibleNeverPolicy = 'not eligible due to preemptionPolicy=Never.';
export const notEligibleTerminatingPod = 'not eligible due to a terminating pod on the nominated node.';
/** DefaultPreemptionArgs defaults: how many candidate nodes a dry run looks for. */
const minCandidateNodesPercentage = 10;
const minCandidateNodesAbsolute = 100;

export type PreemptionResult =
  /** Not eligible, or no node has victims: `message` is the text after the FitError. */
  | { readonly type: 'NotEligible'; readonly message: string }
  | { readonly type: 'NoCandidates'; readonly message: string }
  /** Preempt `victims` on `nodeName` and nominate the pod there; lower-priority pods nominated there lose it. */
  | { readonly type: 'Preempt'; readonly nodeName: string; readonly victims: readonly PodInfo[]; readonly lowerPriorityNominated: readonly PodInfo[] };

export interface PreemptionInput {
  pod: PodInfo;
  diagnosis: Diagnosis;
  snapshot: Snapshot;
  /** The PodDisruptionBudgets of the cluster (the PDB lister). */
  pdbs: readonly Readonly<KubeObject>[];
  nominated?: NominatedPods;
  /** The random offset into the candidate nodes (GetOffsetAndNumCandidates); tests may fix it. */
  random?: () => number;
}

/** DefaultPreemption.PostFilter → Evaluator.Preempt. */
export function preempt(input: PreemptionInput): PreemptionResult {
  const { pod, diagnosis, snapshot } = input;
  const notEligible = eligibilityProblem(pod, diagnosis, snapshot);
  if (notEligible) return { type: 'NotEligible', message: `preemption: ${notEligible}` };
  // findCandidates: only nodes whose filters said Unschedulable may be helped by removing pods.
  const potential = snapshot.nodes.filter((node) => statusOf(diagnosis, node.name)?.code === 'Unschedulable');
  const { candidates, nodeToStatus } = dryRunPreemption(input, potential);
  if (candidates.length === 0) {
    const absentNodesStatus: Status = { code: 'UnschedulableAndUnresolvable', reasons: [preemptionNotHelpful] };
    return { type: 'NoCandidates', message: `preemption: ${fitErrorMessage(snapshot.nodes.length, { nodeToStatus, absentNodesStatus })}` };
  }
  const best = candidates.length === 1 ? candidates[0]! : pickOneNodeForPreemption(candidates);
  // getLowerPriorityNominatedPods: they may no longer fit there, so they lose the nomination.
  const lowerPriorityNominated = (input.nominated?.nominatedPodsForNode(best.nodeName) ?? []).filter((other) => other.priority < pod.priority);
  return { type: 'Preempt', nodeName: best.nodeName, victims: best.victims.pods, lowerPriorityNominated };
}

/** The `preemption: …` text alone (undefined when the pod preempts: the FitError then ends at its reasons). */
export function preemptionMessage(input: PreemptionInput): string | undefined {
  const result = preempt(input);
  return result.type === 'Preempt' ? undefined : result.message;
}

function statusOf(diagnosis: Diagnosis, nodeName: string): Status | undefined {
  return diagnosis.nodeToStatus.get(nodeName) ?? diagnosis.absentNodesStatus;
}

/** PodEligibleToPreemptOthers: the refusal's text, or undefined when the pod may preempt. */
function eligibilityProblem(pod: PodInfo, diagnosis: Diagnosis, snapshot: Snapshot): string | undefined {
  if (pod.pod.spec?.preemptionPolicy === 'Never') return notEligibleNeverPolicy;
  const nominatedNodeName: string | undefined = pod.pod.status?.nominatedNodeName;
  if (!nominatedNodeName) return undefined;
  // A nominated node the filters can never accept again frees the pod to preempt elsewhere.
  if (statusOf(diagnosis, nominatedNodeName)?.code === 'UnschedulableAndUnresolvable') return undefined;
  const node = snapshot.get(nominatedNodeName);
  if (!node) return undefined;
  for (const other of node.pods.values()) if (other.priority < pod.priority && terminatingByPreemption(other.pod)) return notEligibleTerminatingPod;
  return undefined;
}

/** podTerminatingByPreemption: being deleted, with DisruptionTarget=True from a scheduler's preemption. */
export function terminatingByPreemption(pod: Readonly<KubeObject>): boolean {
  if (!pod.metadata.deletionTimestamp) return false;
  const conditions: { type: string; status?: string; reason?: string }[] = pod.status?.conditions ?? [];
  const condition = conditions.find((c) => c.type === 'DisruptionTarget');
  return condition?.status === 'True' && condition.reason === 'PreemptionByScheduler';
}

/** GetOffsetAndNumCandidates: 10% of the nodes, at least 100, from a random offset. */
function offsetAndNumCandidates(numNodes: number, random: () => number): { offset: number; numCandidates: number } {
  let numCandidates = Math.trunc((numNodes * minCandidateNodesPercentage) / 100);
  if (numCandidates < minCandidateNodesAbsolute) numCandidates = minCandidateNodesAbsolute;
  if (numCandidates > numNodes) numCandidates = numNodes;
  return { offset: Math.floor(random() * numNodes), numCandidates };
}

/**
 * DryRunPreemption: victims per node, until enough candidates are found (and at least one
 * that violates no PodDisruptionBudget); the nodes that cannot help keep their reason.
 */
function dryRunPreemption(input: PreemptionInput, potential: readonly NodeInfo[]): { candidates: Candidate[]; nodeToStatus: Map<string, Status> } {
  const nodeToStatus = new Map<string, Status>();
  const nonViolating: Candidate[] = [];
  const violating: Candidate[] = [];
  if (potential.length === 0) return { candidates: [], nodeToStatus };
  const { offset, numCandidates } = offsetAndNumCandidates(potential.length, input.random ?? Math.random);
  for (let i = 0; i < potential.length; i++) {
    const node = potential[(offset + i) % potential.length]!;
    const outcome = selectVictimsOnNode(input, node);
    if ('code' in outcome) {
      nodeToStatus.set(node.name, outcome);
      continue;
    }
    (outcome.numPDBViolations === 0 ? nonViolating : violating).push({ nodeName: node.name, victims: outcome });
    if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
  }
  return { candidates: [...nonViolating, ...violating], nodeToStatus };
}

/**
 * SelectVictimsOnNode: the fewest, least important pods to remove so the pod fits — or why the
 * node cannot help. Nodes without a lower-priority pod are answered without copying anything,
 * so clusters where every pod has the default priority 0 pay almost nothing here.
 */
export function selectVictimsOnNode(input: Pick<PreemptionInput, 'pod' | 'diagnosis' | 'pdbs'>, node: NodeInfo): { pods: PodInfo[]; numPDBViolations: number } | Status {
  const { pod, diagnosis } = input;
  const potentialVictims: PodInfo[] = [];
  for (const other of node.pods.values()) if (other.priority < pod.priority) potentialVictims.push(other);
  if (potentialVictims.length === 0) return { code: 'UnschedulableAndUnresolvable', reasons: [noPreemptionVictims] };
  const dryRun = node.clone();
  for (const victim of potentialVictims) dryRun.removePod(victim.key);
  // Not even without every lower-priority pod: this node cannot help.
  const status = Framework.runFiltersWithNominatedPods(pod, diagnosis, dryRun);
  if (status) return status;
  potentialVictims.sort((a, b) => (moreImportantPod(a, b) ? -1 : moreImportantPod(b, a) ? 1 : 0));
  const { violating, nonViolating } = podsWithPDBViolation(potentialVictims, input.pdbs);
  const victims: PodInfo[] = [];
  let numPDBViolations = 0;
  // Reprieve: give a pod back; if the preemptor no longer fits, it stays a victim.
  const reprieve = (victim: PodInfo): boolean => {
    dryRun.addPod(victim);
    if (!Framework.runFiltersWithNominatedPods(pod, diagnosis, dryRun)) return true;
    dryRun.removePod(victim.key);
    victims.push(victim);
    return false;
  };
  for (const victim of violating) if (!reprieve(victim)) numPDBViolations++;
  for (const victim of nonViolating) reprieve(victim);
  // It fits with every pod given back (a nominated pod's room freed meanwhile): not a candidate,
  // as kube-scheduler's error for it says.
  if (victims.length === 0) return { code: 'UnschedulableAndUnresolvable', reasons: [`expected at least one victim pod on node "${node.name}"`] };
  if (violating.length > 0 && nonViolating.length > 0) victims.sort((a, b) => (moreImportantPod(a, b) ? -1 : moreImportantPod(b, a) ? 1 : 0));
  return { pods: victims, numPDBViolations };
}
