/**
 * The containers of one pod on the runtime (the per-pod share of k/k `kuberuntime_manager.go`
 * SyncPod and killContainer): their records, starting one in the pod's sandbox (container-start.ts)
 * with its environment and the process namespace it joins (an ephemeral container's target),
 * re-creating adopted ones after a kubelet restart, noticing exits, and stopping them within their
 * grace period (a probe's own terminationGracePeriodSeconds for a probe kill; a second delete cuts
 * stops under way short). What to start or kill, and when, is the pod worker's decision.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ApiClient, ResourceRef } from '../../../shared/client/client.js';
import type { EventType } from '../../../shared/client/events.js';
import type { Logger } from '../../../shared/log.js';
import type { ContainerHandle, ExitStatus } from '../../runtime/container.js';
import { ExitedContainer } from '../../runtime/exited-container.js';
import {
  containerFieldPath, containerSpecOf, newContainerRecord, shouldContainerBeRestarted,
  type ContainerInstance, type ContainerRecord, type ContainerSpec,
} from './container-state.js';
import { startContainer, type StartDeps, type StartRequest, type StartResult } from './container-start.js';
import { minimumGraceMs, recordExit, stopContainer } from './container-stop.js';
import type { ContainerToKill } from './pod-actions.js';
import type { PodSandbox } from './pod-sandbox.js';
import { markLost, seedContainerRecords } from './pod-worker-seed.js';
import { serviceEnvironment } from './service-env.js';

const ref = (resource: string): ResourceRef => ({ group: '', version: 'v1', resource });

export interface ContainersDeps extends StartDeps {
  client: ApiClient;
  log: Logger;
  /** Every Service the kubelet knows (for the service environment variables). */
  services(): readonly Readonly<KubeObject>[];
  nodeAllocatable(): Promise<Readonly<Record<string, string>>>;
  /** The kubelet restarted (not the node): containers the status shows running are adopted. */
  adoptRunning?: boolean;
}

export interface PodContainersOptions {
  deps: ContainersDeps;
  /** The pod as last seen. */
  pod(): Readonly<KubeObject>;
  sandbox: PodSandbox;
  /** The node stopped: what starts now dies with it, and nothing is reported. */
  halted(): boolean;
  /** `at`: when it happened, if not now (the start of a static pod at the node's boot). */
  event(type: EventType, reason: string, message: string, fieldPath: string, at?: number): void;
  /** Something the pod's status shows changed. */
  changed(): void;
  /** A container exited (its record has the exit). */
  exited(): void;
  /**
   * A static pod started at the node's boot (static-pods.ts): the first instance of each of its
   * containers counts as started then, not when this kubelet made it.
   */
  bootedAt?: number;
}

export class PodContainers {
  private readonly records: Map<string, ContainerRecord>;
  /** The read-back logs of instances that ended before this kubelet started (handleOf). */
  private readonly storedHandles = new WeakMap<ContainerInstance, ContainerHandle>();

  constructor(private readonly options: PodContainersOptions) {
    const { deps } = options;
    this.records = seedContainerRecords(options.pod(), deps.clock.now(), deps.adoptRunning === true);
  }

  /** The records, by container name, for the status and the actions. */
  get all(): ReadonlyMap<string, ContainerRecord> {
    return this.records;
  }

  /** The record of a container, created on first use. */
  recordOf(name: string, isInit: boolean, isEphemeral = false): ContainerRecord {
    let record = this.records.get(name);
    if (!record) {
      record = newContainerRecord(name, isInit);
      if (isEphemeral) record.isEphemeral = true;
      this.records.set(name, record);
    }
    return record;
  }

  /** The handle logs and exec use; with previous, the instance `kubectl logs --previous` reads. */
  handle(name: string, previous = false): ContainerHandle | undefined {
    const record = this.records.get(name);
    const pod = this.options.pod();
    const found = containerSpecOf(pod, name);
    if (!record || !found) return undefined;
    // While a crashed container waits to restart, its last run is both the current log and lastState.
    const waitingAfterExit = record.current?.exit !== undefined && record.waiting !== undefined && shouldContainerBeRestarted(pod, found.spec, record);
    if (!previous) return this.handleOf(record, record.current) ?? this.handleOf(record, record.previous);
    return this.handleOf(record, waitingAfterExit ? record.current : record.previous);
  }

