/**
 * Generic ObjectMeta validation, as apimachinery's `api/validation/objectmeta.go` plus core's
 * finalizer-name check: name rules, namespace, labels, annotations, owner references,
 * finalizers, and the update rules (immutable name/namespace/uid/creationTimestamp…). It also
 * exports the label and selector validators that kind strategies reuse. Map keys are visited in
 * sorted order so messages are stable (Go visits maps in random order).
 */
import { field, goValue, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject, LabelSelector, Labels, OwnerReference } from '../../../shared/api/meta.js';
import type { Strategy } from './strategy.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPathSegmentName } from './name-validation.js';

/**
 * How an object's name must look. `dns1035-label` (Services) is not in Strategy['nameRule'] yet;
 * services.ts passes it through a cast until the interface is widened.
 */
export type NameRule = NonNullable<Strategy['nameRule']> | 'dns1035-label';

export const isNegativeMessage = 'must be greater than or equal to 0';
export const immutableMessage = 'field is immutable';
/** apimachinery's TotalAnnotationSizeLimitB: 256 KiB of keys and values together. */
export const totalAnnotationSizeLimit = 256 * 1024;
const standardFinalizers = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** The messages of a name rule (ValidateNameFunc); `prefix` is true for generateName. */
export function nameProblems(name: string, rule: NameRule, prefix = false): string[] {
  // maskTrailingDash: a generateName may end in '-'; its last two characters become "a".
  const value = prefix && name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
  switch (rule) {
    case 'label':
      return isDNS1123Label(value);
    case 'dns1035-label':
      return isDNS1035Label(value);
    case 'path-segment':
      return isValidPathSegmentName(name, prefix);
    default:
      return isDNS1123Subdomain(value);
  }
}

export function sortedKeys(map: Record<string, unknown> | undefined | null): string[] {
  return Object.keys(map ?? {}).sort();
}

/** Each problem of a string validator as `Invalid value` at path. */
export function invalidEach(path: string, value: unknown, problems: string[]): FieldError[] {
  return problems.map((msg) => field.invalid(path, value, msg));
}

export function validateDNS1123Label(value: string, path: string): FieldError[] {
  return invalidEach(path, value, isDNS1123Label(value));
}

export function validateDNS1123Subdomain(value: string, path: string): FieldError[] {
  return invalidEach(path, value, isDNS1123Subdomain(value));
}

export function validateQualifiedName(value: string, path: string): FieldError[] {
  return invalidEach(path, value, isQualifiedName(value));
}

/** ValidateNonnegativeField: `Invalid value: -1: must be greater than or equal to 0`. */
export function validateNonnegative(value: unknown, path: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [field.invalid(path, value, isNegativeMessage)] : [];
}

/** ValidateLabels: every key a qualified name, every value a label value; errors at the map's path. */
export function validateLabels(labels: Labels | undefined | null, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of sortedKeys(labels)) {
    errors.push(...validateQualifiedName(key, path));
    const value = String(labels![key] ?? '');
    errors.push(...invalidEach(path, value, isValidLabelValue(value)));
  }
  return errors;
}

/** ValidateAnnotations: lower-cased keys must be qualified names; all of it at most 256 KiB. */
export function validateAnnotations(annotations: Labels | undefined | null, path: string): FieldError[] {
  const errors: FieldError[] = [];
  let size = 0;
  for (const key of sortedKeys(annotations)) {
    errors.push(...invalidEach(path, key, isQualifiedName(key.toLowerCase())));
    size += Buffer.byteLength(key) + Buffer.byteLength(String(annotations![key] ?? ''));
  }
  if (size > totalAnnotationSizeLimit) errors.push(field.tooLong(path, '', totalAnnotationSizeLimit));
  return errors;
}

