/**
 * `kubectl get persistentvolumeclaims`: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS
 * VOLUMEATTRIBUTESCLASS AGE (+ VOLUMEMODE). CAPACITY and ACCESS MODES stay empty until the claim
 * is bound (spec.volumeName set), then come from status.
 */
import { age, ageColumn, column, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import { accessModes, storageClassOf } from './persistentvolumes.js';
import type { Printer } from './table.js';

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Status', 'string', apiDocs['PersistentVolumeClaimStatus.phase']),
    column('Volume', 'string', apiDocs['PersistentVolumeClaimSpec.volumeName']),
    column('Capacity', 'string', apiDocs['PersistentVolumeClaimStatus.capacity']),
    column('Access Modes', 'string', apiDocs['PersistentVolumeClaimStatus.accessModes']),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn,
    column('VolumeMode', 'string', apiDocs['PersistentVolumeClaimSpec.volumeMode'], 1),
  ],
  cells(pvc, now) {
    const spec = pvc.spec ?? {};
    const bound = Boolean(spec.volumeName);
    return [
      pvc.metadata.name ?? '',
      pvc.metadata.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? ''),
      spec.volumeName ?? '',
      bound ? (pvc.status?.capacity?.storage ?? '0') : '',
      bound ? accessModes(pvc.status?.accessModes) : '',
      storageClassOf(pvc),
      spec.volumeAttributesClassName ?? '<unset>',
      age(pvc, now),
      spec.volumeMode ?? '<unset>',
    ];
  },
};
