/**
 * One virtual node: the kubelet's registration of its Node (with the start-up events a real
 * kubelet records), its Lease heartbeat, the pod IP allocator of its pod CIDR, and the kubelet that
 * runs its pods in the simulated runtime. Like a kubelet on another machine it is only an API
 * client. kill() stops everything at once (the node just goes silent, as when a machine dies);
 * start() brings it back with a new boot id. The first start in a daemon's life is not a reboot
 * but the kubelet coming back after a daemon restart (a kubelet restart on a real node): the
 * machine keeps its identity and its pods keep their IPs and running containers.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { isAlreadyExists, isConflict } from '../../shared/api/errors.js';
import type { FrozenObject, KubeObject } from '../../shared/api/meta.js';
import type { Clock, Timer } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { EventRecorder } from '../../shared/client/events.js';
import { logger } from '../../shared/log.js';
import { PodIPAllocator } from './ip-allocator.js';
import { leaseRenewIntervalMs, nodeStatusReportMs, renewLease } from './node-lease.js';
import { nodeObject, nodeStatus, type NodeIdentity } from './node-object.js';

const nodes: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };
const log = logger('kubelet');

/** What runs the node's pods; the kubelet proper (kubelet/kubelet.ts) implements it. */
export interface PodRunner {
  start(signal: AbortSignal): Promise<void>;
  /** Stops every container at once without touching the API (the machine died). */
  halt(): Promise<void>;
}

export interface VirtualNodeOptions {
  client: ApiClient;
  clock: Clock;
  name: string;
  ip: string;
  podCIDR: string;
  controlPlane: boolean;
  /** The identity a stored Node reported (a daemon restart); fresh ids when absent. */
  machine?: { machineID?: string; systemUUID?: string; bootID?: string };
  /** A `--config` worker's capacity, labels and taints (node-object.ts). */
  shape?: Pick<NodeIdentity, 'capacity' | 'labels' | 'taints'>;
  /** Builds the node's pod runner once the node is registered. */
  makePodRunner?: (node: VirtualNode) => PodRunner;
}

export class VirtualNode {
  readonly ips: PodIPAllocator;
  readonly identity: NodeIdentity;
  private abort: AbortController | undefined;
  private timers: Timer[] = [];
  private runner: PodRunner | undefined;
  private runnerDone: Promise<void> | undefined;
  private lastStatusWrite = 0;
  private makePodRunner: ((node: VirtualNode) => PodRunner) | undefined;
  private boots = 0;

  constructor(private readonly options: VirtualNodeOptions) {
    this.makePodRunner = options.makePodRunner;
    this.ips = new PodIPAllocator(options.podCIDR);
    this.identity = {
      name: options.name,
      ip: options.ip,
      podCIDR: options.podCIDR,
      controlPlane: options.controlPlane,
      machineID: options.machine?.machineID ?? randomBytes(16).toString('hex'),
      systemUUID: options.machine?.systemUUID ?? randomUUID(),
      bootID: options.machine?.bootID ?? randomUUID(),
      ...options.shape,
    };
  }

  get name(): string {
    return this.options.name;
  }

  get running(): boolean {
    return this.abort !== undefined;
  }

  /** True during the first start in this daemon: pods found running are adopted, not restarted. */
  get isFirstBoot(): boolean {
    return this.boots <= 1;
  }

  /** How this node runs pods (a node added later gets the same). */
  get podRunnerFactory(): ((node: VirtualNode) => PodRunner) | undefined {
    return this.makePodRunner;
  }

  /** Registers (or re-registers) the Node, starts the heartbeat and the pods. */
  async start(): Promise<void> {
    if (this.abort) return;
    const { client, clock } = this.options;
    this.abort = new AbortController();
    this.boots++;
    // A reboot gets a new boot id; the kubelet coming back with the daemon keeps the machine's.
    if (!this.isFirstBoot || !this.options.machine?.bootID) this.identity.bootID = randomUUID();
    const node = await this.register();
    if (this.isFirstBoot) await this.restorePodIPs();
    await renewLease(client, clock, node);
    this.timers.push(clock.every(leaseRenewIntervalMs, () => void this.heartbeat(node)));
    this.startPods();
  }

  /**
   * Says how this node runs pods. The daemon registers nodes first (cheap) and loads the kubelet
   * and runtime afterwards, so `kubelab up` answers sooner; a running node starts its pods at once.
   */
  setPodRunnerFactory(make: (node: VirtualNode) => PodRunner): void {
    this.makePodRunner = make;
    if (this.abort && !this.runner) this.startPods();
  }

