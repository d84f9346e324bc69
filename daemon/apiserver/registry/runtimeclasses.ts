/**
 * RuntimeClasses (node.k8s.io/v1; ValidateRuntimeClass and ValidateRuntimeClassUpdate): the
 * handler is a required DNS-1123 label that never changes; scheduling.nodeSelector holds valid
 * labels. Left out: pods naming a RuntimeClass are not refused or scheduled by it (the RuntimeClass
 * admission plugin and the overhead it adds), since every kubelab node runs the same runtime.
 */
import type { FieldError } from '../../../shared/api/errors.js';
import { field } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { validateLabels, validateObjectMetaUpdate } from './metadata.js';
import { isDNS1123Label } from './name-validation.js';
import type { Strategy } from './strategy.js';
import { validateImmutable } from './strategy-helpers.js';

export function validateRuntimeClass(rc: KubeObject): FieldError[] {
  const handler: string = rc.handler ?? '';
  const errors = isDNS1123Label(handler).map((msg) => field.invalid('handler', handler, msg));
  if (rc.scheduling?.nodeSelector) errors.push(...validateLabels(rc.scheduling.nodeSelector, 'scheduling.nodeSelector'));
  return errors;
}

export const runtimeClassStrategy: Strategy = {
  nameRule: 'subdomain',
  validate: validateRuntimeClass,
  validateUpdate: (rc, old) => [...validateObjectMetaUpdate(rc, old), ...validateImmutable(rc.handler ?? '', old.handler ?? '', 'handler')],
};
