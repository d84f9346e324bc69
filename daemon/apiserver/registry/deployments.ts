/**
 * Deployments (`pkg/registry/apps/deployment/strategy.go`, apps/v1 SetDefaults_Deployment,
 * ValidateDeploymentSpec): replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10,
 * progressDeadlineSeconds 600. The generation starts at 1 and goes up on any spec *or
 * annotation* change (annotations are copied to the ReplicaSets). The selector is immutable in
 * apps/v1.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { goIntOrString, intOrPercentValue, validateAtMost100Percent, validateIntOrPercent, validateSelectorAndTemplate } from './apps-validation.js';
import { validateNonnegative, validateObjectMetaUpdate } from './metadata.js';
import { defaultPodTemplateSpec } from './pod-template.js';
import type { Strategy } from './strategy.js';
import { ensureObject, goLabelSelector, invalidFormatted, keepStatusAndBumpGeneration, startGeneration, validateImmutable } from './strategy-helpers.js';

function defaultDeployment(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  spec.replicas ??= 1;
  const strategy = ensureObject(spec, 'strategy');
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rolling = ensureObject(strategy, 'rollingUpdate');
    rolling.maxUnavailable ??= '25%';
    rolling.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodTemplateSpec(spec.template, obj);
}

/** `apps.DeploymentStrategy{…}` as the NotSupported error prints it. */
function goStrategy(strategy: Record<string, unknown>): string {
  const rolling = strategy.rollingUpdate ? '(*apps.RollingUpdateDeployment)(…)' : '(*apps.RollingUpdateDeployment)(nil)';
  return `apps.DeploymentStrategy{Type:${JSON.stringify(strategy.type ?? '')}, RollingUpdate:${rolling}}`;
}

/** ValidateDeploymentStrategy and ValidateRollingUpdateDeployment. */
function validateStrategy(strategy: Record<string, unknown> | undefined): FieldError[] {
  const s = strategy ?? {};
  const path = 'spec.strategy';
  if (s.type === 'Recreate') {
    return s.rollingUpdate ? [field.forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")] : [];
  }
  if (s.type !== 'RollingUpdate') {
    return [{ type: 'FieldValueNotSupported', field: path, badValue: goStrategy(s), detail: 'supported values: "Recreate", "RollingUpdate"' }];
  }
  const rolling = s.rollingUpdate as Record<string, unknown> | undefined;
  if (!rolling) return [field.required(`${path}.rollingUpdate`, 'this should be defaulted and never be nil')];
  const at = `${path}.rollingUpdate`;
  const errors = [...validateIntOrPercent(rolling.maxUnavailable, `${at}.maxUnavailable`), ...validateIntOrPercent(rolling.maxSurge, `${at}.maxSurge`)];
  if (intOrPercentValue(rolling.maxUnavailable) === 0 && intOrPercentValue(rolling.maxSurge) === 0) {
    errors.push(invalidFormatted(`${at}.maxUnavailable`, goIntOrString(rolling.maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
  }
  errors.push(...validateAtMost100Percent(rolling.maxUnavailable, `${at}.maxUnavailable`));
  return errors;
}

/** ValidateDeploymentSpec. */
function validateDeployment(obj: KubeObject): FieldError[] {
  const spec = obj.spec ?? {};
  const errors = validateNonnegative(spec.replicas, 'spec.replicas');
  errors.push(...validateSelectorAndTemplate(spec, 'deployment'));
  errors.push(...validateStrategy(spec.strategy));
  errors.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errors.push(...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (spec.rollbackTo) errors.push(...validateNonnegative(spec.rollbackTo.revision, 'spec.rollback.version'));
  if (typeof spec.progressDeadlineSeconds === 'number') {
    errors.push(...validateNonnegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errors.push(field.invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return errors;
}

export const deploymentStrategy: Strategy = {
  nameRule: 'subdomain',
  defaults: defaultDeployment,
  prepareForCreate: (obj) => startGeneration(obj),
  prepareForUpdate: (obj, old) => keepStatusAndBumpGeneration(obj, old, (o) => o.metadata.annotations),
  validate: validateDeployment,
  validateUpdate: (obj, old) => [
    ...validateObjectMetaUpdate(obj, old),
    ...validateImmutable(obj.spec?.selector, old.spec?.selector, 'spec.selector', (v) => goLabelSelector(v as never)),
  ],
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};
