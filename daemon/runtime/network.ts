/**
 * The simulated cluster network: every pod has an IP and a table of listening ports; HTTP requests
 * are delivered as function calls, never over host sockets. Each new connection is routed as the
 * Linux kernel of the sending node would: through that node's kube-proxy nat table (PREROUTING for
 * a pod, OUTPUT for the node itself), then, if it is addressed to another node's IP, through that
 * node's table as traffic arriving from outside (NodePorts). Then it is delivered, refused (REJECT,
 * or a known host with nothing on the port) or left to time out on the cluster clock (DROP, or an
 * address nobody has), as a SYN would. `localhost` inside a pod is the pod itself (lab B.1).
 * It knows nothing of Services: the node routers (daemon/node/proxy) hold the rules.
 */
import { RealClock, type Clock } from '../../shared/clock.js';

export interface HttpRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The client's address as the server sees it (after any masquerading). */
  remoteAddress: string;
  /**
   * The client speaks TLS (an `https://` URL). A server that serves TLS hands it the CA
   * certificate that verifies its own before it reads the request: the client throws (a
   * NetworkError with curl's code, 60 for an untrusted certificate) to end the handshake there,
   * so a refused server never sees the request. Servers that serve plain HTTP ignore it.
   */
  tls?: TlsClient;
}

export interface TlsClient {
  /** The handshake: throws when the client does not trust the server's certificate. */
  verify(serverCA: string): void;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type HttpHandler = (req: HttpRequest) => Promise<HttpResponse> | HttpResponse;

/**
 * Why a connection failed: `refused` (RST or REJECT), `unresolved` (no such name), `connect-timeout`
 * (the caller's own connect timeout passed), `timed-out` (the kernel gave up on its SYNs: ETIMEDOUT).
 */
export type NetworkFailure = 'refused' | 'unresolved' | 'connect-timeout' | 'timed-out';

export class NetworkError extends Error {
  readonly reason: NetworkFailure;

  constructor(
    message: string,
    /** curl's exit code for it: 7 = connection refused / no route, 6 = unknown host, 28 = timeout. */
    readonly curlExitCode: number,
    reason?: NetworkFailure,
    /** Cluster milliseconds the connection attempt took. */
    readonly elapsedMs = 0,
  ) {
    super(message);
    this.reason = reason ?? (curlExitCode === 6 ? 'unresolved' : curlExitCode === 28 ? 'connect-timeout' : 'refused');
  }
}

export interface RequestOptions {
  /** The client's connect timeout (curl --connect-timeout, wget -T); the kernel's applies anyway. */
  connectTimeoutMs?: number;
  /** Ends a wait for a connection that will never come (the process was stopped). */
  signal?: AbortSignal;
}

/** What a process sees of the network from inside its pod (or on a node). */
export interface PodNetwork {
  readonly podIP: string;
  /** Starts serving on a port of the pod's IP; returns a function that stops it. */
  listen(port: number, handler: HttpHandler): () => void;
  /** An HTTP request to host:port (an IP, `localhost`, or a name the cluster resolves). */
  request(host: string, port: number, req: Omit<HttpRequest, 'remoteAddress'>, options?: RequestOptions): Promise<HttpResponse>;
  /** An ICMP echo to an IPv4 address: the reply's TTL, or undefined when nothing answers. */
  ping?(ip: string): { ttl: number } | undefined;
}

/** One new TCP connection as a node's packet filter sees it (the proxy contract's Connection). */
export interface RoutedConnection {
  sourceIP: string;
  destinationIP: string;
  destinationPort: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  origin: 'pod' | 'node' | 'external';
}

/** What a node's nat table decided; `masquerade` means the source is rewritten to the node IP. */
export type Route =
  | { type: 'dnat'; ip: string; port: number; masquerade?: boolean }
  | { type: 'reject' }
  | { type: 'drop' }
  | { type: 'none' };

/** A node's packet routing: its kube-proxy's rule table. */
export interface NodeRouter {
  route(connection: RoutedConnection): Route;
}

interface AttachedNode {
  name: string;
  ip: string;
  router?: NodeRouter;
}

type Resolver = (host: string) => { ip: string; port?: number } | undefined;

/**
 * Linux gives up on a connection whose SYNs go unanswered after tcp_syn_retries (6) retransmits:
 * 1+2+4+8+16+32+64 s. curl's own default connect timeout (300 s) is longer, so the kernel's wins.
 */
export const kernelConnectTimeoutMs = 127_000;

const ipPattern = /^\d+\.\d+\.\d+\.\d+$/;

/** The cluster's one network: pod IPs to their listeners, nodes to their routers. */
export class ClusterNetwork {
  private readonly listeners = new Map<string, Map<number, HttpHandler>>();
  private resolvers: Resolver[] = [];
  private readonly nodes = new Map<string, AttachedNode>();
  private readonly nodesByIP = new Map<string, AttachedNode>();
  private readonly nodesByPrefix = new Map<string, AttachedNode>();
  /** Addresses that answer (with a RST when nothing listens) even outside the nodes' pod CIDRs. */
  private readonly knownHosts = new Set<string>();
  private readonly clock: Clock;

