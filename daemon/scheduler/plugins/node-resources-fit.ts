/**
 * NodeResourcesFit (kube-scheduler plugin, score weight 1). Filter (`fitsRequest`): one more pod
 * must fit under `pods`, and every resource the pod requests must fit in allocatable minus what
 * the node's pods already request; every shortfall is a reason (`Too many pods`, `Insufficient
 * cpu`, …). Score: the LeastAllocated strategy over cpu and memory, counting request-less
 * containers as 100m / 200Mi.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { maxNodeScore, unschedulable, type FilterPlugin, type ScorePlugin } from '../framework.js';
import { NodeInfo } from '../node-info.js';
import type { PodInfo, Resources } from '../pod-info.js';

/** The reasons of fitsRequest that insufficient resources give, in the order it checks them. */
export function insufficientResources(request: Resources, node: NodeInfo): string[] {
  const reasons: string[] = [];
  const allocatable = node.allocatable;
  const requested = node.requested;
  if (node.pods.size + 1 > allocatable.allowedPodNumber) reasons.push('Too many pods');
  if (request.milliCPU === 0 && request.memory === 0 && request.ephemeralStorage === 0 && request.scalar.size === 0) return reasons;
  if (request.milliCPU > 0 && request.milliCPU > allocatable.milliCPU - requested.milliCPU) reasons.push('Insufficient cpu');
  if (request.memory > 0 && request.memory > allocatable.memory - requested.memory) reasons.push('Insufficient memory');
  if (request.ephemeralStorage > 0 && request.ephemeralStorage > allocatable.ephemeralStorage - requested.ephemeralStorage) {
    reasons.push('Insufficient ephemeral-storage');
  }
  for (const [name, quantity] of request.scalar) {
    if (quantity === 0) continue;
    if (quantity > (allocatable.scalar.get(name) ?? 0) - (requested.scalar.get(name) ?? 0)) reasons.push(`Insufficient ${name}`);
  }
  return reasons;
}

/** isFit: would the pod fit on this node were it empty? */
function fitsEmptyNode(pod: PodInfo, node: Readonly<KubeObject>): boolean {
  const empty = new NodeInfo(node.metadata.name ?? '');
  empty.setNode(node);
  return insufficientResources(pod.requests, empty).length === 0;
}

/** haveAnyRequestedResourcesIncreased. */
function requestedResourcesIncreased(pod: PodInfo, oldNode: Readonly<KubeObject>, node: Readonly<KubeObject>): boolean {
  const [before, after] = [new NodeInfo(''), new NodeInfo('')];
  before.setNode(oldNode);
  after.setNode(node);
  if (after.allocatable.allowedPodNumber > before.allocatable.allowedPodNumber) return true;
  const r = pod.requests;
  if (r.milliCPU > 0 && after.allocatable.milliCPU > before.allocatable.milliCPU) return true;
  if (r.memory > 0 && after.allocatable.memory > before.allocatable.memory) return true;
  if (r.ephemeralStorage > 0 && after.allocatable.ephemeralStorage > before.allocatable.ephemeralStorage) return true;
  for (const [name, q] of r.scalar) if (q > 0 && (after.allocatable.scalar.get(name) ?? 0) > (before.allocatable.scalar.get(name) ?? 0)) return true;
  return false;
}

/** leastRequestedScore per resource, averaged over the resources the node has (weights 1). */
function leastAllocatedScore(pod: PodInfo, node: NodeInfo): number {
  const pairs: [number, number][] = [
    [node.nonZeroMilliCPU + pod.nonZeroMilliCPU, node.allocatable.milliCPU],
    [node.nonZeroMemory + pod.nonZeroMemory, node.allocatable.memory],
  ];
  let sum = 0;
  let weights = 0;
  for (const [requested, capacity] of pairs) {
    if (capacity === 0) continue;
    sum += requested > capacity ? 0 : Math.trunc(((capacity - requested) * maxNodeScore) / capacity);
    weights++;
  }
  return weights === 0 ? 0 : Math.trunc(sum / weights);
}

export const nodeResourcesFit: FilterPlugin & ScorePlugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  preFilter(pod) {
    return {
      filter(node) {
        const reasons = insufficientResources(pod.requests, node);
        return reasons.length > 0 ? unschedulable(...reasons) : undefined;
      },
    };
  },
  preScore: (pod) => ({ score: (node) => leastAllocatedScore(pod, node) }),
  // AssignedPod/Delete; Node/Add and Node/UpdateNodeAllocatable when the pod could fit the node.
  isSchedulableAfter(pod, event) {
    if (event.type === 'AssignedPodDelete') return true;
    if (event.type === 'NodeAdd') return fitsEmptyNode(pod, event.node);
    if (event.type === 'NodeUpdate' && event.changes.has('Allocatable')) {
      return fitsEmptyNode(pod, event.node) && requestedResourcesIncreased(pod, event.oldNode, event.node);
    }
    return false;
  },
};
