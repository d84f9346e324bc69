/**
 * ReplicationControllers (core/v1; SetDefaults_ReplicationController, ValidateReplicationControllerSpec):
 * unlike a ReplicaSet, the selector defaults to the template's labels and so do the RC's own
 * labels; replicas default to 1. The selector is a plain map and stays mutable.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { selectorFromSet } from '../../../shared/labels.js';
import { selectorMismatchMessage, validateAlwaysRestart } from './apps-validation.js';
import { validateNonnegative, validateObjectMetaUpdate } from './metadata.js';
import { defaultPodTemplateSpec, validatePodTemplateSpec } from './pod-template.js';
import type { Strategy } from './strategy.js';
import { goLabels, invalidFormatted, keepStatusAndBumpGeneration, startGeneration } from './strategy-helpers.js';

function defaultReplicationController(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  const labels = spec.template?.metadata?.labels;
  if (labels) {
    if (Object.keys(spec.selector ?? {}).length === 0) spec.selector = { ...labels };
    if (Object.keys(obj.metadata.labels ?? {}).length === 0) obj.metadata.labels = { ...labels };
  }
  spec.replicas ??= 1;
  defaultPodTemplateSpec(spec.template, obj);
}

/** ValidateReplicationControllerSpec and ValidatePodTemplateSpecForRC. */
function validateReplicationController(obj: KubeObject): FieldError[] {
  const spec = obj.spec ?? {};
  const errors = validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds');
  const selector = selectorFromSet(spec.selector);
  if (selector.isEmpty()) errors.push(field.required('spec.selector'));
  errors.push(...validateNonnegative(spec.replicas, 'spec.replicas'));
  const template = spec.template;
  if (!template) return [...errors, field.required('spec.template')];
  if (!selector.isEmpty() && !selector.matches(template.metadata?.labels ?? {})) {
    errors.push(invalidFormatted('spec.template.metadata.labels', goLabels(template.metadata?.labels), selectorMismatchMessage));
  }
  errors.push(...validatePodTemplateSpec(template, 'spec.template'));
  errors.push(...validateAlwaysRestart(template, 'spec.template', 'ReplicationController'));
  return errors;
}

export const replicationControllerStrategy: Strategy = {
  nameRule: 'subdomain',
  defaults: defaultReplicationController,
  prepareForCreate: (obj) => startGeneration(obj, { replicas: 0 }),
  prepareForUpdate: (obj, old) => keepStatusAndBumpGeneration(obj, old),
  validate: validateReplicationController,
  validateUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};
