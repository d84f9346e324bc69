/**
 * PersistentVolumeClaims (SetDefaults_PersistentVolumeClaimSpec, ValidatePersistentVolumeClaim,
 * ValidatePersistentVolumeClaimUpdate): volumeMode Filesystem by default, status `{phase:
 * Pending}` on create. The spec is immutable except a bound claim's storage request (growing, or
 * shrinking no lower than status.capacity: RecoverVolumeExpansionFailure is on in 1.32), setting
 * volumeName once, and setting a storageClassName that was unset (retroactive default class).
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { invalidEach, validateLabelSelector, validateObjectMetaUpdate } from './metadata.js';
import { isDNS1123Subdomain } from './name-validation.js';
import { canonicalizeResourceList, compareQuantities, formatQuantity, quantityOf } from './pod-template-resources.js';
import { validateAccessModes } from './persistentvolumes.js';
import type { Strategy } from './strategy.js';
import { deepEqual, validateImmutable } from './strategy-helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spec = Record<string, any>;

export const pvcImmutableMessage = 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';

/** ValidatePersistentVolumeClaimSpec (also used for StatefulSet claim templates by callers). */
export function validateClaimSpec(spec: Spec, path: string): FieldError[] {
  const errors = validateAccessModes(spec.accessModes, `${path}.accessModes`, 'at least 1 access mode is required');
  if (spec.selector) errors.push(...validateLabelSelector(spec.selector, `${path}.selector`));
  const storagePath = `${path}.resources[storage]`;
  const storage = spec.resources?.requests?.storage;
  if (storage === undefined) errors.push(field.required(storagePath));
  else {
    const q = quantityOf(storage);
    if (q && q.mantissa <= 0n) errors.push(field.invalid(storagePath, formatQuantity(q), 'must be greater than zero'));
  }
  if (spec.storageClassName) errors.push(...invalidEach(`${path}.storageClassName`, spec.storageClassName, isDNS1123Subdomain(spec.storageClassName)));
  if (spec.volumeMode !== undefined && !['Block', 'Filesystem'].includes(spec.volumeMode)) errors.push(field.notSupported(`${path}.volumeMode`, spec.volumeMode, ['Block', 'Filesystem']));
  return errors;
}

const claimSpecFields: [string, string][] = [
  ['accessModes', 'AccessModes'], ['selector', 'Selector'], ['resources', 'Resources'], ['volumeName', 'VolumeName'],
  ['storageClassName', 'StorageClassName'], ['volumeMode', 'VolumeMode'], ['dataSource', 'DataSource'], ['dataSourceRef', 'DataSourceRef'],
  ['volumeAttributesClassName', 'VolumeAttributesClassName'],
];

/** A go-cmp-like frame listing the changed fields (approximation of Kubernetes' diff text). */
function claimSpecDiff(old: Spec, next: Spec): string {
  const lines = ['  core.PersistentVolumeClaimSpec{'];
  for (const [key, name] of claimSpecFields) {
    if (deepEqual(old[key], next[key])) continue;
    lines.push(`- \t${name}: ${JSON.stringify(old[key] ?? null)},`, `+ \t${name}: ${JSON.stringify(next[key] ?? null)},`);
  }
  lines.push('  }');
  return `${lines.join('\n')}\n`;
}

function validateClaimUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errors = validateObjectMetaUpdate(obj, old);
  const next: Spec = structuredClone(obj.spec ?? {});
  const prev: Spec = structuredClone(old.spec ?? {});
  if (!prev.volumeName) prev.volumeName = next.volumeName;
  if (prev.storageClassName === undefined && next.storageClassName !== undefined) prev.storageClassName = next.storageClassName;
  if (obj.status?.phase === 'Bound' && next.resources?.requests) next.resources.requests.storage = old.spec?.resources?.requests?.storage;
  if (!deepEqual(next, prev)) errors.push(field.forbidden('spec', `${pvcImmutableMessage}\n${claimSpecDiff(prev, next)}`));
  const newSize = quantityOf(obj.spec?.resources?.requests?.storage);
  const oldSize = quantityOf(old.spec?.resources?.requests?.storage);
  const statusSize = quantityOf(old.status?.capacity?.storage ?? '0');
  if (newSize && oldSize && statusSize && compareQuantities(newSize, oldSize) < 0 && compareQuantities(newSize, statusSize) <= 0) {
    errors.push(field.forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  }
  errors.push(...validateImmutable(obj.spec?.volumeMode, old.spec?.volumeMode, 'volumeMode'));
  return errors;
}

export const persistentVolumeClaimStrategy: Strategy = {
  nameRule: 'subdomain',
  defaults(obj) {
    const spec = (obj.spec ??= {});
    spec.volumeMode ??= 'Filesystem';
    canonicalizeResourceList(spec.resources?.requests, obj);
    canonicalizeResourceList(spec.resources?.limits, obj);
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending' };
  },
  prepareForUpdate(obj, old) {
    obj.status = structuredClone(old.status);
  },
  validate: (obj) => validateClaimSpec(obj.spec ?? {}, 'spec'),
  validateUpdate: validateClaimUpdate,
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};
