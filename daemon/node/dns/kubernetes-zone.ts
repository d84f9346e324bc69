/**
 * The answers of CoreDNS's `kubernetes` plugin as kubeadm configures it (`kubernetes cluster.local
 * in-addr.arpa ip6.arpa { pods insecure; fallthrough in-addr.arpa ip6.arpa; ttl 30 }`), as pure
 * functions over Services and EndpointSlices (docs concepts/services-networking/dns-pod-service.md,
 * k8s-behaviour.md §7.5):
 * - `<svc>.<ns>.svc.cluster.local`: A = the ClusterIP; headless: one A per ready endpoint;
 *   ExternalName: a CNAME to `spec.externalName`; an unknown service or namespace: NXDOMAIN;
 * - `<hostname>.<svc>.<ns>.svc…`: the endpoint with that hostname (StatefulSet pods) or dashed IP;
 * - `_<port>._<proto>.<svc>.<ns>.svc…` and SRV questions: one SRV per port (per endpoint if headless);
 * - `<a-b-c-d>.<ns>.pod.cluster.local`: A = a.b.c.d, unchecked (`pods insecure`);
 * - PTR for ClusterIPs and endpoint IPs; any other name goes upstream, which this offline
 *   simulation answers with NXDOMAIN (there is no Internet behind the cluster).
 * Left out: AAAA data (IPv4 only clusters), wildcards, `ignore empty_service`, multiple zones.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { reverseName, type DnsQuestion, type DnsRecord, type DnsReply } from '../../runtime/dns/dns-message.js';

/** What the plugin reads from its informers. */
export interface ZoneData {
  service(namespace: string, name: string): Readonly<KubeObject> | undefined;
  /** The EndpointSlices labelled `kubernetes.io/service-name=<name>` in namespace. */
  endpointSlices(namespace: string, serviceName: string): readonly Readonly<KubeObject>[];
  /** Every Service and EndpointSlice, for reverse lookups. */
  allServices(): readonly Readonly<KubeObject>[];
  allEndpointSlices(): readonly Readonly<KubeObject>[];
}

export interface ZoneOptions {
  zone: string;
  ttl: number;
}

export const defaultZone: ZoneOptions = { zone: 'cluster.local', ttl: 30 };

interface Endpoint {
  address: string;
  /** `hostname` of the endpoint, or its IP with dashes (CoreDNS endpointHostname). */
  name: string;
}

const authoritative = (answers: DnsRecord[]): DnsReply => ({ rcode: 'NOERROR', authoritative: true, answers });
const nameError: DnsReply = { rcode: 'NXDOMAIN', authoritative: true, answers: [] };
const upstreamNameError: DnsReply = { rcode: 'NXDOMAIN', authoritative: false, answers: [] };

/** Answers one question the way the kubeadm Corefile's chain would. */
export function answerQuestion(data: ZoneData, question: DnsQuestion, options: ZoneOptions = defaultZone): DnsReply {
  const name = question.name.toLowerCase().replace(/\.$/, '');
  const zone = options.zone;
  if (name.endsWith('.in-addr.arpa')) return reverseLookup(data, name, question.type, options);
  if (name === zone || name === `svc.${zone}` || name === `pod.${zone}`) return authoritative([]);
  if (name.endsWith(`.pod.${zone}`)) return podLookup(name.slice(0, -`.pod.${zone}`.length).split('.'), question, options);
  if (name.endsWith(`.svc.${zone}`)) return serviceLookup(data, name.slice(0, -`.svc.${zone}`.length).split('.'), question, options);
  if (name.endsWith(`.${zone}`)) return nameError;
  return upstreamNameError;
}

function podLookup(labels: string[], question: DnsQuestion, options: ZoneOptions): DnsReply {
  if (labels.length !== 2) return nameError;
  const address = labels[0]!.replace(/-/g, '.');
  if (!reverseName(address)) return nameError;
  return authoritative(wantsAddress(question) ? [{ name: question.name, type: 'A', ttl: options.ttl, address }] : []);
}

