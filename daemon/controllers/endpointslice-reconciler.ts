/**
 * The EndpointSlice reconciler's decisions (`staging/src/k8s.io/endpointslice/reconciler.go`), as
 * pure functions: the desired endpoints of a Service grouped by their set of ports, compared with
 * the Service's existing slices to give the slices to create, update and delete. Endpoints stay in
 * the slice that holds them; new ones fill slices being updated first, then an unchanged slice
 * with room, then new slices of at most 100. A Service with nothing to publish keeps one empty
 * placeholder slice, and a create paired with a delete becomes an update, so the slice keeps its
 * name as pods come and go. Left out: topology hints, traffic distribution, dual-stack.
 */
import type { KubeObject, OwnerReference } from '../../shared/api/meta.js';
import { findPort, headlessLabel, isHeadless, isPodReady, podIPv4s, shouldPodBeInEndpoints, shouldSetHostname, type ServicePort } from './service-pods.js';

export const serviceNameLabel = 'kubernetes.io/service-name';
export const managedByLabel = 'endpointslice.kubernetes.io/managed-by';
export const controllerName = 'endpointslice-controller.k8s.io';
/** kube-controller-manager's --max-endpoints-per-slice default. */
export const maxEndpointsPerSlice = 100;

export interface SlicePort {
  name: string;
  protocol: string;
  port: number;
  appProtocol?: string;
}

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string };
  nodeName?: string;
}

export interface SliceChanges {
  create: KubeObject[];
  update: KubeObject[];
  delete: Readonly<KubeObject>[];
}

interface Desired {
  ports: SlicePort[];
  endpoints: Map<string, SliceEndpoint>;
}

/** What to write so that the Service's slices (`existing`, all managed by this controller) match its pods. */
export function reconcileSlices(service: Readonly<KubeObject>, pods: readonly Readonly<KubeObject>[], existing: readonly Readonly<KubeObject>[]): SliceChanges {
  const changes: SliceChanges = { create: [], update: [], delete: [] };
  const existingByPorts = new Map<string, Readonly<KubeObject>[]>();
  for (const slice of existing) {
    if (!isOwnedBy(slice, service) || slice.addressType !== 'IPv4') {
      changes.delete.push(slice);
      continue;
    }
    const key = portsKey(slice.ports ?? []);
    existingByPorts.set(key, [...(existingByPorts.get(key) ?? []), slice]);
  }
  const desired = desiredEndpoints(service, pods);
  for (const [key, want] of desired) {
    const result = reconcilePortGroup(service, existingByPorts.get(key) ?? [], want);
    changes.create.push(...result.create);
    changes.update.push(...result.update);
    changes.delete.push(...result.delete);
  }
  for (const [key, slices] of existingByPorts) if (!desired.has(key)) changes.delete.push(...slices);

  // Nothing to publish: keep (or make) one empty placeholder slice.
  if (existing.length === changes.delete.length && changes.create.length === 0) {
    const placeholder = newSlice(service, []);
    if (changes.delete.length === 1 && isPlaceholderLike(changes.delete[0]!, placeholder)) changes.delete = [];
    else changes.create.push(placeholder);
  }
  return pairCreatesWithDeletes(service, changes);
}

/** The endpoints the Service's pods give, by set of ports; terminating pods are kept (with their conditions). */
function desiredEndpoints(service: Readonly<KubeObject>, pods: readonly Readonly<KubeObject>[]): Map<string, Desired> {
  const desired = new Map<string, Desired>();
  const sorted = [...pods].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  for (const pod of sorted) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPorts(service, pod);
    const key = portsKey(ports);
    let group = desired.get(key);
    if (!group) desired.set(key, (group = { ports, endpoints: new Map() }));
    const endpoint = podToEndpoint(pod, service);
    if (endpoint.addresses.length > 0) group.endpoints.set(endpointKey(endpoint), endpoint);
  }
  return desired;
}

