/**
 * `pods/<name>/exec` over WebSocket with the `v5.channel.k8s.io` subprotocol, as kubectl 1.32
 * speaks it (reference/kubectl-compat.md §10): binary frames whose first byte is the channel
 * (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize, 255 close), the exit status as a Status on
 * channel 3, then a normal close. Problems found before the upgrade are answered as plain HTTP
 * Status errors, for the WebSocket GET and for the SPDY POST kubectl falls back to.
 * Stdin is read to its end before the command runs (an interactive `-it` session is not yet
 * streamed: TODO(#5)).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { badRequest } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ContainerHandle } from '../../runtime/container.js';
import type { KubeletDirectory } from '../kubelet-directory.js';
import { targetContainer } from './container-target.js';

const protocol = 'v5.channel.k8s.io';
const stdinChannel = 0;
const closeChannel = 255;

export interface ExecRequest {
  handle: ContainerHandle;
  command: string[];
  stdin: boolean;
}

/** Validates an exec request (before any upgrade); throws the Status error kubectl prints. */
export function prepareExec(directory: KubeletDirectory, pod: KubeObject, url: URL): ExecRequest {
  const container = targetContainer(pod, url.searchParams.get('container'));
  const command = url.searchParams.getAll('command');
  if (command.length === 0) throw badRequest('you must specify at least 1 command');
  const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s: { name: string }) => s.name === container);
  const handle = status?.state?.running ? directory.forNode(pod.spec?.nodeName ?? '')?.containerHandle(pod.metadata.uid!, container) : undefined;
  if (!handle) throw badRequest(`container not found ("${container}")`);
  return { handle, command, stdin: url.searchParams.get('stdin') === 'true' };
}

function frame(channel: number, data: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from([channel]), Buffer.isBuffer(data) ? data : Buffer.from(data)]);
}

function exitStatus(code: number, command: string[]): object {
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
  const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (!offered.includes(protocol)) {
    const body = JSON.stringify(badRequest(`exec requires the ${protocol} subprotocol`).status);
    socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    return;
  }
  const ws: WebSocket = await new Promise((resolve) => wss.handleUpgrade(req, socket, head, resolve));
  const chunks: Buffer[] = [];
  const stdinDone = new Promise<void>((resolve) => {
    if (!exec.stdin) return resolve();
    ws.on('message', (data: Buffer) => {
      if (data[0] === stdinChannel) chunks.push(data.subarray(1));
      else if (data[0] === closeChannel && data[1] === stdinChannel) resolve();
    });
    ws.on('close', () => resolve());
  });
  await stdinDone;
  const send = (channel: number, text: string): void => {
    if (ws.readyState === ws.OPEN) ws.send(frame(channel, text));
  };
  let code: number;
  try {
    code = await exec.handle.exec(exec.command, { stdin: Buffer.concat(chunks).toString('utf8'), stdout: (d) => send(1, d), stderr: (d) => send(2, d) });
  } catch (err) {
    send(3, JSON.stringify({ metadata: {}, status: 'Failure', message: (err as Error).message }));
    ws.close(1000);
    return;
  }
  send(3, JSON.stringify(exitStatus(code, exec.command)));
  ws.close(1000);
}
