/**
 * Watch over WebSocket (`GET …?watch=true` with `Upgrade: websocket`), as real apiservers serve it
 * for clients other than kubectl: one text message per event, `{"type":…,"object":…}`, with the
 * same resourceVersion, selector and 410 rules as the chunked stream. The TUI uses it.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer, WebSocket } from 'ws';
import { isStatusError, StatusError } from '../../../shared/api/errors.js';
import type { Status } from '../../../shared/api/meta.js';
import type { GenericRegistry } from '../registry/generic-registry.js';
import { openWatch } from '../registry/watch-source.js';
import { parseApiPath } from './paths.js';

let wss: WebSocketServer | undefined;

/** The one WebSocket server of the apiserver (watch and exec upgrades). */
export async function server(): Promise<WebSocketServer> {
  // `ws` is loaded on the first upgrade only: kubectl never asks for one.
  if (!wss) {
    const { WebSocketServer } = await import('ws');
    wss = new WebSocketServer({ noServer: true });
  }
  return wss;
}

function refuse(socket: Duplex, status: Status): void {
  const body = JSON.stringify(status);
  socket.end(`HTTP/1.1 ${status.code} ${status.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** Handles an upgrade request that already passed authentication. */
export async function upgradeWatch(registry: GenericRegistry, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://localhost');
  const path = parseApiPath(url.pathname);
  const isWatch = ['true', '1'].includes(url.searchParams.get('watch') ?? '');
  if (path.kind !== 'resource' || !path.info || path.name || path.subresource || !isWatch) {
    // exec/attach/portforward upgrades belong to the kubelet (issue #5).
    return refuse(socket, new StatusError(404, 'NotFound', 'the server could not find the requested resource', {}).status);
  }
  const info = path.info;
  // ws answers a handshake it refuses (a bad key, a non-GET) itself and never calls back: the
  // socket's close then ends the wait instead of leaving this request pending for good.
  const wss = await server();
  const ws: WebSocket | undefined = await new Promise((resolve) => {
    socket.once('close', () => resolve(undefined));
    wss.handleUpgrade(req, socket, head, resolve);
  });
  if (!ws) return;
  let watch: { cancel(): void } | undefined;
  ws.on('close', () => watch?.cancel());
  ws.on('error', () => watch?.cancel());
  try {
    watch = openWatch(
      registry,
      info,
      info.namespaced ? path.namespace : undefined,
      {
        resourceVersion: url.searchParams.get('resourceVersion') ?? undefined,
        labelSelector: url.searchParams.get('labelSelector') ?? undefined,
        fieldSelector: url.searchParams.get('fieldSelector') ?? undefined,
      },
      (type, entry) => {
        if (ws.readyState === ws.OPEN) ws.send(`{"type":"${type}","object":${entry.json}}`);
      },
      () => ws.close(1011),
      // The kind's CRD went: a normal close, as the real server ends the watch without an error.
      () => ws.close(1000),
    );
  } catch (err) {
    const status = isStatusError(err) ? err.status : new StatusError(500, 'InternalError', String(err)).status;
    ws.send(JSON.stringify({ type: 'ERROR', object: status }));
    ws.close(1000);
  }
}
