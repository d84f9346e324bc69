/**
 * NodePorts (kube-scheduler plugin): a container `hostPort` (with its protocol and host IP) can be
 * used by one pod per node; 0.0.0.0 clashes with every address. Rejection is Unschedulable, so
 * preemption could help.
 */
import { unschedulable, type FilterPlugin } from '../framework.js';
import { HostPortInfo } from '../node-info.js';
import { podInfoOf } from '../pod-info.js';

export const errReasonNodePorts = "node(s) didn't have free ports for the requested pod ports";

export const nodePorts: FilterPlugin = {
  name: 'NodePorts',
  preFilter(pod) {
    if (pod.hostPorts.length === 0) return null;
    return { filter: (node) => (pod.hostPorts.some((p) => node.usedPorts.conflicts(p)) ? unschedulable(errReasonNodePorts) : undefined) };
  },
  // AssignedPod/Delete of a pod holding one of our ports; Node/Add.
  isSchedulableAfter(pod, event) {
    if (event.type === 'NodeAdd') return true;
    if (event.type !== 'AssignedPodDelete') return false;
    const used = new HostPortInfo();
    for (const port of podInfoOf(event.oldPod).hostPorts) used.add(port, 1);
    return pod.hostPorts.some((p) => used.conflicts(p));
  },
};