function serviceLookup(data: ZoneData, labels: string[], question: DnsQuestion, options: ZoneOptions): DnsReply {
  const srv = labels.length === 4 && labels[0]!.startsWith('_') && labels[1]!.startsWith('_');
  if (labels.length === 4 && !srv) return nameError;
  if (labels.length < 2 || labels.length > 4) return nameError;
  const [namespace, serviceName] = [labels.at(-1)!, labels.at(-2)!];
  const service = data.service(namespace, serviceName);
  if (!service) return nameError;
  const fqdn = `${serviceName}.${namespace}.svc.${options.zone}`;
  const ttl = options.ttl;
  if (service.spec?.type === 'ExternalName') {
    if (labels.length !== 2) return nameError;
    return authoritative(question.type === 'PTR' || question.type === 'SRV' ? [] : [{ name: question.name, type: 'CNAME', ttl, target: String(service.spec.externalName ?? '').replace(/\.$/, '') }]);
  }
  const endpoints = readyEndpoints(data, service);
  if (labels.length === 3) {
    const matching = endpoints.filter((e) => e.name === labels[0]);
    if (!matching.length) return nameError;
    return authoritative(wantsAddress(question) ? matching.map((e) => ({ name: question.name, type: 'A' as const, ttl, address: e.address })) : []);
  }
  const ports = servicePorts(service, srv ? labels[0]!.slice(1) : undefined, srv ? labels[1]!.slice(1) : undefined);
  const headless = service.spec?.clusterIP === 'None';
  if (srv && !ports.length) return nameError;
  if (headless && !endpoints.length) return nameError;
  if (question.type === 'SRV') {
    const targets = headless ? endpoints.map((e) => `${e.name}.${fqdn}`) : [fqdn];
    const records = ports.flatMap((port) => targets.map((target) => ({ port, target })));
    const weight = Math.floor(100 / Math.max(1, records.length));
    return authoritative(records.map(({ port, target }) => ({ name: question.name, type: 'SRV' as const, ttl, priority: 0, weight, port, target })));
  }
  if (!wantsAddress(question)) return authoritative([]);
  const addresses = headless ? [...new Set(endpoints.map((e) => e.address))] : ((service.spec?.clusterIPs as string[] | undefined) ?? [service.spec?.clusterIP]).filter((ip): ip is string => Boolean(ip && reverseName(ip)));
  return authoritative(addresses.map((address) => ({ name: question.name, type: 'A' as const, ttl, address })));
}

function reverseLookup(data: ZoneData, name: string, type: DnsQuestion['type'], options: ZoneOptions): DnsReply {
  const parts = name.slice(0, -'.in-addr.arpa'.length).split('.');
  if (parts.length !== 4) return upstreamNameError;
  const address = parts.reverse().join('.');
  const targets: string[] = [];
  for (const service of data.allServices()) {
    const ips: string[] = service.spec?.clusterIPs ?? [service.spec?.clusterIP];
    if (ips.includes(address)) targets.push(`${service.metadata.name}.${service.metadata.namespace}.svc.${options.zone}`);
  }
  for (const slice of data.allEndpointSlices()) {
    const serviceName = slice.metadata.labels?.['kubernetes.io/service-name'];
    if (!serviceName) continue;
    for (const endpoint of slice.endpoints ?? []) {
      if ((endpoint.addresses ?? []).includes(address)) targets.push(`${endpointName(endpoint, address)}.${serviceName}.${slice.metadata.namespace}.svc.${options.zone}`);
    }
  }
  // `fallthrough in-addr.arpa`: an address the cluster does not know goes upstream.
  if (!targets.length) return upstreamNameError;
  if (type !== 'PTR' && type !== 'ANY') return authoritative([]);
  return authoritative([...new Set(targets)].map((target) => ({ name, type: 'PTR' as const, ttl: options.ttl, target })));
}

function wantsAddress(question: DnsQuestion): boolean {
  return question.type === 'A' || question.type === 'ANY';
}

function endpointName(endpoint: { hostname?: string }, address: string): string {
  return endpoint.hostname || address.replace(/\./g, '-');
}

/** Endpoints CoreDNS serves: ready ones, or all when the Service publishes not-ready addresses. */
function readyEndpoints(data: ZoneData, service: Readonly<KubeObject>): Endpoint[] {
  const all = service.spec?.publishNotReadyAddresses === true;
  const out: Endpoint[] = [];
  for (const slice of data.endpointSlices(service.metadata.namespace ?? '', service.metadata.name ?? '')) {
    if (slice.addressType && slice.addressType !== 'IPv4') continue;
    for (const endpoint of slice.endpoints ?? []) {
      if (!all && endpoint.conditions?.ready === false) continue;
      for (const address of endpoint.addresses ?? []) out.push({ address, name: endpointName(endpoint, address) });
    }
  }
  return out.sort((a, b) => a.address.localeCompare(b.address, 'en', { numeric: true }));
}

/** The ports an SRV question names (`_http._tcp`): by port name and lower-case protocol. */
function servicePorts(service: Readonly<KubeObject>, portName?: string, protocol?: string): number[] {
  const ports: { name?: string; port: number; protocol?: string }[] = service.spec?.ports ?? [];
  return ports
    .filter((p) => portName === undefined || (p.name ?? '') === portName)
    .filter((p) => protocol === undefined || (p.protocol ?? 'TCP').toLowerCase() === protocol)
    .map((p) => p.port);
}
