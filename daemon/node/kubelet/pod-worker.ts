/**
 * One pod on this node from arrival to deletion (the kubelet's pod worker: podWorkers.UpdatePod,
 * SyncPod, SyncTerminatingPod, SyncTerminatedPod). A small state machine — running, terminating,
 * terminated, finished — driven by events, never by polling: the informer's updates, container
 * exits, probe results, and timers on the cluster clock for back-offs and retries. Syncs of one pod
 * never overlap; a request during a sync runs one more sync after it. Each sync writes the status
 * (status-writer.ts), sets up volumes and the sandbox (pod IP), then takes the actions
 * pod-actions.ts decides. Deletion stops the containers with the grace period, writes the terminal
 * status and deletes the object with grace 0. Ephemeral containers (kubectl debug) start once, in
 * the target container's process namespace when they name one. A static pod's worker writes its
 * status to the mirror pod (static-pods.ts). Left out: resizes.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { jsonEqual } from '../../../shared/json-equal.js';
import type { ApiClient, ResourceRef } from '../../../shared/client/client.js';
import type { EventRecorder, EventType } from '../../../shared/client/events.js';
import type { Logger } from '../../../shared/log.js';
import type { ContainerHandle, ExitStatus } from '../../runtime/container.js';
import type { VirtualFs } from '../../runtime/fs/vfs.js';
import { podPidNamespace, type ProcessTable } from '../../runtime/fs/proc-fs.js';
import type { PodNetwork } from '../../runtime/network.js';
import {
  containerFieldPath, containerSpecOf, newContainerRecord, shouldContainerBeRestarted,
  type ContainerInstance, type ContainerRecord, type ContainerSpec,
} from './container-state.js';
import { startContainer, workerBackOffMs, type StartDeps, type StartRequest, type StartResult } from './container-start.js';
import { minimumGraceMs, recordExit, stopContainer } from './container-stop.js';
import { computePodActions, type ContainerToKill } from './pod-actions.js';
import { PodProbes } from './pod-probes.js';
import { generatePodStatus } from './pod-status.js';
import { markLost, seedContainerRecords } from './pod-worker-seed.js';
import { serviceEnvironment } from './service-env.js';
import { PodStatusWriter } from './status-writer.js';
import { SyncLoop } from './sync-loop.js';
import { MountError, setUpPodVolumes, tearDownPodVolumes, type PreparedVolume, type VolumeStore } from './volumes.js';
/** The volume manager's retry back-off after a failed mount: 500 ms doubling to 2m2s. */
const mountRetryInitialMs = 500;
const mountRetryMaxMs = 122_000;

export interface PodWorkerDeps extends StartDeps {
  client: ApiClient;
  recorder: EventRecorder;
  log: Logger;
  allocatePodIP(podUid: string): string;
  releasePodIP(podUid: string): void;
  nodeFs: VirtualFs;
  volumeStore: VolumeStore;
  /** Every Service the kubelet knows (for the service environment variables). */
  services(): readonly Readonly<KubeObject>[];
  nodeAllocatable(): Promise<Readonly<Record<string, string>>>;
  /** Called once the pod is gone from the API and nothing of it is left on the node. */
  onFinished(podUid: string): void;
  /** The kubelet restarted (not the node): containers the status shows running are adopted. */
  adoptRunning?: boolean;
}

type Lifecycle = 'running' | 'terminating' | 'terminated' | 'finished';

const ref = (resource: string): ResourceRef => ({ group: '', version: 'v1', resource });

export class PodWorker {
  readonly uid: string;
  private pod: Readonly<KubeObject>;
  private readonly containers: Map<string, ContainerRecord>;
  private lifecycle: Lifecycle = 'running';
  /** The object is gone from the API (deleted with grace 0, or by us). */
  private removed = false;
  /** The node stopped: nothing more happens, nothing is written. */
  private halted = false;
  private deleteIssued = false;
  private podIsTerminal = false;
  /** The network namespace and IP, and with shareProcessNamespace the pod's PID namespace. */
  private sandbox?: { podIP: string; net: PodNetwork; allocated: boolean; processes?: ProcessTable };
  /** The pod's IP, kept after the sandbox is gone: a finished pod still shows it. */
  private podIP?: string;
  private volumes?: Map<string, PreparedVolume>;
  private mountRetryMs = mountRetryInitialMs;
  private readonly probes: PodProbes;
  private readonly loop: SyncLoop;
  private readonly status: PodStatusWriter;

