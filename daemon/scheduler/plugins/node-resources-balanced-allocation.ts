/**
 * NodeResourcesBalancedAllocation (kube-scheduler plugin, score weight 1): prefers the node where,
 * with the pod placed, the cpu and memory fractions in use are closest to each other —
 * (1 − standard deviation of the fractions) × 100, using the real requests (no defaults).
 */
import { maxNodeScore, type ScorePlugin } from '../framework.js';
import type { NodeInfo } from '../node-info.js';
import type { PodInfo } from '../pod-info.js';

function balancedScore(pod: PodInfo, node: NodeInfo): number {
  const fractions: number[] = [];
  const pairs: [number, number][] = [
    [node.requested.milliCPU + pod.requests.milliCPU, node.allocatable.milliCPU],
    [node.requested.memory + pod.requests.memory, node.allocatable.memory],
  ];
  for (const [requested, allocatable] of pairs) if (allocatable !== 0) fractions.push(Math.min(1, requested / allocatable));
  let deviation = 0;
  if (fractions.length === 2) deviation = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else if (fractions.length > 2) {
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    deviation = Math.sqrt(fractions.reduce((sum, f) => sum + (f - mean) ** 2, 0) / fractions.length);
  }
  return Math.trunc((1 - deviation) * maxNodeScore);
}

export const nodeResourcesBalancedAllocation: ScorePlugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  preScore: (pod) => ({ score: (node) => balancedScore(pod, node) }),
};
