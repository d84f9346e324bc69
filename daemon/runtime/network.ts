/**
 * The simulated pod network: every pod has an IP and a table of listening ports; HTTP requests
 * are delivered as function calls, never over host sockets. `localhost` inside a pod is that pod's
 * own IP, so the containers of one pod reach each other (lab B.1), and a server sees the client's
 * address (127.0.0.1 for localhost, the caller's pod IP otherwise). kube-proxy (issue #6) will add
 * Service IPs in front of this.
 */

export interface HttpRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The client's address as the server sees it. */
  remoteAddress: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type HttpHandler = (req: HttpRequest) => Promise<HttpResponse> | HttpResponse;

export class NetworkError extends Error {
  constructor(
    message: string,
    /** curl's exit code for it: 7 = connection refused / no route, 6 = unknown host, 28 = timeout. */
    readonly curlExitCode: number,
  ) {
    super(message);
  }
}

/** What a process sees of the network from inside its pod. */
export interface PodNetwork {
  readonly podIP: string;
  /** Starts serving on a port of the pod's IP; returns a function that stops it. */
  listen(port: number, handler: HttpHandler): () => void;
  /** An HTTP request to host:port (an IP, `localhost`, or a name the cluster resolves). */
  request(host: string, port: number, req: Omit<HttpRequest, 'remoteAddress'>): Promise<HttpResponse>;
}

type Resolver = (host: string) => { ip: string; port?: number } | undefined;

/** The cluster's one network: pod IPs to their listeners. */
export class ClusterNetwork {
  private readonly listeners = new Map<string, Map<number, HttpHandler>>();
  private resolvers: Resolver[] = [];

  /** Adds a name or virtual-IP resolver (Service DNS names and ClusterIPs, issue #6). */
  addResolver(resolver: Resolver): void {
    this.resolvers.push(resolver);
  }

  forPod(podIP: string): PodNetwork {
    return {
      podIP,
      listen: (port, handler) => {
        let ports = this.listeners.get(podIP);
        if (!ports) this.listeners.set(podIP, (ports = new Map()));
        if (ports.has(port)) throw new NetworkError(`bind: address already in use: ${podIP}:${port}`, 7);
        ports.set(port, handler);
        return () => {
          if (ports!.get(port) === handler) ports!.delete(port);
        };
      },
      request: (host, port, req) => this.deliver(podIP, host, port, req),
    };
  }

  /** Whether something listens on ip:port (tcpSocket probes). */
  isListening(ip: string, port: number): boolean {
    return this.listeners.get(ip)?.has(port) ?? false;
  }

  async deliver(fromIP: string, host: string, port: number, req: Omit<HttpRequest, 'remoteAddress'>): Promise<HttpResponse> {
    const local = host === 'localhost' || host === '127.0.0.1';
    let target = local ? fromIP : host;
    let targetPort = port;
    if (!local && !/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
      const resolved = this.resolvers.map((r) => r(host)).find((x) => x);
      if (!resolved) throw new NetworkError(`Could not resolve host: ${host}`, 6);
      target = resolved.ip;
      targetPort = resolved.port ?? port;
    }
    const handler = this.listeners.get(target)?.get(targetPort);
    if (!handler) throw new NetworkError(`Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`, 7);
    return handler({ ...req, remoteAddress: local ? '127.0.0.1' : fromIP });
  }
}
