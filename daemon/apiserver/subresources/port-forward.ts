/**
 * `pods/<name>/portforward` (reference/kubectl-compat.md §11): kubectl 1.32 opens a WebSocket
 * with the subprotocol `SPDY/3.1+portforward.k8s.io` and runs a SPDY/3.1 session inside it
 * (plain SPDY over `Upgrade: SPDY/3.1` is the fallback, served the same way). For each local
 * connection it opens an `error` and a `data` stream (headers `streamType`, `port`, `requestID`);
 * the bytes of the data stream go to the pod's port inside its network namespace (so the server
 * sees 127.0.0.1, as with the kubelet's port-forward), the answers come back on it, and a failure
 * is written as text on the error stream, which kubectl prints.
 * Left out: protocols other than HTTP (the pods' servers are simulated per request).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { badRequest } from '../../../shared/api/errors.js';
import { requireHost } from './container-target.js';
import { backendDialFailure, unreachableKubelet } from './kubelet-dial.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { logger } from '../../../shared/log.js';
import { NetworkError, type PodNetwork } from '../../runtime/network.js';
import type { KubeletDirectory } from '../kubelet-directory.js';
import { parseRequests, serializeResponse } from './http-bytes.js';
import { FrameReader, HeaderCompressor, HeaderDecompressor, controlFrame, dataFrame, flagFin, frameTypes, streamIdOf, uint32, type Frame } from './spdy-framer.js';

const log = logger('apiserver');
export const tunnelProtocol = 'SPDY/3.1+portforward.k8s.io';
const maxDataFrame = 64 * 1024;

export interface PortForwardTarget {
  podName: string;
  podUid: string;
  net: PodNetwork;
}

/** Validates a port-forward request (before any upgrade); throws the Status error kubectl prints. */
export function preparePortForward(directory: KubeletDirectory, pod: KubeObject): PortForwardTarget {
  const uid = pod.metadata.uid ?? '';
  const host = requireHost(pod);
  const unreachable = unreachableKubelet(directory, pod);
  if (unreachable) throw backendDialFailure(unreachable);
  const net = directory.forNode(host)?.podNetwork?.(uid);
  if (!net) throw badRequest(`pod ${pod.metadata.name} is not running`);
  return { podName: pod.metadata.name ?? '', podUid: uid, net };
}

let tunnelServer: WebSocketServer | undefined;

/**
 * A WebSocket server of its own: `ws` refuses `SPDY/3.1+portforward.k8s.io` as a subprotocol (a
 * `/` is not a token character in RFC 6455), so the header is taken off the request and the
 * protocol named in the answer by hand.
 */
async function tunnelWebSocketServer(): Promise<WebSocketServer> {
  if (!tunnelServer) {
    const { WebSocketServer } = await import('ws');
    tunnelServer = new WebSocketServer({ noServer: true });
    tunnelServer.on('headers', (headers: string[]) => headers.push(`Sec-WebSocket-Protocol: ${tunnelProtocol}`));
  }
  return tunnelServer;
}

/** Serves the upgrade: the WebSocket tunnel, or plain SPDY for the POST fallback. */
export async function upgradePortForward(target: PortForwardTarget, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  if (String(req.headers.upgrade ?? '').toLowerCase() === 'websocket') {
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(tunnelProtocol)) {
      const body = JSON.stringify(badRequest(`the ${tunnelProtocol} subprotocol is required`).status);
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      return;
    }
    delete req.headers['sec-websocket-protocol'];
    const wss = await tunnelWebSocketServer();
    const ws: WebSocket = await new Promise((resolve) => wss.handleUpgrade(req, socket, head, resolve));
    const session = new PortForwardSession(target, (bytes) => ws.readyState === ws.OPEN && ws.send(bytes));
    ws.on('message', (data: Buffer) => session.feed(data));
    ws.on('close', () => session.close());
    ws.on('error', (error) => log.debug('port-forward tunnel error', { error: String(error) }));
    return;
  }
  socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: portforward.k8s.io\r\n\r\n');
  const session = new PortForwardSession(target, (bytes) => !socket.destroyed && socket.write(bytes));
  if (head.length) session.feed(head);
  socket.on('data', (data: Buffer) => session.feed(data));
  socket.on('close', () => session.close());
}

interface Stream {
  id: number;
  type: string;
  port: number;
  requestId: string;
}

/** One kubectl port-forward session: SPDY streams paired by requestID, data bridged to the pod. */
class PortForwardSession {
  private readonly reader = new FrameReader();
  private readonly inflater = new HeaderDecompressor();
  private readonly deflater = new HeaderCompressor();
  private readonly streams = new Map<number, Stream>();
  private readonly bridges = new Map<number, DataBridge>();
  private closed = false;

  constructor(
    private readonly target: PortForwardTarget,
    private readonly write: (bytes: Buffer) => unknown,
  ) {}

