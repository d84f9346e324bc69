/**
 * What the endpoints and EndpointSlice controllers agree on about a Service's pods (k/k
 * `staging/src/k8s.io/endpointslice/util` and `pkg/api/v1/pod`): which pods a Service selects,
 * which of them count as endpoints, how a service port resolves against a pod (named targetPorts
 * included), which Services a pod change concerns, and the `last-change-trigger-time` tracker.
 * Pure functions over cached objects; no I/O.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { objectKey } from '../../shared/api/keys.js';
import { rfc3339 } from '../../shared/clock.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { selectorFromSet } from '../../shared/labels.js';
import { isPodReady } from './pod-state.js';
import { jsonEqual } from '../../shared/json-equal.js';

export { isPodReady };

/** The index both controllers add to the pod and service informers. */
export const namespaceIndex = 'namespace';
export const byNamespace = (obj: Readonly<KubeObject>): string[] => [obj.metadata.namespace ?? ''];

/** The label both controllers put on what they write for a headless Service (v1.IsHeadlessService). */
export const headlessLabel = 'service.kubernetes.io/headless';
export const lastChangeTriggerTimeAnnotation = 'endpoints.kubernetes.io/last-change-trigger-time';

export interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  targetPort?: number | string;
  appProtocol?: string;
}

/**
 * Services without a selector are managed by hand. An empty selector counts as none too: the real
 * API stores `selector: {}` as nil, so it never selects every pod.
 */
export function hasSelector(service: Readonly<KubeObject>): boolean {
  return Object.keys(service.spec?.selector ?? {}).length > 0;
}

export function isHeadless(service: Readonly<KubeObject>): boolean {
  const clusterIP = service.spec?.clusterIP;
  return !clusterIP || clusterIP === 'None';
}

/** The pods of the Service's namespace that its selector matches (labels.Set(selector)). */
export function selectedPods(service: Readonly<KubeObject>, pods: SharedInformer): Readonly<KubeObject>[] {
  const selector = selectorFromSet(service.spec?.selector);
  return pods.byIndex(namespaceIndex, service.metadata.namespace ?? '').filter((pod) => selector.matches(pod.metadata.labels));
}

/** ShouldPodBeInEndpoints: not terminal, has an IP, and not being deleted unless terminating ones are wanted. */
export function shouldPodBeInEndpoints(pod: Readonly<KubeObject>, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!pod.status?.podIP && !(pod.status?.podIPs?.length > 0)) return false;
  return includeTerminating || !pod.metadata.deletionTimestamp;
}

/** The pod's IPv4 addresses (the clusters kubelab imitates are single-stack IPv4). */
export function podIPv4s(pod: Readonly<KubeObject>): string[] {
  const listed: string[] = (pod.status?.podIPs ?? []).map((p: { ip: string }) => p.ip);
  const all = listed.length > 0 ? listed : [pod.status?.podIP].filter(Boolean);
  return all.filter((ip) => !ip.includes(':'));
}

/**
 * FindPort: a numeric targetPort is used as it is; a named one is looked up among the containers'
 * ports with the same protocol (and restartable init containers'). Undefined when nothing matches.
 */
export function findPort(pod: Readonly<KubeObject>, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = servicePort.protocol ?? 'TCP';
  const sidecars = (pod.spec?.initContainers ?? []).filter((c: { restartPolicy?: string }) => c.restartPolicy === 'Always');
  for (const container of [...(pod.spec?.containers ?? []), ...sidecars]) {
    for (const port of container.ports ?? []) {
      if (port.name === target && (port.protocol ?? 'TCP') === protocol) return port.containerPort;
    }
  }
  return undefined;
}

/** ShouldSetHostname: the pod asked for a hostname under this Service's subdomain. */
export function shouldSetHostname(pod: Readonly<KubeObject>, service: Readonly<KubeObject>): boolean {
  return Boolean(pod.spec?.hostname) && pod.spec?.subdomain === service.metadata.name && pod.metadata.namespace === service.metadata.namespace;
}

