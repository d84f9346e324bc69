/**
 * ReplicaSets (`pkg/registry/apps/replicaset/strategy.go`, ValidateReplicaSetSpec): replicas
 * default to 1 and there is no selector default in apps/v1, so a manifest without a selector
 * fails with `spec.selector: Required value` plus the template-labels mismatch (lab F.4). The
 * status starts as `{replicas: 0}` (a non-omitempty field); the generation goes up on spec
 * changes; the selector is immutable.
 */
import type { FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { validateSelectorAndTemplate } from './apps-validation.js';
import { validateNonnegative, validateObjectMetaUpdate } from './metadata.js';
import { defaultPodTemplateSpec } from './pod-template.js';
import type { Strategy } from './strategy.js';
import { goLabelSelector, keepStatusAndBumpGeneration, startGeneration, validateImmutable } from './strategy-helpers.js';

function validateReplicaSet(obj: KubeObject): FieldError[] {
  const spec = obj.spec ?? {};
  return [
    ...validateNonnegative(spec.replicas, 'spec.replicas'),
    ...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    // "deployment" is what ValidateReplicaSetSpec says for an empty selector, too.
    ...validateSelectorAndTemplate(spec, 'deployment'),
  ];
}

export const replicaSetStrategy: Strategy = {
  nameRule: 'subdomain',
  defaults(obj) {
    const spec = (obj.spec ??= {});
    spec.replicas ??= 1;
    defaultPodTemplateSpec(spec.template, obj);
  },
  prepareForCreate: (obj) => startGeneration(obj, { replicas: 0 }),
  prepareForUpdate: (obj, old) => keepStatusAndBumpGeneration(obj, old),
  validate: validateReplicaSet,
  validateUpdate: (obj, old) => [
    ...validateObjectMetaUpdate(obj, old),
    ...validateImmutable(obj.spec?.selector, old.spec?.selector, 'spec.selector', (v) => goLabelSelector(v as never)),
  ],
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};
