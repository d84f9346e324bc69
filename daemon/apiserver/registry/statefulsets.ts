/**
 * StatefulSets (`pkg/registry/apps/statefulset/strategy.go`, SetDefaults_StatefulSet,
 * ValidateStatefulSetSpec): OrderedReady, RollingUpdate with partition 0, revisionHistoryLimit 10,
 * PVC retention Retain/Retain; volumeClaimTemplates get the PVC defaults (volumeMode Filesystem,
 * `status: {phase: Pending}`). Names are DNS labels (since 1.27). As in 1.32, the template's pod
 * spec is not validated here (only its labels and annotations); only replicas, ordinals,
 * template, updateStrategy, PVC retention and minReadySeconds may change on update.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { toSelector, validateAlwaysRestart, validateIntOrPercent, validateAtMost100Percent, validateRequiredSelector, validateTemplateMatches, goIntOrString, intOrPercentValue } from './apps-validation.js';
import { validateAnnotations, validateLabels, validateNonnegative, validateObjectMetaUpdate } from './metadata.js';
import { canonicalizeResourceList } from './pod-template-resources.js';
import { defaultPodTemplateSpec } from './pod-template.js';
import type { Strategy } from './strategy.js';
import { deepEqual, ensureObject, goLabelSelector, invalidFormatted, keepStatusAndBumpGeneration, startGeneration } from './strategy-helpers.js';

export const statefulSetUpdateForbidden =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

function defaultStatefulSet(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  spec.podManagementPolicy ||= 'OrderedReady';
  const strategy = ensureObject(spec, 'updateStrategy');
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    strategy.rollingUpdate ??= {};
  }
  if (strategy.type === 'RollingUpdate' && strategy.rollingUpdate) (strategy.rollingUpdate as Record<string, unknown>).partition ??= 0;
  const retention = ensureObject(spec, 'persistentVolumeClaimRetentionPolicy');
  retention.whenDeleted ||= 'Retain';
  retention.whenScaled ||= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplateSpec(spec.template, obj);
  for (const claim of spec.volumeClaimTemplates ?? []) {
    claim.apiVersion ??= 'v1';
    claim.kind ??= 'PersistentVolumeClaim';
    claim.metadata ??= {};
    if (claim.metadata.creationTimestamp === undefined) claim.metadata.creationTimestamp = null;
    claim.spec ??= {};
    claim.spec.volumeMode ??= 'Filesystem';
    canonicalizeResourceList(claim.spec.resources?.requests, obj);
    canonicalizeResourceList(claim.spec.resources?.limits, obj);
    claim.status ??= {};
    claim.status.phase ||= 'Pending';
  }
}

function validateUpdateStrategy(strategy: Record<string, unknown> | undefined): FieldError[] {
  const s = strategy ?? {};
  const path = 'spec.updateStrategy';
  const rolling = s.rollingUpdate as Record<string, unknown> | undefined;
  if (!s.type) return [field.required(path)];
  if (s.type === 'OnDelete') return rolling ? [invalidFormatted(`${path}.rollingUpdate`, '&apps.RollingUpdateStatefulSetStrategy{…}', "only allowed for updateStrategy 'RollingUpdate'")] : [];
  if (s.type !== 'RollingUpdate') {
    return [invalidFormatted(path, `apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(s.type)}, RollingUpdate:…}`, "must be 'RollingUpdate' or 'OnDelete'")];
  }
  if (!rolling) return [];
  const errors = validateNonnegative(rolling.partition, `${path}.rollingUpdate.partition`);
  if (rolling.maxUnavailable !== undefined) {
    const at = `${path}.rollingUpdate.maxUnavailable`;
    errors.push(...validateIntOrPercent(rolling.maxUnavailable, at));
    if (intOrPercentValue(rolling.maxUnavailable) === 0) errors.push(invalidFormatted(at, goIntOrString(rolling.maxUnavailable), 'cannot be 0'));
    errors.push(...validateAtMost100Percent(rolling.maxUnavailable, at));
  }
  return errors;
}

/** ValidateStatefulSetSpec. */
function validateStatefulSet(obj: KubeObject): FieldError[] {
  const spec = obj.spec ?? {};
  const errors: FieldError[] = [];
  if (!spec.podManagementPolicy) errors.push(field.required('spec.podManagementPolicy'));
  else if (!['OrderedReady', 'Parallel'].includes(spec.podManagementPolicy)) {
    errors.push(field.invalid('spec.podManagementPolicy', spec.podManagementPolicy, "must be 'OrderedReady' or 'Parallel'"));
  }
  errors.push(...validateUpdateStrategy(spec.updateStrategy));
  for (const key of ['whenDeleted', 'whenScaled']) {
    const value = spec.persistentVolumeClaimRetentionPolicy?.[key];
    if (value !== undefined && !['Retain', 'Delete'].includes(value)) errors.push(field.notSupported(`spec.persistentVolumeClaimRetentionPolicy.${key}`, value, ['Retain', 'Delete']));
  }
  errors.push(...validateNonnegative(spec.replicas, 'spec.replicas'));
  errors.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  if (spec.ordinals) errors.push(...validateNonnegative(spec.ordinals.start, 'spec.ordinals.start'));
  errors.push(...validateRequiredSelector(spec.selector, 'spec.selector', 'statefulset'));
  const selector = toSelector(spec.selector);
  if (!selector) errors.push(invalidFormatted('spec.selector', goLabelSelector(spec.selector), ''));
  else if (!spec.template) errors.push(field.required('spec.template'));
  else {
    errors.push(...validateTemplateMatches(selector, spec.template, 'spec.template'));
    errors.push(...validateLabels(spec.template.metadata?.labels, 'spec.template.labels'));
    errors.push(...validateAnnotations(spec.template.metadata?.annotations, 'spec.template.annotations'));
  }
  errors.push(...validateAlwaysRestart(spec.template, 'spec.template', 'StatefulSet'));
  return errors;
}

/** ValidateStatefulSetUpdate: everything but the mutable fields must stay as it was. */
function validateStatefulSetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errors = validateObjectMetaUpdate(obj, old);
  const mutable = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy'];
  const next = { ...(obj.spec ?? {}) };
  for (const key of mutable) next[key] = old.spec?.[key];
  if (!deepEqual(next, old.spec ?? {})) errors.push(field.forbidden('spec', statefulSetUpdateForbidden));
  return errors;
}

export const statefulSetStrategy: Strategy = {
  nameRule: 'label',
  defaults: defaultStatefulSet,
  prepareForCreate: (obj) => startGeneration(obj, { replicas: 0, availableReplicas: 0 }),
  prepareForUpdate: (obj, old) => keepStatusAndBumpGeneration(obj, old),
  validate: validateStatefulSet,
  validateUpdate: validateStatefulSetUpdate,
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};
