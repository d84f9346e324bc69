/**
 * PersistentVolumes (SetDefaults_PersistentVolume, ValidatePersistentVolume): reclaim policy
 * Retain and volumeMode Filesystem by default; the status starts `{phase: Pending}` with
 * lastPhaseTransitionTime (GA in 1.31) equal to the creation time. Access modes, a storage
 * capacity and exactly one volume source are required; the source cannot change afterwards
 * (the diff after that message is a simplified version of Kubernetes' go-cmp text).
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { invalidEach, validateObjectMetaUpdate } from './metadata.js';
import { isDNS1123Subdomain } from './name-validation.js';
import { canonicalizeResourceList, formatQuantity, quantityOf } from './pod-template-resources.js';
import type { Strategy } from './strategy.js';
import { deepEqual, validateImmutable } from './strategy-helpers.js';

export const accessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const reclaimPolicies = ['Delete', 'Recycle', 'Retain'];
const sources = ['hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'nfs', 'rbd', 'quobyte', 'cinder', 'cephfs', 'fc', 'flocker', 'flexVolume', 'azureFile', 'vsphereVolume', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'local', 'storageos', 'csi', 'iscsi'];

/** Access modes: supported values, and ReadWriteOncePod alone. */
export function validateAccessModes(modes: string[] | undefined, path: string, requiredDetail?: string): FieldError[] {
  const list = modes ?? [];
  if (list.length === 0) return [field.required(path, requiredDetail)];
  const errors = list.filter((m) => !accessModes.includes(m)).map((m) => field.notSupported(path, m, accessModes));
  if (list.includes('ReadWriteOncePod') && list.some((m) => m !== 'ReadWriteOncePod' && accessModes.includes(m))) {
    errors.push(field.forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  }
  return errors;
}

function validateSpec(spec: Record<string, never>): FieldError[] {
  const errors = validateAccessModes(spec.accessModes, 'spec.accessModes');
  const capacity: Record<string, unknown> = spec.capacity ?? {};
  if (Object.keys(capacity).length === 0) errors.push(field.required('spec.capacity'));
  if (!('storage' in capacity) || Object.keys(capacity).length > 1) {
    errors.push({ type: 'FieldValueNotSupported', field: 'spec.capacity', badValue: `core.ResourceList{…}`, detail: 'supported values: "storage"' });
  }
  for (const [name, value] of Object.entries(capacity)) {
    const q = quantityOf(value);
    if (q && q.mantissa <= 0n) errors.push(field.invalid(`spec.capacity[${name}]`, formatQuantity(q), 'must be greater than zero'));
  }
  if (spec.persistentVolumeReclaimPolicy && !reclaimPolicies.includes(spec.persistentVolumeReclaimPolicy)) {
    errors.push(field.notSupported('spec.persistentVolumeReclaimPolicy', spec.persistentVolumeReclaimPolicy, reclaimPolicies));
  }
  const present = sources.filter((s) => spec[s]);
  present.slice(1).forEach((s) => errors.push(field.forbidden(`spec.${s}`, 'may not specify more than 1 volume type')));
  if (present.length === 0) errors.push(field.required('spec', 'must specify a volume type'));
  const hostPath = spec.hostPath as { path?: string } | undefined;
  if (present[0] === 'hostPath' && !hostPath?.path) errors.push(field.required('spec.hostPath.path'));
  const local = spec.local as { path?: string } | undefined;
  if (present[0] === 'local' && !local?.path) errors.push(field.required('spec.local.path'));
  if (spec.storageClassName) errors.push(...invalidEach('spec.storageClassName', spec.storageClassName, isDNS1123Subdomain(spec.storageClassName)));
  if (spec.volumeMode && !['Block', 'Filesystem'].includes(spec.volumeMode)) errors.push(field.notSupported('spec.volumeMode', spec.volumeMode, ['Block', 'Filesystem']));
  return errors;
}

function sourceOf(spec: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(sources.filter((s) => spec?.[s]).map((s) => [s, spec![s]]));
}

function validateUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errors = validateObjectMetaUpdate(obj, old);
  const before = sourceOf(old.spec);
  const after = sourceOf(obj.spec);
  if (!deepEqual(before, after)) {
    errors.push(field.forbidden('spec.persistentvolumesource', `spec.persistentvolumesource is immutable after creation\n  core.PersistentVolumeSource{\n- \t${JSON.stringify(before)},\n+ \t${JSON.stringify(after)},\n  }\n`));
  }
  errors.push(...validateImmutable(obj.spec?.volumeMode, old.spec?.volumeMode, 'volumeMode'));
  return errors;
}

export const persistentVolumeStrategy: Strategy = {
  nameRule: 'subdomain',
  defaults(obj) {
    const spec = (obj.spec ??= {});
    spec.persistentVolumeReclaimPolicy ||= 'Retain';
    spec.volumeMode ??= 'Filesystem';
    canonicalizeResourceList(spec.capacity, obj);
    if (spec.hostPath) spec.hostPath.type ??= '';
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending', lastPhaseTransitionTime: obj.metadata.creationTimestamp ?? undefined };
  },
  prepareForUpdate(obj, old) {
    obj.status = structuredClone(old.status);
  },
  validate: (obj) => validateSpec(obj.spec ?? {}),
  validateUpdate,
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};
