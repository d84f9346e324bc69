/**
 * The subsets of a Service's Endpoints object, as the endpoints controller computes them: one
 * address per selected pod (`{ip, nodeName, targetRef}`; `hostname` when the pod asked for one
 * under this Service), ready or not ready, per resolved service port; then packed the way
 * `pkg/api/v1/endpoints` RepackSubsets does it: addresses offering the same set of ports share a
 * subset. Pure functions.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { findPort, isPodReady, podIPv4s, shouldPodBeInEndpoints, shouldSetHostname, type ServicePort } from './service-pods.js';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string };
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

interface Offer {
  address: EndpointAddress;
  ready: boolean;
}

/** The Endpoints subsets for a Service and the pods its selector matches. */
export function endpointSubsets(service: Readonly<KubeObject>, pods: readonly Readonly<KubeObject>[]): EndpointSubset[] {
  const publishNotReady = Boolean(service.spec?.publishNotReadyAddresses);
  const servicePorts: ServicePort[] = service.spec?.ports ?? [];
  // Port (as a key) → the addresses offering it; ready wins when a pod appears twice (mapAddressesByPort).
  const offers = new Map<string, { port: EndpointPort | undefined; byAddress: Map<string, Offer> }>();
  const offer = (port: EndpointPort | undefined, address: EndpointAddress, ready: boolean): void => {
    const portKey = JSON.stringify(port ?? null);
    let entry = offers.get(portKey);
    if (!entry) offers.set(portKey, (entry = { port, byAddress: new Map() }));
    const addressKey = `${address.ip}/${address.targetRef.uid}`;
    const previous = entry.byAddress.get(addressKey);
    if (!previous || (ready && !previous.ready)) entry.byAddress.set(addressKey, { address, ready });
  };

  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const ip = podIPv4s(pod)[0];
    if (!ip) continue;
    const address = podAddress(pod, service, ip);
    const ready = publishNotReady || isPodReady(pod);
    // A headless Service may have no ports; then the pods are listed with none.
    if (servicePorts.length === 0) {
      if (service.spec?.clusterIP === 'None') offer(undefined, address, ready);
      continue;
    }
    for (const servicePort of servicePorts) {
      const port = findPort(pod, servicePort);
      if (port === undefined) continue;
      const endpointPort: EndpointPort = { name: servicePort.name, port, protocol: servicePort.protocol ?? 'TCP' };
      if (servicePort.appProtocol) endpointPort.appProtocol = servicePort.appProtocol;
      offer(endpointPort, address, ready);
    }
  }
  return repack(offers);
}

function podAddress(pod: Readonly<KubeObject>, service: Readonly<KubeObject>, ip: string): EndpointAddress {
  const address: EndpointAddress = {
    ip,
    nodeName: pod.spec?.nodeName ?? '',
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' },
  };
  if (shouldSetHostname(pod, service)) return { ip, hostname: pod.spec.hostname, nodeName: address.nodeName, targetRef: address.targetRef };
  return address;
}

/**
 * Groups ports by the exact set of (address, readiness) offering them, one subset per group.
 * Addresses are sorted by IP then UID as SortSubsets does; it orders ports and subsets by a hash
 * of Go structures, which cannot be reproduced, so ports keep the Service's order and subsets are
 * ordered by their first address.
 */
function repack(offers: Map<string, { port: EndpointPort | undefined; byAddress: Map<string, Offer> }>): EndpointSubset[] {
  const groups = new Map<string, { offers: Offer[]; ports: EndpointPort[] }>();
  for (const { port, byAddress } of offers.values()) {
    const sorted = [...byAddress.values()].sort((a, b) => compareAddresses(a.address, b.address));
    const groupKey = JSON.stringify(sorted.map((o) => [o.address.ip, o.address.targetRef.uid, o.ready]));
    let group = groups.get(groupKey);
    if (!group) groups.set(groupKey, (group = { offers: sorted, ports: [] }));
    if (port) group.ports.push(port);
  }
  const subsets: EndpointSubset[] = [];
  for (const group of groups.values()) {
    const subset: EndpointSubset = {};
    const ready = group.offers.filter((o) => o.ready).map((o) => o.address);
    const notReady = group.offers.filter((o) => !o.ready).map((o) => o.address);
    if (ready.length > 0) subset.addresses = ready;
    if (notReady.length > 0) subset.notReadyAddresses = notReady;
    if (group.ports.length > 0) subset.ports = group.ports;
    subsets.push(subset);
  }
  const first = (s: EndpointSubset): EndpointAddress | undefined => s.addresses?.[0] ?? s.notReadyAddresses?.[0];
  return subsets.sort((a, b) => compareAddresses(first(a), first(b)));
}

function compareAddresses(a: EndpointAddress | undefined, b: EndpointAddress | undefined): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  const byIP = compareIPs(a.ip, b.ip);
  return byIP !== 0 ? byIP : a.targetRef.uid < b.targetRef.uid ? -1 : a.targetRef.uid > b.targetRef.uid ? 1 : 0;
}

/** addrsByIPAndUID compares the IP strings byte by byte, as Go's `<` on strings does. */
function compareIPs(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
