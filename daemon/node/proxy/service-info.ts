/**
 * Service → kube-proxy's per-port model (pkg/proxy serviceport.go, servicechangetracker.go): one
 * ServicePortInfo per spec.ports entry, for the IPv4 family only. Services without a cluster IP
 * (headless `None`, ExternalName) are not proxied and give no entries. Left out: dual-stack
 * (an IPv4 proxier ignores IPv6 addresses) and topology hints.
 */
import { objectKey } from '../../../shared/api/keys.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { serviceChainNames, servicePortNameString, type ServiceChainNames } from './chain-names.js';
import type { Protocol } from './iptables-rule.js';
import { isIPv4 } from './ipv4.js';

export type ApiProtocol = 'TCP' | 'UDP' | 'SCTP';

/** kube-proxy's default when sessionAffinityConfig.clientIP.timeoutSeconds is missing (3 hours). */
const defaultStickyMaxAgeSeconds = 10800;

export interface ServicePortInfo {
  /** `ns/name` of the Service. */
  serviceKey: string;
  portName: string;
  /** `ns/name:port` (or `ns/name` for an unnamed port), as comments and hashes use it. */
  servicePortName: string;
  apiProtocol: ApiProtocol;
  protocol: Protocol;
  port: number;
  clusterIP: string;
  externalIPs: string[];
  loadBalancerVIPs: string[];
  loadBalancerSourceRanges: string[];
  /** 0 when the port has none. */
  nodePort: number;
  /** 0 unless a LoadBalancer with externalTrafficPolicy Local. */
  healthCheckNodePort: number;
  /** 0 when sessionAffinity is None. */
  stickyMaxAgeSeconds: number;
  internalPolicyLocal: boolean;
  externalPolicyLocal: boolean;
  chains: ServiceChainNames;
}

/** NodePort, externalIP and load-balancer traffic enter through KUBE-EXT. */
export function isExternallyAccessible(info: ServicePortInfo): boolean {
  return info.nodePort !== 0 || info.loadBalancerVIPs.length > 0 || info.externalIPs.length > 0;
}

/**
 * Cluster endpoints are needed for Cluster internal policy, and for any externally reachable
 * service even with Local external policy (pods and the node itself short-circuit to KUBE-SVC).
 */
export function usesClusterEndpoints(info: ServicePortInfo): boolean {
  return !info.internalPolicyLocal || isExternallyAccessible(info);
}

export function usesLocalEndpoints(info: ServicePortInfo): boolean {
  return info.internalPolicyLocal || (info.externalPolicyLocal && isExternallyAccessible(info));
}

function normalizedProtocol(value: unknown): ApiProtocol {
  return value === 'UDP' || value === 'SCTP' ? value : 'TCP';
}

function ipv4Only(values: unknown): string[] {
  if (!Array.isArray(values)) return [];
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && isIPv4(v)))];
}

/** The IPv4 cluster IP, or undefined when the Service is not proxied (headless, ExternalName). */
function clusterIPv4(spec: Record<string, unknown>): string | undefined {
  const candidates = Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0 ? spec.clusterIPs : [spec.clusterIP];
  return candidates.find((ip): ip is string => typeof ip === 'string' && isIPv4(ip));
}

/** VIP-mode ingress IPs; `ipMode: Proxy` load balancers deliver to the node themselves. */
function loadBalancerVIPs(service: Readonly<KubeObject>): string[] {
  const ingress: unknown[] = service.status?.loadBalancer?.ingress ?? [];
  const ips = ingress
    .filter((entry): entry is { ip: string; ipMode?: string } => typeof (entry as { ip?: unknown })?.ip === 'string')
    .filter((entry) => entry.ipMode !== 'Proxy')
    .map((entry) => entry.ip);
  return ipv4Only(ips);
}

function sourceRanges(values: unknown): string[] {
  if (!Array.isArray(values)) return [];
  return values.filter((v): v is string => typeof v === 'string' && isIPv4(v.split('/')[0])).map((v) => v.trim());
}

/** The proxied ports of a Service; empty for headless and ExternalName Services. */
export function servicePortsOf(service: Readonly<KubeObject>): ServicePortInfo[] {
  const spec = (service.spec ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const clusterIP = clusterIPv4(spec);
  if (!clusterIP) return [];
  const namespace = service.metadata.namespace ?? 'default';
  const name = service.metadata.name ?? '';
  const type = spec.type ?? 'ClusterIP';
  const externalIPs = ipv4Only(spec.externalIPs);
  // apiservice.ExternallyAccessible: only these types honour externalTrafficPolicy.
  const externallyAccessible = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && externalIPs.length > 0);
  const externalPolicyLocal = externallyAccessible && spec.externalTrafficPolicy === 'Local';
  const internalPolicyLocal = spec.internalTrafficPolicy === 'Local';
  const stickyMaxAgeSeconds = spec.sessionAffinity === 'ClientIP'
    ? Number(spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? defaultStickyMaxAgeSeconds)
    : 0;
  const healthCheckNodePort = type === 'LoadBalancer' && externalPolicyLocal ? Number(spec.healthCheckNodePort ?? 0) : 0;
  const lbVIPs = loadBalancerVIPs(service);
  const lbSourceRanges = sourceRanges(spec.loadBalancerSourceRanges);
  const ports: Record<string, any>[] = Array.isArray(spec.ports) ? spec.ports : []; // eslint-disable-line @typescript-eslint/no-explicit-any
  return ports.map((port) => {
    const portName = typeof port.name === 'string' ? port.name : '';
    const apiProtocol = normalizedProtocol(port.protocol);
    const protocol = apiProtocol.toLowerCase() as Protocol;
    const servicePortName = servicePortNameString(namespace, name, portName);
    return {
      serviceKey: objectKey(namespace, name),
      portName,
      servicePortName,
      apiProtocol,
      protocol,
      port: Number(port.port),
      clusterIP,
      externalIPs,
      loadBalancerVIPs: lbVIPs,
      loadBalancerSourceRanges: lbSourceRanges,
      nodePort: Number(port.nodePort ?? 0) || 0,
      healthCheckNodePort,
      stickyMaxAgeSeconds,
      internalPolicyLocal,
      externalPolicyLocal,
      chains: serviceChainNames(servicePortName, protocol),
    };
  });
}
