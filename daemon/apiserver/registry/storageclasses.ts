/**
 * StorageClasses (storage.k8s.io/v1, SetDefaults_StorageClass, ValidateStorageClass and
 * ValidateStorageClassUpdate): reclaimPolicy Delete and volumeBindingMode Immediate by default;
 * the provisioner is a required qualified name; parameters, provisioner, reclaimPolicy and
 * volumeBindingMode can never change (`updates to provisioner are forbidden.`).
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { invalidEach, validateObjectMetaUpdate } from './metadata.js';
import { isQualifiedName } from './name-validation.js';
import type { Strategy } from './strategy.js';
import { deepEqual, validateImmutable } from './strategy-helpers.js';

const reclaimPolicies = ['Delete', 'Retain'];
const bindingModes = ['Immediate', 'WaitForFirstConsumer'];

function validateStorageClass(obj: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const provisioner: string = obj.provisioner ?? '';
  if (!provisioner) errors.push(field.required('provisioner'));
  else errors.push(...invalidEach('provisioner', provisioner, isQualifiedName(provisioner.toLowerCase())));
  if (obj.reclaimPolicy && !reclaimPolicies.includes(obj.reclaimPolicy)) errors.push(field.notSupported('reclaimPolicy', obj.reclaimPolicy, reclaimPolicies));
  if (!obj.volumeBindingMode) errors.push(field.required('volumeBindingMode'));
  else if (!bindingModes.includes(obj.volumeBindingMode)) errors.push(field.notSupported('volumeBindingMode', obj.volumeBindingMode, bindingModes));
  return errors;
}

function validateStorageClassUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errors = validateObjectMetaUpdate(obj, old);
  if (!deepEqual(obj.parameters, old.parameters)) errors.push(field.forbidden('parameters', 'updates to parameters are forbidden.'));
  if (obj.provisioner !== old.provisioner) errors.push(field.forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (obj.reclaimPolicy !== old.reclaimPolicy) errors.push(field.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  errors.push(...validateImmutable(obj.volumeBindingMode, old.volumeBindingMode, 'volumeBindingMode'));
  return errors;
}

export const storageClassStrategy: Strategy = {
  nameRule: 'subdomain',
  defaults(obj) {
    obj.reclaimPolicy ||= 'Delete';
    obj.volumeBindingMode ||= 'Immediate';
  },
  validate: validateStorageClass,
  validateUpdate: validateStorageClassUpdate,
};
