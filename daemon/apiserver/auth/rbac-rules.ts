/**
 * RBAC's pure decisions (plugin/pkg/auth/authorizer/rbac): whether one PolicyRule allows a
 * request (verbs, apiGroups, resources with `*` alone or a star, a slash and a subresource name,
 * resourceNames, nonResourceURLs with a trailing `*`), whether a binding's subject is the user,
 * and how the allowed reason names the binding (`ClusterRoleBinding "x" of ClusterRole "y" to
 * Group "z"`). As in Kubernetes, `pods/` followed by a star is not a wildcard: only those two are.
 */
import type { RequestAttributes } from './request-attributes.js';
import type { UserInfo } from './user-info.js';

export interface PolicyRule {
  verbs?: readonly string[];
  apiGroups?: readonly string[];
  resources?: readonly string[];
  resourceNames?: readonly string[];
  nonResourceURLs?: readonly string[];
}

export interface Subject {
  kind?: string;
  apiGroup?: string;
  name?: string;
  namespace?: string;
}

function hasOrStar(list: readonly string[] | undefined, value: string): boolean {
  if (!list) return false;
  for (const item of list) if (item === '*' || item === value) return true;
  return false;
}

function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const resource of rule.resources ?? []) {
    if (resource === '*' || resource === combined) return true;
    if (subresource !== '' && resource.length === subresource.length + 2 && resource.startsWith('*/') && resource.endsWith(subresource)) return true;
  }
  return false;
}

function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  if (!rule.resourceNames?.length) return true;
  return rule.resourceNames.includes(name);
}

function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const url of rule.nonResourceURLs ?? []) {
    if (url === '*' || url === path) return true;
    if (url.endsWith('*') && path.startsWith(url.slice(0, -1))) return true;
  }
  return false;
}

/** RuleAllows. */
export function ruleAllows(attributes: RequestAttributes, rule: PolicyRule): boolean {
  if (!hasOrStar(rule.verbs, attributes.verb)) return false;
  if (!attributes.isResourceRequest) return nonResourceURLMatches(rule, attributes.path);
  const combined = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  return hasOrStar(rule.apiGroups, attributes.apiGroup) && resourceMatches(rule, combined, attributes.subresource) && resourceNameMatches(rule, attributes.name);
}

/**
 * appliesToUser: a User or Group subject by name; a ServiceAccount subject by the
 * `system:serviceaccount:<ns>:<name>` username, its namespace defaulting to the binding's.
 */
export function subjectAppliesTo(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return subject.name !== undefined && user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      if (!namespace) return false;
      return user.username === `system:serviceaccount:${namespace}:${subject.name}`;
    }
    default:
      return false;
  }
}

/** describeSubject: `Group "x"`, `ServiceAccount "name/namespace"`. */
export function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') return `${subject.kind} ${JSON.stringify(`${subject.name}/${subject.namespace || bindingNamespace}`)}`;
  return `${subject.kind} ${JSON.stringify(subject.name)}`;
}
