/**
 * `pods/<name>/attach` over WebSocket `v5.channel.k8s.io` (reference/kubectl-compat.md §10): the
 * client joins the running container's main process, as `kubectl attach` and `kubectl run -it`
 * do — its output from now on, and with `stdin=true` the keys typed, into the container's console
 * (runtime/tty/container-console.ts). The session lasts until the container ends (then a Success
 * Status, as the kubelet's attach server writes one) or the client leaves. A container without
 * `stdin: true` takes no input; kubectl warns about that itself.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ContainerHandle } from '../../runtime/container.js';
import type { KubeletDirectory } from '../kubelet-directory.js';
import { ChannelSession, streamOptions, type StreamOptions } from './channel-session.js';
import { requireHost, targetContainer } from './container-target.js';
import { containerNotFoundStatus, findRunningContainer } from './exec.js';
import { dialFailureStatus, kubeletDialError, streamQuery } from './kubelet-dial.js';

export interface AttachRequest {
  /** Undefined when the container is not running: the session then ends with the kubelet's error. */
  handle: ContainerHandle | undefined;
  container: string;
  streams: StreamOptions;
  /** The node's kubelet does not answer (a killed node): the dial error the session ends with. */
  dialError?: string;
}

/**
 * Validates an attach request (before any upgrade); throws the Status error kubectl prints. A
 * container that is not running fails after the upgrade, as exec does (exec.ts prepareExec).
 */
export function prepareAttach(directory: KubeletDirectory, pod: KubeObject, url: URL): AttachRequest {
  const container = targetContainer(pod, url.searchParams.get('container'));
  requireHost(pod);
  const streams = streamOptions(url);
  const dialError = kubeletDialError(directory, pod, 'Post', `/attach/${pod.metadata.namespace}/${pod.metadata.name}/${container}`, streamQuery(streams));
  return { handle: findRunningContainer(directory, pod, container), container, streams, ...(dialError ? { dialError } : {}) };
}

export async function upgradeAttach(wss: WebSocketServer, request: AttachRequest, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const session = await ChannelSession.accept(wss, request.streams, req, socket, head);
  if (!session) return;
  const handle = request.handle;
  // kubectl run -i then says `warning: couldn't attach to pod/x, falling back to streaming logs: Internal error occurred: …`.
  if (request.dialError) return session.finish(dialFailureStatus(request.dialError));
  if (!handle) return session.finish(containerNotFoundStatus(request.container));
  const attachment = handle.attach?.({ stdout: session.stdout, stderr: session.stderr }, request.streams.stdin);
  if (!attachment) {
    session.finish({ metadata: {}, status: 'Failure', message: 'cannot attach to a stopped container' });
    return;
  }
  session.onInput({ stdin: (text) => attachment.input(text), resize: (size) => attachment.resize(size), stdinEnd: () => attachment.endInput() });
  const left = new Promise<void>((resolve) => session.hangup.signal.addEventListener('abort', () => resolve(), { once: true }));
  await Promise.race([handle.wait(), left]);
  attachment.detach();
  session.finish({ metadata: {}, status: 'Success' });
}
