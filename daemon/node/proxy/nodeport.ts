/**
 * The host side of a node's NodePorts: a real `node:http` listener on <nodeIP>:<nodePort> (a
 * loopback address of this machine) for every NodePort and LoadBalancer service port that this
 * node can route. Each request becomes a simulated HttpRequest that enters the cluster network
 * at this node with origin `external`, so it meets this node's KUBE-NODEPORTS rules, and the
 * simulated server's answer is written back. Only HTTP/1.1 is spoken: the simulated servers are
 * HTTP servers, and plain TCP would have nothing behind it.
 * Unlike a kernel, a userspace listener cannot refuse a SYN per connection: a port whose service
 * has no endpoint this node may use is simply not listened on, so the host's curl is refused.
 * A host connection is routed once, on its first request (conntrack): keep-alive stays on one pod.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { EventRecorder } from '../../../shared/client/events.js';
import type { Logger } from '../../../shared/log.js';
import { NetworkError, type ClusterNetwork } from '../../runtime/network.js';

/** One wanted listener: the node port and the service (port) it belongs to. */
export interface NodePortTarget {
  port: number;
  service: Readonly<KubeObject>;
  /** `default/mynginx:80-80`, as kube-proxy names a service port. */
  servicePortName: string;
}

export interface NodePortListenersOptions {
  nodeName: string;
  nodeIP: string;
  network: ClusterNetwork;
  recorder: EventRecorder;
  log: Logger;
  /** Connections held open at once per listener; more wait in the kernel's accept queue or are refused. */
  maxConnections?: number;
}

/** Bounds what a connection flood can hold: sockets per listener and the size of a request body. */
const defaultMaxConnections = 512;
const maxBodyBytes = 1 << 20;
/** Headers this listener sets itself (framing and connection handling belong to the host side). */
const hopByHop = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/**
 * kube-proxy ≤ 1.26 held node ports open and, when one was taken, recorded a Warning whose message
 * was `can't open "nodePort for <ns>/<svc>:<port>" (<ip>:<port>/tcp4), skipping it` (its reason was
 * the raw socket error). Newer proxies stopped holding ports; kubelab must open them, so it keeps
 * that message with a stable reason, on the Service where `kubectl describe svc` shows it.
 */
const portNotAvailableReason = 'PortNotAvailable';

interface Listener {
  target: NodePortTarget;
  server: Server;
  /** Closed before its bind finished: the listen callback closes it. */
  dropped: boolean;
}

export class NodePortListeners {
  private readonly listeners = new Map<number, Listener>();
  /** Ports that failed to bind, by port: retried only once their service changes identity. */
  private readonly failed = new Map<number, string>();
  private closed = false;

  constructor(private readonly options: NodePortListenersOptions) {
    if (!isLoopback(options.nodeIP)) throw new Error(`node ports: refusing to listen on ${options.nodeIP}, which is not a loopback address`);
  }

  /** Opens the listeners wanted and not yet open; closes those no longer wanted. */
  sync(targets: readonly NodePortTarget[]): void {
    if (this.closed) return;
    const wanted = new Map(targets.map((t) => [t.port, t]));
    for (const [port, listener] of this.listeners) {
      const target = wanted.get(port);
      if (target && target.service.metadata.uid === listener.target.service.metadata.uid) listener.target = target;
      else this.close(port);
    }
    for (const [port, uid] of this.failed) if (wanted.get(port)?.service.metadata.uid !== uid) this.failed.delete(port);
    for (const target of wanted.values()) if (!this.listeners.has(target.port) && !this.failed.has(target.port)) this.open(target);
  }

