/**
 * `kubectl describe persistentvolume` (describe.go `describePersistentVolume`): finalizers,
 * storage class, status (or `Terminating (lasts …)`), claim, reclaim policy, access modes
 * (`RWO,ROX`), volume mode, capacity, node affinity terms, message, the volume source, events.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { translateTimestampSince } from '../duration.js';
import { accessModes } from '../printers/persistentvolumes.js';
import { describeEvents, eventsFor } from './events.js';
import { goSlice, quantityString, str } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { printVolumeSource } from './volumes.js';
import { tabbedString, type PrefixWriter } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export async function describePersistentVolumeObject(client: ApiClient, pv: KubeObject, now: number): Promise<string> {
  return describePersistentVolume(pv, await eventsFor(client, pv, 'PersistentVolume'), now);
}

function printNodeAffinity(affinity: Json, w: PrefixWriter): void {
  w.write(0, 'Node Affinity:\t');
  if (!affinity?.required) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  w.write(1, 'Required Terms:\t');
  const terms: Json[] = affinity.required.nodeSelectorTerms ?? [];
  if (terms.length === 0) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  terms.forEach((term, i) => {
    w.write(2, `Term ${i}:\t`);
    const expressions: Json[] = term.matchExpressions ?? [];
    if (expressions.length === 0) w.writeLine('<none>');
    expressions.forEach((req, j) => {
      if (j !== 0) w.write(2, '\t');
      const values: string[] = req.values ?? [];
      w.write(0, `${str(req.key)} ${str(req.operator).toLowerCase()}${values.length > 0 ? ` [${values.join(', ')}]` : ''}\n`);
    });
  });
}

export function describePersistentVolume(pv: Json, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    const spec = pv.spec ?? {};
    w.write(0, `Name:\t${pv.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', pv.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pv.metadata.annotations);
    w.write(0, `Finalizers:\t${goSlice(pv.metadata.finalizers)}\n`);
    const storageClass = pv.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? spec.storageClassName;
    w.write(0, `StorageClass:\t${str(storageClass)}\n`);
    if (pv.metadata.deletionTimestamp) w.write(0, `Status:\tTerminating (lasts ${translateTimestampSince(pv.metadata.deletionTimestamp, now)})\n`);
    else w.write(0, `Status:\t${str(pv.status?.phase)}\n`);
    w.write(0, `Claim:\t${spec.claimRef ? `${str(spec.claimRef.namespace)}/${str(spec.claimRef.name)}` : ''}\n`);
    w.write(0, `Reclaim Policy:\t${str(spec.persistentVolumeReclaimPolicy)}\n`);
    w.write(0, `Access Modes:\t${accessModes(spec.accessModes)}\n`);
    if (spec.volumeMode) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`);
    w.write(0, `Capacity:\t${spec.capacity?.storage === undefined ? '0' : quantityString(spec.capacity.storage)}\n`);
    printNodeAffinity(spec.nodeAffinity, w);
    w.write(0, `Message:\t${str(pv.status?.message)}\n`);
    w.write(0, 'Source:\n');
    if (!printVolumeSource(spec, w, true)) w.write(1, '<unknown>\n');
    describeEvents(events, w, now);
  });
}
