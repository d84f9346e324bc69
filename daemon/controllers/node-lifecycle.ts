/**
 * The node lifecycle controller (kube-controller-manager's node-lifecycle-controller, source
 * `node-controller`): watches Nodes and their Leases in kube-node-lease; when neither has been
 * renewed for the node-monitor grace period it marks the node's conditions Unknown, records
 * NodeNotReady and sets its pods' Ready condition False; it keeps the `node.kubernetes.io/*`
 * taints in step with the conditions and with `spec.unschedulable`, and records RegisteredNode for
 * every node it starts watching (again after a daemon restart, as a restarted
 * kube-controller-manager does). The NoExecute taint waits on the zone's disruption state and
 * eviction rate (node-disruption.ts).
 */
import { isConflict, isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { rfc3339, type Clock, type Timer } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { EventRecorder } from '../../shared/client/events.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { logger } from '../../shared/log.js';
import type { Controller, ControllerContext } from './manager.js';
import { ZoneDisruption, zoneKeyOf } from './node-disruption.js';
import { conditionOf, needsUnknownConditions, reconcileTaints, unknownConditions, type NoExecuteMode, type Taint } from './node-taints.js';

const nodes: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };
const leases: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const leaseNamespace = 'kube-node-lease';
export const nodeNameIndex = 'spec.nodeName';

/** --node-monitor-grace-period: 50 s since 1.32 (40 s before; kubernetes PR #126287). */
const nodeMonitorGracePeriodMs = 50_000;
/** --node-startup-grace-period: the longer wait for a node that has never posted a Ready condition. */
const nodeStartupGracePeriodMs = 60_000;
const component = 'node-controller';
const nodeNotReadyReason = 'NodeNotReady';
const nodeNotReadyMessage = (node: string): string => `Node ${node} status is now: NodeNotReady`;
const podNodeNotReadyMessage = 'Node is not ready';
const registeredNodeReason = 'RegisteredNode';
const registeredNodeMessage = (node: string): string => `Node ${node} event: Registered Node ${node} in Controller`;
const removingNodeReason = 'RemovingNode';
const removingNodeMessage = (node: string): string => `Node ${node} event: Removing Node ${node} from Controller`;
const log = logger(component);

export interface NodeLifecycleControllerOptions {
  client: ApiClient;
  clock: Clock;
  nodes: SharedInformer;
  leases: SharedInformer;
  pods: SharedInformer;
  recorder?: EventRecorder;
  workers?: number;
}

/** What the controller last saw of a node's heartbeats, and when it saw them change. */
interface NodeHealth {
  renewTime?: string;
  heartbeat?: string;
  /** The Node's uid, which names it in RemovingNode once the Node is gone from the cache. */
  uid?: string;
  /** The node's grace period: the startup one while it has never posted a Ready condition. */
  grace: number;
  /** Set by a Clock timer rather than by comparing timestamps, so that `--speed` shortens the grace too. */
  expired: boolean;
  timer: Timer;
}

