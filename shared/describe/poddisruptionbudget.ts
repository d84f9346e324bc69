/**
 * `kubectl describe poddisruptionbudget` (describe.go `describePodDisruptionBudgetV1`): min
 * available or max unavailable, selector, the allowed disruptions and the current, desired and
 * expected healthy pod counts, events.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { formatLabelSelector } from '../labels.js';
import { describeEvents, eventsFor } from './events.js';
import { int, str } from './format.js';
import { tabbedString } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export async function describePodDisruptionBudgetObject(client: ApiClient, pdb: KubeObject, now: number): Promise<string> {
  return describePodDisruptionBudget(pdb, await eventsFor(client, pdb, 'PodDisruptionBudget'), now);
}

export function describePodDisruptionBudget(pdb: Json, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    const spec = pdb.spec ?? {};
    const status = pdb.status ?? {};
    w.write(0, `Name:\t${pdb.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(pdb.metadata.namespace)}\n`);
    if (spec.minAvailable !== undefined && spec.minAvailable !== null) w.write(0, `Min available:\t${spec.minAvailable}\n`);
    else if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) w.write(0, `Max unavailable:\t${spec.maxUnavailable}\n`);
    w.write(0, `Selector:\t${spec.selector ? formatLabelSelector(spec.selector) : '<unset>'}\n`);
    w.write(0, 'Status:\n');
    w.write(2, `Allowed disruptions:\t${int(status.disruptionsAllowed)}\n`);
    w.write(2, `Current:\t${int(status.currentHealthy)}\n`);
    w.write(2, `Desired:\t${int(status.desiredHealthy)}\n`);
    w.write(2, `Total:\t${int(status.expectedPods)}\n`);
    describeEvents(events, w, now);
  });
}