  constructor(options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? new RealClock();
  }

  /** Adds a name or virtual-IP resolver (Service DNS names, issue #6). */
  addResolver(resolver: Resolver): void {
    this.resolvers.push(resolver);
  }

  /** A node joins the network: its IP and its pod CIDR (a /24) route through its router. */
  attachNode(node: { name: string; ip: string; podCIDR: string }): void {
    const attached: AttachedNode = { name: node.name, ip: node.ip, router: this.nodes.get(node.name)?.router };
    this.nodes.set(node.name, attached);
    this.nodesByIP.set(node.ip, attached);
    // A pod CIDR larger than a /24 (a `--config` worker with many pods) routes each of its /24s here.
    for (const prefix of podPrefixesOf(node.podCIDR)) this.nodesByPrefix.set(prefix, attached);
  }

  /** Installs (or, with undefined, removes) a node's router: its kube-proxy started or stopped. */
  setRouter(nodeName: string, router: NodeRouter | undefined): void {
    const node = this.nodes.get(nodeName);
    if (!node) throw new Error(`set router: node ${nodeName} is not attached to the network`);
    node.router = router;
  }

  forPod(podIP: string): PodNetwork {
    this.knownHosts.add(podIP);
    return {
      podIP,
      listen: (port, handler) => this.listen(podIP, port, handler),
      request: (host, port, req, options) => this.deliver(podIP, host, port, req, options),
      ping: (ip) => this.echo(podIP, ip),
    };
  }

  /**
   * Whether an ICMP echo from fromIP to ip gets a reply, and its TTL (64 less one per router on the
   * way back: the nodes route between their pods). Pods and nodes answer; a ClusterIP does not,
   * because kube-proxy's iptables rules DNAT only TCP, UDP and SCTP (the classic "a Service IP
   * cannot be pinged"). A pod IP once used answers until reused, as knownHosts remembers it.
   */
  echo(fromIP: string, ip: string): { ttl: number } | undefined {
    const targetIsNode = this.nodesByIP.has(ip);
    // Node IPs are loopback addresses of the host here, so only a non-node 127.x is the pod's own lo.
    if ((ip.startsWith('127.') && !targetIsNode) || ip === fromIP) return { ttl: 64 };
    if (!targetIsNode && !(this.sourceNode(ip) && (this.knownHosts.has(ip) || this.listeners.has(ip)))) return undefined;
    const fromNode = this.sourceNode(fromIP);
    const targetNode = this.sourceNode(ip);
    const sourceIsPod = fromIP !== fromNode?.ip;
    const targetIsPod = !targetIsNode;
    const routers = fromNode === targetNode ? (sourceIsPod && targetIsPod ? 1 : 0) : Number(sourceIsPod) + Number(targetIsPod);
    return { ttl: 64 - routers };
  }