/** reconcileByPortMapping: keep, update and fill the slices of one set of ports. */
function reconcilePortGroup(service: Readonly<KubeObject>, slices: readonly Readonly<KubeObject>[], want: Desired): SliceChanges {
  const remaining = new Map(want.endpoints);
  const toUpdate = new Map<string, KubeObject>();
  const unchanged = new Map<string, Readonly<KubeObject>>();
  const toDelete: Readonly<KubeObject>[] = [];
  for (const slice of slices) {
    const current: SliceEndpoint[] = slice.endpoints ?? [];
    const kept: SliceEndpoint[] = [];
    let changed = false;
    for (const endpoint of current) {
      const key = endpointKey(endpoint);
      const wanted = remaining.get(key);
      if (!wanted) continue;
      kept.push(wanted);
      if (!sameEndpoint(wanted, endpoint)) changed = true;
      remaining.delete(key);
    }
    const labels = sliceLabels(service);
    const labelsChanged = !sameLabels(labels, slice.metadata.labels);
    if (changed || kept.length !== current.length) {
      if (kept.length === 0) toDelete.push(slice);
      else toUpdate.set(slice.metadata.name!, { ...structuredClone(slice) as KubeObject, endpoints: kept, metadata: { ...structuredClone(slice.metadata), labels } });
    } else if (labelsChanged) {
      toUpdate.set(slice.metadata.name!, { ...structuredClone(slice) as KubeObject, metadata: { ...structuredClone(slice.metadata), labels } });
    } else {
      unchanged.set(slice.metadata.name!, slice);
    }
  }
  const take = (slice: KubeObject): void => {
    const endpoints: SliceEndpoint[] = slice.endpoints ?? (slice.endpoints = []);
    for (const [key, endpoint] of remaining) {
      if (endpoints.length >= maxEndpointsPerSlice) break;
      endpoints.push(endpoint);
      remaining.delete(key);
    }
  };
  // Fill the fullest of the slices being written anyway, then an unchanged one that fits, then new ones.
  if (remaining.size > 0) for (const slice of [...toUpdate.values()].sort((a, b) => b.endpoints.length - a.endpoints.length)) take(slice);
  const create: KubeObject[] = [];
  while (remaining.size > 0) {
    const fit = remaining.size < maxEndpointsPerSlice ? closestFit([...unchanged.values()], remaining.size) : undefined;
    const slice = fit ? (structuredClone(fit) as KubeObject) : newSlice(service, want.ports);
    take(slice);
    if (fit) {
      unchanged.delete(fit.metadata.name!);
      toUpdate.set(fit.metadata.name!, slice);
    } else create.push(slice);
  }
  return { create, update: [...toUpdate.values()], delete: toDelete };
}

/** getSliceToFill: the slice closest to full once `count` endpoints are added. */
function closestFit(slices: Readonly<KubeObject>[], count: number): Readonly<KubeObject> | undefined {
  let best: Readonly<KubeObject> | undefined;
  let bestRoom = maxEndpointsPerSlice;
  for (const slice of slices) {
    const room = maxEndpointsPerSlice - (count + (slice.endpoints?.length ?? 0));
    if (room >= 0 && room < bestRoom) [best, bestRoom] = [slice, room];
  }
  return best;
}

/** finalize: a slice about to be deleted is reused for a slice about to be created. */
function pairCreatesWithDeletes(service: Readonly<KubeObject>, changes: SliceChanges): SliceChanges {
  const deletes = [...changes.delete];
  const creates = [...changes.create];
  const updates = [...changes.update];
  for (let i = 0; i < deletes.length && creates.length > 0; ) {
    const doomed = deletes[i]!;
    if (doomed.addressType === 'IPv4' && isOwnedBy(doomed, service)) {
      const reused = creates.pop()!;
      reused.metadata = { ...reused.metadata, name: doomed.metadata.name };
      delete reused.metadata.generateName;
      updates.push(reused);
      deletes.splice(i, 1);
    } else i++;
  }
  return { create: creates, update: updates, delete: deletes };
}

/** newEndpointSlice: `<service>-` generated name, the Service as controlling owner, its labels. */
export function newSlice(service: Readonly<KubeObject>, ports: SlicePort[]): KubeObject {
  const owner: OwnerReference = { apiVersion: 'v1', kind: 'Service', name: service.metadata.name!, uid: service.metadata.uid!, controller: true, blockOwnerDeletion: true };
  return {
    kind: 'EndpointSlice',
    apiVersion: 'discovery.k8s.io/v1',
    metadata: { generateName: `${service.metadata.name}-`, namespace: service.metadata.namespace, labels: sliceLabels(service), ownerReferences: [owner] },
    addressType: 'IPv4',
    // An empty list is stored as null (protobuf), which is what `-o yaml` shows for a placeholder.
    endpoints: null,
    ports: ports.length > 0 ? ports : null,
  };
}

