/**
 * `pods/<name>/exec` over WebSocket with the `v5.channel.k8s.io` subprotocol, as kubectl 1.32
 * speaks it (reference/kubectl-compat.md §9.8, §10): the command starts at once and reads stdin as
 * it arrives (`-i`), on a pty with echo, line editing, Ctrl-C and resize when `-t` asks for one
 * (channel-session.ts); the exit status ends the session as a Status on channel 3. Problems found
 * before the upgrade are answered as plain HTTP Status errors, for the WebSocket GET and for the
 * SPDY POST kubectl falls back to.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { badRequest } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ContainerHandle } from '../../runtime/container.js';
import type { KubeletDirectory } from '../kubelet-directory.js';
import { baseName } from '../../runtime/fs/paths.js';
import { Pty } from '../../runtime/tty/pty.js';
import { ChannelSession, streamOptions, type StreamOptions } from './channel-session.js';
import { targetContainer } from './container-target.js';

export interface ExecRequest {
  handle: ContainerHandle;
  command: string[];
  streams: StreamOptions;
}

/** The running container a request means; throws the kubelet's 400 when there is none. */
export function runningContainer(directory: KubeletDirectory, pod: KubeObject, url: URL): ContainerHandle {
  const container = targetContainer(pod, url.searchParams.get('container'));
  const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])].find((s: { name: string }) => s.name === container);
  const handle = status?.state?.running ? directory.forNode(pod.spec?.nodeName ?? '')?.containerHandle(pod.metadata.uid!, container) : undefined;
  if (!handle) throw badRequest(`container not found ("${container}")`);
  return handle;
}

/** Validates an exec request (before any upgrade); throws the Status error kubectl prints. */
export function prepareExec(directory: KubeletDirectory, pod: KubeObject, url: URL): ExecRequest {
  targetContainer(pod, url.searchParams.get('container'));
  const command = url.searchParams.getAll('command');
  if (command.length === 0) throw badRequest('you must specify at least 1 command');
  return { handle: runningContainer(directory, pod, url), command, streams: streamOptions(url) };
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

export async function upgradeExec(wss: WebSocketServer, exec: ExecRequest, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  // `kubectl cp` streams tar archives both ways: the tar program handles them as byte strings.
  const encoding = baseName(exec.command[0] ?? '') === 'tar' ? 'latin1' : 'utf8';
  const session = await ChannelSession.accept(wss, exec.streams, req, socket, head, encoding);
  if (!session) return;
  const { stdin, tty } = exec.streams;
  // The exec's own pty (or pipe): the terminal's echo goes to the client's screen.
  const pty = stdin || tty ? new Pty(tty, session.stdout) : undefined;
  if (pty) session.onInput({ stdin: (text) => pty.input(text), resize: (size) => pty.resize(size), stdinEnd: () => pty.endInput() });
  let code: number;
  try {
    code = await exec.handle.exec(exec.command, {
      stdout: (data) => session.stdout(pty ? pty.output(data) : data),
      stderr: (data) => session.stderr(pty ? pty.output(data) : data),
      ...(pty && stdin ? { stdinStream: pty.stdin } : {}),
      // On a pty the shell reads typed lines (and prompts); the line discipline already echoed them.
      ...(pty?.terminal ? { terminal: pty.terminal, hangup: session.hangup.signal, ...(stdin ? { readLine: pty.readLine } : {}) } : {}),
    });
  } catch (err) {
    session.finish({ metadata: {}, status: 'Failure', message: (err as Error).message });
    return;
  }
  session.finish(exitStatus(code, exec.command));
}