  /** The network as the node itself sees it (`kubelab node shell`): its IP, its OUTPUT chain. */
  forNode(nodeName: string): PodNetwork {
    const node = this.nodes.get(nodeName);
    if (!node) throw new Error(`node network: node ${nodeName} is not attached to the network`);
    return this.forPod(node.ip);
  }

  /** Whether something listens on ip:port (tcpSocket probes). */
  isListening(ip: string, port: number): boolean {
    return this.listeners.get(ip)?.has(port) ?? false;
  }

  /**
   * A request from fromIP (a pod or a node) to host:port, routed and delivered. Not itself async:
   * an answer that is there at once settles the returned promise at once (probe timeouts race it).
   */
  deliver(fromIP: string, host: string, port: number, req: Omit<HttpRequest, 'remoteAddress'>, options: RequestOptions = {}): Promise<HttpResponse> {
    const local = host === 'localhost' || host === '127.0.0.1';
    if (local) {
      const handler = this.listeners.get(fromIP)?.get(port);
      if (!handler) return Promise.reject(refused(host, port));
      return this.answer(handler, { ...req, remoteAddress: '127.0.0.1' });
    }
    let target = host;
    let targetPort = port;
    if (!ipPattern.test(host)) {
      const resolved = this.resolvers.map((r) => r(host)).find((x) => x);
      if (!resolved) return Promise.reject(new NetworkError(`Could not resolve host: ${host}`, 6));
      target = resolved.ip;
      targetPort = resolved.port ?? port;
    }
    const source = this.sourceNode(fromIP);
    const origin = source && fromIP === source.ip ? 'node' : 'pod';
    return this.connect(source, { sourceIP: fromIP, destinationIP: target, destinationPort: targetPort, protocol: 'TCP', origin }, req, { host, port }, options);
  }

  private listen(ip: string, port: number, handler: HttpHandler): () => void {
    let ports = this.listeners.get(ip);
    if (!ports) this.listeners.set(ip, (ports = new Map()));
    if (ports.has(port)) throw new NetworkError(`bind: address already in use: ${ip}:${port}`, 7);
    ports.set(port, handler);
    return () => {
      if (ports!.get(port) === handler) ports!.delete(port);
    };
  }

  private async answer(handler: HttpHandler, req: HttpRequest): Promise<HttpResponse> {
    return handler(req);
  }

  /** Routes one connection through the tables on its way, then hands it to the listener. */
  private connect(node: AttachedNode | undefined, connection: RoutedConnection, req: Omit<HttpRequest, 'remoteAddress'>, shown: { host: string; port: number }, options: RequestOptions): Promise<HttpResponse> {
    let path: ReturnType<ClusterNetwork['establish']>;
    try {
      path = this.establish(node, connection);
    } catch (err) {
      return Promise.reject(err); // a router that threw: the caller sees a failed request, not a throw
    }
    if (path === 'refused') return Promise.reject(refused(shown.host, shown.port));
    if (path === 'unanswered') return this.timeOut(shown, options);
    return this.answer(path.handler, { ...req, remoteAddress: path.remoteAddress });
  }

  /**
   * A connection that reached a node from outside (the host's client on a NodePort), routed once as
   * a conntrack entry would be: every request sent on it goes to the endpoint chosen for its first
   * packet. Rejects with a NetworkError when it is refused or never answered; a request on it after
   * its endpoint stopped listening fails with a reset.
   */
  async connectExternal(nodeName: string, clientIP: string, port: number, options: RequestOptions = {}): Promise<(req: Omit<HttpRequest, 'remoteAddress'>) => Promise<HttpResponse>> {
    const node = this.nodes.get(nodeName);
    if (!node) throw new Error(`connect: node ${nodeName} is not attached to the network`);
    const shown = { host: node.ip, port };
    const path = this.establish(node, { sourceIP: clientIP, destinationIP: node.ip, destinationPort: port, protocol: 'TCP', origin: 'external' });
    if (path === 'refused') throw refused(shown.host, shown.port);
    if (path === 'unanswered') return this.timeOut(shown, options);
    const { ip, port: targetPort, remoteAddress } = path;
    return (req) => {
      const handler = this.listeners.get(ip)?.get(targetPort);
      if (!handler) return Promise.reject(new NetworkError(`Recv failure: Connection reset by peer`, 56, 'refused'));
      return this.answer(handler, { ...req, remoteAddress });
    };
  }