/** metav1 ValidateLabelSelector (matchLabels and matchExpressions). */
export function validateLabelSelector(selector: LabelSelector | undefined | null, path: string): FieldError[] {
  if (!selector) return [];
  const errors = validateLabels(selector.matchLabels, `${path}.matchLabels`);
  (selector.matchExpressions ?? []).forEach((expr, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    const values = expr.values ?? [];
    if (expr.operator === 'In' || expr.operator === 'NotIn') {
      if (values.length === 0) errors.push(field.required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (expr.operator === 'Exists' || expr.operator === 'DoesNotExist') {
      if (values.length > 0) errors.push(field.forbidden(`${at}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errors.push(field.invalid(`${at}.operator`, expr.operator ?? '', 'not a valid selector operator'));
    }
    errors.push(...validateQualifiedName(expr.key ?? '', `${at}.key`));
    values.forEach((v, j) => errors.push(...invalidEach(`${at}.values[${j}]`, v, isValidLabelValue(v))));
  });
  return errors;
}

function validateOwnerReferences(refs: OwnerReference[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    const version = (ref.apiVersion ?? '').split('/').pop() ?? '';
    if (!version) errors.push(field.invalid(`${path}.apiVersion`, ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) errors.push(field.invalid(`${path}.kind`, ref.kind ?? '', 'kind must not be empty'));
    if (!ref.name) errors.push(field.invalid(`${path}.name`, ref.name ?? '', 'name must not be empty'));
    if (!ref.uid) errors.push(field.invalid(`${path}.uid`, ref.uid ?? '', 'uid must not be empty'));
    if (ref.controller) {
      const current = `${ref.kind}/${ref.name}`;
      if (firstController) {
        errors.push({
          type: 'FieldValueInvalid',
          field: path,
          badValue: '[]v1.OwnerReference{…}',
          detail: `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
        });
      } else firstController = current;
    }
  }
  return errors;
}

function validateFinalizers(finalizers: (string | null)[] | undefined, path: string): FieldError[] {
  // Go decodes a null element of a []string as "", which then fails as an empty name.
  const list = (finalizers ?? []).map((f) => f ?? '');
  const errors: FieldError[] = [];
  for (const name of list) errors.push(...validateQualifiedName(name, path));
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errors.push(field.invalid(path, list, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  // core's validateKubeFinalizerName: an unqualified finalizer must be a standard one.
  list.forEach((name, i) => {
    if (!name.includes('/') && !standardFinalizers.has(name)) {
      errors.push(field.invalid(`${path}[${i}]`, name, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errors;
}

/**
 * ValidateObjectMetaAccessor: `metadata.name: Required value: name or generateName is required`,
 * name rule messages, namespace required (namespaced kinds) or forbidden (cluster-scoped ones).
 */
export function validateObjectMeta(obj: KubeObject, rule: NameRule, namespaced: boolean): FieldError[] {
  const meta = obj.metadata ?? {};
  const errors: FieldError[] = [];
  if (meta.generateName) errors.push(...invalidEach('metadata.generateName', meta.generateName, nameProblems(meta.generateName, rule, true)));
  if (!meta.name) errors.push(field.required('metadata.name', 'name or generateName is required'));
  else errors.push(...invalidEach('metadata.name', meta.name, nameProblems(meta.name, rule)));
  if (namespaced) {
    if (!meta.namespace) errors.push(field.required('metadata.namespace'));
    else errors.push(...invalidEach('metadata.namespace', meta.namespace, nameProblems(meta.namespace, 'label')));
  } else if (meta.namespace) {
    errors.push(field.forbidden('metadata.namespace', 'not allowed on this type'));
  }
  errors.push(...validateNonnegative(meta.generation, 'metadata.generation'));
  errors.push(...validateLabels(meta.labels, 'metadata.labels'));
  errors.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  errors.push(...validateOwnerReferences(meta.ownerReferences, 'metadata.ownerReferences'));
  errors.push(...validateFinalizers(meta.finalizers, 'metadata.finalizers'));
  return errors;
}

/** Go's time.Time String() of an RFC 3339 timestamp, as a Stringer prints in field errors. */
function goTime(value: string | null | undefined): string {
  if (!value) return '0001-01-01 00:00:00 +0000 UTC';
  return `${value.replace('T', ' ').replace('Z', '')} +0000 UTC`;
}

/**
 * ValidateObjectMetaAccessorUpdate, the update-only part (labels, annotations and owners are
 * checked again by validateObjectMeta on every write): no new finalizers once deleting,
 * resourceVersion present, generation not decremented, identity fields immutable.
 */
export function validateObjectMetaUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const meta = obj.metadata;
  const prev = old.metadata;
  const errors: FieldError[] = [];
  if (prev.deletionTimestamp) {
    const added = [...new Set(meta.finalizers ?? [])].filter((f) => !(prev.finalizers ?? []).includes(f)).sort();
    if (added.length) errors.push(field.forbidden('metadata.finalizers', `no new finalizers can be added if the object is being deleted, found new finalizers ${goValue(added)}`));
  }
  if (!meta.resourceVersion) errors.push(field.invalid('metadata.resourceVersion', '', 'must be specified for an update'));
  if ((meta.generation ?? 0) < (prev.generation ?? 0)) errors.push(field.invalid('metadata.generation', meta.generation ?? 0, 'must not be decremented'));
  for (const key of ['name', 'namespace', 'uid'] as const) {
    if ((meta[key] ?? '') !== (prev[key] ?? '')) errors.push(field.invalid(`metadata.${key}`, meta[key] ?? '', immutableMessage));
  }
  if ((meta.creationTimestamp ?? null) !== (prev.creationTimestamp ?? null)) {
    errors.push({ type: 'FieldValueInvalid', field: 'metadata.creationTimestamp', badValue: goTime(meta.creationTimestamp), detail: immutableMessage });
  }
  if ((meta.deletionTimestamp ?? null) !== (prev.deletionTimestamp ?? null)) {
    errors.push({ type: 'FieldValueInvalid', field: 'metadata.deletionTimestamp', badValue: meta.deletionTimestamp ? goTime(meta.deletionTimestamp) : 'null', detail: immutableMessage });
  }
  if ((meta.deletionGracePeriodSeconds ?? null) !== (prev.deletionGracePeriodSeconds ?? null)) {
    errors.push(field.invalid('metadata.deletionGracePeriodSeconds', meta.deletionGracePeriodSeconds ?? null, immutableMessage));
  }
  return errors;
}
