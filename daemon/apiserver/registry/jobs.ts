/**
 * Jobs (`pkg/registry/batch/job/strategy.go`, batch/v1 SetDefaults_Job, batch validation):
 * parallelism and completions 1 when both are unset, backoffLimit 6, NonIndexed, suspend false,
 * podReplacementPolicy TerminatingOrFailed, manualSelector false. Unless the selector is manual,
 * PrepareForCreate generates it from the Job's uid, which is why the registry must call
 * prepareForCreate after setting metadata.uid. The template's restartPolicy must be OnFailure or
 * Never; the selector, completions (non-indexed) and template are immutable.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { selectorMismatchMessage, toSelector } from './apps-validation.js';
import { validateLabelSelector, validateNonnegative, validateObjectMetaUpdate } from './metadata.js';
import { defaultPodFailurePolicy, validateJobPolicies } from './job-policies.js';
import { isDNS1123Label } from './name-validation.js';
import { defaultPodTemplateSpec, validatePodTemplateSpec, type PodSpec } from './pod-template.js';
import type { Strategy } from './strategy.js';
import { goLabels, goLabelSelector, invalidFormatted, isCreate, keepStatusAndBumpGeneration, startGeneration, validateImmutable } from './strategy-helpers.js';

export const controllerUidLabel = 'batch.kubernetes.io/controller-uid';
export const jobNameLabel = 'batch.kubernetes.io/job-name';
const legacyControllerUidLabel = 'controller-uid';
const legacyJobNameLabel = 'job-name';

function defaultJob(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  copyTemplateLabels(obj);
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  defaultPodFailurePolicy(spec);
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  spec.manualSelector ??= false;
  defaultPodTemplateSpec(spec.template, obj);
}

/** SetDefaults_Job: a Job without labels takes its template's labels. */
function copyTemplateLabels(obj: KubeObject): void {
  const labels = obj.spec?.template?.metadata?.labels;
  if (labels && Object.keys(obj.metadata.labels ?? {}).length === 0) obj.metadata.labels = { ...labels };
}

/** generateSelector: job-name and controller-uid labels (both spellings) and a uid selector. */
function generateSelector(obj: KubeObject): void {
  const spec = obj.spec;
  const template = (spec.template ??= {});
  template.metadata ??= {};
  const labels = (template.metadata.labels ??= {});
  for (const key of [legacyJobNameLabel, jobNameLabel]) labels[key] ??= obj.metadata.name ?? '';
  for (const key of [legacyControllerUidLabel, controllerUidLabel]) labels[key] ??= obj.metadata.uid ?? '';
  spec.selector ??= {};
  spec.selector.matchLabels ??= {};
  spec.selector.matchLabels[controllerUidLabel] ??= obj.metadata.uid ?? '';
}

function prepareForCreate(obj: KubeObject): void {
  if (!obj.spec.manualSelector) generateSelector(obj);
  startGeneration(obj);
  // Defaults run again whenever the object is read back, so the generated labels show on the Job.
  copyTemplateLabels(obj);
}

/** ValidateHasLabel on the template, then the selector must select what was generated. */
function validateGeneratedSelector(obj: KubeObject): FieldError[] {
  const spec = obj.spec ?? {};
  if (spec.manualSelector || !spec.selector) return [];
  const errors: FieldError[] = [];
  const uid = obj.metadata.uid ?? '';
  if (!uid) errors.push(field.required('metadata.uid'));
  const labels: Record<string, string> | undefined = spec.template?.metadata?.labels;
  const expected: Record<string, string> = { [legacyControllerUidLabel]: uid, [legacyJobNameLabel]: obj.metadata.name ?? '', [controllerUidLabel]: uid, [jobNameLabel]: obj.metadata.name ?? '' };
  for (const [key, value] of Object.entries(expected)) {
    const path = `spec.template.metadata.labels[${key}]`;
    if (!labels || !(key in labels)) errors.push(field.required(path, `must be '${value}'`));
    else if (labels[key] !== value) errors.push(invalidFormatted(path, goLabels(labels), `must be '${value}'`));
  }
  const selector = toSelector(spec.selector);
  if (selector && !selector.matches(expected)) errors.push(invalidFormatted('spec.selector', goLabelSelector(spec.selector), '`selector` not auto-generated'));
  return errors;
}