  /**
   * An instance's handle; one that ended before this kubelet started has none, and its log is
   * read back from its file (the runtime's storedLog), once, as containerd serves an exited one's.
   */
  private handleOf(record: ContainerRecord, instance: ContainerInstance | undefined): ContainerHandle | undefined {
    if (!instance || instance.handle || !instance.exit) return instance?.handle;
    let stored = this.storedHandles.get(instance);
    if (!stored) {
      const restartCount = instance === record.current ? record.restartCount : Math.max(0, record.restartCount - 1);
      const log = this.options.deps.runtime.storedLog?.(this.options.pod().metadata.uid ?? '', record.name, restartCount);
      if (!log) return undefined;
      const exit = instance.exit;
      const reason = exit.reason === 'Completed' || exit.reason === 'OOMKilled' ? exit.reason : 'Error';
      stored = new ExitedContainer(instance.id, instance.startedAt, log, { exitCode: exit.exitCode, reason, finishedAt: exit.finishedAt });
      this.storedHandles.set(instance, stored);
    }
    return stored;
  }

  /** Starts (or restarts) one container; `lastExit` is its exit as the sync found it (the back-off counts from it). */
  async start(name: string, lastExit: { finishedAt: number } | undefined): Promise<StartResult> {
    const pod = this.options.pod();
    const sandbox = this.options.sandbox.sandbox!;
    const found = containerSpecOf(pod, name)!;
    const record = this.recordOf(name, found.isInit, found.isEphemeral);
    const fieldPath = containerFieldPath(name, found.isInit, found.isEphemeral);
    const isFirstRun = !record.current && !record.previous;
    // The first start of a static pod's containers happened at the node's boot: so did its events.
    const bootedAt = isFirstRun ? this.options.bootedAt : undefined;
    const result = await startContainer(this.options.deps, {
      pod,
      spec: found.spec,
      record,
      lastExit,
      processNamespaceOf: this.processNamespaceFor(found.spec),
      podPidNamespace: sandbox.processes,
      net: sandbox.net,
      volumes: this.options.sandbox.volumes!,
      env: this.envSources(),
      event: (type, reason, message) => this.options.event(type, reason, message, fieldPath, bootedAt),
      kill: (instance, message) => this.stopInstance(found.spec, instance, message, this.specGraceMs(), fieldPath),
      ...(bootedAt !== undefined ? { startedAt: bootedAt } : {}),
    });
    if (result.kind === 'started' && this.options.halted()) {
      // The node stopped while this container was being started: it dies with the node. A failure
      // to stop is ignored on purpose: the node's runtime is torn down with it anyway.
      void result.instance.handle?.stop(0).catch(() => undefined);
    } else if (result.kind === 'started') {
      this.watchExit(result.instance);
      // The kubelet learns a container's state from PLEG's relist (every second), not from the start
      // call, so one that exits at once (hello-world, `false`) is first seen exited, never `1/1
      // Running`. One turn of the event loop lets such an exit be recorded before the status is made.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.options.changed();
    return result;
  }

  /**
   * Re-creates the processes of adopted containers (a kubelet restart): same ID, start time and
   * restart count, no events. One that cannot be made again counts as lost, and restarts as usual.
   */
  async resumeAdopted(): Promise<void> {
    for (const record of this.records.values()) {
      const adopted = record.current;
      if (!adopted?.adopted || adopted.handle || adopted.exit) continue;
      const pod = this.options.pod();
      const sandbox = this.options.sandbox.sandbox!;
      const found = containerSpecOf(pod, record.name);
      const result = found
        ? await startContainer(this.options.deps, {
            pod,
            spec: found.spec,
            record,
            lastExit: undefined,
            net: sandbox.net,
            volumes: this.options.sandbox.volumes!,
            env: this.envSources(),
            event: () => {},
            kill: async () => {},
            resume: adopted,
            podPidNamespace: sandbox.processes,
          })
        : undefined;
      if (result?.kind === 'started' && !this.options.halted()) {
        this.watchExit(result.instance);
        continue;
      }
      if (result?.kind === 'started') void result.instance.handle?.stop(0).catch(() => undefined);
      markLost(adopted, this.options.deps.clock.now());
    }
  }

  /** Where a container's environment comes from (configMaps, secrets, Services, the node). */
  private envSources(): StartRequest['env'] {
    const { deps } = this.options;
    const pod = this.options.pod();
    const namespace = pod.metadata.namespace ?? 'default';
    return {
      hostIP: deps.nodeIP,
      getConfigMap: (ns, n) => deps.client.get(ref('configmaps'), ns, n),
      getSecret: (ns, n) => deps.client.get(ref('secrets'), ns, n),
      nodeAllocatable: () => deps.nodeAllocatable(),
      serviceEnv: serviceEnvironment(deps.services(), namespace, pod.spec?.enableServiceLinks !== false),
    };
  }

  /**
   * The running container whose process namespace a new one joins: an ephemeral container's
   * `targetContainerName` (kubectl debug --target), so its `ps` shows the target's processes.
   */
  private processNamespaceFor(spec: ContainerSpec): ContainerInstance['handle'] {
    const target = spec.targetContainerName as string | undefined;
    const current = target ? this.records.get(target)?.current : undefined;
    return current && !current.exit ? current.handle : undefined;
  }

  private watchExit(instance: ContainerInstance): void {
    instance.handle!.wait().then(
      (exit) => this.onExit(instance, exit),
      (err) => this.options.deps.log.error('waiting for a container failed', { pod: podKey(this.options.pod()), container: instance.id, error: String(err) }),
    );
  }

  private onExit(instance: ContainerInstance, exit: ExitStatus): void {
    recordExit(instance, exit);
    if (this.options.halted()) return;
    this.options.changed();
    this.options.exited();
  }

  // Stopping containers.

  specGraceMs(): number {
    return (this.options.pod().spec?.terminationGracePeriodSeconds ?? 30) * 1000;
  }

  /** A probe kill uses the probe's terminationGracePeriodSeconds when it sets one. */
  probeKillGraceMs(kill: ContainerToKill): number {
    const spec = containerSpecOf(this.options.pod(), kill.name)?.spec;
    const probeGrace = kill.probe ? spec?.[kill.probe]?.terminationGracePeriodSeconds : undefined;
    return probeGrace !== undefined ? probeGrace * 1000 : this.specGraceMs();
  }

  async kill(name: string, message: string, graceMs: number): Promise<void> {
    const found = containerSpecOf(this.options.pod(), name);
    const instance = this.records.get(name)?.current;
    if (!found || !instance?.handle || instance.exit) return;
    await this.stopInstance(found.spec, instance, message, graceMs, containerFieldPath(name, found.isInit, found.isEphemeral));
  }

  /** Stops every running container within graceMs (`Stopping container <name>`). */
  async killAll(graceMs: number): Promise<void> {
    const running = [...this.records.values()].filter((r) => r.current?.handle && !r.current.exit);
    await Promise.all(running.map((r) => this.kill(r.name, `Stopping container ${r.name}`, graceMs)));
  }

  /** Stops under way get at most graceMs more (never below the kubelet's minimum grace). */
  shortenStops(graceMs: number): void {
    // A failed stop is ignored on purpose: the stop under way still ends the container, and its exit is what counts.
    for (const record of this.records.values()) {
      const current = record.current;
      if (current?.handle && !current.exit) void current.handle.stop(Math.max(graceMs, minimumGraceMs)).catch(() => undefined);
    }
  }

  /** The node stops: every container dies at once. */
  killNow(): void {
    // A failed stop is ignored on purpose: the node's runtime goes with it anyway.
    for (const record of this.records.values()) {
      const current = record.current;
      if (current?.handle && !current.exit) void current.handle.stop(0).catch(() => undefined);
    }
  }

  private async stopInstance(spec: ContainerSpec, instance: ContainerInstance, message: string, graceMs: number, fieldPath: string): Promise<void> {
    const { deps } = this.options;
    const context = { pod: this.options.pod(), clock: deps.clock, network: deps.network, nodeIP: deps.nodeIP, podIP: this.options.sandbox.sandbox?.podIP };
    await stopContainer({ ...context, event: (type, reason, text) => this.options.event(type, reason, text, fieldPath) }, spec, instance, message, graceMs);
    this.options.changed();
  }
}

function podKey(pod: Readonly<KubeObject>): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}