/** The keys of the Services in the pod's namespace whose selector matches these labels. */
export function servicesSelecting(pod: Readonly<KubeObject>, services: SharedInformer): Set<string> {
  const keys = new Set<string>();
  for (const service of services.byIndex(namespaceIndex, pod.metadata.namespace ?? '')) {
    if (hasSelector(service) && selectorFromSet(service.spec.selector).matches(pod.metadata.labels)) keys.add(objectKey(service.metadata.namespace, service.metadata.name!));
  }
  return keys;
}

/**
 * GetServicesToUpdateOnPodChange: a label change concerns the old and the new Services; any other
 * change only if it alters the pod's endpoint (IP, readiness, node, deletion, phase, hostname).
 */
export function servicesForPodChange(old: Readonly<KubeObject>, pod: Readonly<KubeObject>, services: SharedInformer): Set<string> {
  if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return new Set();
  // No Service with a selector in the namespace (often only `kubernetes` in default): none to update.
  if (!services.byIndex(namespaceIndex, pod.metadata.namespace ?? '').some(hasSelector)) return new Set();
  const labelsChanged = !jsonEqual(old.metadata.labels ?? {}, pod.metadata.labels ?? {});
  if (!labelsChanged && sameEndpoint(old, pod)) return new Set();
  const keys = servicesSelecting(pod, services);
  if (labelsChanged) for (const key of servicesSelecting(old, services)) keys.add(key);
  return keys;
}

/** Whether the pod's endpoint is unchanged: IPs, phase, readiness, node, hostname, subdomain, deletion, container ports. */
function sameEndpoint(old: Readonly<KubeObject>, pod: Readonly<KubeObject>): boolean {
  const ports = (p: Readonly<KubeObject>): unknown => p.spec?.containers?.map((c: { ports?: unknown }) => c.ports);
  return (
    old.status?.podIP === pod.status?.podIP &&
    jsonEqual(old.status?.podIPs, pod.status?.podIPs) &&
    old.status?.phase === pod.status?.phase &&
    isPodReady(old) === isPodReady(pod) &&
    old.spec?.nodeName === pod.spec?.nodeName &&
    old.spec?.hostname === pod.spec?.hostname &&
    old.spec?.subdomain === pod.spec?.subdomain &&
    old.metadata.deletionTimestamp === pod.metadata.deletionTimestamp &&
    (old.spec?.containers === pod.spec?.containers || jsonEqual(ports(old), ports(pod)))
  );
}

/**
 * TriggerTimeTracker (endpointslice/util): the time of the change that made an Endpoints or
 * EndpointSlice change. A new Service reports its creation time; later syncs report the earliest
 * Ready-condition transition (or Service creation) that moved since the previous sync, or nothing.
 */
export class TriggerTimeTracker {
  private readonly states = new Map<string, { pods: Map<string, number>; service: number }>();

  compute(service: Readonly<KubeObject>, pods: readonly Readonly<KubeObject>[]): string | undefined {
    const key = objectKey(service.metadata.namespace, service.metadata.name!);
    const previous = this.states.get(key);
    const serviceTime = Date.parse(service.metadata.creationTimestamp ?? '') || 0;
    const podTimes = new Map<string, number>();
    let earliest: number | undefined;
    for (const pod of pods) {
      const ready = (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
      const time = Date.parse(ready?.lastTransitionTime ?? '') || 0;
      if (!time) continue;
      podTimes.set(pod.metadata.name!, time);
      if (time > (previous?.pods.get(pod.metadata.name!) ?? 0)) earliest = Math.min(earliest ?? time, time);
    }
    if (serviceTime > (previous?.service ?? 0)) earliest = Math.min(earliest ?? serviceTime, serviceTime);
    this.states.set(key, { pods: podTimes, service: serviceTime });
    if (!previous) return serviceTime ? rfc3339(serviceTime) : undefined;
    return earliest === undefined ? undefined : rfc3339(earliest);
  }

  delete(key: string): void {
    this.states.delete(key);
  }
}