  /**
   * `mirror`, for a static pod (static-pods.ts): the mirror pod its status is written to, as last
   * seen, or undefined while it has none. The pod itself (UID = config hash) names its events.
   */
  constructor(
    private readonly deps: PodWorkerDeps,
    pod: Readonly<KubeObject>,
    mirror?: () => Readonly<KubeObject> | undefined,
  ) {
    this.pod = pod;
    this.uid = pod.metadata.uid ?? '';
    this.containers = seedContainerRecords(pod, deps.clock.now(), deps.adoptRunning === true);
    this.loop = new SyncLoop({
      clock: deps.clock,
      sync: () => this.sync(),
      retryMs: workerBackOffMs,
      onError: (err) => deps.log.error('sync failed; will retry', { pod: this.key, error: (err as Error).message }),
    });
    this.status = new PodStatusWriter(deps.client, { pod: () => this.pod, generate: (last) => this.generateStatus(last), ...(mirror ? { target: mirror } : {}) }, deps.log);
    this.probes = new PodProbes({
      pod,
      clock: deps.clock,
      network: deps.network,
      nodeIP: deps.nodeIP,
      recordOf: (name, isInit) => this.recordOf(name, isInit),
      podIP: () => this.sandbox?.podIP,
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
    if (this.lifecycle !== 'terminating') return;
    for (const record of this.containers.values()) {
      const current = record.current;
      if (current?.handle && !current.exit) void current.handle.stop(Math.max(graceMs, minimumGraceMs)).catch(() => undefined);
    }
  }

  /** The node stops: containers die with it, timers stop, nothing is written to the API. */
  halt(): void {
    this.halted = true;
    this.loop.stop();
    this.status.close();
    this.probes.stopAll();
    for (const record of this.containers.values()) {
      const current = record.current;
      if (current?.handle && !current.exit) void current.handle.stop(0).catch(() => undefined);
    }
    if (this.sandbox?.allocated) this.deps.releasePodIP(this.uid);
    this.sandbox = undefined;
  }

  /** The pod sandbox's network (port-forward connects inside it), while the sandbox exists. */
  podNetwork(): PodNetwork | undefined {
    return this.sandbox?.net;
  }

  /** The handle logs and exec use; with previous, the instance `kubectl logs --previous` reads. */
  containerHandle(name: string, previous = false): ContainerHandle | undefined {
    const record = this.containers.get(name);
    const found = containerSpecOf(this.pod, name);
    if (!record || !found) return undefined;
    // While a crashed container waits to restart, its last run is both the current log and lastState.
    const waitingAfterExit = record.current?.exit !== undefined && record.waiting !== undefined && shouldContainerBeRestarted(this.pod, found.spec, record);
    if (!previous) return record.current?.handle ?? record.previous?.handle;
    return waitingAfterExit ? record.current?.handle : record.previous?.handle;
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
    if (!this.volumes && !(await this.mountVolumes())) return;
    if (this.interrupted()) return;
    this.ensureSandbox();
    await this.resumeAdopted();
    if (this.interrupted()) return;

    const actions = computePodActions(this.pod, this.containers);
    if (actions.podDone) return this.finishPod();
    // The back-off of a container killed here counts from its exit before this sync.
    const lastExits = new Map<string, { finishedAt: number } | undefined>();
    for (const name of [...actions.startInit, ...actions.start]) {
      const record = this.containers.get(name);
      lastExits.set(name, record?.current?.exit ?? record?.previous?.exit);
    }
    for (const kill of actions.kill) await this.killContainer(kill.name, kill.message, this.probeKillGraceMs(kill));
    let retryAt = Infinity;
    // SyncPod starts ephemeral containers before init and app containers (its step 5).
    for (const name of [...actions.startEphemeral, ...actions.startInit, ...actions.start]) {
      if (this.interrupted()) return;
      const result = await this.start(name, lastExits.get(name));
      if (result.kind === 'waiting') retryAt = Math.min(retryAt, result.retryAt);
    }
    this.status.request();
    if (retryAt !== Infinity) this.loop.requestAt(retryAt);
  }

  private async mountVolumes(): Promise<boolean> {
    try {
      this.volumes = await setUpPodVolumes(this.pod, {
        nodeFs: this.deps.nodeFs,
        volumeStore: this.deps.volumeStore,
        hostIP: this.deps.nodeIP,
        podIP: undefined,
        get: (resource, namespace, name) => this.deps.client.get(ref(resource), namespace, name),
        nodeAllocatable: () => this.deps.nodeAllocatable(),
        requestToken: async (namespace, serviceAccount, request) => {
          const response = await this.deps.client.createSubresource(ref('serviceaccounts'), namespace, serviceAccount, 'token', request);
          return (response as KubeObject).status?.token ?? '';
        },
      });
      this.mountRetryMs = mountRetryInitialMs;
      return true;
    } catch (err) {
      if (!(err instanceof MountError)) throw err;
      this.event('Warning', 'FailedMount', err.message);
      this.loop.requestAt(this.deps.clock.now() + this.mountRetryMs);
      this.mountRetryMs = Math.min(this.mountRetryMs * 2, mountRetryMaxMs);
      return false;
    }
  }

  /** The pod sandbox: the network namespace and its IP (PodReadyToStartContainers). */
  private ensureSandbox(): void {
    if (this.sandbox) return;
    const hostNetwork = this.pod.spec?.hostNetwork === true;
    const podIP = hostNetwork ? this.deps.nodeIP : this.deps.allocatePodIP(this.uid);
    this.sandbox = { podIP, net: this.deps.network.forPod(podIP), allocated: !hostNetwork };
    if (this.pod.spec?.shareProcessNamespace === true) this.sandbox.processes = podPidNamespace(this.deps.clock.now());
    this.podIP = podIP;
    // No status write of its own: as in the kubelet, the IP and PodReadyToStartContainers=True
    // reach the API with the status written once this sync has tried its containers (Running, or
    // why they wait). A pod pulling its image shows ContainerCreating with no IP meanwhile, as on
    // a real node, and a pause pod makes two status writes, not three.
  }

  private async start(name: string, lastExit: { finishedAt: number } | undefined): Promise<StartResult> {
    const found = containerSpecOf(this.pod, name)!;
    const record = this.recordOf(name, found.isInit, found.isEphemeral);
    const fieldPath = containerFieldPath(name, found.isInit, found.isEphemeral);
    const result = await startContainer(this.deps, {
      pod: this.pod,
      spec: found.spec,
      record,
      lastExit,
      processNamespaceOf: this.processNamespaceFor(found.spec),
      podPidNamespace: this.sandbox!.processes,
      net: this.sandbox!.net,
      volumes: this.volumes!,
      env: this.envSources(),
      event: (type, reason, message) => this.event(type, reason, message, fieldPath),
      kill: (instance, message) => this.stopInstance(found.spec, instance, message, this.specGraceMs(), fieldPath),
    });
    this.status.request();
    if (result.kind === 'started' && this.halted) {
      // The node stopped while this container was being started: it dies with the node. A failure
      // to stop is ignored on purpose: the node's runtime is torn down with it anyway.
      void result.instance.handle?.stop(0).catch(() => undefined);
    } else if (result.kind === 'started') {
      this.watchExit(result.instance);
      this.probes.triggerReadiness(name);
    }
    return result;
  }

  /**
   * Re-creates the processes of adopted containers (a kubelet restart): same ID, start time and
   * restart count, no events. One that cannot be made again counts as lost, and restarts as usual.
   */
  private async resumeAdopted(): Promise<void> {
    for (const record of this.containers.values()) {
      const adopted = record.current;
      if (!adopted?.adopted || adopted.handle || adopted.exit) continue;
      const found = containerSpecOf(this.pod, record.name);
      const result = found
        ? await startContainer(this.deps, {
            pod: this.pod,
            spec: found.spec,
            record,
            lastExit: undefined,
            net: this.sandbox!.net,
            volumes: this.volumes!,
            env: this.envSources(),
            event: () => {},
            kill: async () => {},
            resume: adopted,
            podPidNamespace: this.sandbox!.processes,
          })
        : undefined;
      if (result?.kind === 'started' && !this.halted) {
        this.watchExit(result.instance);
        continue;
      }
      if (result?.kind === 'started') void result.instance.handle?.stop(0).catch(() => undefined);
      markLost(adopted, this.deps.clock.now());
    }
  }

  /** Where a container's environment comes from (configMaps, secrets, Services, the node). */
  private envSources(): StartRequest['env'] {
    const namespace = this.pod.metadata.namespace ?? 'default';
    return {
      hostIP: this.deps.nodeIP,
      getConfigMap: (ns, n) => this.deps.client.get(ref('configmaps'), ns, n),
      getSecret: (ns, n) => this.deps.client.get(ref('secrets'), ns, n),
      nodeAllocatable: () => this.deps.nodeAllocatable(),
      serviceEnv: serviceEnvironment(this.deps.services(), namespace, this.pod.spec?.enableServiceLinks !== false),
    };
  }

  private recordOf(name: string, isInit: boolean, isEphemeral = false): ContainerRecord {
    let record = this.containers.get(name);
    if (!record) {
      record = newContainerRecord(name, isInit);
      if (isEphemeral) record.isEphemeral = true;
      this.containers.set(name, record);
    }
    return record;
  }

  /**
   * The running container whose process namespace a new one joins: an ephemeral container's
   * `targetContainerName` (kubectl debug --target), so its `ps` shows the target's processes.
   */
  private processNamespaceFor(spec: ContainerSpec): ContainerInstance['handle'] {
    const target = spec.targetContainerName as string | undefined;
    const current = target ? this.containers.get(target)?.current : undefined;
    return current && !current.exit ? current.handle : undefined;
  }

  private watchExit(instance: ContainerInstance): void {
    instance.handle!.wait().then(
      (exit) => this.onExit(instance, exit),
      (err) => this.deps.log.error('waiting for a container failed', { pod: this.key, container: instance.id, error: String(err) }),
    );
  }

  private onExit(instance: ContainerInstance, exit: ExitStatus): void {
    recordExit(instance, exit);
    if (this.halted) return;
    this.status.request();
    this.requestSync();
  }

  // Stopping containers.

  private specGraceMs(): number {
    return (this.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
  }

  /** A probe kill uses the probe's terminationGracePeriodSeconds when it sets one. */
  private probeKillGraceMs(kill: ContainerToKill): number {
    const spec = containerSpecOf(this.pod, kill.name)?.spec;
    const probeGrace = kill.probe ? spec?.[kill.probe]?.terminationGracePeriodSeconds : undefined;
    return probeGrace !== undefined ? probeGrace * 1000 : this.specGraceMs();
  }

  private async killContainer(name: string, message: string, graceMs: number): Promise<void> {
    const found = containerSpecOf(this.pod, name);
    const instance = this.containers.get(name)?.current;
    if (!found || !instance?.handle || instance.exit) return;
    await this.stopInstance(found.spec, instance, message, graceMs, containerFieldPath(name, found.isInit, found.isEphemeral));
  }

  private async stopInstance(spec: ContainerSpec, instance: ContainerInstance, message: string, graceMs: number, fieldPath: string): Promise<void> {
    const context = { pod: this.pod, clock: this.deps.clock, network: this.deps.network, nodeIP: this.deps.nodeIP, podIP: this.sandbox?.podIP };
    await stopContainer({ ...context, event: (type, reason, text) => this.event(type, reason, text, fieldPath) }, spec, instance, message, graceMs);
    this.status.request();
  }

  private async killAll(graceMs: number): Promise<void> {
    const running = [...this.containers.values()].filter((r) => r.current?.handle && !r.current.exit);
    await Promise.all(running.map((r) => this.killContainer(r.name, `Stopping container ${r.name}`, graceMs)));
  }

  // The end of the pod.

  /** Everything ran and nothing restarts (Never / OnFailure): stop what is left, tear down, keep the status. */
  private async finishPod(): Promise<void> {
    this.lifecycle = 'terminating';
    await this.killAll(this.specGraceMs());
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
      await this.killAll(grace);
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
    if (this.sandbox?.allocated) this.deps.releasePodIP(this.uid);
    this.sandbox = undefined;
    if (this.volumes) tearDownPodVolumes(this.uid, this.deps.nodeFs);
    this.volumes = undefined;
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
      containers: this.containers,
      sandboxReady: this.sandbox !== undefined,
      podIP: this.podIP,
      hostIP: this.deps.nodeIP,
      podIsTerminal: this.podIsTerminal,
      now: this.deps.clock.now(),
    });
  }

  private event(type: EventType, reason: string, message: string, fieldPath?: string): void {
    if (this.halted) return;
    this.deps.recorder.event(this.pod as KubeObject, type, reason, message, fieldPath);
  }
}
