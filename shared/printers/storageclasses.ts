/**
 * `kubectl get storageclasses`: NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE
 * ALLOWVOLUMEEXPANSION AGE. The default class's NAME gains ` (default)`; unset fields print their
 * API defaults (Delete, Immediate, false).
 */
import type { KubeObject } from '../api/meta.js';
import { age, ageColumn, column, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

/** True for the cluster's default class (the GA or the beta annotation set to "true"). */
export function isDefaultStorageClass(sc: KubeObject): boolean {
  const annotations = sc.metadata.annotations ?? {};
  return annotations['storageclass.kubernetes.io/is-default-class'] === 'true' || annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

export const storageClassPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Provisioner', 'string', apiDocs['StorageClass.provisioner']),
    column('ReclaimPolicy', 'string', apiDocs['StorageClass.reclaimPolicy']),
    column('VolumeBindingMode', 'string', apiDocs['StorageClass.volumeBindingMode']),
    column('AllowVolumeExpansion', 'string', apiDocs['StorageClass.allowVolumeExpansion']),
    ageColumn,
  ],
  cells(sc, now) {
    const name = sc.metadata.name ?? '';
    return [
      isDefaultStorageClass(sc) ? `${name} (default)` : name,
      sc.provisioner ?? '',
      sc.reclaimPolicy ?? 'Delete',
      sc.volumeBindingMode ?? 'Immediate',
      sc.allowVolumeExpansion === true,
      age(sc, now),
    ];
  },
};