  /** Where a new connection ends up after the nat tables on its way: a listener, a refusal, or silence. */
  private establish(node: AttachedNode | undefined, connection: RoutedConnection): { ip: string; port: number; remoteAddress: string; handler: HttpHandler } | 'refused' | 'unanswered' {
    let destination = { ip: connection.destinationIP, port: connection.destinationPort };
    let remoteAddress = connection.sourceIP;
    let route = node?.router?.route(connection) ?? { type: 'none' };
    // A packet that left its node unchanged towards another node's IP meets that node's rules
    // as outside traffic (KUBE-NODEPORTS matches only addresses local to the node).
    const receiver = this.nodesByIP.get(connection.destinationIP);
    if (route.type === 'none' && receiver && receiver !== node) {
      node = receiver;
      route = receiver.router?.route({ ...connection, origin: 'external' }) ?? { type: 'none' };
    }
    if (route.type === 'reject') return 'refused';
    if (route.type === 'drop') return 'unanswered';
    if (route.type === 'dnat') {
      destination = { ip: route.ip, port: route.port };
      if (route.masquerade && node) remoteAddress = node.ip;
    }
    const handler = this.listeners.get(destination.ip)?.get(destination.port);
    if (handler) return { ...destination, remoteAddress, handler };
    return this.isKnownHost(destination.ip) ? 'refused' : 'unanswered';
  }

  private sourceNode(ip: string): AttachedNode | undefined {
    return this.nodesByIP.get(ip) ?? this.nodesByPrefix.get(ip.slice(0, ip.lastIndexOf('.') + 1));
  }

  /** A host that answers a SYN: a node, a pod that ever had this IP, any address of a pod CIDR. */
  private isKnownHost(ip: string): boolean {
    return this.knownHosts.has(ip) || this.listeners.has(ip) || this.sourceNode(ip) !== undefined;
  }

  /** Nobody answers the SYNs: wait for the caller's timeout or the kernel's, on the cluster clock. */
  private async timeOut(shown: { host: string; port: number }, options: RequestOptions): Promise<never> {
    const byCaller = options.connectTimeoutMs !== undefined && options.connectTimeoutMs < kernelConnectTimeoutMs;
    const limit = byCaller ? Math.max(0, options.connectTimeoutMs!) : kernelConnectTimeoutMs;
    await this.clock.sleep(limit, options.signal);
    // The time waited in cluster time: with `--speed` the wall clock ran faster than the cluster's.
    const elapsed = limit;
    const prefix = `Failed to connect to ${shown.host} port ${shown.port} after ${elapsed} ms`;
    // curl 8 words a connect timeout "Timeout was reached" (28); the kernel's ETIMEDOUT is
    // "Couldn't connect to server" (7).
    if (byCaller) throw new NetworkError(`${prefix}: Timeout was reached`, 28, 'connect-timeout', elapsed);
    throw new NetworkError(`${prefix}: Couldn't connect to server`, 7, 'timed-out', elapsed);
  }
}

function refused(host: string, port: number): NetworkError {
  return new NetworkError(`Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`, 7, 'refused');
}

/** `10.244.16.` … `10.244.31.` for 10.244.16.0/20: the /24 prefixes a pod CIDR covers. */
function podPrefixesOf(podCIDR: string): string[] {
  const [address, bits] = podCIDR.split('/');
  const [a, b, c] = address!.split('.').map(Number);
  const count = 2 ** Math.max(0, 24 - Number(bits ?? 24));
  return Array.from({ length: count }, (_, i) => `${a}.${b + Math.floor((c! + i) / 256)}.${(c! + i) % 256}.`);
}
