/**
 * Name resolution wired into one container: its processes' `dns` (ProcessContext) and the step
 * before every connection to a name. Resolution comes first and apart from routing, as in a real
 * pod: the C library turns `nginx` into 10.96.x.y (stub-resolver.ts, over the container's own
 * /etc/hosts and /etc/resolv.conf), then the connection to that IP goes through the network, where
 * the node's kube-proxy rules route it. Messages keep naming the host the program was given, as
 * curl's `Failed to connect to nginx port 80` does.
 */
import type { Clock } from '../../../shared/clock.js';
import { NetworkError, type HttpRequest, type HttpResponse, type PodNetwork, type RequestOptions } from '../network.js';
import { VfsError } from '../fs/vfs.js';
import type { DnsTransport } from './dns-message.js';
import { lookupHost, type ProcessDns } from './stub-resolver.js';

export interface ContainerDnsSetup {
  fs: { readFile(path: string): string };
  transport: DnsTransport;
  podIP: string;
  clock: Clock;
}

export function containerDns(setup: ContainerDnsSetup): ProcessDns {
  const readFile = (path: string): string | undefined => {
    try {
      return setup.fs.readFile(path);
    } catch (error) {
      // A missing /etc/hosts or /etc/resolv.conf is an empty one to the C library.
      if (error instanceof VfsError) return undefined;
      throw error;
    }
  };
  return {
    lookup: (name) => lookupHost({ readFile, transport: setup.transport, fromIP: setup.podIP, clock: setup.clock }, name),
    query: async (server, question) => setup.transport.query(setup.podIP, server, question),
  };
}

const isAddress = (host: string): boolean => host === 'localhost' || /^\d+\.\d+\.\d+\.\d+$/.test(host);

/** An HTTP request to host:port from inside the container: resolve the name, then connect. */
export async function requestByName(dns: ProcessDns, net: PodNetwork, host: string, port: number, req: Omit<HttpRequest, 'remoteAddress'>, options?: RequestOptions): Promise<HttpResponse> {
  if (isAddress(host)) return net.request(host, port, req, options);
  const found = await dns.lookup(host);
  if ('error' in found) throw new NetworkError(`Could not resolve host: ${host}`, 6, 'unresolved');
  const ip = found.addresses[0]!;
  try {
    return await net.request(ip, port, req, options);
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    throw new NetworkError(error.message.split(ip).join(host), error.curlExitCode, error.reason, error.elapsedMs);
  }
}
