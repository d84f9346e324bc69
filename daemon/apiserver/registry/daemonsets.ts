/**
 * DaemonSets (`pkg/registry/apps/daemonset/strategy.go`, SetDefaults_DaemonSet,
 * ValidateDaemonSetSpec): RollingUpdate with maxUnavailable 1 and maxSurge 0, revisionHistoryLimit
 * 10. The server owns the template generation, shown in apps/v1 as the annotation
 * `deprecated.daemonset.template.generation`: 1 on create, +1 with every template change. Unlike
 * ReplicaSets, a missing selector is not "Required": it only fails the template-labels check.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { goIntOrString, intOrPercentValue, selectorMismatchMessage, toSelector, validateAlwaysRestart, validateAtMost100Percent, validateIntOrPercent } from './apps-validation.js';
import { validateLabelSelector, validateNonnegative, validateObjectMetaUpdate } from './metadata.js';
import { defaultPodTemplateSpec, validatePodTemplateSpec } from './pod-template.js';
import type { Strategy } from './strategy.js';
import { deepEqual, ensureObject, goLabels, goLabelSelector, invalidFormatted, keepStatusAndBumpGeneration, startGeneration, validateImmutable } from './strategy-helpers.js';

export const templateGenerationAnnotation = 'deprecated.daemonset.template.generation';

function defaultDaemonSet(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  const strategy = ensureObject(spec, 'updateStrategy');
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rolling = ensureObject(strategy, 'rollingUpdate');
    rolling.maxUnavailable ??= 1;
    rolling.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplateSpec(spec.template, obj);
}

function setTemplateGeneration(obj: KubeObject, generation: string): void {
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [templateGenerationAnnotation]: generation };
}

/** PrepareForUpdate: the template generation is the server's; a template change bumps both counters. */
function prepareForUpdate(obj: KubeObject, old: KubeObject): void {
  const previous = Number(old.metadata.annotations?.[templateGenerationAnnotation] ?? '1');
  keepStatusAndBumpGeneration(obj, old);
  const templateChanged = !deepEqual(obj.spec?.template, old.spec?.template);
  setTemplateGeneration(obj, String(templateChanged ? previous + 1 : previous));
}

/** `apps.DaemonSetUpdateStrategy{…}` as the NotSupported error prints it. */
function goUpdateStrategy(strategy: Record<string, unknown>): string {
  const rolling = strategy.rollingUpdate ? '(*apps.RollingUpdateDaemonSet)(…)' : '(*apps.RollingUpdateDaemonSet)(nil)';
  return `apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(strategy.type ?? '')}, RollingUpdate:${rolling}}`;
}

/** ValidateDaemonSetUpdateStrategy and ValidateRollingUpdateDaemonSet. */
function validateUpdateStrategy(strategy: Record<string, unknown> | undefined): FieldError[] {
  const s = strategy ?? {};
  const path = 'spec.updateStrategy';
  if (s.type === 'OnDelete') return [];
  if (s.type !== 'RollingUpdate') {
    return [{ type: 'FieldValueNotSupported', field: path, badValue: goUpdateStrategy(s), detail: 'supported values: "RollingUpdate", "OnDelete"' }];
  }
  const rolling = s.rollingUpdate as Record<string, unknown> | undefined;
  if (!rolling) return [field.required(`${path}.rollingUpdate`)];
  const at = `${path}.rollingUpdate`;
  const errors = [
    ...validateIntOrPercent(rolling.maxUnavailable, `${at}.maxUnavailable`),
    ...validateIntOrPercent(rolling.maxSurge, `${at}.maxSurge`),
    ...validateAtMost100Percent(rolling.maxUnavailable, `${at}.maxUnavailable`),
    ...validateAtMost100Percent(rolling.maxSurge, `${at}.maxSurge`),
  ];
  const hasUnavailable = intOrPercentValue(rolling.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(rolling.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) errors.push(invalidFormatted(`${at}.maxSurge`, goIntOrString(rolling.maxSurge), 'may not be set when maxUnavailable is non-zero'));
  if (!hasUnavailable && !hasSurge) errors.push(field.required(`${at}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  return errors;
}

/** ValidateDaemonSetSpec. */
function validateDaemonSet(obj: KubeObject): FieldError[] {
  const spec = obj.spec ?? {};
  const errors = validateLabelSelector(spec.selector, 'spec.selector');
  const selector = toSelector(spec.selector);
  if (selector && !selector.matches(spec.template?.metadata?.labels ?? {})) {
    errors.push(invalidFormatted('spec.template.metadata.labels', goLabels(spec.template?.metadata?.labels), selectorMismatchMessage));
  }
  if (spec.selector && Object.keys(spec.selector.matchLabels ?? {}).length + (spec.selector.matchExpressions ?? []).length === 0) {
    errors.push(invalidFormatted('spec.selector', goLabelSelector(spec.selector), 'empty selector is invalid for daemonset'));
  }
  errors.push(...validatePodTemplateSpec(spec.template, 'spec.template'));
  errors.push(...validateAlwaysRestart(spec.template, 'spec.template', 'DaemonSet'));
  errors.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errors.push(...validateUpdateStrategy(spec.updateStrategy));
  errors.push(...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errors;
}

export const daemonSetStrategy: Strategy = {
  nameRule: 'subdomain',
  defaults: defaultDaemonSet,
  prepareForCreate(obj) {
    startGeneration(obj, { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });
    setTemplateGeneration(obj, '1');
  },
  prepareForUpdate,
  validate: validateDaemonSet,
  validateUpdate: (obj, old) => [
    ...validateObjectMetaUpdate(obj, old),
    ...validateImmutable(obj.spec?.selector, old.spec?.selector, 'spec.selector', (v) => goLabelSelector(v as never)),
  ],
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};
