/**
 * `kubectl describe endpoints` (describe.go `describeEndpoints`): per subset its ready and
 * not-ready addresses and a `Name Port Protocol` ports table, each subset followed by a blank
 * line, then events.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { describeEvents, eventsFor } from './events.js';
import { int, str } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { tabbedString } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export async function describeEndpointsObject(client: ApiClient, endpoints: KubeObject, now: number): Promise<string> {
  return describeEndpoints(endpoints, await eventsFor(client, endpoints, 'Endpoints'), now);
}

function addressList(addresses: readonly Json[] | undefined): string {
  return (addresses ?? []).map((a) => str(a.ip)).join(',') || '<none>';
}

export function describeEndpoints(endpoints: Json, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${endpoints.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(endpoints.metadata.namespace)}\n`);
    printLabelsMultiline(w, 'Labels', endpoints.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', endpoints.metadata.annotations);
    w.write(0, 'Subsets:\n');
    for (const subset of endpoints.subsets ?? []) {
      w.write(1, `Addresses:\t${addressList(subset.addresses)}\n`);
      w.write(1, `NotReadyAddresses:\t${addressList(subset.notReadyAddresses)}\n`);
      const ports: Json[] = subset.ports ?? [];
      if (ports.length > 0) {
        w.write(1, 'Ports:\n');
        w.write(2, 'Name\tPort\tProtocol\n');
        w.write(2, '----\t----\t--------\n');
        for (const port of ports) w.write(2, `${port.name || '<unset>'}\t${int(port.port)}\t${str(port.protocol)}\n`);
      }
      w.write(0, '\n');
    }
    describeEvents(events, w, now);
  });
}
