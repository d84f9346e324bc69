/**
 * RBAC's escalation prevention (pkg/registry/rbac and its validation package): a user may create
 * or change a Role or ClusterRole only with every permission it grants, or with verb `escalate`
 * on it, and may bind a role only with every permission the role holds, or with verb `bind` on it;
 * system:masters always may. A refusal is kube-apiserver's 403:
 * `roles.rbac.authorization.k8s.io "x" is forbidden: user "bob" (groups=["system:authenticated"])
 * is attempting to grant RBAC permissions not currently held:` and the missing rules, one per line.
 */
import { forbidden, notFound, type StatusError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import type { RbacAuthorizer } from './rbac-authorizer.js';
import type { PolicyRule } from './rbac-rules.js';
import type { RequestAttributes } from './request-attributes.js';
import { systemMasters, type UserInfo } from './user-info.js';

const rbacGroup = 'rbac.authorization.k8s.io';
/** `*` on every resource and URL: what an aggregationRule needs (the ClusterRole storage's fullAuthority). */
const fullAuthority: readonly PolicyRule[] = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }];

/** The check the registry runs before validating a write of an RBAC object (RequestContext.rbacWrite). */
export type RbacWriteCheck = (info: ResourceInfo, obj: KubeObject, old: KubeObject | undefined) => void;

export function rbacWriteCheck(authorizer: RbacAuthorizer, user: UserInfo): RbacWriteCheck {
  return (info, obj, old) => {
    if (user.groups.includes(systemMasters)) return;
    const namespace = info.namespaced ? (obj.metadata.namespace ?? '') : '';
    const gr = { group: info.group, resource: info.resource };
    const name = obj.metadata.name ?? '';
    // The garbage collector's writes (ownerReferences, finalizers) never escalate, for roles and bindings alike.
    if (old && isOnlyMutatingGcFields(obj, old)) return;
    if (info.resource === 'roles' || info.resource === 'clusterroles') {
      if (authorizer.authorize(user, attributes('escalate', info.resource, namespace, name)).allowed) return;
      const missing = escalation(authorizer, user, namespace, (obj.rules ?? []) as PolicyRule[]);
      if (missing) throw forbidden(gr, name, missing);
      // An aggregationRule can gather any role's rules (and keep them from being tightened), so
      // setting, changing or dropping one takes full authority, as the ClusterRole storage asks.
      if ((obj.aggregationRule !== undefined && obj.aggregationRule !== null) || (old?.aggregationRule !== undefined && old.aggregationRule !== null)) {
        if (escalation(authorizer, user, '', fullAuthority)) throw forbidden(gr, name, 'must have cluster-admin privileges to use the aggregationRule');
      }
      return;
    }
    const roleRef = (obj.roleRef ?? {}) as { kind?: string; name?: string };
    const roleResource = roleRef.kind === 'Role' ? 'roles' : 'clusterroles';
    if (authorizer.authorize(user, attributes('bind', roleResource, namespace, roleRef.name ?? '')).allowed) return;
    const missing = escalation(authorizer, user, namespace, referencedRules(authorizer, roleRef, namespace));
    if (missing) throw forbidden(gr, name, missing);
  };
}

function attributes(verb: string, resource: string, namespace: string, name: string): RequestAttributes {
  return { verb, isResourceRequest: true, path: '', apiGroup: rbacGroup, apiVersion: 'v1', resource, subresource: '', namespace, name };
}

/** GetRoleReferenceRules: a missing role is the lister's NotFound. */
function referencedRules(authorizer: RbacAuthorizer, roleRef: { kind?: string; name?: string }, namespace: string): readonly PolicyRule[] {
  const snapshot = authorizer.index.current();
  const name = roleRef.name ?? '';
  const rules = roleRef.kind === 'Role' ? snapshot.roles.get(`${namespace}/${name}`) : snapshot.clusterRoles.get(name);
  if (!rules) throw notFound({ group: rbacGroup, resource: roleRef.kind === 'Role' ? 'role' : 'clusterrole' }, name) as StatusError;
  return rules;
}

/** Only ownerReferences or finalizers changed: the garbage collector's writes are never an escalation. */
function isOnlyMutatingGcFields(obj: KubeObject, old: KubeObject): boolean {
  const strip = (o: KubeObject): string => {
    const { ownerReferences: _owners, finalizers: _finalizers, managedFields: _managed, resourceVersion: _rv, ...metadata } = o.metadata;
    return JSON.stringify({ ...o, metadata });
  };
  return strip(obj) === strip(old);
}

