/**
 * `kubectl describe priorityclass` (describe.go describePriorityClass): value, globalDefault,
 * preemption policy and description, annotations as one `k=v,…` line, then events.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { formatLabels } from '../labels.js';
import { describeEvents, eventsFor } from './events.js';
import { tabbedString } from './writer.js';

export async function describePriorityClassObject(client: ApiClient, pc: KubeObject, now: number): Promise<string> {
  return describePriorityClass(pc, await eventsFor(client, pc, 'PriorityClass'), now);
}

export function describePriorityClass(pc: KubeObject, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${pc.metadata.name}\n`);
    w.write(0, `Value:\t${typeof pc.value === 'number' ? pc.value : 0}\n`);
    w.write(0, `GlobalDefault:\t${pc.globalDefault === true}\n`);
    w.write(0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? ''}\n`);
    w.write(0, `Description:\t${pc.description ?? ''}\n`);
    w.write(0, `Annotations:\t${formatLabels(pc.metadata.annotations)}\n`);
    describeEvents(events, w, now);
  });
}
