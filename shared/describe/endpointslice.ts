/**
 * `kubectl describe endpointslice` (describe.go `describeEndpointSliceV1`): address type, the
 * ports table, and per endpoint its addresses, ready condition, hostname, target, node and zone
 * (`<unset>` where the slice leaves them out), then events.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { describeEvents, eventsFor } from './events.js';
import { str } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { tabbedString } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export async function describeEndpointSliceObject(client: ApiClient, slice: KubeObject, now: number): Promise<string> {
  return describeEndpointSlice(slice, await eventsFor(client, slice, 'EndpointSlice'), now);
}

const orUnset = (value: unknown): string => (value === undefined || value === null ? '<unset>' : String(value));

export function describeEndpointSlice(slice: Json, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${slice.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(slice.metadata.namespace)}\n`);
    printLabelsMultiline(w, 'Labels', slice.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', slice.metadata.annotations);
    w.write(0, `AddressType:\t${str(slice.addressType)}\n`);
    const ports: Json[] = slice.ports ?? [];
    if (ports.length === 0) w.write(0, 'Ports: <unset>\n');
    else {
      w.write(0, 'Ports:\n');
      w.write(1, 'Name\tPort\tProtocol\n');
      w.write(1, '----\t----\t--------\n');
      for (const port of ports) w.write(1, `${port.name || '<unset>'}\t${orUnset(port.port)}\t${str(port.protocol)}\n`);
    }
    const endpoints: Json[] = slice.endpoints ?? [];
    if (endpoints.length === 0) w.write(0, 'Endpoints: <none>\n');
    else {
      w.write(0, 'Endpoints:\n');
      for (const endpoint of endpoints) {
        w.write(1, `- Addresses:\t${(endpoint.addresses ?? []).join(', ') || '<none>'}\n`);
        w.write(2, 'Conditions:\n');
        w.write(3, `Ready:\t${orUnset(endpoint.conditions?.ready)}\n`);
        w.write(2, `Hostname:\t${orUnset(endpoint.hostname)}\n`);
        if (endpoint.targetRef) w.write(2, `TargetRef:\t${str(endpoint.targetRef.kind)}/${str(endpoint.targetRef.name)}\n`);
        w.write(2, `NodeName:\t${orUnset(endpoint.nodeName)}\n`);
        w.write(2, `Zone:\t${orUnset(endpoint.zone)}\n`);
      }
    }
    describeEvents(events, w, now);
  });
}
