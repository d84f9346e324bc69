/**
 * The prober's workers (k/k `pkg/kubelet/prober/worker.go`): one per container and probe type,
 * created when the pod arrives and ticking every periodSeconds on the cluster clock from then on,
 * as the kubelet's do. A tick skips until the container runs and initialDelaySeconds have passed;
 * liveness and readiness wait for the startup probe; a result changes only after
 * failureThreshold failures or successThreshold successes in a row; a failed liveness or startup
 * result (and a startup success) holds the worker until the next container instance. Every failed
 * attempt records `Unhealthy` (`Liveness probe failed: HTTP probe failed with statuscode: 404`).
 */
import type { Clock, Timer } from '../../../shared/clock.js';
import type { ContainerHandle } from '../../runtime/container.js';
import type { ClusterNetwork } from '../../runtime/network.js';
import type { ContainerSpec } from './container-state.js';
import { runProbe, type ProbeSpec } from './probe-runner.js';

export type ProbeType = 'liveness' | 'readiness' | 'startup';
export type ProbeResult = 'success' | 'failure';

/** What a worker needs to see of its container, read afresh on every tick. */
export interface ProbedContainer {
  /** The latest instance of the container, if any. */
  instance(): { id: string; running: boolean; startedAt: number; handle?: ContainerHandle } | undefined;
  /** Whether the startup probe of the current instance succeeded (true without one). */
  started(): boolean;
  podIP(): string | undefined;
  /** The pod has a deletionTimestamp. */
  deleting(): boolean;
}

export interface ProbeWorkerOptions {
  type: ProbeType;
  probe: ProbeSpec;
  container: ContainerSpec;
  clock: Clock;
  network: ClusterNetwork;
  nodeIP: string;
  target: ProbedContainer;
  /** The result for instance crossed its threshold (or was set at a hold). */
  onResult(result: ProbeResult, instanceId: string): void;
  /** Records the Unhealthy event of a failed or errored attempt. */
  onUnhealthy(message: string): void;
}

const typeNames: Record<ProbeType, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

export class ProbeWorker {
  private timer?: Timer;
  private stopped = false;
  private inFlight = false;
  private instanceId = '';
  private onHold = false;
  private lastResult?: ProbeResult;
  private resultRun = 0;

  constructor(private readonly options: ProbeWorkerOptions) {}

  get type(): ProbeType {
    return this.options.type;
  }

  get containerName(): string {
    return this.options.container.name;
  }

  /** Probes once now, then every periodSeconds. */
  start(): void {
    const periodMs = (this.options.probe.periodSeconds ?? 10) * 1000;
    this.timer = this.options.clock.every(periodMs, () => this.tick());
    this.tick();
  }

  /** Runs a probe now, outside the period (the kubelet's manual trigger of a readiness probe). */
  trigger(): void {
    this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private tick(): void {
    if (this.stopped || this.inFlight) return;
    this.inFlight = true;
    void this.doProbe()
      .then((keepGoing) => {
        if (!keepGoing) this.stop();
      })
      .finally(() => (this.inFlight = false));
  }

  /** One tick of worker.doProbe; resolves false when the worker should stop. */
  private async doProbe(): Promise<boolean> {
    const { type, probe, target } = this.options;
    const instance = target.instance();
    if (!instance) return true;
    if (instance.id !== this.instanceId) {
      // A new instance: start over from its initial result.
      this.instanceId = instance.id;
      this.onHold = false;
      this.lastResult = undefined;
      this.resultRun = 0;
    }
    if (this.onHold || !instance.running) return true;
    // On a graceful deletion, liveness and startup stop so that no kill interrupts the shutdown.
    if (target.deleting() && type !== 'readiness') return false;
    if (Math.floor((this.options.clock.now() - instance.startedAt) / 1000) < (probe.initialDelaySeconds ?? 0)) return true;
    const started = target.started();
    if (type === 'startup' ? started : !started) return true;

    const outcome = await runProbe(probe, {
      clock: this.options.clock,
      network: this.options.network,
      nodeIP: this.options.nodeIP,
      podIP: target.podIP(),
      container: this.options.container,
      handle: instance.handle,
    });
    if (this.stopped || target.instance()?.id !== instance.id) return true;
    if (outcome.result === 'error') {
      this.options.onUnhealthy(`${typeNames[type]} probe errored: ${outcome.output}`);
      return true;
    }
    if (outcome.result === 'failure') this.options.onUnhealthy(`${typeNames[type]} probe failed: ${outcome.output}`);
    const result: ProbeResult = outcome.result;
    if (this.lastResult === result) this.resultRun++;
    else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    const threshold = result === 'failure' ? (probe.failureThreshold ?? 3) : (probe.successThreshold ?? 1);
    if (this.resultRun < threshold) return true;
    this.options.onResult(result, instance.id);
    if ((type === 'liveness' && result === 'failure') || type === 'startup') {
      // Hold until a new instance: no probe runs into a container that is being killed.
      this.onHold = true;
      this.resultRun = 0;
    }
    return true;
  }
}
