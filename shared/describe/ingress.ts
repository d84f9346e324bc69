/**
 * `kubectl describe ingress` (describe.go `describeIngressV1`): address, ingress class, default
 * backend, TLS, and the rules table where each backend is `service:port (endpoints)`, with the
 * endpoints taken from the backend Service's EndpointSlices for the matching port, or
 * `(<error: …>)` when the Service cannot be read; annotations come after the rules, then events.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { describeEvents, eventsFor } from './events.js';
import { byteOrder, str } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { formatEndpointSlices } from './service.js';
import { tabbedString } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const servicesRef = { group: '', version: 'v1', resource: 'services' };
const endpointSlicesRef = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };

function serviceBackendText(service: Json): string {
  return `${str(service.name)}:${service.port?.number ? service.port.number : str(service.port?.name)}`;
}

/** One backend as kubectl prints it; reads the Service and its EndpointSlices. */
async function describeBackend(client: ApiClient, namespace: string | undefined, backend: Json): Promise<string> {
  if (backend?.service) {
    const text = serviceBackendText(backend.service);
    try {
      const slices = await client.list(endpointSlicesRef, namespace, { labelSelector: `kubernetes.io/service-name=${backend.service.name}` });
      const service = await client.get(servicesRef, namespace, backend.service.name);
      let portName = '';
      for (const port of service.spec?.ports ?? []) {
        if (backend.service.port?.number && backend.service.port.number === port.port) portName = port.name ?? '';
        else if (backend.service.port?.name && backend.service.port.name === port.name) portName = port.name ?? '';
      }
      return `${text} (${formatEndpointSlices(slices.items, portName)})`;
    } catch (err) {
      return `${text} (<error: ${err instanceof Error ? err.message : String(err)}>)`;
    }
  }
  if (backend?.resource) {
    const resource = backend.resource;
    return `APIGroup: ${resource.apiGroup ?? '<none>'}, Kind: ${str(resource.kind)}, Name: ${str(resource.name)}`;
  }
  return '';
}

/** The backends an Ingress names, resolved in the order describe prints them. */
export interface IngressBackends {
  defaultBackend: string;
  /** One entry per path of each HTTP rule, in order. */
  paths: string[];
}

export async function describeIngressObject(client: ApiClient, ingress: KubeObject, now: number): Promise<string> {
  const namespace = ingress.metadata.namespace;
  const defaultBackend = ingress.spec?.defaultBackend ? await describeBackend(client, namespace, ingress.spec.defaultBackend) : '<default>';
  const paths: string[] = [];
  for (const rule of ingress.spec?.rules ?? []) {
    for (const path of rule.http?.paths ?? []) paths.push(await describeBackend(client, namespace, path.backend));
  }
  return describeIngress(ingress, { defaultBackend, paths }, await eventsFor(client, ingress, 'Ingress'), now);
}

export function describeIngress(ingress: Json, backends: IngressBackends, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    const spec = ingress.spec ?? {};
    w.write(0, `Name:\t${ingress.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', ingress.metadata.labels);
    w.write(0, `Namespace:\t${str(ingress.metadata.namespace)}\n`);
    const addresses = new Set<string>();
    for (const entry of ingress.status?.loadBalancer?.ingress ?? []) {
      if (entry.ip) addresses.add(entry.ip);
      else if (entry.hostname) addresses.add(entry.hostname);
    }
    w.write(0, `Address:\t${[...addresses].sort(byteOrder).join(',')}\n`);
    w.write(0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
    w.write(0, `Default backend:\t${backends.defaultBackend}\n`);
    if ((spec.tls ?? []).length > 0) {
      w.write(0, 'TLS:\n');
      for (const tls of spec.tls) {
        const hosts = (tls.hosts ?? []).join(',');
        w.write(1, tls.secretName ? `${tls.secretName} terminates ${hosts}\n` : `SNI routes ${hosts}\n`);
      }
    }
    w.write(0, 'Rules:\n  Host\tPath\tBackends\n');
    w.write(1, '----\t----\t--------\n');
    let count = 0;
    let pathIndex = 0;
    for (const rule of spec.rules ?? []) {
      if (!rule.http) continue;
      count++;
      w.write(1, `${rule.host || '*'}\t\n`);
      for (const path of rule.http.paths ?? []) w.write(2, `\t${str(path.path)} \t${backends.paths[pathIndex++] ?? ''}\n`);
    }
    if (count === 0) w.write(1, `*\t*\t${backends.defaultBackend}\n`);
    printAnnotationsMultiline(w, 'Annotations', ingress.metadata.annotations);
    describeEvents(events, w, now);
  });
}
