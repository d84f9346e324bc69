/**
 * The `default-scheduler` profile (kube-scheduler `apis/config/v1/default_plugins.go`): which
 * plugins run, in which order, with which score weights. Filters run in this order on each node
 * and the first rejection is that node's reason, so the order shapes every FailedScheduling text.
 * Not here: SchedulingGates (the queue's PreEnqueue), PrioritySort (the queue's order),
 * DefaultPreemption (plugins/default-preemption.ts, run by scheduler.ts as the PostFilter),
 * DefaultBinder (scheduler.ts), and the plugins kubelab leaves out (VolumeRestrictions,
 * NodeVolumeLimits, VolumeZone, InterPodAffinity, ImageLocality).
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { SpreadSelector } from './default-selector.js';
import { Framework, type FilterPlugin } from './framework.js';
import { nodeAffinity } from './plugins/node-affinity.js';
import { nodeName } from './plugins/node-name.js';
import { nodePorts } from './plugins/node-ports.js';
import { nodeResourcesBalancedAllocation } from './plugins/node-resources-balanced-allocation.js';
import { nodeResourcesFit } from './plugins/node-resources-fit.js';
import { nodeUnschedulable } from './plugins/node-unschedulable.js';
import { PodTopologySpread } from './plugins/pod-topology-spread.js';
import { taintToleration } from './plugins/taint-toleration.js';

export interface ProfileOptions {
  /** helper.DefaultSelector, for PodTopologySpread's system-default constraints. */
  defaultSelector(pod: Readonly<KubeObject>): SpreadSelector;
  random?: () => number;
  /** VolumeBinding, when the scheduler has claim, volume and class informers. */
  volumeBinding?: FilterPlugin;
}

export function defaultProfile(options: ProfileOptions): Framework {
  const spread = new PodTopologySpread({ defaultSelector: options.defaultSelector });
  return new Framework({
    // Weights: TaintToleration 3, NodeAffinity 2, NodeResourcesFit 1, PodTopologySpread 2, BalancedAllocation 1.
    // VolumeBinding filters after NodeResourcesFit and before PodTopologySpread, as upstream.
    filterPlugins: [nodeUnschedulable, nodeName, taintToleration, nodeAffinity, nodePorts, nodeResourcesFit, ...(options.volumeBinding ? [options.volumeBinding] : []), spread],
    scorePlugins: [taintToleration, nodeAffinity, nodeResourcesFit, spread, nodeResourcesBalancedAllocation],
    random: options.random,
  });
}
