/**
 * `kubectl describe daemonset` (describe.go `describeDaemonSet`): selector, node selector, the
 * scheduled/up-to-date/available/misscheduled node counts, the phases of its pods, the pod
 * template and events. (kubectl prints no Namespace line for a DaemonSet, so neither does this.)
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { formatLabels, selectorFromLabelSelector } from '../labels.js';
import { podPhasesFor, podsStatusText, type PodPhaseCounts } from './controller-pods.js';
import { describeEvents, eventsFor } from './events.js';
import { int } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { describePodTemplate } from './pod-template.js';
import { tabbedString } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export async function describeDaemonSetObject(client: ApiClient, ds: KubeObject, now: number): Promise<string> {
  const pods = await podPhasesFor(client, ds, selectorFromLabelSelector(ds.spec?.selector));
  const events = await eventsFor(client, ds, 'DaemonSet');
  return describeDaemonSet(ds, pods, events, now);
}

export function describeDaemonSet(ds: Json, pods: PodPhaseCounts, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    const status = ds.status ?? {};
    w.write(0, `Name:\t${ds.metadata.name}\n`);
    w.write(0, `Selector:\t${selectorFromLabelSelector(ds.spec?.selector).toString()}\n`);
    // labels.FormatLabels: an empty node selector prints <none>.
    w.write(0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
    printLabelsMultiline(w, 'Labels', ds.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
    w.write(0, `Desired Number of Nodes Scheduled: ${int(status.desiredNumberScheduled)}\n`);
    w.write(0, `Current Number of Nodes Scheduled: ${int(status.currentNumberScheduled)}\n`);
    w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${int(status.updatedNumberScheduled)}\n`);
    w.write(0, `Number of Nodes Scheduled with Available Pods: ${int(status.numberAvailable)}\n`);
    w.write(0, `Number of Nodes Misscheduled: ${int(status.numberMisscheduled)}\n`);
    w.write(0, `Pods Status:\t${podsStatusText(pods)}\n`);
    describePodTemplate(ds.spec?.template, w);
    describeEvents(events, w, now);
  });
}
