/**
 * The validation and defaults that admission policies and webhook configurations share
 * (admissionregistration/validation: validateRuleWithOperations, validateRule, validateResources,
 * validateMatchResources; admissionregistration/v1 defaults: SetDefaults_Rule, the Fail /
 * Equivalent / `{}` selector defaults). Messages are kube-apiserver v1.32's.
 * Left out: the check that a rule's resources name no subresource twice in `a/*` and `*\/b` forms
 * beyond the plain cases below.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import { validateLabelSelector } from './metadata.js';
import { isValidPathSegmentName } from './name-validation.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = Record<string, any>;

export const failurePolicies = ['Fail', 'Ignore'];
export const matchPolicies = ['Equivalent', 'Exact'];
const operations = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const scopes = ['*', 'Cluster', 'Namespaced'];

/** SetDefaults_Rule: a rule without scope covers both scopes. */
export function defaultRules(rules: Json[] | undefined): void {
  for (const rule of rules ?? []) if (rule && rule.scope == null) rule.scope = '*';
}

/** SetDefaults_MatchResources (policies) and the webhook defaults for selectors and matchPolicy. */
export function defaultMatchResources(match: Json | undefined): void {
  if (!match) return;
  match.matchPolicy ??= 'Equivalent';
  match.namespaceSelector ??= {};
  match.objectSelector ??= {};
  defaultRules(match.resourceRules);
  defaultRules(match.excludeResourceRules);
}

const hasWildcard = (list: string[]): boolean => list.includes('*');

/** validateResources: `pods`, `pods/status`, `*`, `*\/status`, `pods/*`. */
function validateResources(resources: string[] | undefined, path: string): FieldError[] {
  if (!resources?.length) return [field.required(path, '')];
  const errors: FieldError[] = [];
  const withoutSub = new Set<string>();
  const subOnly = new Set<string>();
  resources.forEach((resource, i) => {
    if (!resource) {
      errors.push(field.required(`${path}[${i}]`, ''));
      return;
    }
    if (resource === '*/*') withoutSub.add('*/*');
    const [res, sub] = resource.split('/', 2);
    if (sub === undefined) withoutSub.add(res!);
    else if (res === '*') subOnly.add(sub);
    if (resource.split('/').length > 2) errors.push(field.invalid(`${path}[${i}]`, resource, 'resource can not contain more than one slash'));
  });
  if (withoutSub.has('*') && withoutSub.size > 1) errors.push(field.invalid(path, resources, "if '*' is present, must not specify other resources without subresources"));
  if (subOnly.has('*') && subOnly.size > 1) errors.push(field.invalid(path, resources, "if '*/*' is present, must not specify other resources"));
  return errors;
}

/** validateRuleWithOperations (with validateRule, subresources allowed). */
export function validateRuleWithOperations(rule: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const ops: string[] = rule.operations ?? [];
  if (ops.length === 0) errors.push(field.required(`${path}.operations`, ''));
  if (ops.length > 1 && hasWildcard(ops)) errors.push(field.invalid(`${path}.operations`, ops, "if '*' is present, must not specify other operations"));
  ops.forEach((op, i) => {
    if (!operations.includes(op)) errors.push(field.notSupported(`${path}.operations[${i}]`, op, operations));
  });
  const groups: string[] = rule.apiGroups ?? [];
  if (groups.length === 0) errors.push(field.required(`${path}.apiGroups`, ''));
  if (groups.length > 1 && hasWildcard(groups)) errors.push(field.invalid(`${path}.apiGroups`, groups, "if '*' is present, must not specify other API groups"));
  const versions: string[] = rule.apiVersions ?? [];
  if (versions.length === 0) errors.push(field.required(`${path}.apiVersions`, ''));
  if (versions.length > 1 && hasWildcard(versions)) errors.push(field.invalid(`${path}.apiVersions`, versions, "if '*' is present, must not specify other API versions"));
  versions.forEach((v, i) => {
    if (!v) errors.push(field.required(`${path}.apiVersions[${i}]`, ''));
  });
  errors.push(...validateResources(rule.resources, `${path}.resources`));
  if (rule.scope != null && !scopes.includes(rule.scope)) errors.push(field.notSupported(`${path}.scope`, rule.scope, scopes));
  return errors;
}

/** One enum field: Required when unset (after defaulting that means the client sent ""), else NotSupported. */
export function validateEnum(value: unknown, path: string, supported: string[]): FieldError[] {
  if (value == null || value === '') return [field.required(path, '')];
  return supported.includes(value as string) ? [] : [field.notSupported(path, value, supported)];
}

/** validateMatchResources: selectors, matchPolicy and the (exclude) resource rules. */
export function validateMatchResources(match: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (match.matchPolicy != null) errors.push(...validateEnum(match.matchPolicy, `${path}.matchPolicy`, matchPolicies));
  else errors.push(field.required(`${path}.matchPolicy`, ''));
  for (const selector of ['namespaceSelector', 'objectSelector']) {
    if (match[selector] == null) errors.push(field.required(`${path}.${selector}`, ''));
    else errors.push(...validateLabelSelector(match[selector], `${path}.${selector}`));
  }
  (match.resourceRules ?? []).forEach((rule: Json, i: number) => errors.push(...validateNamedRule(rule, `${path}.resourceRules[${i}]`)));
  (match.excludeResourceRules ?? []).forEach((rule: Json, i: number) => errors.push(...validateNamedRule(rule, `${path}.excludeResourceRules[${i}]`)));
  return errors;
}

/** validateNamedRuleWithOperations: resourceNames must be valid names, then the rule itself. */
function validateNamedRule(rule: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  (rule.resourceNames ?? []).forEach((name: string, i: number) => {
    errors.push(...isValidPathSegmentName(name).map((m) => field.invalid(`${path}.resourceNames[${i}]`, name, m)));
    if (seen.has(name)) errors.push(field.duplicate(`${path}.resourceNames[${i}]`, name));
    seen.add(name);
  });
  return [...errors, ...validateRuleWithOperations(rule, path)];
}
