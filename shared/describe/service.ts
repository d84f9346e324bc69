/**
 * `kubectl describe service` (describe.go `describeService`): selector, type, IP families, cluster
 * IPs, external IPs and names, load-balancer ingress, and per port its target port, node port
 * and `Endpoints:` line, which kubectl builds from the Service's EndpointSlices (ready endpoints
 * only, at most three then `+ N more...`), then session affinity, traffic policies and events.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { formatLabels } from '../labels.js';
import { joinHostPort } from '../printers/endpoints.js';
import { describeEvents, eventsFor } from './events.js';
import { int, str } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { tabbedString } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const endpointSlicesRef = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };

export async function describeServiceObject(client: ApiClient, service: KubeObject, now: number): Promise<string> {
  let slices: KubeObject[] = [];
  try {
    const list = await client.list(endpointSlicesRef, service.metadata.namespace, { labelSelector: `kubernetes.io/service-name=${service.metadata.name}` });
    slices = list.items;
  } catch (err) {
    void err; // kubectl ignores this error too and prints `Endpoints: <none>`
  }
  return describeService(service, slices, await eventsFor(client, service, 'Service'), now);
}

const isReady = (endpoint: Json): boolean => endpoint.conditions?.ready !== false;

/** The `Endpoints:` text for one port name (describe.go formatEndpointSlices). */
export function formatEndpointSlices(slices: readonly Json[], portName: string): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  const add = (text: string): void => {
    if (!more) list.push(text);
    count++;
  };
  for (const slice of slices) {
    const endpoints: Json[] = slice.endpoints ?? [];
    const ports: Json[] = slice.ports ?? [];
    if (ports.length === 0) {
      // Headless services may have no ports: the addresses alone.
      for (const endpoint of endpoints) {
        if (list.length === max) more = true;
        if (isReady(endpoint)) add(str(endpoint.addresses?.[0]));
      }
      continue;
    }
    for (const port of ports) {
      if ((port.name ?? '') !== portName) continue;
      for (const endpoint of endpoints) {
        if (list.length === max) more = true;
        if (isReady(endpoint)) add(joinHostPort(str(endpoint.addresses?.[0]), port.port ?? 0));
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - max} more...` : text;
}

function ingressText(ingress: readonly Json[]): string {
  return ingress.map((i) => (i.ip ? `${i.ip}${i.ipMode ? ` (${i.ipMode})` : ''}` : str(i.hostname))).join(', ');
}

export function describeService(service: Json, slices: readonly KubeObject[], events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    const spec = service.spec ?? {};
    w.write(0, `Name:\t${service.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(service.metadata.namespace)}\n`);
    printLabelsMultiline(w, 'Labels', service.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', service.metadata.annotations);
    w.write(0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(0, `Type:\t${str(spec.type)}\n`);
    if (spec.ipFamilyPolicy) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    w.write(0, `IP Families:\t${(spec.ipFamilies ?? []).length > 0 ? spec.ipFamilies.join(',') : '<none>'}\n`);
    w.write(0, `IP:\t${str(spec.clusterIP)}\n`);
    w.write(0, `IPs:\t${(spec.clusterIPs ?? []).length > 0 ? spec.clusterIPs.join(',') : '<none>'}\n`);
    if ((spec.externalIPs ?? []).length > 0) w.write(0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
    if (spec.loadBalancerIP) w.write(0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(0, `External Name:\t${spec.externalName}\n`);
    const ingress: Json[] = service.status?.loadBalancer?.ingress ?? [];
    if (ingress.length > 0) w.write(0, `LoadBalancer Ingress:\t${ingressText(ingress)}\n`);
    for (const port of spec.ports ?? []) {
      const name = port.name || '<unset>';
      const protocol = str(port.protocol);
      w.write(0, `Port:\t${name}\t${int(port.port)}/${protocol}\n`);
      w.write(0, `TargetPort:\t${port.targetPort === undefined ? 0 : port.targetPort}/${protocol}\n`);
      if (port.nodePort) w.write(0, `NodePort:\t${name}\t${int(port.nodePort)}/${protocol}\n`);
      w.write(0, `Endpoints:\t${formatEndpointSlices(slices, port.name ?? '')}\n`);
    }
    w.write(0, `Session Affinity:\t${str(spec.sessionAffinity)}\n`);
    if (spec.externalTrafficPolicy) w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy) w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(0, `HealthCheck NodePort:\t${int(spec.healthCheckNodePort)}\n`);
    if ((spec.loadBalancerSourceRanges ?? []).length > 0) w.write(0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
    describeEvents(events, w, now);
  });
}
