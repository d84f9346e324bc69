/**
 * `kubectl describe replicationcontroller` (describe.go `describeReplicationController`): the
 * map selector, labels, annotations, `Replicas: 3 current / 3 desired`, the phases of the pods it
 * controls, the pod template, conditions, events.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { formatLabels, selectorFromSet } from '../labels.js';
import { podPhasesFor, podsStatusText, type PodPhaseCounts } from './controller-pods.js';
import { describeEvents, eventsFor } from './events.js';
import { int, str } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { describePodTemplate } from './pod-template.js';
import { tabbedString } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export async function describeReplicationControllerObject(client: ApiClient, rc: KubeObject, now: number): Promise<string> {
  const pods = await podPhasesFor(client, rc, selectorFromSet(rc.spec?.selector));
  const events = await eventsFor(client, rc, 'ReplicationController');
  return describeReplicationController(rc, pods, events, now);
}

export function describeReplicationController(rc: Json, pods: PodPhaseCounts, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${rc.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(rc.metadata.namespace)}\n`);
    // labels.FormatLabels prints an empty map as <none>.
    w.write(0, `Selector:\t${formatLabels(rc.spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rc.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', rc.metadata.annotations);
    w.write(0, `Replicas:\t${int(rc.status?.replicas)} current / ${int(rc.spec?.replicas)} desired\n`);
    w.write(0, `Pods Status:\t${podsStatusText(pods)}\n`);
    describePodTemplate(rc.spec?.template, w);
    const conditions: Json[] = rc.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(1, '----\t------\t------\n');
      for (const c of conditions) w.write(1, `${str(c.type)} \t${str(c.status)}\t${str(c.reason)}\n`);
    }
    describeEvents(events, w, now);
  });
}
