/**
 * The prober manager's share for one pod (k/k `pkg/kubelet/prober/prober_manager.go`): a probe
 * worker per container and probe type, created when the pod arrives, and the results written
 * into the container records: readiness decides `ready`, a startup success `started`, a liveness
 * or startup failure marks the container for a kill in the next sync.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import type { Clock } from '../../../shared/clock.js';
import type { ClusterNetwork } from '../../runtime/network.js';
import { containerFieldPath, isSidecar, type ContainerRecord, type ContainerSpec } from './container-state.js';
import { ProbeWorker, type ProbedContainer, type ProbeType } from './probes.js';

export interface PodProbesOptions {
  pod: Readonly<KubeObject>;
  clock: Clock;
  network: ClusterNetwork;
  nodeIP: string;
  /** The record of a container, created on first use. */
  recordOf(name: string, isInit: boolean): ContainerRecord;
  podIP(): string | undefined;
  deleting(): boolean;
  /** A result changed a record: write the status, and sync when a kill or a next step may follow. */
  onChange(type: ProbeType): void;
  event(reason: string, message: string, fieldPath: string): void;
}

const probeTypes: ProbeType[] = ['startup', 'liveness', 'readiness'];

export class PodProbes {
  private readonly workers: ProbeWorker[] = [];

  constructor(private readonly options: PodProbesOptions) {}

  /** One worker per probe of the app containers and sidecars; each probes now and every period. */
  start(): void {
    const { pod } = this.options;
    const inits = (pod.spec?.initContainers ?? []) as ContainerSpec[];
    const probed = [...inits.filter(isSidecar).map((c) => ({ c, isInit: true })), ...((pod.spec?.containers ?? []) as ContainerSpec[]).map((c) => ({ c, isInit: false }))];
    for (const { c: container, isInit } of probed) {
      const record = this.options.recordOf(container.name, isInit);
      for (const type of probeTypes) {
        const probe = container[`${type}Probe`];
        if (!probe) continue;
        const worker = new ProbeWorker({
          type,
          probe,
          container,
          clock: this.options.clock,
          network: this.options.network,
          nodeIP: this.options.nodeIP,
          target: {
            instance: () => this.probedInstance(record),
            started: () => !container.startupProbe || record.startupSucceeded,
            podIP: () => this.options.podIP(),
            deleting: () => this.options.deleting(),
          },
          onResult: (result, id) => this.record(record, type, result === 'success', id),
          onUnhealthy: (message) => this.options.event('Unhealthy', message, containerFieldPath(container.name, isInit)),
        });
        this.workers.push(worker);
        worker.start();
      }
    }
  }

  /**
   * What the probe workers see of a container. One adopted after a kubelet restart is not there
   * yet until the first sync has made its process again: probing it before would report a
   * `connection refused` (with no pod IP yet) for every probed container at each daemon start.
   */
  private probedInstance(record: ContainerRecord): ReturnType<ProbedContainer['instance']> {
    const current = record.current;
    if (!current || (current.adopted && !current.handle && !current.exit)) return undefined;
    return { id: current.id, running: !current.exit, startedAt: current.startedAt, handle: current.handle };
  }

  /** Runs the readiness probe of a container now (a new instance has no readiness result yet). */
  triggerReadiness(name: string): void {
    this.workers.find((w) => w.type === 'readiness' && w.containerName === name)?.trigger();
  }

  /**
   * Runs the startup probe of a container now, outside the period: for an instance that counts as
   * started before its worker existed (a static pod started at the node's boot), whose initial
   * delay may be over already. A success triggers readiness, as always.
   */
  triggerStartup(name: string): void {
    this.workers.find((w) => w.type === 'startup' && w.containerName === name)?.trigger();
  }

  /** On a graceful deletion only readiness keeps probing. */
  stopLivenessAndStartup(): void {
    for (const worker of this.workers) if (worker.type !== 'readiness') worker.stop();
  }

  stopAll(): void {
    for (const worker of this.workers) worker.stop();
  }

  private record(record: ContainerRecord, type: ProbeType, success: boolean, instanceId: string): void {
    if (record.current?.id !== instanceId) return;
    let changed: boolean;
    if (type === 'readiness') {
      changed = record.readinessSucceeded !== success;
      record.readinessSucceeded = success;
    } else if (type === 'liveness') {
      changed = record.livenessFailed === success;
      record.livenessFailed = !success;
    } else if (success) {
      changed = !record.startupSucceeded;
      record.startupSucceeded = true;
    } else {
      changed = !record.startupFailed;
      record.startupFailed = true;
    }
    if (type === 'startup' && success) this.triggerReadiness(record.name);
    // As the prober's results manager, only a change is passed on: a readiness probe passing every
    // second (kubeadm's kube-apiserver) neither regenerates the status nor wakes a sync each time.
    if (changed) this.options.onChange(type);
  }
}
