/**
 * Leases (coordination.k8s.io/v1, ValidateLease): the node heartbeats in kube-node-lease and
 * leader election. leaseDurationSeconds must be positive and leaseTransitions not negative.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { validateNonnegative, validateObjectMetaUpdate } from './metadata.js';
import type { Strategy } from './strategy.js';

function validateLease(obj: KubeObject): FieldError[] {
  const spec = obj.spec ?? {};
  const errors: FieldError[] = [];
  if (typeof spec.leaseDurationSeconds === 'number' && spec.leaseDurationSeconds <= 0) {
    errors.push(field.invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  errors.push(...validateNonnegative(spec.leaseTransitions, 'spec.leaseTransitions'));
  return errors;
}

export const leaseStrategy: Strategy = {
  nameRule: 'subdomain',
  validate: validateLease,
  validateUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};
