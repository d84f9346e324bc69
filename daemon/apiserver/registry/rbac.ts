/**
 * Roles, ClusterRoles, RoleBindings and ClusterRoleBindings (rbac.authorization.k8s.io/v1;
 * `pkg/apis/rbac/v1/defaults.go` and `pkg/apis/rbac/validation`): names only need to be valid
 * path segments; every rule needs verbs, resource rules need apiGroups and resources, and
 * non-resource URLs belong to ClusterRoles alone; a binding's roleRef is defaulted to the RBAC
 * group, checked, and can never change; subjects are User, Group or ServiceAccount.
 * The escalation check runs for HTTP users before validation (auth/rbac-escalation.ts).
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { validateLabelSelector, validateObjectMetaUpdate } from './metadata.js';
import { isDNS1123Subdomain, isValidPathSegmentName } from './name-validation.js';
import type { Strategy } from './strategy.js';
import { invalidFormatted } from './strategy-helpers.js';

export const rbacGroup = 'rbac.authorization.k8s.io';

interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Subject {
  kind?: string;
  apiGroup?: string;
  name?: string;
  namespace?: string;
}

/** validatePolicyRule: what one rule of a Role (namespaced) or ClusterRole must hold. */
export function validatePolicyRule(rule: PolicyRule, isNamespaced: boolean, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!rule.verbs?.length) errors.push(field.required(`${path}.verbs`, 'verbs must contain at least one value'));
  if (rule.nonResourceURLs?.length) {
    if (isNamespaced) errors.push(field.invalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
    if (rule.apiGroups?.length || rule.resources?.length || rule.resourceNames?.length) {
      errors.push(field.invalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errors;
  }
  if (!rule.apiGroups?.length) errors.push(field.required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (!rule.resources?.length) errors.push(field.required(`${path}.resources`, 'resource rules must supply at least one resource'));
  if (rule.resourceNames?.length && (rule.resources?.length ?? 0) > 1) {
    errors.push(field.required(`${path}.resourceNames`, 'resource names cannot apply to multiple resources'));
  }
  return errors;
}

function validateRules(obj: KubeObject, isNamespaced: boolean): FieldError[] {
  return ((obj.rules ?? []) as PolicyRule[]).flatMap((rule, i) => validatePolicyRule(rule ?? {}, isNamespaced, `rules[${i}]`));
}

function validateAggregationRule(obj: KubeObject): FieldError[] {
  if (!obj.aggregationRule) return [];
  const selectors: unknown[] = obj.aggregationRule.clusterRoleSelectors ?? [];
  if (selectors.length === 0) {
    return [field.required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil')];
  }
  return selectors.flatMap((selector, i) => validateLabelSelector(selector as Parameters<typeof validateLabelSelector>[0], `aggregationRule.clusterRoleSelectors[${i}]`));
}

/** SetDefaults_Subject: Users and Groups live in the RBAC group; service accounts in the core one. */
function defaultBinding(obj: KubeObject): void {
  obj.roleRef ??= {};
  obj.roleRef.apiGroup ||= rbacGroup;
  for (const subject of (obj.subjects ?? []) as Subject[]) {
    if (!subject.apiGroup && (subject.kind === 'User' || subject.kind === 'Group')) subject.apiGroup = rbacGroup;
  }
}

function validateSubject(subject: Subject, isNamespaced: boolean, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const name = subject.name ?? '';
  if (!name) errors.push(field.required(`${path}.name`));
  const apiGroup = subject.apiGroup ?? '';
  switch (subject.kind) {
    case 'ServiceAccount':
      // ValidateServiceAccountName is a DNS-1123 subdomain check.
      if (name) errors.push(...isDNS1123Subdomain(name).map((msg) => field.invalid(`${path}.name`, name, msg)));
      if (apiGroup) errors.push(field.notSupported(`${path}.apiGroup`, apiGroup, ['']));
      if (!isNamespaced && !subject.namespace) errors.push(field.required(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (!name) errors.push(field.invalid(`${path}.name`, name, `${subject.kind === 'User' ? 'user' : 'group'} name cannot be empty`));
      if (apiGroup !== rbacGroup) errors.push(field.notSupported(`${path}.apiGroup`, apiGroup, [rbacGroup]));
      break;
    default:
      errors.push(field.notSupported(`${path}.kind`, subject.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errors;
}

/** ValidateRoleBinding / ValidateClusterRoleBinding without the metadata part. */
export function validateBinding(obj: KubeObject, isNamespaced: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const roleRef = obj.roleRef ?? {};
  if (roleRef.apiGroup !== rbacGroup) errors.push(field.notSupported('roleRef.apiGroup', roleRef.apiGroup ?? '', [rbacGroup]));
  const kinds = isNamespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(roleRef.kind)) errors.push(field.notSupported('roleRef.kind', roleRef.kind ?? '', kinds));
  if (!roleRef.name) errors.push(field.required('roleRef.name'));
  else errors.push(...isValidPathSegmentName(roleRef.name).map((msg) => field.invalid('roleRef.name', roleRef.name, msg)));
  ((obj.subjects ?? []) as Subject[]).forEach((subject, i) => errors.push(...validateSubject(subject ?? {}, isNamespaced, `subjects[${i}]`)));
  return errors;
}

/** The internal rbac.RoleRef as `%#v` prints it in `cannot change roleRef`. */
function goRoleRef(roleRef: Record<string, string | undefined> | undefined): string {
  const ref = roleRef ?? {};
  return `rbac.RoleRef{APIGroup:${JSON.stringify(ref.apiGroup ?? '')}, Kind:${JSON.stringify(ref.kind ?? '')}, Name:${JSON.stringify(ref.name ?? '')}}`;
}

function validateBindingUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errors = validateObjectMetaUpdate(obj, old);
  const a = obj.roleRef ?? {};
  const b = old.roleRef ?? {};
  if (a.apiGroup !== b.apiGroup || a.kind !== b.kind || a.name !== b.name) errors.push(invalidFormatted('roleRef', goRoleRef(obj.roleRef), 'cannot change roleRef'));
  return errors;
}

export const roleStrategy: Strategy = {
  nameRule: 'path-segment',
  validate: (obj) => validateRules(obj, true),
  validateUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};

export const clusterRoleStrategy: Strategy = {
  nameRule: 'path-segment',
  validate: (obj) => [...validateRules(obj, false), ...validateAggregationRule(obj)],
  validateUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};

export const roleBindingStrategy: Strategy = {
  nameRule: 'path-segment',
  defaults: defaultBinding,
  validate: (obj) => validateBinding(obj, true),
  validateUpdate: validateBindingUpdate,
};

export const clusterRoleBindingStrategy: Strategy = {
  nameRule: 'path-segment',
  defaults: defaultBinding,
  validate: (obj) => validateBinding(obj, false),
  validateUpdate: validateBindingUpdate,
};
