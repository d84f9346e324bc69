/**
 * `kubectl describe storageclass` (describe.go `describeStorageClass`): whether it is the default
 * class, annotations and parameters as `k=v,…`, provisioner, volume expansion, mount options,
 * reclaim policy, binding mode, allowed topologies and events.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { formatLabels } from '../labels.js';
import { isDefaultStorageClass } from '../printers/storageclasses.js';
import { describeEvents, eventsFor } from './events.js';
import { str, titleBoolOrUnset } from './format.js';
import { tabbedString, type PrefixWriter } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export async function describeStorageClassObject(client: ApiClient, storageClass: KubeObject, now: number): Promise<string> {
  return describeStorageClass(storageClass, await eventsFor(client, storageClass, 'StorageClass'), now);
}

function printAllowedTopologies(topologies: readonly Json[], w: PrefixWriter): void {
  w.write(0, 'AllowedTopologies:\t');
  if (topologies.length === 0) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  topologies.forEach((term, i) => {
    w.write(1, `Term ${i}:\t`);
    const expressions: Json[] = term.matchLabelExpressions ?? [];
    if (expressions.length === 0) w.writeLine('<none>');
    expressions.forEach((req, j) => {
      if (j !== 0) w.write(1, '\t');
      const values: string[] = req.values ?? [];
      w.write(0, `${str(req.key)} in${values.length > 0 ? ` [${values.join(', ')}]` : ''}\n`);
    });
  });
}

export function describeStorageClass(storageClass: Json, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${storageClass.metadata.name}\n`);
    w.write(0, `IsDefaultClass:\t${isDefaultStorageClass(storageClass) ? 'Yes' : 'No'}\n`);
    w.write(0, `Annotations:\t${formatLabels(storageClass.metadata.annotations)}\n`);
    w.write(0, `Provisioner:\t${str(storageClass.provisioner)}\n`);
    w.write(0, `Parameters:\t${formatLabels(storageClass.parameters)}\n`);
    w.write(0, `AllowVolumeExpansion:\t${titleBoolOrUnset(storageClass.allowVolumeExpansion)}\n`);
    const options: string[] = storageClass.mountOptions ?? [];
    if (options.length === 0) w.write(0, 'MountOptions:\t<none>\n');
    else {
      w.write(0, 'MountOptions:\n');
      for (const option of options) w.write(1, `${option}\n`);
    }
    if (storageClass.reclaimPolicy) w.write(0, `ReclaimPolicy:\t${storageClass.reclaimPolicy}\n`);
    if (storageClass.volumeBindingMode) w.write(0, `VolumeBindingMode:\t${storageClass.volumeBindingMode}\n`);
    if (storageClass.allowedTopologies) printAllowedTopologies(storageClass.allowedTopologies, w);
    describeEvents(events, w, now);
  });
}
