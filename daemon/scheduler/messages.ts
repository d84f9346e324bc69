/**
 * What the scheduler says, word for word as kube-scheduler v1.32: the Scheduled and
 * FailedScheduling events, and the FitError text (`framework/types.go` FitError.Error) that goes
 * to the event and to the PodScheduled condition: "0/N nodes are available: " then each distinct
 * reason prefixed with how many nodes gave it, sorted as strings, then the preemption verdict.
 */
import type { Diagnosis, Status } from './framework.js';

export const schedulerName = 'default-scheduler';

export const reasonScheduled = 'Scheduled';
export const reasonFailedScheduling = 'FailedScheduling';
/** events.k8s.io `action` of each event. */
export const actionBinding = 'Binding';
export const actionScheduling = 'Scheduling';

/** The PodScheduled condition's reasons (v1.PodReasonUnschedulable, PodReasonSchedulerError). */
export const conditionReasonUnschedulable = 'Unschedulable';
export const conditionReasonSchedulerError = 'SchedulerError';

/** ErrNoNodesAvailable. */
export const noNodesAvailableMessage = 'no nodes available to schedule pods';
/** The events API caps a note at 1024 characters (validation.NoteLengthLimit). */
const noteLengthLimit = 1024;

export function scheduledMessage(namespace: string, name: string, nodeName: string): string {
  return `Successfully assigned ${namespace}/${name} to ${nodeName}`;
}

/** RunBindPlugins wraps a failed bind: `running Bind plugin "DefaultBinder": <error>`. */
export function bindFailedMessage(error: string): string {
  return `running Bind plugin "DefaultBinder": ${error}`;
}

/** truncateMessage: an event note longer than the limit ends in " ...". */
export function truncateNote(message: string): string {
  return message.length <= noteLengthLimit ? message : `${message.slice(0, noteLengthLimit - 4)} ...`;
}

/**
 * FitError.Error(). A PreFilter rejection replaces the per-node reasons; otherwise nodes with an
 * explicit status count their reasons and the others count the absent-nodes status.
 */
export function fitErrorMessage(numAllNodes: number, diagnosis: Pick<Diagnosis, 'nodeToStatus' | 'absentNodesStatus' | 'preFilterMessage'>, postFilterMessage?: string): string {
  let message = `0/${numAllNodes} nodes are available:`;
  if (diagnosis.preFilterMessage) {
    message += ` ${diagnosis.preFilterMessage}.`;
  } else {
    const histogram = reasonHistogram(numAllNodes, diagnosis.nodeToStatus, diagnosis.absentNodesStatus);
    if (histogram.length > 0) message += ` ${histogram.join(', ')}.`;
  }
  if (postFilterMessage) message += ` ${postFilterMessage}`;
  return message;
}

/** sortReasonsHistogram: `"<count> <reason>"` for each distinct reason, sorted byte-wise like Go's sort.Strings. */
function reasonHistogram(numAllNodes: number, nodeToStatus: ReadonlyMap<string, Status>, absent: Status | undefined): string[] {
  const counts = new Map<string, number>();
  for (const status of nodeToStatus.values()) for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const absentNodes = numAllNodes - nodeToStatus.size;
  if (absent && absentNodes > 0) for (const reason of absent.reasons) counts.set(reason, (counts.get(reason) ?? 0) + absentNodes);
  return [...counts].map(([reason, count]) => `${count} ${reason}`).sort(compareBytes);
}

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
