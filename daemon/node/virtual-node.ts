/**
 * One virtual node: the kubelet's registration of its Node (with the start-up events a real
 * kubelet records), its Lease heartbeat, the pod IP allocator of its pod CIDR, and the kubelet that
 * runs its pods in the simulated runtime. Like a kubelet on another machine it is only an API
 * client. kill() stops everything at once (the node just goes silent, as when a machine dies);
 * start() brings it back with a new boot id. The first start in a daemon's life is not a reboot
 * but the kubelet coming back after a daemon restart (a kubelet restart on a real node): the
 * machine keeps its identity and its pods keep their IPs and running containers.
 * A machine that registers for the first time is NotReady (`cni plugin not initialized`) until its
 * pods can have a network: see reportNetworkReady.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { isAlreadyExists, isConflict } from '../../shared/api/errors.js';
import type { FrozenObject, KubeObject } from '../../shared/api/meta.js';
import type { Clock, Timer } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { EventRecorder, kubeletEventRateLimit } from '../../shared/client/events.js';
import { logger } from '../../shared/log.js';
import { ensureCsiNode } from './csi-node.js';
import { PodIPAllocator } from './ip-allocator.js';
import { leaseRenewIntervalMs, nodeStatusReportMs, renewLease } from './node-lease.js';
import { nodeObject, nodeStatus, taggedImageNames, type NodeIdentity, type NodeImage } from './node-object.js';

const nodes: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };
const log = logger('kubelet');
/** How often the first Ready status is tried again when another writer changed the Node meanwhile. */
const readyWriteAttempts = 5;

/** What runs the node's pods; the kubelet proper (kubelet/kubelet.ts) implements it. */
export interface PodRunner {
  start(signal: AbortSignal): Promise<void>;
  /** Stops every container at once without touching the API (the machine died). */
  halt(): Promise<void>;
  /** The images on the machine, as `status.images` lists them. */
  images?(): NodeImage[];
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
  /**
   * Whether the machine has a pod network (on kind: a CNI config in /etc/cni/net.d). A machine met
   * for the first time has none until its kubelet runs pods; a stored one had it already.
   */
  private networkReady = false;
  /** The first Ready status being written, once the network came up. */
  private networkReported: Promise<void> | undefined;
  /**
   * `spec.unschedulable` as this kubelet last saw it, for NodeNotSchedulable / NodeSchedulable
   * (k/k recordNodeSchedulableEvent). It starts false with each kubelet, so a kubelet starting on a
   * cordoned node records NodeNotSchedulable, as a real one does.
   */
  private lastUnschedulable = false;
  /** `status.images` of the Node found at registration: what this machine's disk held (a daemon restart). */
  private registeredImages: NodeImage[] = [];
  /**
   * The kubelet's one event recorder, made with each start (a kubelet process): its node events
   * (Starting, NodeReady, …) and its pods' go through one broadcaster, correlator and
   * eventRecordQPS limit, as kubeDeps.Recorder in a real kubelet (cmd/kubelet makeEventRecorder).
   */
  private recorder: EventRecorder | undefined;

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

  /** The image names the stored Node listed when this node registered (none for a new machine). */
  get storedImageNames(): string[] {
    return taggedImageNames(this.registeredImages);
  }

  /** The running kubelet's event recorder, which its pod runner records with too. */
  get eventRecorder(): EventRecorder | undefined {
    return this.recorder;
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
    this.lastUnschedulable = false;
    this.recorder = new EventRecorder({ client, clock, component: 'kubelet', host: this.name, rateLimit: kubeletEventRateLimit });
    // A reboot gets a new boot id; the kubelet coming back with the daemon keeps the machine's.
    if (!this.isFirstBoot || !this.options.machine?.bootID) this.identity.bootID = randomUUID();
    const node = await this.register();
    if (this.isFirstBoot) await this.restorePodIPs();
    // The CSI plugin's CSINode is written alongside the first Lease (one store batch).
    await Promise.all([renewLease(client, clock, node), ensureCsiNode(client, node)]);
    this.timers.push(clock.every(leaseRenewIntervalMs, () => void this.heartbeat(node)));
    this.startPods();
    // A node added while the daemon runs is Ready when `kubelab node add` answers.
    await this.networkReported;
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
    if (!this.networkReady) this.networkReported = this.reportNetworkReady();
  }

  /**
   * The node's pod network comes up with its kubelet: the pod runner attaches the node to the
   * in-process ClusterNetwork (runtime/network.ts), which is all kubelab's pod traffic needs. On
   * kind it comes up when the node's kindnet pod writes its CNI config, a moment after the kubelet
   * starts running pods; kubelab does not wait for that pod, which is only the network's face
   * (bootstrap-kindnet.ts). The kubelet posts Ready at once (its fast status update at start-up)
   * and records NodeReady; the node lifecycle controller then lifts the not-ready taint.
   */
  private async reportNetworkReady(): Promise<void> {
    this.networkReady = true;
    const { client, clock } = this.options;
    for (let attempt = 1; attempt <= readyWriteAttempts && this.abort; attempt++) {
      try {
        const current = await client.get(nodes, undefined, this.name);
        const now = clock.now();
        await client.update(nodes, { ...current, status: this.statusFor(current, now) }, { subresource: 'status' });
        this.lastStatusWrite = now;
        this.recorder?.event(eventTarget(current), 'Normal', 'NodeReady', `Node ${this.name} status is now: NodeReady`);
        return;
      } catch (err) {
        // The node lifecycle controller wrote the Node meanwhile (its taints): read it again.
        if (isConflict(err)) continue;
        log.error('could not report the node Ready', { node: this.name, error: (err as Error).message });
        return;
      }
    }
    // Still unwritten: the next heartbeat writes the status, since the API's copy says NotReady.
  }

