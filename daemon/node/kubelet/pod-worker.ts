/**
 * One pod on this node from arrival to deletion (the kubelet's pod worker: podWorkers.UpdatePod,
 * SyncPod, SyncTerminatingPod, SyncTerminatedPod). A small state machine — running, terminating,
 * terminated, finished — driven by events, never by polling: the informer's updates, container
 * exits, probe results, and timers on the cluster clock for back-offs and retries. Syncs of one pod
 * never overlap; a request during a sync runs one more sync after it. Each sync writes the status
 * (status-writer.ts), sets up volumes and the sandbox (pod-sandbox.ts), then takes the actions
 * pod-actions.ts decides, which pod-containers.ts carries out on the runtime (ephemeral containers
 * first, in their target's process namespace). Deletion stops the containers with the grace
 * period, writes the terminal status and deletes the object with grace 0. A static pod's worker
 * writes its status to the mirror pod (static-pods.ts). Left out: resizes.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { jsonEqual } from '../../../shared/json-equal.js';
import type { EventRecorder, EventType } from '../../../shared/client/events.js';
import type { ContainerHandle } from '../../runtime/container.js';
import type { PodNetwork } from '../../runtime/network.js';
import { workerBackOffMs } from './container-start.js';
import { computePodActions } from './pod-actions.js';
import { PodContainers, type ContainersDeps } from './pod-containers.js';
import { PodProbes } from './pod-probes.js';
import { PodSandbox, type SandboxDeps } from './pod-sandbox.js';
import { generatePodStatus } from './pod-status.js';
import { PodStatusWriter } from './status-writer.js';
import { SyncLoop } from './sync-loop.js';

export interface PodWorkerDeps extends ContainersDeps, SandboxDeps {
  recorder: EventRecorder;
  /** Called once the pod is gone from the API and nothing of it is left on the node. */
  onFinished(podUid: string): void;
}

/** What makes a worker a static pod's (static-pods.ts). */
export interface StaticPodWorkerOptions {
  /** The mirror pod its status is written to, as last seen, or undefined while it has none. */
  mirror(): Readonly<KubeObject> | undefined;
  /** Started at the node's boot, before the API answered: its containers count as started then. */
  bootedAt?: number;
}

type Lifecycle = 'running' | 'terminating' | 'terminated' | 'finished';

export class PodWorker {
  readonly uid: string;
  private pod: Readonly<KubeObject>;
  private lifecycle: Lifecycle = 'running';
  /** The object is gone from the API (deleted with grace 0, or by us). */
  private removed = false;
  /** The node stopped: nothing more happens, nothing is written. */
  private halted = false;
  private deleteIssued = false;
  private podIsTerminal = false;
  private readonly sandbox: PodSandbox;
  private readonly containers: PodContainers;
  private readonly probes: PodProbes;
  private readonly loop: SyncLoop;
  private readonly status: PodStatusWriter;
  /** A static pod started at the node's boot: when (static-pods.ts bootLeadMs). */
  private readonly bootedAt?: number;
  /** Whether this worker has asked if the pod's sandbox predates the kubelet (hadSandboxBeforeBoot). */
  private sandboxChecked = false;

