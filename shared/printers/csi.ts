/**
 * The CSI objects of storage.k8s.io/v1 as printers.go prints them: `kubectl get csinodes` (NAME
 * DRIVERS AGE), `csidrivers` (NAME ATTACHREQUIRED PODINFOONMOUNT STORAGECAPACITY TOKENREQUESTS
 * REQUIRESREPUBLISH MODES AGE, unset booleans as their defaults), `csistoragecapacities` (NAME
 * STORAGECLASSNAME CAPACITY, no AGE) and `volumeattachments` (NAME ATTACHER PV NODE ATTACHED AGE).
 */
import type { KubeObject } from '../api/meta.js';
import { age, ageColumn, column, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

export const csiNodePrinter: Printer = {
  columns: [nameColumn(), column('Drivers', 'integer', 'Drivers indicates the number of CSI drivers registered on the node'), ageColumn],
  cells: (node, now) => [node.metadata.name ?? '', (node.spec?.drivers ?? []).length, age(node, now)],
};

function flag(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

export const csiDriverPrinter: Printer = {
  columns: [
    nameColumn(),
    column('AttachRequired', 'boolean', apiDocs['CSIDriverSpec.attachRequired']),
    column('PodInfoOnMount', 'boolean', apiDocs['CSIDriverSpec.podInfoOnMount']),
    column('StorageCapacity', 'boolean', apiDocs['CSIDriverSpec.storageCapacity']),
    column('TokenRequests', 'string', apiDocs['CSIDriverSpec.tokenRequests']),
    column('RequiresRepublish', 'boolean', apiDocs['CSIDriverSpec.requiresRepublish']),
    column('Modes', 'string', apiDocs['CSIDriverSpec.volumeLifecycleModes']),
    ageColumn,
  ],
  cells(driver: KubeObject, now) {
    const spec = driver.spec ?? {};
    const modes: string[] = spec.volumeLifecycleModes ?? [];
    const tokens: { audience?: string }[] | undefined = spec.tokenRequests;
    return [
      driver.metadata.name ?? '',
      flag(spec.attachRequired, true),
      flag(spec.podInfoOnMount, false),
      flag(spec.storageCapacity, false),
      tokens ? tokens.map((t) => t.audience ?? '').join(',') : '<unset>',
      flag(spec.requiresRepublish, false),
      modes.length ? modes.join(',') : '<none>',
      age(driver, now),
    ];
  },
};

export const csiStorageCapacityPrinter: Printer = {
  columns: [nameColumn(), column('StorageClassName', 'string', apiDocs['CSIStorageCapacity.storageClassName']), column('Capacity', 'string', apiDocs['CSIStorageCapacity.capacity'])],
  cells: (capacity) => [capacity.metadata.name ?? '', capacity.storageClassName ?? '', capacity.capacity ?? '<unset>'],
};

export const volumeAttachmentPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Attacher', 'string', apiDocs['VolumeAttachmentSpec.attacher'], 0, 'name'),
    column('PV', 'string', apiDocs['VolumeAttachmentSource.persistentVolumeName']),
    column('Node', 'string', apiDocs['VolumeAttachmentSpec.nodeName']),
    column('Attached', 'boolean', apiDocs['VolumeAttachmentStatus.attached']),
    ageColumn,
  ],
  cells: (va, now) => [va.metadata.name ?? '', va.spec?.attacher ?? '', va.spec?.source?.persistentVolumeName ?? '', va.spec?.nodeName ?? '', va.status?.attached === true, age(va, now)],
};
