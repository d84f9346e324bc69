/**
 * DefaultPreemption's verdict (kube-scheduler PostFilter), as the text after `preemption:` in
 * FailedScheduling. Nodes that failed with UnschedulableAndUnresolvable are "not helpful"; on the
 * others the dry run takes away every lower-priority pod: none there means "No preemption victims
 * found for incoming pod", otherwise the filters run again and their reasons count. kubelab does
 * not evict victims: a node where the dry run would fit is reported as having no victims.
 */
import { Framework, type Diagnosis, type Snapshot, type Status } from '../framework.js';
import { fitErrorMessage } from '../messages.js';
import type { PodInfo } from '../pod-info.js';

export const preemptionNotHelpful = 'Preemption is not helpful for scheduling';
export const noPreemptionVictims = 'No preemption victims found for incoming pod';
/** PodEligibleToPreemptOthers for `preemptionPolicy: Never`. */
export const notEligibleNeverPolicy = 'not eligible due to preemptionPolicy=Never.';

/** The PostFilter message: `preemption: <FitError of the dry run>` or `preemption: not eligible…`. */
export function preemptionMessage(pod: PodInfo, diagnosis: Diagnosis, snapshot: Snapshot): string {
  if (pod.pod.spec?.preemptionPolicy === 'Never') return `preemption: ${notEligibleNeverPolicy}`;
  const nodeToStatus = new Map<string, Status>();
  for (const node of snapshot.nodes) {
    const status = diagnosis.nodeToStatus.get(node.name) ?? diagnosis.absentNodesStatus;
    if (status?.code !== 'Unschedulable') continue;
    const dryRun = node.clone();
    let victims = 0;
    for (const other of [...dryRun.pods.values()]) {
      if (other.priority < pod.priority) {
        dryRun.removePod(other.key);
        victims++;
      }
    }
    if (victims === 0) {
      nodeToStatus.set(node.name, { code: 'UnschedulableAndUnresolvable', reasons: [noPreemptionVictims] });
      continue;
    }
    // Where the dry run fits, kube-scheduler would preempt; kubelab does not (see the header).
    nodeToStatus.set(node.name, Framework.runFilters(diagnosis.podFilters, dryRun) ?? { code: 'UnschedulableAndUnresolvable', reasons: [noPreemptionVictims] });
  }
  const absentNodesStatus: Status = { code: 'UnschedulableAndUnresolvable', reasons: [preemptionNotHelpful] };
  return `preemption: ${fitErrorMessage(snapshot.nodes.length, { nodeToStatus, absentNodesStatus })}`;
}
