/**
 * `kubectl describe persistentvolumeclaim` (describe.go `describePersistentVolumeClaim`): storage
 * class, status, bound volume, labels, annotations, finalizers, capacity and access modes once
 * bound, volume mode, data source, the pods that use it (`Used By`), conditions and events.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { translateTimestampSince } from '../duration.js';
import { describeEvents, eventsFor } from './events.js';
import { goSlice, quantityString, rfc1123z, str } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline, printNamesMultiline } from './multiline.js';
import { accessModes } from '../printers/persistentvolumes.js';
import { claimStorageClass } from './volumes.js';
import { tabbedString } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const podsRef = { group: '', version: 'v1', resource: 'pods' };

/** The pods of the namespace that mount the claim, then pods that own it (getPodsForPVC). */
export function podsUsingClaim(claim: KubeObject, pods: readonly KubeObject[]): string[] {
  const users: KubeObject[] = [];
  for (const pod of pods) {
    for (const volume of pod.spec?.volumes ?? []) {
      if (volume.persistentVolumeClaim?.claimName === claim.metadata.name) users.push(pod);
    }
  }
  for (const owner of claim.metadata.ownerReferences ?? []) {
    if (owner.kind !== 'Pod') continue;
    const pod = pods.find((p) => p.metadata.uid === owner.uid);
    if (pod && !users.some((u) => u.metadata.uid === pod.metadata.uid)) users.push(pod);
  }
  return users.map((pod) => pod.metadata.name ?? '');
}

export async function describePersistentVolumeClaimObject(client: ApiClient, claim: KubeObject, now: number): Promise<string> {
  const pods = await client.list(podsRef, claim.metadata.namespace);
  return describePersistentVolumeClaim(claim, podsUsingClaim(claim, pods.items), await eventsFor(client, claim, 'PersistentVolumeClaim'), now);
}

export function describePersistentVolumeClaim(claim: Json, usedBy: readonly string[], events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    const spec = claim.spec ?? {};
    w.write(0, `Name:\t${claim.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(claim.metadata.namespace)}\n`);
    w.write(0, `StorageClass:\t${claimStorageClass(claim)}\n`);
    if (claim.metadata.deletionTimestamp) w.write(0, `Status:\tTerminating (lasts ${translateTimestampSince(claim.metadata.deletionTimestamp, now)})\n`);
    else w.write(0, `Status:\t${str(claim.status?.phase)}\n`);
    w.write(0, `Volume:\t${str(spec.volumeName)}\n`);
    printLabelsMultiline(w, 'Labels', claim.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', claim.metadata.annotations);
    w.write(0, `Finalizers:\t${goSlice(claim.metadata.finalizers)}\n`);
    const bound = Boolean(spec.volumeName);
    const capacity = claim.status?.capacity?.storage;
    w.write(0, `Capacity:\t${bound ? (capacity === undefined ? '0' : quantityString(capacity)) : ''}\n`);
    w.write(0, `Access Modes:\t${bound ? accessModes(claim.status?.accessModes) : ''}\n`);
    if (spec.volumeMode) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`);
    if (spec.dataSource) {
      w.write(0, 'DataSource:\n');
      if (spec.dataSource.apiGroup) w.write(1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
      w.write(1, `Kind:\t${str(spec.dataSource.kind)}\n`);
      w.write(1, `Name:\t${str(spec.dataSource.name)}\n`);
    }
    printNamesMultiline(w, 'Used By', usedBy);
    const conditions: Json[] = claim.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(0, 'Conditions:\n');
      w.write(1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions) {
        w.write(1, `${str(c.type)} \t${str(c.status)} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${str(c.reason)} \t${str(c.message)}\n`);
      }
    }
    describeEvents(events, w, now);
  });
}