export class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle-controller';
  readonly queue: RateLimitingQueue<string>;
  readonly recorder: EventRecorder;
  private readonly health = new Map<string, NodeHealth>();
  private readonly disruption: ZoneDisruption;

  constructor(private readonly options: NodeLifecycleControllerOptions) {
    this.queue = new RateLimitingQueue({ clock: options.clock });
    this.recorder = options.recorder ?? new EventRecorder({ client: options.client, component, clock: options.clock });
    this.disruption = new ZoneDisruption(options.clock, (zone) => this.enqueueNotReady(zone), () => this.restartGracePeriods());
    options.pods.addIndexer(nodeNameIndex, (pod) => (pod.spec?.nodeName ? [pod.spec.nodeName] : []));
    const changed = (old: Readonly<KubeObject>, obj: Readonly<KubeObject>): boolean => old.metadata.resourceVersion !== obj.metadata.resourceVersion;
    options.nodes.addEventHandler({
      onAdd: (node) => this.queue.add(node.metadata.name!),
      onUpdate: (old, node) => {
        if (!changed(old, node)) return;
        this.queue.add(node.metadata.name!);
        // A node turning Ready or not changes its zone's state, which the others' NoExecute taints wait on.
        if (conditionOf(old, 'Ready')?.status !== conditionOf(node, 'Ready')?.status) this.enqueueNotReady();
      },
      onDelete: (node) => {
        this.queue.add(node.metadata.name!);
        this.enqueueNotReady();
      },
    });
    options.leases.addEventHandler({
      onAdd: (lease) => this.enqueueLease(lease),
      onUpdate: (old, lease) => changed(old, lease) && this.enqueueLease(lease),
    });
    // A pod that lands on (or is updated on) a node that is not Ready is marked not ready too (k/k processPod).
    options.pods.addEventHandler({
      onAdd: (pod) => this.enqueuePodNode(pod),
      onUpdate: (old, pod) => changed(old, pod) && this.enqueuePodNode(pod),
    });
  }

  static fromContext(context: ControllerContext): NodeLifecycleController {
    const { client, clock, informers } = context;
    return new NodeLifecycleController({ client, clock, nodes: informers.informerFor(nodes), leases: informers.informerFor(leases, leaseNamespace), pods: informers.informerFor(pods) });
  }

  async start(signal: AbortSignal): Promise<void> {
    const { nodes: n, leases: l, pods: p } = this.options;
    if (!(await n.waitForSync(signal)) || !(await l.waitForSync(signal)) || !(await p.waitForSync(signal))) return;
    await runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.options.workers ?? 1, signal, log });
  }

  private enqueueLease(lease: Readonly<KubeObject>): void {
    if (lease.metadata.namespace === leaseNamespace) this.queue.add(lease.metadata.name!);
  }

  /** The nodes that are not Ready (in one zone, when given): their NoExecute taint may be due. */
  private enqueueNotReady(zone?: string): void {
    for (const node of this.options.nodes.list()) {
      if (conditionOf(node, 'Ready')?.status === 'True' || (zone !== undefined && zoneKeyOf(node) !== zone)) continue;
      this.queue.add(node.metadata.name!);
    }
  }

  private enqueuePodNode(pod: Readonly<KubeObject>): void {
    const nodeName = pod.spec?.nodeName as string | undefined;
    if (!nodeName) return;
    const node = this.options.nodes.get(nodeName);
    if (node && conditionOf(node, 'Ready')?.status !== 'True') this.queue.add(nodeName);
  }

  /** One step for one node: mark it Unknown once silent, else fix its taints, else its pods. */
  async sync(name: string): Promise<void> {
    const node = this.options.nodes.get(name);
    if (!node) {
      const known = this.health.get(name);
      if (!known) return;
      known.timer.cancel();
      this.health.delete(name);
      // k/k monitorNodeHealth records it for every known node that left the lister.
      const gone = { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: known.uid } } as KubeObject;
      this.recorder.event(gone, 'Normal', removingNodeReason, removingNodeMessage(name));
      return;
    }
    const now = this.options.clock.now();
    if (!this.health.has(name)) this.recorder.event(node as KubeObject, 'Normal', registeredNodeReason, registeredNodeMessage(name));
    if (this.observe(node).expired && needsUnknownConditions(node)) {
      await this.markUnknown(node, now);
      return;
    }
    const taints = reconcileTaints(node, now, this.noExecuteMode(node));
    if (taints) {
      const spec = { ...structuredClone(node.spec), taints };
      if (taints.length === 0) delete spec.taints; // Go's omitempty: no `taints: []` in -o yaml
      const written = await this.write(() => this.options.client.update(nodes, { ...structuredClone(node), spec } as KubeObject), name);
      // A first NoExecute taint spends the zone's eviction token; swapping not-ready for unreachable does not.
      if (written && !hasNoExecute(node.spec?.taints) && hasNoExecute(taints)) this.disruption.spend(zoneKeyOf(node));
      return;
    }
    if (conditionOf(node, 'Ready')?.status !== 'True') await this.markPodsNotReady(name, now);
  }

  private noExecuteMode(node: Readonly<KubeObject>): NoExecuteMode {
    return this.disruption.modeFor(node, this.options.nodes.list());
  }

  /** Leaving master disruption mode: every node gets a whole grace period again (k/k resets its probe timestamp). */
  private restartGracePeriods(): void {
    for (const [name, health] of this.health) {
      health.timer.cancel();
      health.expired = false;
      health.timer = this.options.clock.after(health.grace, () => {
        health.expired = true;
        this.queue.add(name);
      });
    }
  }

  /** Records heartbeats: a new lease renewTime or Ready lastHeartbeatTime restarts the grace period. */
  private observe(node: Readonly<KubeObject>): NodeHealth {
    const name = node.metadata.name!;
    const renewTime = this.options.leases.get(`${leaseNamespace}/${name}`)?.spec?.renewTime as string | undefined;
    const heartbeat = conditionOf(node, 'Ready')?.lastHeartbeatTime;
    const seen = this.health.get(name);
    if (!seen || seen.renewTime !== renewTime || seen.heartbeat !== heartbeat) {
      seen?.timer.cancel();
      const grace = conditionOf(node, 'Ready') ? nodeMonitorGracePeriodMs : nodeStartupGracePeriodMs;
      const health: NodeHealth = { renewTime, heartbeat, uid: node.metadata.uid, grace, expired: false, timer: { cancel: () => {} } };
      // When the grace period runs out with no newer heartbeat, look at the node again.
      health.timer = this.options.clock.after(grace, () => {
        health.expired = true;
        this.queue.add(name);
      });
      this.health.set(name, health);
      return health;
    }
    return seen;
  }

  private async markUnknown(node: Readonly<KubeObject>, now: number): Promise<void> {
    const name = node.metadata.name!;
    const wasReady = conditionOf(node, 'Ready')?.status === 'True';
    const conditions = unknownConditions(node, now);
    const written = await this.write(() => this.options.client.update(nodes, { ...structuredClone(node), status: { ...structuredClone(node.status), conditions } } as KubeObject, { subresource: 'status' }), name);
    if (!written) return;
    log.info('node stopped posting status', { node: name });
    // Reported once, when the controller itself turns a Ready node Unknown (k/k monitorNodeHealth).
    if (wasReady) {
      this.recorder.event(node as KubeObject, 'Normal', nodeNotReadyReason, nodeNotReadyMessage(name));
      await this.markPodsNotReady(name, now);
    }
  }

  /** k/k MarkPodsNotReady: Ready → False (reason and message kept), and a Warning on each pod. */
  private async markPodsNotReady(nodeName: string, now: number): Promise<void> {
    for (const pod of this.options.pods.byIndex(nodeNameIndex, nodeName)) {
      const conditions = structuredClone((pod.status?.conditions ?? []) as { type: string; status: string; lastTransitionTime?: string }[]);
      const ready = conditions.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False' || pod.spec?.nodeName !== nodeName) continue;
      Object.assign(ready, { status: 'False', lastTransitionTime: rfc3339(now) });
      try {
        await this.options.client.update(pods, { ...structuredClone(pod), status: { ...structuredClone(pod.status), conditions } } as KubeObject, { subresource: 'status' });
      } catch (err) {
        if (isNotFound(err)) continue; // deleted meanwhile: nothing to mark
        if (!isConflict(err)) throw err;
        this.queue.addRateLimited(nodeName); // the kubelet wrote first: try again from the cache
        continue;
      }
      this.recorder.event(pod as KubeObject, 'Warning', nodeNotReadyReason, podNodeNotReadyMessage);
    }
  }

  /** Runs a write; false on a Conflict or NotFound, which the next watch event resolves. */
  private async write(fn: () => Promise<unknown>, name: string): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (err) {
      if (isConflict(err) || isNotFound(err)) {
        log.debug('node changed under us; will resync', { node: name });
        return false;
      }
      throw err;
    }
  }
}

function hasNoExecute(taints: readonly Taint[] | undefined): boolean {
  return (taints ?? []).some((t) => t.effect === 'NoExecute' && (t.key === 'node.kubernetes.io/unreachable' || t.key === 'node.kubernetes.io/not-ready'));
}
