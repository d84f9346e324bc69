/**
 * One probe attempt (k/k `pkg/probe/http`, `pkg/probe/tcp`, `pkg/probe/exec` and the prober's
 * runProbe): an HTTP GET from the node to the pod's IP (200–399 passes; `HTTP probe failed with
 * statuscode: 404` otherwise), a TCP connect, or a command run in the container (exit 0 passes; its
 * combined output is the message), each bounded by timeoutSeconds on the cluster clock. The
 * texts of the Go errors are reproduced (`Get "http://…": dial tcp …: connect: connection
 * refused`, `context deadline exceeded (Client.Timeout exceeded while awaiting headers)`).
 * Left out: gRPC probes (reported as errors, so they never change a result), HTTPS, redirects.
 */
import type { Clock } from '../../../shared/clock.js';
import { ContainerStartError, ExecTimeoutError, type ContainerHandle } from '../../runtime/container.js';
import { NetworkError, type ClusterNetwork } from '../../runtime/network.js';
import type { ContainerSpec } from './container-state.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type ProbeSpec = Record<string, any>;

/** `error` is the prober's Unknown: the attempt did not run, and its result is thrown away. */
export interface ProbeOutcome {
  result: 'success' | 'failure' | 'error';
  output: string;
}

export interface ProbeContext {
  clock: Clock;
  network: ClusterNetwork;
  /** Probes come from the node: servers see this address as the client. */
  nodeIP: string;
  podIP?: string;
  container: ContainerSpec;
  handle?: ContainerHandle;
}

/** The Go client version the User-Agent names. */
const kubeVersion = '1.32';

const timedOut = Symbol('timeout');

/** Races work against the probe's timeout on the cluster clock. */
async function withTimeout<T>(clock: Clock, ms: number, work: Promise<T>): Promise<T | typeof timedOut> {
  let timer: { cancel(): void } | undefined;
  const deadline = new Promise<typeof timedOut>((resolve) => (timer = clock.after(ms, () => resolve(timedOut))));
  try {
    return await Promise.race([work, deadline]);
  } finally {
    timer?.cancel();
  }
}

/** A port given as a number, a numeric string, or the name of one of the container's ports. */
export function resolvePort(port: number | string, container: ContainerSpec): number | undefined {
  if (typeof port === 'number') return port;
  const named = (container.ports ?? []).find((p: { name?: string }) => p.name === port);
  if (named) return named.containerPort;
  return /^\d+$/.test(port) ? Number(port) : undefined;
}

export async function runProbe(probe: ProbeSpec, ctx: ProbeContext): Promise<ProbeOutcome> {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  if (probe.exec) return execProbe(probe.exec.command ?? [], timeoutMs, ctx);
  if (probe.httpGet) return httpProbe(probe.httpGet, timeoutMs, ctx);
  if (probe.tcpSocket) return tcpProbe(probe.tcpSocket, ctx);
  // TODO(#5): gRPC health checks; until then a gRPC probe never changes the result.
  return { result: 'error', output: 'unsupported probe handler' };
}

async function execProbe(command: string[], timeoutMs: number, ctx: ProbeContext): Promise<ProbeOutcome> {
  if (!ctx.handle) return { result: 'error', output: 'container not found' };
  let output = '';
  const io = { stdout: (data: string) => void (output += data), stderr: (data: string) => void (output += data) };
  const timeout: ProbeOutcome = { result: 'failure', output: `command "${command.join(' ')}" timed out` };
  try {
    const code = await withTimeout(ctx.clock, timeoutMs, ctx.handle.exec(command, io, timeoutMs));
    if (code === timedOut) return timeout;
    return { result: code === 0 ? 'success' : 'failure', output };
  } catch (err) {
    if (err instanceof ExecTimeoutError) return timeout;
    // A command that cannot start fails the probe with containerd's words (OCI runtime exec failed…).
    if (err instanceof ContainerStartError) return { result: 'failure', output: err.message };
    return { result: 'error', output: (err as Error).message };
  }
}

async function httpProbe(action: ProbeSpec, timeoutMs: number, ctx: ProbeContext): Promise<ProbeOutcome> {
  const port = resolvePort(action.port, ctx.container);
  if (port === undefined) return { result: 'error', output: `unable to find port: ${action.port}` };
  const host: string = action.host || ctx.podIP || '';
  const path: string = action.path || '/';
  const scheme = String(action.scheme ?? 'HTTP').toLowerCase();
  const url = `${scheme}://${host}:${port}${path.startsWith('/') ? path : `/${path}`}`;
  const headers: Record<string, string> = { Host: `${host}:${port}`, 'User-Agent': `kube-probe/${kubeVersion}`, Accept: '*/*', Connection: 'close' };
  for (const header of action.httpHeaders ?? []) headers[header.name] = header.value;
  try {
    const response = await withTimeout(ctx.clock, timeoutMs, ctx.network.deliver(ctx.nodeIP, host, port, { method: 'GET', path, headers, body: '' }));
    if (response === timedOut) return { result: 'failure', output: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` };
    if (response.status >= 200 && response.status < 400) return { result: 'success', output: '' };
    return { result: 'failure', output: `HTTP probe failed with statuscode: ${response.status}` };
  } catch (err) {
    if (err instanceof NetworkError) return { result: 'failure', output: `Get "${url}": dial tcp ${host}:${port}: connect: connection refused` };
    return { result: 'failure', output: `Get "${url}": ${(err as Error).message}` };
  }
}

function tcpProbe(action: ProbeSpec, ctx: ProbeContext): ProbeOutcome {
  const port = resolvePort(action.port, ctx.container);
  if (port === undefined) return { result: 'error', output: `unable to find port: ${action.port}` };
  const host: string = action.host || ctx.podIP || '';
  if (ctx.network.isListening(host, port)) return { result: 'success', output: '' };
  return { result: 'failure', output: `dial tcp ${host}:${port}: connect: connection refused` };
}