/** validateJobSpec: the part shared with a CronJob's jobTemplate. */
export function validateJobSpec(spec: PodSpec, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    errors.push(...validateNonnegative(spec[key], `${path}.${key}`));
  }
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') errors.push(field.notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
  if (mode === 'Indexed' && spec.completions === undefined) errors.push(field.required(`${path}.completions`, 'when completion mode is Indexed'));
  if (mode !== 'Indexed' && spec.backoffLimitPerIndex !== undefined) errors.push(field.invalid(`${path}.backoffLimitPerIndex`, spec.backoffLimitPerIndex, 'requires indexed completion mode'));
  errors.push(...validateJobPolicies(spec, path));
  errors.push(...validatePodTemplateSpec(spec.template, `${path}.template`));
  // SetDefaults_PodSpec turns an unset policy into Always, so both mean "not chosen".
  const policy = spec.template?.spec?.restartPolicy ?? '';
  const at = `${path}.template.spec.restartPolicy`;
  if (policy === 'Always' || policy === '') errors.push(field.required(at, 'valid values: "OnFailure", "Never"'));
  else if (policy !== 'OnFailure' && policy !== 'Never') errors.push(field.notSupported(at, policy, ['OnFailure', 'Never']));
  else if (spec.podFailurePolicy && policy !== 'Never') errors.push(field.invalid(at, policy, 'only "Never" is supported when podFailurePolicy is specified'));
  return errors;
}

/** ValidateJob: generated selector, spec, required selector matching the template. */
function validateJob(obj: KubeObject): FieldError[] {
  const spec = obj.spec ?? {};
  const errors = validateGeneratedSelector(obj);
  errors.push(...validateJobSpec(spec, 'spec'));
  if (!spec.selector) errors.push(field.required('spec.selector'));
  else errors.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const selector = toSelector(spec.selector);
  const labels = spec.template?.metadata?.labels;
  if (selector && !selector.matches(labels ?? {})) errors.push(invalidFormatted('spec.template.metadata.labels', goLabels(labels), selectorMismatchMessage));
  if (isCreate(obj) && spec.completionMode === 'Indexed' && spec.completions > 0) {
    const hostname = `${obj.metadata.name}-${spec.completions - 1}`;
    if (isDNS1123Label(hostname).length) errors.push(field.invalid('metadata.name', obj.metadata.name ?? '', `will not able to create pod with invalid DNS label: ${hostname}`));
  }
  return errors;
}

/** ValidateJobSpecUpdate. A suspended Job that never started may change its scheduling directives. */
function validateJobUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const spec = obj.spec ?? {};
  const prev = old.spec ?? {};
  const errors = validateObjectMetaUpdate(obj, old);
  if (spec.completionMode !== 'Indexed') errors.push(...validateImmutable(spec.completions, prev.completions, 'spec.completions'));
  errors.push(...validateImmutable(spec.selector, prev.selector, 'spec.selector', (v) => goLabelSelector(v as never)));
  let oldTemplate = prev.template;
  if (prev.suspend && !old.status?.startTime && oldTemplate) {
    oldTemplate = structuredClone(oldTemplate);
    oldTemplate.metadata = { ...oldTemplate.metadata, labels: spec.template?.metadata?.labels, annotations: spec.template?.metadata?.annotations };
    for (const key of ['nodeSelector', 'tolerations', 'schedulingGates', 'affinity']) oldTemplate.spec[key] = spec.template?.spec?.[key];
  }
  errors.push(...validateImmutable(spec.template, oldTemplate, 'spec.template', () => 'core.PodTemplateSpec{…}'));
  for (const key of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy']) {
    errors.push(...validateImmutable(spec[key], prev[key], `spec.${key}`));
  }
  return errors;
}

export const jobStrategy: Strategy = {
  nameRule: 'subdomain',
  defaults: defaultJob,
  prepareForCreate,
  prepareForUpdate: (obj, old) => keepStatusAndBumpGeneration(obj, old),
  validate: validateJob,
  validateUpdate: validateJobUpdate,
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};
