/**
 * `pods/<name>/exec` over WebSocket with the `v5.channel.k8s.io` subprotocol, as kubectl 1.32
 * speaks it (reference/kubectl-compat.md §9.8, §10): the command starts at once and reads stdin as
 * it arrives (`-i`), on a pty with echo, line editing, Ctrl-C and resize when `-t` asks for one
 * (channel-session.ts); the exit status ends the session as a Status on channel 3. Problems found
 * before the upgrade are answered as plain HTTP Status errors, for the WebSocket GET and for the
 * SPDY POST kubectl falls back to.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { badRequest } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { ContainerStartError, type ContainerHandle } from '../../runtime/container.js';
import type { KubeletDirectory } from '../kubelet-directory.js';
import { baseName } from '../../runtime/fs/paths.js';
import { Pty } from '../../runtime/tty/pty.js';
import { ChannelSession, streamOptions, type StreamOptions } from './channel-session.js';
import { requireHost, targetContainer } from './container-target.js';
import { dialFailureStatus, kubeletDialError, streamQuery } from './kubelet-dial.js';

export interface ExecRequest {
  /** Undefined when the container is not running: the session then ends with the kubelet's error. */
  handle: ContainerHandle | undefined;
  /** The node's kubelet does not answer (a killed node): the dial error the session ends with. */
  dialError?: string;
  container: string;
  command: string[];
  streams: StreamOptions;
}

/** The running container's handle, or undefined (not started yet, exited, or the node is gone). */
export function findRunningContainer(directory: KubeletDirectory, pod: KubeObject, container: string): ContainerHandle | undefined {
  const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])].find((s: { name: string }) => s.name === container);
  return status?.state?.running ? directory.forNode(pod.spec?.nodeName ?? '')?.containerHandle(pod.metadata.uid!, container) : undefined;
}

/** The running container a request means; throws the kubelet's 400 when there is none. */
export function runningContainer(directory: KubeletDirectory, pod: KubeObject, url: URL): ContainerHandle {
  const container = targetContainer(pod, url.searchParams.get('container'));
  requireHost(pod);
  const handle = findRunningContainer(directory, pod, container);
  if (!handle) throw badRequest(`container not found ("${container}")`);
  return handle;
}

/**
 * Validates an exec request (before any upgrade); throws the Status error kubectl prints. A
 * container that is not running is no error yet: the apiserver upgrades kubectl's WebSocket before
 * it reaches the kubelet, so that failure arrives on the error channel (upgradeExec).
 */
export function prepareExec(directory: KubeletDirectory, pod: KubeObject, url: URL): ExecRequest {
  const container = targetContainer(pod, url.searchParams.get('container'));
  requireHost(pod);
  const command = url.searchParams.getAll('command');
  if (command.length === 0) throw badRequest('you must specify at least 1 command');
  const streams = streamOptions(url);
  const dialError = kubeletDialError(directory, pod, 'Post', `/exec/${pod.metadata.namespace}/${pod.metadata.name}/${container}`, streamQuery(streams, command));
  return { handle: findRunningContainer(directory, pod, container), container, command, streams, ...(dialError ? { dialError } : {}) };
}

/**
 * The kubelet finds no running container of that name (`container not found ("c")`) and refuses
 * the SPDY upgrade; the apiserver's stream translator reports that as an InternalError, so kubectl
 * 1.32 prints `error: Internal error occurred: unable to upgrade connection: container not found ("c")`.
 */
export function containerNotFoundStatus(container: string): object {
  return { metadata: {}, status: 'Failure', message: `Internal error occurred: unable to upgrade connection: container not found ("${container}")`, reason: 'InternalError', code: 500 };
}

/** The kubelet's Status for an exit code: kubectl prints `command terminated with exit code N`. */
export function exitStatus(code: number, command: string[]): object {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/**
 * The Status for an exec that could not start (a missing binary). containerd wraps runc's words in
 * its exec id, the kubelet's streaming server makes that an InternalError, and since 1.30 the
 * apiserver's WebSocket-to-SPDY translator wraps the decoded error in a second InternalError, so
 * kubectl prints `error: Internal error occurred: Internal error occurred: error executing command
 * in container: failed to exec in container: failed to start exec "<id>": OCI runtime exec failed: …`.
 */
export function execFailureStatus(err: Error): object {
  const message = err instanceof ContainerStartError
    ? `Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${randomBytes(32).toString('hex')}": ${err.message}`
    : err.message;
  return { metadata: {}, status: 'Failure', message, reason: 'InternalError', code: 500 };
}

export async function upgradeExec(wss: WebSocketServer, exec: ExecRequest, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  // `kubectl cp` streams tar archives both ways: the tar program handles them as byte strings.
  const encoding = baseName(exec.command[0] ?? '') === 'tar' ? 'latin1' : 'utf8';
  const session = await ChannelSession.accept(wss, exec.streams, req, socket, head, encoding);
  if (!session) return;
  const handle = exec.handle;
  if (exec.dialError) return session.finish(dialFailureStatus(exec.dialError));
  if (!handle) return session.finish(containerNotFoundStatus(exec.container));
  const { stdin, tty } = exec.streams;
  // The exec's own pty (or pipe): the terminal's echo goes to the client's screen.
  const pty = stdin || tty ? new Pty(tty, session.stdout) : undefined;
  if (pty) session.onInput({ stdin: (text) => pty.input(text), resize: (size) => pty.resize(size), stdinEnd: () => pty.endInput() });
  let code: number;
  try {
    code = await handle.exec(exec.command, {
      stdout: (data) => session.stdout(pty ? pty.output(data) : data),
      stderr: (data) => session.stderr(pty ? pty.output(data) : data),
      ...(pty && stdin ? { stdinStream: pty.stdin } : {}),
      // On a pty the shell reads typed lines (and prompts); the line discipline already echoed them.
      ...(pty?.terminal ? { terminal: pty.terminal, hangup: session.hangup.signal, ...(stdin ? { readLine: pty.readLine } : {}) } : {}),
    });
  } catch (err) {
    session.finish(execFailureStatus(err as Error));
    return;
  }
  session.finish(exitStatus(code, exec.command));
}
