/**
 * postStart and preStop hooks (k/k `pkg/kubelet/lifecycle/handlers.go`): `exec` runs in the
 * container, `httpGet` goes from the node to the pod, `sleep` waits on the cluster clock. A
 * failure returns the kubelet's message, which becomes the PostStartHookError waiting message;
 * the events only say `PostStartHook failed` / `PreStopHook failed`, as they have since 1.26.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../../shared/api/meta.js';
import type { Clock } from '../../../shared/clock.js';
import type { ContainerHandle } from '../../runtime/container.js';
import type { ClusterNetwork } from '../../runtime/network.js';
import { podFullName, type ContainerSpec } from './container-state.js';
import { goQuote } from './downward-api.js';
import { resolvePort } from './probe-runner.js';

export interface HookContext {
  pod: Readonly<KubeObject>;
  container: ContainerSpec;
  handle: ContainerHandle;
  clock: Clock;
  network: ClusterNetwork;
  nodeIP: string;
  podIP?: string;
}

/** Runs a lifecycle handler; resolves undefined on success, else the failure message. */
export async function runHook(handler: Record<string, any>, ctx: HookContext): Promise<string | undefined> {
  const where = `for Container "${ctx.container.name}" in Pod "${podFullName(ctx.pod)}"`;
  if (handler.exec) {
    const command: string[] = handler.exec.command ?? [];
    let output = '';
    const append = (data: string): void => void (output += data);
    let code: number;
    try {
      code = await ctx.handle.exec(command, { stdout: append, stderr: append });
    } catch (err) {
      return `Exec lifecycle hook ([${command.join(' ')}]) ${where} failed - error: ${(err as Error).message}, message: ""`;
    }
    if (code === 0) return undefined;
    return `Exec lifecycle hook ([${command.join(' ')}]) ${where} failed - error: command '${command.join(' ')}' exited with ${code}: ${output}, message: ${goQuote(output)}`;
  }
  if (handler.httpGet) {
    const action = handler.httpGet;
    const port = resolvePort(action.port, ctx.container) ?? 80;
    const host: string = action.host || ctx.podIP || '';
    const path: string = action.path || '/';
    const url = `${String(action.scheme ?? 'HTTP').toLowerCase()}://${host}:${port}${path}`;
    try {
      const response = await ctx.network.deliver(ctx.nodeIP, host, port, { method: 'GET', path, headers: { Host: `${host}:${port}`, 'User-Agent': 'kube-lifecycle/1.32', Accept: '*/*' }, body: '' });
      if (response.status >= 200 && response.status < 400) return undefined;
      return `HTTP lifecycle hook (${path}) ${where} failed - error: HTTP request to ${url} failed with status code ${response.status}`;
    } catch {
      return `HTTP lifecycle hook (${path}) ${where} failed - error: Get "${url}": dial tcp ${host}:${port}: connect: connection refused`;
    }
  }
  if (handler.sleep) {
    await ctx.clock.sleep((handler.sleep.seconds ?? 0) * 1000);
    return undefined;
  }
  return undefined;
}
