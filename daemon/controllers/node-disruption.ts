/**
 * Zone disruption, as the node lifecycle controller weighs it before it taints a node NoExecute
 * (kube-controller-manager's nodelifecycle: ComputeZoneState, handleDisruption, setLimiterInZone,
 * ReducedQPSFunc, and each zone's rate-limited taint queue). A zone where no node is Ready is
 * FullDisruption; one where more than 2 nodes and at least --unhealthy-zone-threshold (55 %) are
 * not Ready is PartialDisruption; else Normal. Each zone taints at most one node NoExecute per
 * token of its bucket (burst 1): --node-eviction-rate 0.1/s when Normal or fully disrupted, 0 when
 * partly disrupted in a zone of ≤ --large-cluster-size-threshold (50) nodes, else
 * --secondary-node-eviction-rate 0.01/s. A bucket swapped in while the old one had no token starts
 * empty (SwapLimiter drains it). When every zone is fully disrupted the NoExecute taints come off
 * and all evictions stop ("master disruption mode"); leaving it restarts every node's grace period.
 * Left out: the 5 s monitor pass. States are recomputed at each node sync, and a node's NoExecute
 * taint may come with the update that marks it Unknown where k/k waits one pass, so nodes that go
 * silent a few seconds apart are not grouped into one zone state as often as k/k groups them.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { Clock, Timer } from '../../shared/clock.js';
import { logger } from '../../shared/log.js';
import { conditionOf, type NoExecuteMode } from './node-taints.js';

/** --unhealthy-zone-threshold */
const unhealthyZoneThreshold = 0.55;
/** --large-cluster-size-threshold: above it a partly disrupted zone still evicts, slowly. */
const largeClusterThreshold = 50;
/** --node-eviction-rate and --secondary-node-eviction-rate, per second. */
const evictionQps = 0.1;
const secondaryEvictionQps = 0.01;
const excludeDisruptionLabel = 'node.kubernetes.io/exclude-disruption';
const log = logger('node-controller');

export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

/**
 * k/k nodetopology.GetZoneKey: region and zone (the deprecated failure-domain.beta labels win
 * over the topology ones, as there), '' when the node has neither: a kind cluster is one zone.
 */
