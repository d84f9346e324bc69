/**
 * `kubectl describe role|clusterrole|rolebinding|clusterrolebinding` (describe.go RoleDescriber,
 * ClusterRoleDescriber, RoleBindingDescriber, ClusterRoleBindingDescriber, and kubectl's
 * util/rbac). A role's rules are broken down to one verb, resource and name each, simple
 * resource rules are merged back per group/resource/name, and the result is sorted by the rule's
 * Go String() form (so by verbs first) before the PolicyRule table prints them, lists as Go `%v`
 * prints them (`[get list watch]`). Bindings print their roleRef and a Kind/Name/Namespace table.
 */
import type { KubeObject } from '../api/meta.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { tabbedString } from './writer.js';

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** rbac.BreakdownRule: one verb, one resource (or URL) and at most one name per rule. */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  const verbs = rule.verbs ?? [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of verbs) {
        if (rule.resourceNames?.length) {
          for (const name of rule.resourceNames) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
        } else {
          out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

/** The group/resource/name of a rule that only has verbs besides them, or undefined. */
function simpleKey(rule: PolicyRule): string | undefined {
  if ((rule.resourceNames?.length ?? 0) > 1 || (rule.nonResourceURLs?.length ?? 0) > 0) return undefined;
  if (rule.apiGroups?.length !== 1 || rule.resources?.length !== 1) return undefined;
  return JSON.stringify([rule.apiGroups[0], rule.resources[0], rule.resourceNames?.[0] ?? null]);
}

/** rbac.CompactRules: simple rules for the same group/resource/name share one verb list. */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const key = simpleKey(rule);
    if (key === undefined) {
      compacted.push(rule);
      continue;
    }
    const existing = simple.get(key);
    if (!existing) simple.set(key, structuredClone(rule));
    else for (const verb of rule.verbs ?? []) if (!existing.verbs!.includes(verb)) existing.verbs!.push(verb);
  }
  return [...compacted, ...simple.values()];
}

/** Go's `%v` of a []string. */
function goList(values: readonly string[] | undefined): string {
  return `[${(values ?? []).join(' ')}]`;
}

/** The generated PolicyRule.String(), which SortableRuleSlice compares. */
export function policyRuleString(rule: PolicyRule): string {
  return `&PolicyRule{Verbs:${goList(rule.verbs)},APIGroups:${goList(rule.apiGroups)},Resources:${goList(rule.resources)},ResourceNames:${goList(rule.resourceNames)},NonResourceURLs:${goList(rule.nonResourceURLs)},}`;
}

/** describe.CombineResourceGroup: `deployments.apps/scale`, `pods`, `*.*`. */
export function combineResourceGroup(resources: readonly string[] | undefined, groups: readonly string[] | undefined): string {
  if (!resources?.length) return '';
  const slash = resources[0].indexOf('/');
  const base = slash < 0 ? resources[0] : resources[0].slice(0, slash);
  let combined = groups?.length && groups[0] !== '' ? `${base}.${groups[0]}` : base;
  if (slash >= 0) combined += resources[0].slice(slash);
  return combined;
}

/** The rules as the PolicyRule table lists them. */
export function describedRules(rules: readonly PolicyRule[] | undefined): PolicyRule[] {
  const compacted = compactRules((rules ?? []).flatMap(breakdownRule));
  const keyed = compacted.map((rule) => ({ rule, key: policyRuleString(rule) }));
  // Array.prototype.sort is stable, as sort.Stable is.
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.rule);
}

/** Role and ClusterRole: name, labels, annotations and the PolicyRule table. */
export function describeRole(role: KubeObject): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${role.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', role.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', role.metadata.annotations);
    w.write(0, 'PolicyRule:\n');
    w.write(1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
    w.write(1, '---------\t-----------------\t--------------\t-----\n');
    for (const r of describedRules(role.rules)) {
      w.write(1, `${combineResourceGroup(r.resources, r.apiGroups)}\t${goList(r.nonResourceURLs)}\t${goList(r.resourceNames)}\t${goList(r.verbs)}\n`);
    }
  });
}

/** RoleBinding and ClusterRoleBinding: the role it grants and to whom. */
export function describeRoleBinding(binding: KubeObject): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${binding.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', binding.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', binding.metadata.annotations);
    w.write(0, 'Role:\n');
    w.write(1, `Kind:\t${binding.roleRef?.kind ?? ''}\n`);
    w.write(1, `Name:\t${binding.roleRef?.name ?? ''}\n`);
    w.write(0, 'Subjects:\n');
    w.write(1, 'Kind\tName\tNamespace\n');
    w.write(1, '----\t----\t---------\n');
    for (const s of binding.subjects ?? []) w.write(1, `${s.kind ?? ''}\t${s.name ?? ''}\t${s.namespace ?? ''}\n`);
  });
}