/** setEndpointSliceLabels: the Service's labels, plus the reserved service-name, managed-by and headless ones. */
export function sliceLabels(service: Readonly<KubeObject>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(service.metadata.labels ?? {})) {
    if (key !== serviceNameLabel && key !== managedByLabel && key !== headlessLabel) labels[key] = value;
  }
  if (isHeadless(service)) labels[headlessLabel] = '';
  labels[serviceNameLabel] = service.metadata.name!;
  labels[managedByLabel] = controllerName;
  return labels;
}

function podToEndpoint(pod: Readonly<KubeObject>, service: Readonly<KubeObject>): SliceEndpoint {
  const serving = isPodReady(pod);
  const terminating = Boolean(pod.metadata.deletionTimestamp);
  // "ready" is never true for a terminating pod unless publishNotReadyAddresses says so.
  const ready = Boolean(service.spec?.publishNotReadyAddresses) || (serving && !terminating);
  // Keys in the order the Go struct serialises them.
  return {
    addresses: podIPv4s(pod),
    conditions: { ready, serving, terminating },
    ...(shouldSetHostname(pod, service) ? { hostname: pod.spec.hostname as string } : {}),
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' },
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName as string } : {}),
  };
}

/** EndpointsEqualBeyondHash: same conditions, node, hostname and pod. */
function sameEndpoint(a: SliceEndpoint, b: SliceEndpoint): boolean {
  const view = (e: SliceEndpoint): string =>
    JSON.stringify([e.conditions?.ready, e.conditions?.serving, e.conditions?.terminating, e.nodeName, e.hostname, e.targetRef?.kind, e.targetRef?.namespace, e.targetRef?.name, e.targetRef?.uid]);
  return view(a) === view(b);
}

/** getEndpointPorts: each service port the pod resolves, named as the service port (`""` when unnamed). */
function endpointPorts(service: Readonly<KubeObject>, pod: Readonly<KubeObject>): SlicePort[] {
  const servicePorts: ServicePort[] = service.spec?.ports ?? [];
  const ports: SlicePort[] = [];
  for (const servicePort of servicePorts) {
    const port = findPort(pod, servicePort);
    if (port === undefined) continue;
    const slicePort: SlicePort = { name: servicePort.name ?? '', protocol: servicePort.protocol ?? 'TCP', port };
    if (servicePort.appProtocol) slicePort.appProtocol = servicePort.appProtocol;
    ports.push(slicePort);
  }
  return ports;
}

function portsKey(ports: readonly SlicePort[]): string {
  return JSON.stringify([...ports].map((p) => [p.name ?? '', p.protocol, p.port, p.appProtocol ?? '']).sort());
}

/** An endpoint's identity: the pod and its addresses (EndpointSet's hash). */
function endpointKey(endpoint: SliceEndpoint): string {
  return `${endpoint.targetRef.namespace}/${endpoint.targetRef.name}|${[...endpoint.addresses].sort().join(',')}|${endpoint.hostname ?? ''}`;
}

function isOwnedBy(slice: Readonly<KubeObject>, service: Readonly<KubeObject>): boolean {
  return (slice.metadata.ownerReferences ?? []).some((o) => o.uid === service.metadata.uid && o.kind === 'Service' && o.apiVersion === 'v1');
}

/** placeholderSliceCompare: namespace, labels and owners equal, and no ports or endpoints. */
function isPlaceholderLike(slice: Readonly<KubeObject>, placeholder: KubeObject): boolean {
  return (
    slice.metadata.namespace === placeholder.metadata.namespace &&
    sameLabels(slice.metadata.labels ?? {}, placeholder.metadata.labels) &&
    JSON.stringify(slice.metadata.ownerReferences ?? []) === JSON.stringify(placeholder.metadata.ownerReferences) &&
    (slice.endpoints ?? []).length === 0 &&
    (slice.ports ?? []).length === 0
  );
}

function sameLabels(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  return JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());
}