export function zoneKeyOf(node: Readonly<KubeObject>): string {
  const labels = node.metadata.labels ?? {};
  const zone = labels['failure-domain.beta.kubernetes.io/zone'] ?? labels['topology.kubernetes.io/zone'] ?? '';
  const region = labels['failure-domain.beta.kubernetes.io/region'] ?? labels['topology.kubernetes.io/region'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

/**
 * Each zone's state and size, from the Ready conditions of the nodes not excluded from the checks
 * (the control-plane node counts like any other: only the exclude-disruption label leaves a node out).
 */
export function zoneStates(nodes: readonly Readonly<KubeObject>[]): Map<string, { state: ZoneState; size: number }> {
  const counts = new Map<string, { ready: number; notReady: number }>();
  for (const node of nodes) {
    if (node.metadata.labels?.[excludeDisruptionLabel] !== undefined) continue;
    const zone = zoneKeyOf(node);
    const count = counts.get(zone) ?? { ready: 0, notReady: 0 };
    // No Ready condition at all (a node that never posted) counts as not ready.
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

/**
 * One zone's token bucket of burst 1; qps 0 never gives a token (k/k's FakeNeverRateLimiter). The
 * refill is a Clock timer rather than a timestamp, so that `--speed` shortens it like every wait.
 */
interface Bucket {
  qps: number;
  token: boolean;
  timer?: Timer;
}

/**
 * The zones' states and eviction buckets, updated on every look (k/k handleDisruption). `onToken`
 * resyncs a zone's nodes when its bucket refills; `onExitFullDisruption` restarts every node's
 * grace period, as k/k resets their probe timestamps.
 */
export class ZoneDisruption {
  private readonly states = new Map<string, ZoneState>();
  private readonly buckets = new Map<string, Bucket>();
  private allFull = false;

  constructor(
    private readonly clock: Clock,
    private readonly onToken: (zone: string) => void,
    private readonly onExitFullDisruption: () => void = () => {},
  ) {}

  /** What the zones allow for this node's NoExecute taint now, after updating their states. */
  modeFor(node: Readonly<KubeObject>, nodes: readonly Readonly<KubeObject>[]): NoExecuteMode {
    this.update(nodes);
    if (this.allFull) return 'stopped';
    return this.hasToken(zoneKeyOf(node)) ? 'normal' : 'held';
  }

  /** A node of the zone was tainted NoExecute: the token is spent. */
  spend(zone: string): void {
    const bucket = this.bucket(zone);
    if (bucket.qps <= 0) return;
    this.refillLater(zone, bucket);
  }

  private update(nodes: readonly Readonly<KubeObject>[]): void {
    const current = zoneStates(nodes);
    for (const zone of current.keys()) {
      if (this.states.has(zone)) continue;
      log.debug('Initializing eviction metric for zone', { zone: printable(zone) });
      this.states.set(zone, 'Initial');
    }
    for (const zone of [...this.states.keys()]) {
      if (current.has(zone)) continue;
      this.states.delete(zone);
      this.buckets.get(zone)?.timer?.cancel();
      this.buckets.delete(zone);
    }
    const allAreFull = current.size > 0 && [...current.values()].every((z) => z.state === 'FullDisruption');
    const allWereFull = this.allFull;
    if (allAreFull && allWereFull) return;
    if (allAreFull) {
      log.info('Controller detected that all Nodes are not-Ready. Entering master disruption mode');
      for (const zone of this.states.keys()) {
        this.swap(zone, 0);
        this.states.set(zone, 'FullDisruption');
      }
      this.allFull = true;
      return;
    }
    if (allWereFull) log.info('Controller detected that some Nodes are Ready. Exiting master disruption mode');
    for (const [zone, { state, size }] of current) {
      if (!allWereFull && this.states.get(zone) === state) continue;
      if (!allWereFull) log.info('Controller detected that zone is now in new state', { zone: printable(zone), newState: state });
      this.swap(zone, state === 'PartialDisruption' ? (size > largeClusterThreshold ? secondaryEvictionQps : 0) : evictionQps);
      this.states.set(zone, state);
    }
    this.allFull = false;
    if (allWereFull) this.onExitFullDisruption();
  }

  private bucket(zone: string): Bucket {
    let bucket = this.buckets.get(zone);
    if (!bucket) this.buckets.set(zone, (bucket = { qps: evictionQps, token: true }));
    return bucket;
  }

  private hasToken(zone: string): boolean {
    const bucket = this.bucket(zone);
    return bucket.qps > 0 && bucket.token;
  }

  /** k/k SwapLimiter: a new bucket at the new rate, empty when the old one had no token to give. */
  private swap(zone: string, qps: number): void {
    const bucket = this.bucket(zone);
    if (bucket.qps === qps) return;
    const hadToken = this.hasToken(zone);
    bucket.qps = qps;
    bucket.timer?.cancel();
    bucket.timer = undefined;
    bucket.token = qps > 0 && hadToken;
    if (qps > 0 && !hadToken) this.refillLater(zone, bucket);
  }

  /** The token is gone; the next one comes 1/qps seconds from now. */
  private refillLater(zone: string, bucket: Bucket): void {
    bucket.token = false;
    bucket.timer?.cancel();
    bucket.timer = this.clock.after(1000 / bucket.qps, () => {
      bucket.timer = undefined;
      bucket.token = true;
      this.onToken(zone);
    });
  }
}

/** The zone key for a log line: its NUL separator written out, as klog quotes it. */
function printable(zone: string): string {
  return zone.replaceAll('\x00', '\\x00');
}
