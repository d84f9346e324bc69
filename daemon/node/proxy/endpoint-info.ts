/**
 * EndpointSlices → kube-proxy's endpoint lists (pkg/proxy endpointslicecache.go, topology.go).
 * Slices are grouped by their `kubernetes.io/service-name` label and merged per service port
 * (port name + protocol); each list is sorted by its `ip:port` string, as kube-proxy sorts it.
 * categorizeEndpoints picks the usable ones: Ready endpoints, or else serving-terminating ones.
 * Left out: topology hints (kubelab nodes have no zones), IPv6 and FQDN slices.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { objectKey } from '../../../shared/api/keys.js';
import { endpointChainName, servicePortNameString } from './chain-names.js';
import { isIPv4 } from './ipv4.js';
import { usesClusterEndpoints, usesLocalEndpoints, type ApiProtocol, type ServicePortInfo } from './service-info.js';

const serviceNameLabel = 'kubernetes.io/service-name';

export interface EndpointInfo {
  ip: string;
  port: number;
  /** `ip:port`, the sort key and the SEP hash input. */
  endpoint: string;
  /** Its KUBE-SEP chain: fixed by the slice's Service, port name, protocol and ip:port. */
  chainName: string;
  nodeName: string | undefined;
  isLocal: boolean;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

export interface ParsedSlice {
  serviceKey: string;
  /** This slice's endpoints per port key, parsed once when the slice arrives. */
  byPort: Map<string, EndpointInfo[]>;
}

/** The key that links a service port to slice ports: name and protocol must both match. */
export function portKey(portName: string, protocol: ApiProtocol): string {
  return `${portName}/${protocol}`;
}

/**
 * undefined when kube-proxy would ignore the slice (no service label, not IPv4). `previous`, the
 * slice's last version, lends its chain names: sha256 is the main cost of a large slice update.
 */
export function parseEndpointSlice(slice: Readonly<KubeObject>, nodeName: string, previous?: ParsedSlice): ParsedSlice | undefined {
  const serviceName = slice.metadata.labels?.[serviceNameLabel];
  if (!serviceName || slice.addressType !== 'IPv4') return undefined;
  const namespace = slice.metadata.namespace ?? 'default';
  const serviceKey = objectKey(namespace, serviceName);
  const knownNames = new Map<string, string>();
  if (previous?.serviceKey === serviceKey) {
    for (const [key, endpoints] of previous.byPort) for (const e of endpoints) knownNames.set(`${key}|${e.endpoint}`, e.chainName);
  }
  const byPort = new Map<string, EndpointInfo[]>();
  for (const port of (slice.ports ?? []) as Record<string, unknown>[]) {
    // kube-proxy skips ports without a name field or a number ("TODO: handle nil ports to mean all").
    if (typeof port.name !== 'string' || typeof port.port !== 'number' || port.port === 0) continue;
    const protocol: ApiProtocol = port.protocol === 'UDP' || port.protocol === 'SCTP' ? port.protocol : 'TCP';
    const portNumber = port.port;
    const key = portKey(port.name, protocol);
    const servicePortName = servicePortNameString(namespace, serviceName, port.name);
    const endpoints: EndpointInfo[] = [];
    for (const endpoint of (slice.endpoints ?? []) as Record<string, any>[]) { // eslint-disable-line @typescript-eslint/no-explicit-any
      const ip = endpoint.addresses?.[0];
      if (typeof ip !== 'string' || !isIPv4(ip)) continue;
      const conditions = endpoint.conditions ?? {};
      const endpointNode = typeof endpoint.nodeName === 'string' ? endpoint.nodeName : undefined;
      const address = `${ip}:${portNumber}`;
      endpoints.push({
        ip,
        port: portNumber,
        endpoint: address,
        chainName: knownNames.get(`${key}|${address}`) ?? endpointChainName(servicePortName, protocol.toLowerCase(), address),
        nodeName: endpointNode,
        isLocal: endpointNode !== undefined && endpointNode === nodeName,
        // A missing condition means Ready/Serving (discovery/v1), and not Terminating.
        ready: conditions.ready !== false,
        serving: conditions.serving !== false,
        terminating: conditions.terminating === true,
      });
    }
    byPort.set(key, [...(byPort.get(key) ?? []), ...endpoints]);
  }
  return { serviceKey, byPort };
}

