/**
 * kube-apiserver's authorizer chain as kind configures it, for requests from outside the daemon:
 * the privileged-group authorizer (system:masters may do anything) and then RBAC, which walks the
 * ClusterRoleBindings and then the RoleBindings of the request's namespace that name the user,
 * checking the rules of the role each one references. It answers with RBAC's reasons: `RBAC:
 * allowed by ClusterRoleBinding "x" of ClusterRole "y" to Group "z"` when allowed, and for a denial
 * only the errors met on the way (a binding whose role does not exist). The Node authorizer is
 * left out: no kubelet authenticates over HTTP.
 */
import type { Store } from '../../store/store.js';
import { RbacIndex, type IndexedBinding, type RbacSnapshot } from './rbac-index.js';
import { describeSubject, ruleAllows, subjectAppliesTo, type PolicyRule } from './rbac-rules.js';
import type { RequestAttributes } from './request-attributes.js';
import { splitServiceAccountUsername, systemMasters, type UserInfo } from './user-info.js';

export interface Decision {
  allowed: boolean;
  /** RBAC's reason: the binding that allowed, or the errors of a denial; '' when there is nothing to say. */
  reason: string;
}

export interface UserRules {
  resourceRules: PolicyRule[];
  nonResourceRules: PolicyRule[];
  errors: string[];
}

/** A binding that names the user, and the subject by which it does. */
interface Match {
  binding: IndexedBinding;
  description: string;
}

export class RbacAuthorizer {
  readonly index: RbacIndex;

  constructor(store: Store) {
    this.index = new RbacIndex(store);
  }

  authorize(user: UserInfo, attributes: RequestAttributes): Decision {
    if (user.groups.includes(systemMasters)) return { allowed: true, reason: '' };
    const snapshot = this.index.current();
    const errors: string[] = [];
    for (const match of bindingsFor(snapshot, user, attributes.namespace)) {
      const rules = roleRules(snapshot, match.binding);
      if (typeof rules === 'string') {
        errors.push(rules);
        continue;
      }
      for (const rule of rules) {
        if (ruleAllows(attributes, rule)) return { allowed: true, reason: `RBAC: allowed by ${match.description}` };
      }
    }
    return { allowed: false, reason: errors.length === 0 ? '' : `RBAC: ${aggregate(errors)}` };
  }

  /** RulesFor: every rule the user holds in the namespace, in the order RBAC visits them. */
  rulesFor(user: UserInfo, namespace: string): UserRules {
    const out: UserRules = { resourceRules: [], nonResourceRules: [], errors: [] };
    if (user.groups.includes(systemMasters)) {
      // The privileged-group authorizer's own rules come first, as the union resolver lists them.
      out.resourceRules.push({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
      out.nonResourceRules.push({ verbs: ['*'], nonResourceURLs: ['*'] });
    }
    const snapshot = this.index.current();
    for (const match of bindingsFor(snapshot, user, namespace)) {
      const rules = roleRules(snapshot, match.binding);
      if (typeof rules === 'string') {
        out.errors.push(rules);
        continue;
      }
      for (const rule of rules) {
        if (rule.nonResourceURLs?.length) out.nonResourceRules.push({ verbs: [...(rule.verbs ?? [])], nonResourceURLs: [...rule.nonResourceURLs] });
        else out.resourceRules.push(resourceRule(rule));
      }
    }
    return out;
  }
}

function resourceRule(rule: PolicyRule): PolicyRule {
  const out: PolicyRule = { verbs: [...(rule.verbs ?? [])] };
  if (rule.apiGroups?.length) out.apiGroups = [...rule.apiGroups];
  if (rule.resources?.length) out.resources = [...rule.resources];
  if (rule.resourceNames?.length) out.resourceNames = [...rule.resourceNames];
  return out;
}

/** The subject keys under which the index may hold bindings for this user. */
function userKeys(user: UserInfo): string[] {
  const keys = [`User:${user.username}`];
  for (const group of user.groups) keys.push(`Group:${group}`);
  const account = splitServiceAccountUsername(user.username);
  if (account) keys.push(`ServiceAccount:${account.namespace}/${account.name}`);
  return keys;
}

/**
 * The bindings that apply, ClusterRoleBindings first, then those of the namespace, each kind in
 * name order (the apiserver's listers have no order; one fixed order keeps the reasons stable).
 */
function bindingsFor(snapshot: RbacSnapshot, user: UserInfo, namespace: string): Match[] {
  const keys = userKeys(user);
  const matches = collect(snapshot.clusterRoleBindings, keys, user);
  if (namespace) {
    const byNamespace = snapshot.roleBindings.get(namespace);
    if (byNamespace) matches.push(...collect(byNamespace, keys, user));
  }
  return matches;
}

function collect(index: Map<string, IndexedBinding[]>, keys: string[], user: UserInfo): Match[] {
  const found: IndexedBinding[] = [];
  for (const key of keys) {
    const list = index.get(key);
    if (!list) continue;
    for (const b of list) if (!found.includes(b)) found.push(b);
  }
  if (found.length > 1) found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const matches: Match[] = [];
  for (const b of found) {
    // The first subject that names the user is the one the reason quotes.
    const subject = b.subjects.find((s) => subjectAppliesTo(user, s, b.namespace));
    if (!subject) continue;
    const bindingName = b.kind === 'RoleBinding' ? `${b.name}/${b.namespace}` : b.name;
    matches.push({ binding: b, description: `${b.kind} ${JSON.stringify(bindingName)} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(subject, b.namespace)}` });
  }
  return matches;
}

/** The rules of the binding's role, or the not-found message when the role does not exist. */
function roleRules(snapshot: RbacSnapshot, b: IndexedBinding): readonly PolicyRule[] | string {
  if (b.roleRef.kind === 'ClusterRole') {
    return snapshot.clusterRoles.get(b.roleRef.name) ?? `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(b.roleRef.name)} not found`;
  }
  if (b.roleRef.kind === 'Role' && b.namespace) {
    return snapshot.roles.get(`${b.namespace}/${b.roleRef.name}`) ?? `role.rbac.authorization.k8s.io ${JSON.stringify(b.roleRef.name)} not found`;
  }
  return `unsupported role reference kind: ${JSON.stringify(b.roleRef.kind)}`;
}

/** utilerrors.NewAggregate's text: one error alone, several in brackets. */
function aggregate(errors: string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}
