/**
 * Validation shared by the workload kinds (`pkg/apis/apps/validation`): the selector rules
 * (`spec.selector: Required value`, `empty selector is invalid for …`), the template-matches-
 * selector rule, ValidatePodTemplateSpecForReplicaSet, and int-or-percent checks. A missing
 * selector converts to "match nothing", so it also fails the template check: that is why a
 * ReplicaSet without a selector gets both errors (lab F.4).
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { LabelSelector } from '../../../shared/api/meta.js';
import { selectorFromLabelSelector, type Selector } from '../../../shared/labels.js';
import { validateLabelSelector, validateNonnegative } from './metadata.js';
import { isValidPercent } from './name-validation.js';
import { validatePodTemplateSpec, type PodSpec } from './pod-template.js';
import { goLabelSelector, goLabels, invalidFormatted } from './strategy-helpers.js';

export const selectorMismatchMessage = '`selector` does not match template `labels`';

/** metav1.LabelSelectorAsSelector; undefined when the selector cannot be converted. */
export function toSelector(selector: LabelSelector | undefined | null): Selector | undefined {
  try {
    return selectorFromLabelSelector(selector, 'nothing');
  } catch {
    return undefined; // validateLabelSelector reports what is wrong with it
  }
}

/** `spec.selector: Required value`, the selector's own validation, and the empty-selector rule. */
export function validateRequiredSelector(selector: LabelSelector | undefined | null, path: string, kindWord: string): FieldError[] {
  if (!selector) return [field.required(path)];
  const errors = validateLabelSelector(selector, path);
  if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
    errors.push(invalidFormatted(path, goLabelSelector(selector), `empty selector is invalid for ${kindWord}`));
  }
  return errors;
}

/** The template-labels check (skipped for an empty selector, which matches everything). */
export function validateTemplateMatches(selector: Selector, template: PodSpec | undefined, path: string): FieldError[] {
  const labels = template?.metadata?.labels;
  if (selector.isEmpty() || selector.matches(labels ?? {})) return [];
  return [invalidFormatted(`${path}.metadata.labels`, goLabels(labels), selectorMismatchMessage)];
}

/** Template rules of controllers whose pods must run forever: restartPolicy Always, no deadline. */
export function validateAlwaysRestart(template: PodSpec | undefined, path: string, kind: string): FieldError[] {
  const errors: FieldError[] = [];
  const policy = template?.spec?.restartPolicy ?? '';
  if (policy !== 'Always') errors.push(field.notSupported(`${path}.spec.restartPolicy`, policy, ['Always']));
  if (template?.spec?.activeDeadlineSeconds !== undefined && template?.spec?.activeDeadlineSeconds !== null) {
    errors.push(field.forbidden(`${path}.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${kind} is not Supported`));
  }
  return errors;
}

/** ValidatePodTemplateSpecForReplicaSet (used by Deployments and ReplicaSets). */
export function validateTemplateForReplicaSet(selector: Selector, template: PodSpec | undefined, path: string): FieldError[] {
  if (!template) return [field.required(path)];
  return [...validateTemplateMatches(selector, template, path), ...validatePodTemplateSpec(template, path), ...validateAlwaysRestart(template, path, 'ReplicaSet')];
}

/**
 * The selector and template part of ValidateReplicaSetSpec / ValidateDeploymentSpec: required
 * selector, then (when it converts) the template checks, else `invalid label selector`.
 */
export function validateSelectorAndTemplate(spec: PodSpec, kindWord: string): FieldError[] {
  const errors = validateRequiredSelector(spec.selector, 'spec.selector', kindWord);
  const selector = toSelector(spec.selector);
  if (!selector) errors.push(invalidFormatted('spec.selector', goLabelSelector(spec.selector), 'invalid label selector'));
  else errors.push(...validateTemplateForReplicaSet(selector, spec.template, 'spec.template'));
  return errors;
}

/** intstr.IntOrString as `%#v` prints it. */
export function goIntOrString(value: unknown): string {
  if (typeof value === 'string') return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(value)}}`;
  return `intstr.IntOrString{Type:0, IntVal:${typeof value === 'number' ? value : 0}, StrVal:""}`;
}

/** The value of an int-or-percent (`25%` → 25), or 0 when not a valid percent. */
export function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && isValidPercent(value).length === 0) return Number(value.slice(0, -1));
  return 0;
}

/** ValidatePositiveIntOrPercent. */
export function validateIntOrPercent(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string') return isValidPercent(value).map((msg) => invalidFormatted(path, goIntOrString(value), msg));
  return validateNonnegative(value, path);
}

/** IsNotMoreThan100Percent. */
export function validateAtMost100Percent(value: unknown, path: string): FieldError[] {
  if (typeof value !== 'string' || isValidPercent(value).length > 0 || intOrPercentValue(value) <= 100) return [];
  return [invalidFormatted(path, goIntOrString(value), 'must not be greater than 100%')];
}