  /**
   * This kubelet's status over the API's copy: the transition times of conditions whose status
   * stays are kept, as setNodeReadyCondition does; the images the API knows are kept.
   */
  private statusFor(current: Readonly<KubeObject>, now: number): KubeObject['status'] {
    const conditions = (current.status?.conditions ?? []) as { type: string; status: string; lastTransitionTime?: string }[];
    const sinceOf = (type: string, status: string): number => {
      const found = conditions.find((c) => c.type === type);
      return found?.status === status && found.lastTransitionTime ? Date.parse(found.lastTransitionTime) : now;
    };
    const ready = { networkReady: this.networkReady, since: sinceOf('Ready', this.networkReady ? 'True' : 'False') };
    const images = this.runner?.images?.() ?? current.status?.images ?? [];
    return { ...nodeStatus(this.identity, now, sinceOf('MemoryPressure', 'False'), [], ready), images };
  }

  /** The machine dies: no more heartbeats, containers gone, nothing written to the API. */
  async kill(): Promise<void> {
    if (!this.abort) return;
    this.abort.abort();
    this.abort = undefined;
    for (const timer of this.timers) timer.cancel();
    this.timers = [];
    // Its kubelet's queued events die with it.
    this.recorder?.discard();
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
    const wanted = nodeObject(this.identity, now, this.networkReady);
    const recorder = this.recorder!;
    let node: FrozenObject;
    let previousBootID: string | undefined;
    try {
      node = await client.create(nodes, undefined, wanted);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      // Re-registration after a restart or a reboot: the machine's CNI config is still on its disk.
      this.networkReady = true;
      // The kubelet owns its status, the user owns labels it added; a node that stayed Ready keeps its transition times.
      const current = await client.get(nodes, undefined, this.name);
      previousBootID = current.status?.nodeInfo?.bootID;
      this.registeredImages = (current.status?.images ?? []) as NodeImage[];
      node = await client.update(nodes, { ...current, status: this.statusFor(current, now) }, { subresource: 'status' });
    }
    this.lastStatusWrite = now;
    const ref = eventTarget(node);
    recorder.event(ref, 'Normal', 'Starting', 'Starting kubelet.');
    // The kubelet's MachineInfo setter compares the boot id the Node holds with the machine's: a
    // node brought back after `kubelab node kill` has booted again (a daemon restart keeps the id).
    if (previousBootID && previousBootID !== this.identity.bootID) {
      recorder.event(ref, 'Warning', 'Rebooted', `Node ${this.name} has been rebooted, boot id: ${this.identity.bootID}`);
    }
    recorder.event(ref, 'Normal', 'NodeHasSufficientMemory', `Node ${this.name} status is now: NodeHasSufficientMemory`);
    recorder.event(ref, 'Normal', 'NodeHasNoDiskPressure', `Node ${this.name} status is now: NodeHasNoDiskPressure`);
    recorder.event(ref, 'Normal', 'NodeHasSufficientPID', `Node ${this.name} status is now: NodeHasSufficientPID`);
    recorder.event(ref, 'Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    if (this.networkReady) recorder.event(ref, 'Normal', 'NodeReady', `Node ${this.name} status is now: NodeReady`);
    // The events are written in the background: registration does not wait for them.
    return node;
  }

  private async heartbeat(node: FrozenObject): Promise<void> {
    const { client, clock } = this.options;
    try {
      await renewLease(client, clock, node);
      const now = clock.now();
      const current = await client.get(nodes, undefined, this.name);
      this.recordSchedulableChange(current);
      // Like the kubelet: rewrite the status every 5 minutes, or at once when the API's copy says
      // something else than this kubelet (the node lifecycle controller marked it Unknown).
      const ready = current.status?.conditions?.find((c: { type: string }) => c.type === 'Ready');
      // A pulled (or new) image changes the status too: written with this pass, as the kubelet does.
      const images = this.runner?.images?.();
      const imagesChanged = images !== undefined && JSON.stringify(images) !== JSON.stringify(current.status?.images ?? []);
      if (!imagesChanged && ready?.status === (this.networkReady ? 'True' : 'False') && now - this.lastStatusWrite < nodeStatusReportMs) return;
      await client.update(nodes, { ...current, status: this.statusFor(current, now) }, { subresource: 'status' });
      this.lastStatusWrite = now;
    } catch (err) {
      if (!isConflict(err)) log.error('heartbeat failed', { node: this.name, error: (err as Error).message });
    }
  }

  /**
   * The kubelet's status loop notices a cordon or uncordon (every 10 s, with the heartbeat) and
   * records `NodeNotSchedulable` / `NodeSchedulable`: "Node <n> status is now: NodeNotSchedulable".
   */
  private recordSchedulableChange(current: Readonly<KubeObject>): void {
    const unschedulable = current.spec?.unschedulable === true;
    if (unschedulable === this.lastUnschedulable) return;
    this.lastUnschedulable = unschedulable;
    const reason = unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable';
    this.recorder?.event(eventTarget(current), 'Normal', reason, `Node ${this.name} status is now: ${reason}`);
  }
}

/**
 * The kubelet's node reference: kind, name and uid = node name, nothing else (no apiVersion, no
 * resourceVersion), so its events show `involvedObject: {kind: Node, name, uid}` in `-o yaml`.
 */
function eventTarget(node: Readonly<KubeObject>): KubeObject {
  return { kind: 'Node', metadata: { name: node.metadata.name, uid: node.metadata.name } } as KubeObject;
}