  /** The node stops: every listener closes and its connections are cut. */
  async closeAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.listeners.keys()].map((port) => this.close(port)));
  }

  /** The ports listened on now (tests, `kubelab node rules`). */
  ports(): number[] {
    return [...this.listeners.keys()].sort((a, b) => a - b);
  }

  private open(target: NodePortTarget): void {
    const { nodeIP, log } = this.options;
    const server = createServer({ keepAlive: true }, (req, res) => void this.serve(target.port, req, res));
    server.maxConnections = this.options.maxConnections ?? defaultMaxConnections;
    const listener: Listener = { target, server, dropped: false };
    this.listeners.set(target.port, listener);
    server.on('error', (err: NodeJS.ErrnoException) => {
      if (server.listening || listener.dropped) return log.error('node port listener error', { node: this.options.nodeName, port: target.port, error: err.message });
      this.listeners.delete(target.port);
      this.failed.set(target.port, target.service.metadata.uid ?? '');
      log.error('cannot open node port', { node: this.options.nodeName, port: target.port, service: target.servicePortName, error: err.message });
      this.options.recorder.event(target.service as KubeObject, 'Warning', portNotAvailableReason, `can't open "nodePort for ${target.servicePortName}" (${nodeIP}:${target.port}/tcp4), skipping it`);
    });
    server.listen(target.port, nodeIP, () => {
      if (listener.dropped) server.close();
      else log.debug('node port open', { node: this.options.nodeName, port: target.port, service: target.servicePortName });
    });
  }

  private close(port: number): Promise<void> {
    const listener = this.listeners.get(port);
    this.listeners.delete(port);
    if (!listener) return Promise.resolve();
    listener.dropped = true;
    return new Promise((resolve) => {
      if (!listener.server.listening) return resolve();
      listener.server.close(() => resolve());
      listener.server.closeAllConnections();
    });
  }

  /** One HTTP request from the host, through this node's rules into the cluster and back. */
  private async serve(port: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    // Most requests are bodiless GETs: skip the read (and its promise) on the hot path.
    if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) {
      try {
        body = await readBody(req);
      } catch (err) {
        this.options.log.debug('node port request dropped', { port, error: (err as Error).message });
        req.socket.destroy();
        return;
      }
    } else req.resume();
    const request = { method: req.method ?? 'GET', path: req.url ?? '/', headers: headersOf(req), body };
    try {
      const response = await (await this.connection(req.socket, port))(request);
      const headers: Record<string, string> = {};
      for (const name in response.headers) if (!hopByHop.has(name.toLowerCase())) headers[name] = response.headers[name]!;
      headers['Content-Length'] = String(Buffer.byteLength(response.body));
      res.writeHead(response.status, headers);
      res.end(request.method === 'HEAD' ? undefined : response.body);
    } catch (err) {
      // Refused or timed out inside the cluster: the host's client sees its connection reset.
      if (!(err instanceof NetworkError)) this.options.log.error('node port request failed', { port, error: (err as Error)?.stack ?? String(err) });
      req.socket.destroy();
    }
  }

  /**
   * The cluster side of one host connection, routed on its first request like a conntrack entry:
   * a keep-alive client stays with one endpoint, as through a real node's DNAT.
   */
  private connection(socket: Socket, port: number): Promise<Forward> {
    let forward = connections.get(socket);
    if (!forward) {
      const clientIP = (socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
      forward = this.options.network.connectExternal(this.options.nodeName, clientIP, port, { signal: closedSignal(socket) });
      connections.set(socket, forward);
    }
    return forward;
  }
}

type Forward = Awaited<ReturnType<ClusterNetwork['connectExternal']>>;
const connections = new WeakMap<Socket, Promise<Forward>>();

/** One abort signal per keep-alive connection, fired when it closes: ends a wait for a dropped SYN. */
const socketSignals = new WeakMap<Socket, AbortSignal>();

function closedSignal(socket: Socket): AbortSignal {
  let signal = socketSignals.get(socket);
  if (!signal) {
    const abort = new AbortController();
    socket.once('close', () => abort.abort());
    socketSignals.set(socket, (signal = abort.signal));
  }
  return signal;
}

export function isLoopback(ip: string): boolean {
  return /^127\.\d+\.\d+\.\d+$/.test(ip) || ip === '::1';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) return reject(new Error(`request body over ${maxBodyBytes} bytes`));
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The request's headers with the client's own spelling (`Host`, `User-Agent`), as a server logs them. */
function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers[req.rawHeaders[i]!] = req.rawHeaders[i + 1]!;
  return headers;
}