  feed(bytes: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.reader.push(bytes);
      for (const frame of frames) this.handle(frame);
    } catch (error) {
      log.info('port-forward session failed', { pod: this.target.podName, error: String(error) });
      this.close();
    }
  }

  close(): void {
    this.closed = true;
    for (const bridge of this.bridges.values()) bridge.abort();
    this.bridges.clear();
  }

  send(bytes: Buffer): void {
    if (!this.closed) this.write(bytes);
  }

  /** Data on a stream, cut to frame size; fin ends our half of it. */
  sendData(streamId: number, data: Buffer, fin: boolean): void {
    for (let at = 0; at < data.length; at += maxDataFrame) this.send(dataFrame(streamId, 0, data.subarray(at, at + maxDataFrame)));
    if (fin) this.send(dataFrame(streamId, flagFin, Buffer.alloc(0)));
  }

  /** The error stream paired with a data stream. */
  errorStreamOf(stream: Stream): Stream | undefined {
    for (const other of this.streams.values()) if (other.type === 'error' && other.requestId === stream.requestId) return other;
    return undefined;
  }

  finish(stream: Stream, message?: string): void {
    const error = this.errorStreamOf(stream);
    if (error) this.sendData(error.id, message ? Buffer.from(message) : Buffer.alloc(0), true);
    this.sendData(stream.id, Buffer.alloc(0), true);
    this.bridges.delete(stream.id);
  }

  private handle(frame: Frame): void {
    if (frame.kind === 'data') {
      const bridge = this.bridges.get(frame.streamId);
      if (!bridge) return;
      if (frame.payload.length) bridge.push(frame.payload);
      if (frame.flags & flagFin) bridge.end();
      return;
    }
    switch (frame.type) {
      case frameTypes.synStream:
        return this.open(frame.payload);
      case frameTypes.rstStream: {
        const id = streamIdOf(frame.payload);
        this.bridges.get(id)?.abort();
        this.bridges.delete(id);
        this.streams.delete(id);
        return;
      }
      case frameTypes.ping:
        return this.send(controlFrame(frameTypes.ping, 0, frame.payload));
      case frameTypes.goAway:
        return this.close();
      default:
      // SETTINGS, WINDOW_UPDATE, HEADERS: spdystream does no flow control, nothing to act on.
    }
  }

  private open(payload: Buffer): void {
    const id = streamIdOf(payload);
    const headers = this.inflater.read(payload.subarray(10));
    const stream: Stream = { id, type: headers.get('streamtype') ?? '', port: Number(headers.get('port')), requestId: headers.get('requestid') ?? '' };
    this.streams.set(id, stream);
    this.send(controlFrame(frameTypes.synReply, 0, Buffer.concat([uint32(id), this.deflater.write(new Map())])));
    if (stream.type === 'data') this.bridges.set(id, new DataBridge(this, stream, this.target));
  }
}

/** The pod end of one forwarded connection: bytes in become requests, answers go back as bytes. */
class DataBridge {
  private buffer: Buffer = Buffer.alloc(0);
  private queue: Promise<void> = Promise.resolve();
  private done = false;

  constructor(
    private readonly session: PortForwardSession,
    private readonly stream: Stream,
    private readonly target: PortForwardTarget,
  ) {}

  push(bytes: Buffer): void {
    if (this.done) return;
    const parsed = parseRequests(Buffer.concat([this.buffer, bytes]));
    if ('error' in parsed) return this.fail(`kubelab forwards HTTP only; port ${this.stream.port} got something else`);
    this.buffer = parsed.rest;
    for (const request of parsed.requests) {
      this.queue = this.queue.then(async () => {
        if (this.done) return;
        try {
          const response = await this.target.net.request('localhost', this.stream.port, request);
          if (!this.done) this.session.sendData(this.stream.id, serializeResponse(response, request.method), false);
        } catch (error) {
          if (!(error instanceof NetworkError)) throw error;
          this.fail(refusedText(this.target, this.stream.port));
        }
      });
    }
  }

  /** The client closed its side: answer what is pending, then close ours and the error stream. */
  end(): void {
    this.queue = this.queue.then(() => {
      if (this.done) return;
      this.done = true;
      this.session.finish(this.stream);
    });
  }

  abort(): void {
    this.done = true;
  }

  private fail(message: string): void {
    if (this.done) return;
    this.done = true;
    this.session.finish(this.stream, message);
  }
}

/** The kubelet's words when nothing listens on the port inside the pod (containerd's netns dial). */
function refusedText(target: PortForwardTarget, port: number): string {
  const sandbox = target.podUid.replace(/-/g, '');
  return (
    `error forwarding port ${port} to pod ${sandbox}, uid : failed to execute portforward in network namespace "/var/run/netns/cni-${target.podUid}": ` +
    `failed to connect to localhost:${port} inside namespace "${sandbox}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `
  );
}
