/**
 * `kubectl describe replicaset` (describe.go `describeReplicaSet`): selector, labels,
 * annotations, controller, `Replicas: 2 current / 2 desired`, the phases of the pods it controls
 * (or the error that kept kubectl from listing them), the pod template, conditions, events.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { formatLabelSelector, selectorFromLabelSelector } from '../labels.js';
import { podPhasesFor, podsStatusText, type PodPhaseCounts } from './controller-pods.js';
import { describeEvents, eventsFor } from './events.js';
import { controllerOf, int, str } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { describePodTemplate } from './pod-template.js';
import { tabbedString } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export async function describeReplicaSetObject(client: ApiClient, rs: KubeObject, now: number): Promise<string> {
  let pods: PodPhaseCounts | { error: string };
  try {
    pods = await podPhasesFor(client, rs, selectorFromLabelSelector(rs.spec?.selector));
  } catch (err) {
    pods = { error: err instanceof Error ? err.message : String(err) };
  }
  const events = await eventsFor(client, rs, 'ReplicaSet');
  return describeReplicaSet(rs, pods, events, now);
}

export function describeReplicaSet(rs: Json, pods: PodPhaseCounts | { error: string }, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${rs.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(rs.metadata.namespace)}\n`);
    w.write(0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rs.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
    const controlledBy = controllerOf(rs);
    if (controlledBy) w.write(0, `Controlled By:\t${controlledBy}\n`);
    w.write(0, `Replicas:\t${int(rs.status?.replicas)} current / ${int(rs.spec?.replicas)} desired\n`);
    w.write(0, 'Pods Status:\t');
    w.write(0, 'error' in pods ? `error in fetching pods: ${pods.error}\n` : `${podsStatusText(pods)}\n`);
    describePodTemplate(rs.spec?.template, w);
    const conditions: Json[] = rs.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(1, '----\t------\t------\n');
      for (const c of conditions) w.write(1, `${str(c.type)} \t${str(c.status)}\t${str(c.reason)}\n`);
    }
    describeEvents(events, w, now);
  });
}