  /** `staticPod`, for a static pod: the pod itself (UID = config hash) names its events. */
  constructor(
    private readonly deps: PodWorkerDeps,
    pod: Readonly<KubeObject>,
    staticPod?: StaticPodWorkerOptions,
  ) {
    this.pod = pod;
    this.uid = pod.metadata.uid ?? '';
    this.bootedAt = staticPod?.bootedAt;
    this.sandbox = new PodSandbox(deps, this.uid);
    this.containers = new PodContainers({
      deps,
      pod: () => this.pod,
      sandbox: this.sandbox,
      halted: () => this.halted,
      event: (type, reason, message, fieldPath, at) => this.event(type, reason, message, fieldPath, at),
      changed: () => this.status.request(),
      exited: () => this.requestSync(),
      ...(this.bootedAt !== undefined ? { bootedAt: this.bootedAt } : {}),
    });
    this.loop = new SyncLoop({
      clock: deps.clock,
      sync: () => this.sync(),
      retryMs: workerBackOffMs,
      onError: (err) => deps.log.error('sync failed; will retry', { pod: this.key, error: (err as Error).message }),
    });
    const target = staticPod ? { target: () => staticPod.mirror() } : {};
    this.status = new PodStatusWriter(deps.client, { pod: () => this.pod, generate: (last) => this.generateStatus(last), ...target }, deps.log);
    this.probes = new PodProbes({
      pod,
      clock: deps.clock,
      network: deps.network,
      nodeIP: deps.nodeIP,
      recordOf: (name, isInit) => this.containers.recordOf(name, isInit),
      podIP: () => this.sandbox.sandbox?.podIP,
      deleting: () => this.removed || this.pod.metadata.deletionTimestamp !== undefined,
      onChange: (type) => {
        if (this.halted) return;
        this.status.request();
        if (type !== 'readiness') this.requestSync();
      },
      event: (reason, message, fieldPath) => this.event('Warning', reason, message, fieldPath),
    });
    // A pod that already finished (seen again after a kubelet restart) is not run again.
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') {
      this.lifecycle = 'terminated';
      this.podIsTerminal = true;
    } else {
      this.probes.start();
    }
    this.requestSync();
  }

  /** A newer version of the pod from the informer. */
  update(pod: Readonly<KubeObject>): void {
    const old = this.pod;
    this.pod = pod;
    if (this.lifecycle === 'finished') return;
    const grace = pod.metadata.deletionGracePeriodSeconds;
    // A second delete may shorten the grace period: the stops under way are cut short.
    if (grace !== undefined && grace < (old.metadata.deletionGracePeriodSeconds ?? Infinity)) this.shortenStops(grace * 1000);
    if (pod.metadata.deletionTimestamp !== old.metadata.deletionTimestamp) return this.requestSync();
    // A changed spec (a new image) needs a sync; the kubelet's own status writes, most updates, keep it.
    this.status.unlessOwnWrite(old, pod, () => {
      if (!jsonEqual(pod.spec, old.spec)) this.requestSync();
    });
  }

  /** A static pod's mirror pod was made again (a new UID): its status is written afresh. */
  mirrorReplaced(): void {
    if (!this.halted) this.status.retarget();
  }

  /** The object was deleted from the API (the informer's DELETED). */
  remove(lastKnown: Readonly<KubeObject>): void {
    this.pod = lastKnown;
    this.removed = true;
    this.status.close();
    // Force-deleted while stopping: the kubelet gives what still runs its minimum grace only.
    this.shortenStops(0);
    this.requestSync();
  }

  private shortenStops(graceMs: number): void {
    if (this.lifecycle === 'terminating') this.containers.shortenStops(graceMs);
  }

  /** The node stops: containers die with it, timers stop, nothing is written to the API. */
  halt(): void {
    this.halted = true;
    this.loop.stop();
    this.status.close();
    this.probes.stopAll();
    this.containers.killNow();
    this.sandbox.release();
  }

  /** The pod sandbox's network (port-forward connects inside it), while the sandbox exists. */
  podNetwork(): PodNetwork | undefined {
    return this.sandbox.sandbox?.net;
  }

  /** The handle logs and exec use; with previous, the instance `kubectl logs --previous` reads. */
  containerHandle(name: string, previous = false): ContainerHandle | undefined {
    return this.containers.handle(name, previous);
  }

  private requestSync(): void {
    this.loop.request();
  }

  private get key(): string {
    return `${this.pod.metadata.namespace}/${this.pod.metadata.name}`;
  }

  /** Whether the running sync should stop where it is (the pod is going away). */
  private interrupted(): boolean {
    return this.halted || this.removed || this.pod.metadata.deletionTimestamp !== undefined || this.lifecycle !== 'running';
  }

  private async sync(): Promise<void> {
    if (this.halted || this.lifecycle === 'finished') return;
    if (this.removed || this.pod.metadata.deletionTimestamp) return this.syncTerminating();
    if (this.lifecycle !== 'running') return;
    // The status as this sync finds it is written before it acts (SyncPod sets it first), so an
    // exit is seen (`Completed`) before the restart that follows it.
    this.status.request();
    await this.status.flush();
    if (this.interrupted()) return;
    if (!this.sandbox.volumes && !(await this.mountVolumes())) return;
    if (this.interrupted()) return;
    if (!this.sandbox.sandbox && this.hadSandboxBeforeBoot()) this.event('Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
    // No status write of its own for the sandbox: as in the kubelet, the IP and
    // PodReadyToStartContainers=True reach the API with the status written once this sync has tried
    // its containers (Running, or why they wait). A pod pulling its image shows ContainerCreating
    // with no IP meanwhile, as on a real node, and a pause pod makes two status writes, not three.
    this.sandbox.ensure(this.pod);
    await this.containers.resumeAdopted();
    if (this.interrupted()) return;

    const actions = computePodActions(this.pod, this.containers.all);
    if (actions.podDone) return this.finishPod();
    // The back-off of a container killed here counts from its exit before this sync.
    const lastExits = new Map<string, { finishedAt: number } | undefined>();
    for (const name of [...actions.startInit, ...actions.start]) {
      const record = this.containers.all.get(name);
      lastExits.set(name, record?.current?.exit ?? record?.previous?.exit);
    }
    for (const kill of actions.kill) await this.containers.kill(kill.name, kill.message, this.containers.probeKillGraceMs(kill));
    let retryAt = Infinity;
    // SyncPod starts ephemeral containers before init and app containers (its step 5).
    for (const name of [...actions.startEphemeral, ...actions.startInit, ...actions.start]) {
      if (this.interrupted()) return;
      const result = await this.containers.start(name, lastExits.get(name));
      if (result.kind === 'waiting') retryAt = Math.min(retryAt, result.retryAt);
      else if (!this.halted) this.probesStarted(name, result.instance.startedAt);
    }
    this.status.request();
    if (retryAt !== Infinity) this.loop.requestAt(retryAt);
  }

  /** A new container instance: it has no readiness result yet, so its readiness probe runs now. */
  private probesStarted(name: string, startedAt: number): void {
    this.probes.triggerReadiness(name);
    // One that counts as started at the node's boot (a static pod) has been probed since then by the
    // kubelet that ran it: the startup probe that fell due meanwhile runs now.
    if (startedAt === this.bootedAt) this.probes.triggerStartup(name);
  }

  private async mountVolumes(): Promise<boolean> {
    const failed = await this.sandbox.mountVolumes(this.pod);
    if (!failed) return true;
    this.event('Warning', 'FailedMount', failed.message);
    this.loop.requestAt(failed.retryAt);
    return false;
  }

  // The end of the pod.

  /** Everything ran and nothing restarts (Never / OnFailure): stop what is left, tear down, keep the status. */
  private async finishPod(): Promise<void> {
    this.lifecycle = 'terminating';
    await this.containers.killAll(this.containers.specGraceMs());
    this.podIsTerminal = true;
    this.teardown();
    this.lifecycle = 'terminated';
    this.status.request();
  }

  /** Deletion: stop everything within the grace period, write the terminal status, delete for good. */
  private async syncTerminating(): Promise<void> {
    if (this.lifecycle === 'running' || this.lifecycle === 'terminating') {
      this.lifecycle = 'terminating';
      this.probes.stopLivenessAndStartup();
      const grace = this.removed ? 0 : (this.pod.metadata.deletionGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
      await this.containers.killAll(grace);
      this.podIsTerminal = true;
      this.teardown();
      this.lifecycle = 'terminated';
    }
    if (this.removed) return this.finishWorker();
    if (this.deleteIssued || this.halted) return;
    this.status.request();
    await this.status.flush();
    this.deleteIssued = true;
    await this.status.deletePod();
  }

  /** Stops the probes, tears down the sandbox (releasing the IP) and the pod's volumes. */
  private teardown(): void {
    this.probes.stopAll();
    this.sandbox.tearDown();
  }

  private finishWorker(): void {
    this.teardown();
    this.lifecycle = 'finished';
    this.loop.stop();
    this.status.close();
    this.deps.images.forgetPod(this.uid);
    this.deps.crashBackoff.forgetPrefix(`${this.uid}_`);
    this.deps.onFinished(this.uid);
  }

  // Status and events.

  private generateStatus(lastWritten: Record<string, unknown> | undefined): Record<string, unknown> {
    return generatePodStatus({
      pod: this.pod,
      oldStatus: lastWritten ?? this.pod.status ?? {},
      containers: this.containers.all,
      sandboxReady: this.sandbox.sandbox !== undefined,
      podIP: this.sandbox.podIP,
      hostIP: this.deps.nodeIP,
      podIsTerminal: this.podIsTerminal,
      now: this.deps.clock.now(),
    });
  }

  /**
   * The pod ran here before this kubelet started and its sandbox did not survive: the node
   * rebooted (after a kubelet restart, `adoptRunning`, the sandboxes are still there). The kubelet
   * finds the old sandbox NOTREADY and says so before making a new one (k/k SyncPod, CreateSandbox
   * with a previous sandbox ID): `SandboxChanged`. Asked once, before this worker's first sandbox.
   */
  private hadSandboxBeforeBoot(): boolean {
    if (this.sandboxChecked) return false;
    this.sandboxChecked = true;
    if (this.deps.adoptRunning === true || this.bootedAt !== undefined) return false;
    const statuses = [...(this.pod.status?.initContainerStatuses ?? []), ...(this.pod.status?.containerStatuses ?? [])] as { containerID?: string }[];
    return Boolean(this.pod.status?.podIP) || statuses.some((s) => s.containerID);
  }

  private event(type: EventType, reason: string, message: string, fieldPath?: string, at?: number): void {
    if (this.halted) return;
    this.deps.recorder.event(this.pod as KubeObject, type, reason, message, fieldPath, at);
  }
}
