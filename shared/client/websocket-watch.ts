/**
 * A watch over WebSocket (`GET …?watch=true` with `Upgrade: websocket`), the way client libraries
 * other than kubectl watch a real apiserver: one text message per event, `{"type":…,"object":…}`.
 * The TUI uses it through HttpClient's `watchTransport: 'websocket'`; a refused upgrade (401, 404)
 * arrives as an HTTP response with a Status body and is rethrown as a StatusError.
 * Leaves out: ping/pong keep-alives (the daemon is on loopback: a dead one closes the socket).
 */
import type { IncomingMessage } from 'node:http';
import { StatusError } from '../api/errors.js';
import type { Status, WatchEvent } from '../api/meta.js';
import type { WatchHandle, WatchHandler } from './client.js';

export interface WebSocketWatchOptions {
  /** `wss://127.0.0.1:6443/api/v1/pods?watch=true&…` */
  url: string;
  token: string;
  ca: string;
}

/** The Status a refused upgrade carries in its body, or a generic one when the body is not a Status. */
function readRefusal(res: IncomingMessage): Promise<StatusError> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', () => resolve(new StatusError(res.statusCode ?? 500, 'InternalError', 'watch failed')));
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        const status = JSON.parse(text) as Status;
        resolve(status?.kind === 'Status' ? StatusError.fromStatus(status) : new StatusError(res.statusCode ?? 500, 'InternalError', text));
      } catch {
        resolve(new StatusError(res.statusCode ?? 500, 'InternalError', text || `watch failed with HTTP ${res.statusCode}`));
      }
    });
  });
}

/**
 * Opens the watch; resolves once the upgrade succeeded. Rejects with a StatusError when the server
 * refuses the upgrade, or with the socket error when the server cannot be reached.
 */
export async function openWebSocketWatch(options: WebSocketWatchOptions, handler: WatchHandler): Promise<WatchHandle> {
  // Loaded on first use: the chunked watch (nodes, controllers over HTTP) never needs `ws`.
  const { WebSocket } = await import('ws');
  const ws = new WebSocket(options.url, { ca: options.ca, headers: { Authorization: `Bearer ${options.token}` }, perMessageDeflate: false });
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  let stopped = false;
  ws.on('close', () => finish());
  ws.on('message', (data, isBinary) => {
    if (stopped || isBinary) return;
    let event: WatchEvent;
    try {
      event = JSON.parse(data.toString()) as WatchEvent;
    } catch {
      // A message that is not JSON is a broken stream: end it, as the chunked client's reader would.
      ws.terminate();
      return;
    }
    handler(event);
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    ws.once('open', () => {
      settled = true;
      resolve({
        stop: () => {
          stopped = true;
          ws.terminate();
          finish();
        },
        done,
      });
    });
    ws.once('unexpected-response', (req, res) => {
      settled = true;
      void readRefusal(res).then((err) => {
        req.destroy();
        finish();
        reject(err);
      });
    });
    ws.on('error', (err) => {
      finish();
      if (!settled) {
        settled = true;
        reject(err);
      }
    });
  });
}
