/**
 * `kubectl get persistentvolumes`: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM
 * STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE (+ VOLUMEMODE). STATUS reads Terminating while
 * the volume is being deleted; CLAIM is `namespace/name`.
 */
import type { KubeObject } from '../api/meta.js';
import { age, ageColumn, column, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

const betaClassAnnotation = 'volume.beta.kubernetes.io/storage-class';
const modeAbbreviations: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** ACCESS MODES: `RWO,ROX,RWX,RWOP`, always in that order and without duplicates. */
export function accessModes(modes: readonly string[] | undefined): string {
  const present = new Set(modes ?? []);
  return modeAbbreviations.filter(([mode]) => present.has(mode)).map(([, short]) => short).join(',');
}

/** STORAGECLASS: the beta annotation wins over spec.storageClassName (helper.GetPersistentVolume(Claim)Class). */
export function storageClassOf(obj: KubeObject): string {
  return obj.metadata.annotations?.[betaClassAnnotation] ?? obj.spec?.storageClassName ?? '';
}

export const persistentVolumePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Capacity', 'string', apiDocs['PersistentVolumeSpec.capacity']),
    column('Access Modes', 'string', apiDocs['PersistentVolumeSpec.accessModes']),
    column('Reclaim Policy', 'string', apiDocs['PersistentVolumeSpec.persistentVolumeReclaimPolicy']),
    column('Status', 'string', apiDocs['PersistentVolumeStatus.phase']),
    column('Claim', 'string', apiDocs['PersistentVolumeSpec.claimRef']),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', apiDocs['PersistentVolumeStatus.reason']),
    ageColumn,
    column('VolumeMode', 'string', apiDocs['PersistentVolumeSpec.volumeMode'], 1),
  ],
  cells(pv, now) {
    const spec = pv.spec ?? {};
    const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '';
    return [
      pv.metadata.name ?? '',
      // A missing quantity prints as Go's zero Quantity, "0".
      spec.capacity?.storage ?? '0',
      accessModes(spec.accessModes),
      spec.persistentVolumeReclaimPolicy ?? '',
      pv.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
      claim,
      storageClassOf(pv),
      spec.volumeAttributesClassName ?? '<unset>',
      pv.status?.reason ?? '',
      age(pv, now),
      spec.volumeMode ?? '<unset>',
    ];
  },
};