  private startPods(): void {
    if (!this.makePodRunner || !this.abort) return;
    this.runner = this.makePodRunner(this);
    this.runnerDone = this.runner.start(this.abort.signal).catch((err) => log.error('pod runner stopped with an error', { node: this.name, error: String(err) }));
  }

  /** The machine dies: no more heartbeats, containers gone, nothing written to the API. */
  async kill(): Promise<void> {
    if (!this.abort) return;
    this.abort.abort();
    this.abort = undefined;
    for (const timer of this.timers) timer.cancel();
    this.timers = [];
    await this.runner?.halt();
    await this.runnerDone;
    this.runner = undefined;
  }

  /**
   * The pod IPs in use on this node, from the pods bound to it that have not finished (the CNI's
   * host-local store, which outlives the kubelet), so that adopted pods keep theirs.
   */
  private async restorePodIPs(): Promise<void> {
    const list = await this.options.client.list({ group: '', version: 'v1', resource: 'pods' }, undefined, { fieldSelector: `spec.nodeName=${this.name}` });
    for (const pod of list.items) {
      const phase = pod.status?.phase;
      if (!pod.status?.podIP || pod.spec?.hostNetwork || phase === 'Succeeded' || phase === 'Failed') continue;
      this.ips.restore(pod.metadata.uid!, pod.status.podIP);
    }
  }

  private async register(): Promise<FrozenObject> {
    const { client, clock } = this.options;
    const now = clock.now();
    const wanted = nodeObject(this.identity, now);
    const recorder = new EventRecorder({ client, clock, component: 'kubelet', host: this.name });
    let node: FrozenObject;
    try {
      node = await client.create(nodes, undefined, wanted);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      // Re-registration after a restart: the kubelet owns its status, the user owns labels it added.
      const current = await client.get(nodes, undefined, this.name);
      // A node that stayed Ready (the kubelet restarted with the daemon) keeps its transition times, as setNodeReadyCondition does.
      const ready = current.status?.conditions?.find((c: { type: string }) => c.type === 'Ready');
      const since = ready?.status === 'True' && ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : now;
      node = await client.update(nodes, { ...current, status: { ...nodeStatus(this.identity, now, since), images: current.status?.images ?? [] } }, { subresource: 'status' });
    }
    this.lastStatusWrite = now;
    // A node's events name it with uid = node name, as the kubelet's node reference does.
    const ref = { ...node, metadata: { ...node.metadata, uid: this.name, namespace: undefined } };
    recorder.event(ref, 'Normal', 'Starting', 'Starting kubelet.');
    recorder.event(ref, 'Normal', 'NodeHasSufficientMemory', `Node ${this.name} status is now: NodeHasSufficientMemory`);
    recorder.event(ref, 'Normal', 'NodeHasNoDiskPressure', `Node ${this.name} status is now: NodeHasNoDiskPressure`);
    recorder.event(ref, 'Normal', 'NodeHasSufficientPID', `Node ${this.name} status is now: NodeHasSufficientPID`);
    recorder.event(ref, 'Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    recorder.event(ref, 'Normal', 'NodeReady', `Node ${this.name} status is now: NodeReady`);
    // The events are written in the background: registration does not wait for them.
    return node;
  }

  private async heartbeat(node: FrozenObject): Promise<void> {
    const { client, clock } = this.options;
    try {
      await renewLease(client, clock, node);
      const now = clock.now();
      const current = await client.get(nodes, undefined, this.name);
      // Like the kubelet: rewrite the status every 5 minutes, or at once when the API's copy says
      // something else than this kubelet (the node lifecycle controller marked it Unknown).
      const ready = current.status?.conditions?.find((c: { type: string }) => c.type === 'Ready');
      if (ready?.status === 'True' && now - this.lastStatusWrite < nodeStatusReportMs) return;
      const since = ready?.status === 'True' && ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : now;
      await client.update(nodes, { ...current, status: { ...nodeStatus(this.identity, now, since), images: current.status?.images ?? [] } }, { subresource: 'status' });
      this.lastStatusWrite = now;
    } catch (err) {
      if (!isConflict(err)) log.error('heartbeat failed', { node: this.name, error: (err as Error).message });
    }
  }
}