/** ConfirmNoEscalation: the message of the rules the user does not hold, or undefined. */
export function escalation(authorizer: RbacAuthorizer, user: UserInfo, namespace: string, rules: readonly PolicyRule[]): string | undefined {
  const owner = authorizer.rulesFor(user, namespace);
  const ownerRules = [...owner.resourceRules, ...owner.nonResourceRules];
  const missing = rules.flatMap(breakdownRule).filter((wanted) => !ownerRules.some((have) => ruleCovers(have, wanted)));
  if (missing.length === 0) return undefined;
  const descriptions = [...new Set(compactRules(missing).map(compactString))].sort();
  let message = `user ${goQuote(user.username)} (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${descriptions.join('\n')}`;
  if (owner.errors.length > 0) message += `; resolution errors: [${owner.errors.join(' ')}]`;
  return message;
}

/** BreakdownRule: one rule per group, resource, verb and name, and per URL and verb. */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs ?? []) {
        if (rule.resourceNames?.length) {
          for (const name of rule.resourceNames) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
        } else {
          out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs ?? []) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

const has = (set: readonly string[] | undefined, value: string): boolean => (set ?? []).includes(value);
const hasAll = (set: readonly string[] | undefined, values: readonly string[] | undefined): boolean => (values ?? []).every((v) => has(set, v));

function resourceCoversAll(owned: readonly string[] | undefined, wanted: readonly string[] | undefined): boolean {
  if (has(owned, '*') || hasAll(owned, wanted)) return true;
  return (wanted ?? []).every((path) => {
    if (has(owned, path)) return true;
    const slash = path.indexOf('/');
    return slash >= 0 && has(owned, `*/${path.slice(slash + 1)}`);
  });
}

function urlCovers(owned: string, wanted: string): boolean {
  return owned === wanted || (owned.endsWith('*') && wanted.startsWith(owned.replace(/\*+$/, '')));
}

/** ruleCovers: whether one held rule grants all of one broken-down rule. */
export function ruleCovers(have: PolicyRule, wanted: PolicyRule): boolean {
  const verbs = has(have.verbs, '*') || hasAll(have.verbs, wanted.verbs);
  const groups = has(have.apiGroups, '*') || hasAll(have.apiGroups, wanted.apiGroups);
  const resources = resourceCoversAll(have.resources, wanted.resources);
  const urls = (wanted.nonResourceURLs ?? []).every((url) => (have.nonResourceURLs ?? []).some((owned) => urlCovers(owned, url)));
  const names = !wanted.resourceNames?.length ? !have.resourceNames?.length : !have.resourceNames?.length || hasAll(have.resourceNames, wanted.resourceNames);
  return verbs && groups && resources && urls && names;
}

/** CompactRules: simple rules (one group, one resource, at most one name) of the same target share their verbs. */
function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const isSimple = (rule.resourceNames?.length ?? 0) <= 1 && !rule.nonResourceURLs?.length && rule.apiGroups?.length === 1 && rule.resources?.length === 1;
    if (!isSimple) {
      compacted.push(rule);
      continue;
    }
    const key = JSON.stringify([rule.apiGroups, rule.resources, rule.resourceNames ?? []]);
    const existing = simple.get(key);
    if (!existing) simple.set(key, { ...rule, verbs: [...(rule.verbs ?? [])] });
    else for (const verb of rule.verbs ?? []) if (!existing.verbs!.includes(verb)) (existing.verbs as string[]).push(verb);
  }
  return [...compacted, ...simple.values()];
}

/** rbacv1helpers.CompactString: `{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}`. */
export function compactString(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.apiGroups?.length) parts.push(`APIGroups:${goQuoteList(rule.apiGroups)}`);
  if (rule.resources?.length) parts.push(`Resources:${goQuoteList(rule.resources)}`);
  if (rule.nonResourceURLs?.length) parts.push(`NonResourceURLs:${goQuoteList(rule.nonResourceURLs)}`);
  if (rule.resourceNames?.length) parts.push(`ResourceNames:${goQuoteList(rule.resourceNames)}`);
  if (rule.verbs?.length) parts.push(`Verbs:${goQuoteList(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/** Go's %q of a string (ASCII names quote as JSON does). */
function goQuote(value: string): string {
  return JSON.stringify(value);
}

/** Go's %q of a []string: `["a" "b"]`. */
function goQuoteList(values: readonly string[]): string {
  return `[${values.map(goQuote).join(' ')}]`;
}
