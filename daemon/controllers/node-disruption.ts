/**
 * Zone disruption, as the node lifecycle controller weighs it before it taints a node NoExecute
 * (k/k nodelifecycle ComputeZoneState, handleDisruption, ReducedQPSFunc, and the zone's
 * RateLimitedTimedQueue at --node-eviction-rate 0.1): in a zone where more than 2 nodes and at
 * least 55 % of them are not Ready, a small cluster (≤ 50 nodes) adds no more NoExecute taints, so
 * no pods are evicted; when every zone has no Ready node at all, the taints come off; otherwise one
 * node per zone is tainted every 10 s. Left out: the secondary rate (0.01) of large clusters.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { Clock } from '../../shared/clock.js';
import { conditionOf, type NoExecuteMode } from './node-taints.js';

/** --unhealthy-zone-threshold */
const unhealthyZoneThreshold = 0.55;
/** --large-cluster-size-threshold: above it a partly disrupted zone still evicts, slowly. */
const largeClusterThreshold = 50;
/** --node-eviction-rate 0.1 per second, burst 1: one NoExecute taint per zone every 10 s. */
const taintIntervalMs = 10_000;
const excludeDisruptionLabel = 'node.kubernetes.io/exclude-disruption';

export type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** k/k nodetopology.GetZoneKey: the region and zone labels, '' when the node has neither. */
export function zoneKeyOf(node: Readonly<KubeObject>): string {
  const labels = node.metadata.labels ?? {};
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

/** Each zone's state and size, from the Ready conditions of the nodes not excluded from the checks. */
export function zoneStates(nodes: readonly Readonly<KubeObject>[]): Map<string, { state: ZoneState; size: number }> {
  const counts = new Map<string, { ready: number; notReady: number }>();
  for (const node of nodes) {
    if (node.metadata.labels?.[excludeDisruptionLabel] !== undefined) continue;
    const zone = zoneKeyOf(node);
    const count = counts.get(zone) ?? { ready: 0, notReady: 0 };
    if (conditionOf(node, 'Ready')?.status === 'True') count.ready++;
    else count.notReady++;
    counts.set(zone, count);
  }
  const states = new Map<string, { state: ZoneState; size: number }>();
  for (const [zone, { ready, notReady }] of counts) {
    const size = ready + notReady;
    let state: ZoneState = 'Normal';
    if (ready === 0 && notReady > 0) state = 'FullDisruption';
    else if (notReady > 2 && notReady / size >= unhealthyZoneThreshold) state = 'PartialDisruption';
    states.set(zone, { state, size });
  }
  return states;
}

/** What the zones' states allow for this node's NoExecute taint, before the rate limit. */
export function noExecuteModeFor(node: Readonly<KubeObject>, nodes: readonly Readonly<KubeObject>[]): NoExecuteMode {
  const states = zoneStates(nodes);
  if (states.size > 0 && [...states.values()].every((z) => z.state === 'FullDisruption')) return 'stopped';
  const zone = states.get(zoneKeyOf(node));
  if (zone?.state === 'PartialDisruption' && zone.size <= largeClusterThreshold) return 'held';
  return 'normal';
}

/**
 * The zones' eviction rate limiters: a zone that just had a node tainted NoExecute waits 10 s
 * before the next (a Clock timer, so that `--speed` shortens it), then `onReady` resyncs it.
 */
export class ZoneTaintLimiter {
  private readonly cooling = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly onReady: (zone: string) => void,
  ) {}

  isCooling(zone: string): boolean {
    return this.cooling.has(zone);
  }

  spend(zone: string): void {
    this.cooling.add(zone);
    this.clock.after(taintIntervalMs, () => {
      this.cooling.delete(zone);
      this.onReady(zone);
    });
  }
}
