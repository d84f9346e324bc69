/**
 * `kubectl describe statefulset` (describe.go `describeStatefulSet`): creation time, selector,
 * `Replicas: 3 desired | 3 total`, the update strategy with its partition, the phases of its
 * pods, the pod template, the volume claim templates and events.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { selectorFromLabelSelector } from '../labels.js';
import { podPhasesFor, podsStatusText, type PodPhaseCounts } from './controller-pods.js';
import { describeEvents, eventsFor } from './events.js';
import { goSlice, int, intOrStringText, quantityString, rfc1123z, str } from './format.js';
import { printLabelsMultiline, printAnnotationsMultiline } from './multiline.js';
import { describePodTemplate } from './pod-template.js';
import { claimStorageClass } from './volumes.js';
import { tabbedString, type PrefixWriter } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export async function describeStatefulSetObject(client: ApiClient, sts: KubeObject, now: number): Promise<string> {
  const pods = await podPhasesFor(client, sts, selectorFromLabelSelector(sts.spec?.selector));
  const events = await eventsFor(client, sts, 'StatefulSet');
  return describeStatefulSet(sts, pods, events, now);
}

function describeVolumeClaimTemplates(templates: readonly Json[] | undefined, w: PrefixWriter): void {
  if (!templates || templates.length === 0) {
    w.write(0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(0, 'Volume Claims:\n');
  for (const claim of templates) {
    w.write(1, `Name:\t${str(claim.metadata?.name)}\n`);
    w.write(1, `StorageClass:\t${claimStorageClass(claim)}\n`);
    printLabelsMultiline(w, 'Labels', claim.metadata?.labels, '  ');
    // kubectl prints the annotations of a claim template with the labels' printer (k=v).
    printLabelsMultiline(w, 'Annotations', claim.metadata?.annotations, '  ');
    const storage = claim.spec?.resources?.requests?.storage;
    w.write(1, `Capacity:\t${storage === undefined ? '<default>' : quantityString(storage)}\n`);
    w.write(1, `Access Modes:\t${goSlice(claim.spec?.accessModes)}\n`);
  }
}

export function describeStatefulSet(sts: Json, pods: PodPhaseCounts, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    const spec = sts.spec ?? {};
    w.write(0, `Name:\t${sts.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(sts.metadata.namespace)}\n`);
    w.write(0, `CreationTimestamp:\t${rfc1123z(sts.metadata.creationTimestamp)}\n`);
    w.write(0, `Selector:\t${selectorFromLabelSelector(spec.selector).toString()}\n`);
    printLabelsMultiline(w, 'Labels', sts.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', sts.metadata.annotations);
    w.write(0, `Replicas:\t${int(spec.replicas)} desired | ${int(sts.status?.replicas)} total\n`);
    w.write(0, `Update Strategy:\t${str(spec.updateStrategy?.type)}\n`);
    const rolling = spec.updateStrategy?.rollingUpdate;
    if (rolling && rolling.partition !== undefined && rolling.partition !== null) {
      w.write(1, `Partition:\t${int(rolling.partition)}\n`);
      if (rolling.maxUnavailable !== undefined && rolling.maxUnavailable !== null) w.write(1, `MaxUnavailable:\t${intOrStringText(rolling.maxUnavailable)}\n`);
    }
    w.write(0, `Pods Status:\t${podsStatusText(pods)}\n`);
    describePodTemplate(spec.template, w);
    describeVolumeClaimTemplates(spec.volumeClaimTemplates, w);
    describeEvents(events, w, now);
  });
}
