/**
 * `kubectl describe ingressclass` (describe.go describeIngressClassV1): controller, the
 * parameters reference when there is one (APIGroup only when set), then events.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { describeEvents, eventsFor } from './events.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { tabbedString } from './writer.js';

export async function describeIngressClassObject(client: ApiClient, ic: KubeObject, now: number): Promise<string> {
  return describeIngressClass(ic, await eventsFor(client, ic, 'IngressClass'), now);
}

export function describeIngressClass(ic: KubeObject, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${ic.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', ic.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ic.metadata.annotations);
    w.write(0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
    const params = ic.spec?.parameters;
    if (params) {
      w.write(0, 'Parameters:\n');
      if (typeof params.apiGroup === 'string') w.write(1, `APIGroup:\t${params.apiGroup}\n`);
      w.write(1, `Kind:\t${params.kind ?? ''}\n`);
      w.write(1, `Name:\t${params.name ?? ''}\n`);
    }
    describeEvents(events, w, now);
  });
}
