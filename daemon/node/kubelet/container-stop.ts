/**
 * Stopping one container as the kubelet does (k/k `kuberuntime_container.go` killContainer): the
 * `Killing` event first, then the preStop hook within the grace period, then the runtime's stop —
 * SIGTERM, and SIGKILL at the deadline — with at least the kubelet's 2 s minimum. The exit is
 * recorded on the instance once, whichever of stop() and wait() reports it first.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import type { Clock } from '../../../shared/clock.js';
import type { ExitStatus } from '../../runtime/container.js';
import type { ClusterNetwork } from '../../runtime/network.js';
import type { ContainerInstance, ContainerSpec } from './container-state.js';
import { runHook } from './lifecycle-hooks.js';

/** kubelet minimumGracePeriodInSeconds: every stop gives the container at least this long. */
export const minimumGraceMs = 2_000;

export interface StopContext {
  pod: Readonly<KubeObject>;
  clock: Clock;
  network: ClusterNetwork;
  nodeIP: string;
  podIP?: string;
  event(type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** The runtime's exit, kept once (stop() and wait() both report it). */
export function recordExit(instance: ContainerInstance, exit: ExitStatus): void {
  if (instance.exit) return;
  instance.exit = { exitCode: exit.exitCode, reason: exit.reason, finishedAt: exit.finishedAt };
}

export async function stopContainer(ctx: StopContext, spec: ContainerSpec, instance: ContainerInstance, message: string, graceMs: number): Promise<void> {
  const handle = instance.handle;
  if (!handle || instance.exit) return;
  ctx.event('Normal', 'Killing', message);
  let grace = graceMs;
  const preStop = spec.lifecycle?.preStop;
  if (preStop) {
    const started = ctx.clock.now();
    const hook = runHook(preStop, { pod: ctx.pod, container: spec, handle, clock: ctx.clock, network: ctx.network, nodeIP: ctx.nodeIP, podIP: ctx.podIP });
    // The hook may use the whole grace period, no more.
    const failure = await Promise.race([hook, ctx.clock.sleep(grace).then(() => undefined)]);
    if (failure !== undefined) ctx.event('Warning', 'FailedPreStopHook', 'PreStopHook failed');
    grace -= ctx.clock.now() - started;
  }
  recordExit(instance, await handle.stop(Math.max(grace, minimumGraceMs)));
}