/** kube-proxy skips slice updates that deep-equal what it has (esDataChanged); so does kubelab. */
export function sameSlice(a: ParsedSlice | undefined, b: ParsedSlice): boolean {
  if (!a || a.serviceKey !== b.serviceKey || a.byPort.size !== b.byPort.size) return false;
  for (const [key, endpoints] of b.byPort) {
    const other = a.byPort.get(key);
    if (!other || other.length !== endpoints.length) return false;
    for (let i = 0; i < endpoints.length; i++) {
      const x = endpoints[i];
      const y = other[i];
      if (x.endpoint !== y.endpoint || x.nodeName !== y.nodeName || x.ready !== y.ready || x.serving !== y.serving || x.terminating !== y.terminating) return false;
    }
  }
  return true;
}

function byEndpointString(a: EndpointInfo, b: EndpointInfo): number {
  return a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0;
}

/**
 * All slices of one Service merged into sorted endpoint lists per port key. When two slices name
 * the same ip:port (an endpoint moving between slices, or a reused pod IP), a non-terminating
 * entry wins, as in kube-proxy.
 */
export function mergeSlices(slices: Iterable<ParsedSlice>): Map<string, EndpointInfo[]> {
  const byPort = new Map<string, Map<string, EndpointInfo>>();
  for (const slice of slices) {
    for (const [key, endpoints] of slice.byPort) {
      let set = byPort.get(key);
      if (!set) byPort.set(key, (set = new Map()));
      for (const e of endpoints) {
        if (e.terminating && set.has(e.endpoint)) continue;
        set.set(e.endpoint, e);
      }
    }
  }
  const result = new Map<string, EndpointInfo[]>();
  for (const [key, set] of byPort) {
    // Plain string order, as Go's sort on ep.String(): 10.244.1.10:80 sorts before 10.244.1.2:80.
    if (set.size > 0) result.set(key, [...set.values()].sort(byEndpointString));
  }
  return result;
}

export interface CategorizedEndpoints {
  /** Usable endpoints for Cluster traffic policy (KUBE-SVC). */
  clusterEndpoints: EndpointInfo[];
  /** Usable endpoints on this node for Local traffic policy (KUBE-SVL). */
  localEndpoints: EndpointInfo[];
  /** Every endpoint that gets a KUBE-SEP chain on this node. */
  allReachable: EndpointInfo[];
  /** Whether the service has a usable endpoint anywhere in the cluster. */
  hasAnyEndpoints: boolean;
}

const usableServingTerminating = (e: EndpointInfo): boolean => e.serving && e.terminating;

/** topology.go CategorizeEndpoints without topology hints. */
export function categorizeEndpoints(endpoints: readonly EndpointInfo[], info: ServicePortInfo): CategorizedEndpoints {
  let clusterEndpoints: EndpointInfo[] = [];
  let hasAnyEndpoints = false;
  if (usesClusterEndpoints(info)) {
    clusterEndpoints = endpoints.filter((e) => e.ready);
    // Fall back to endpoints that still serve while terminating (rolling updates keep working).
    if (clusterEndpoints.length === 0) clusterEndpoints = endpoints.filter(usableServingTerminating);
    hasAnyEndpoints = clusterEndpoints.length > 0;
  }
  if (!usesLocalEndpoints(info)) return { clusterEndpoints, localEndpoints: [], allReachable: clusterEndpoints, hasAnyEndpoints };

  let hasLocalReady = false;
  let hasLocalServingTerminating = false;
  for (const e of endpoints) {
    if (e.ready) {
      hasAnyEndpoints = true;
      if (e.isLocal) hasLocalReady = true;
    } else if (usableServingTerminating(e)) {
      hasAnyEndpoints = true;
      if (e.isLocal) hasLocalServingTerminating = true;
    }
  }
  let localEndpoints: EndpointInfo[] = [];
  let usesServingTerminating = false;
  if (hasLocalReady) localEndpoints = endpoints.filter((e) => e.isLocal && e.ready);
  else if (hasLocalServingTerminating) {
    usesServingTerminating = true;
    localEndpoints = endpoints.filter((e) => e.isLocal && usableServingTerminating(e));
  }
  if (!usesClusterEndpoints(info)) return { clusterEndpoints, localEndpoints, allReachable: localEndpoints, hasAnyEndpoints };
  // Ready local endpoints are a subset of the ready cluster endpoints; otherwise merge the lists.
  if (!usesServingTerminating) return { clusterEndpoints, localEndpoints, allReachable: clusterEndpoints, hasAnyEndpoints };
  const merged = new Map<string, EndpointInfo>();
  for (const e of [...clusterEndpoints, ...localEndpoints]) merged.set(e.endpoint, e);
  return { clusterEndpoints, localEndpoints, allReachable: [...merged.values()], hasAnyEndpoints };
}
