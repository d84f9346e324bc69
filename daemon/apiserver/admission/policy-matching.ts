/**
 * Which requests an admission policy or webhook applies to (apiserver's admission/plugin/policy/
 * matching and webhook/predicates): resource rules by group, version, resource (with
 * subresource), operation and scope; resourceNames; excludeResourceRules; the namespace selector
 * (on the request's namespace, or on the namespace itself when the object is one; cluster-scoped
 * objects always match); the object selector (on the new or the old object's labels); and
 * matchPolicy Equivalent, which also matches the request through the other versions of the same
 * stored resource (events.k8s.io/v1 and v1 events, autoscaling/v1 and v2 HPAs).
 */
import type { KubeObject, LabelSelector } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import { selectorFromLabelSelector } from '../../../shared/labels.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

/** What an admission plugin knows about one request (admission.Attributes). */
export interface AdmissionAttributes {
  info: ResourceInfo;
  subresource: string;
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  name: string;
  namespace: string;
  object?: KubeObject;
  oldObject?: KubeObject;
}

interface Gvr {
  group: string;
  version: string;
  resource: string;
}

/** The versions of one stored resource that kubelab serves under other names. */
const equivalents: Record<string, Gvr[]> = {
  'events.k8s.io/v1/events': [{ group: '', version: 'v1', resource: 'events' }],
  '/v1/events': [{ group: 'events.k8s.io', version: 'v1', resource: 'events' }],
  'autoscaling/v1/horizontalpodautoscalers': [{ group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' }],
  'autoscaling/v2/horizontalpodautoscalers': [{ group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers' }],
};

const listHas = (list: string[] | undefined, value: string): boolean => Array.isArray(list) && (list.includes('*') || list.includes(value));

/** The resource part of a rule: `pods`, `pods/status`, `*`, `*\/status`, `pods/*`, `*\/*`. */
function resourceMatches(resources: string[] | undefined, resource: string, subresource: string): boolean {
  for (const r of resources ?? []) {
    if (r === '*/*') return true;
    const [res, sub] = r.split('/', 2);
    if (sub === undefined) {
      if (!subresource && (res === '*' || res === resource)) return true;
    } else if ((res === '*' || res === resource) && (sub === '*' || sub === subresource)) return true;
  }
  return false;
}

function scopeMatches(scope: string | undefined, namespaced: boolean): boolean {
  if (!scope || scope === '*') return true;
  return scope === 'Namespaced' ? namespaced : !namespaced;
}

/** One rule (RuleWithOperations, possibly with resourceNames) against the request through `gvr`. */
export function ruleMatches(rule: Json, attrs: AdmissionAttributes, gvr: Gvr): boolean {
  if (!listHas(rule.operations, attrs.operation)) return false;
  if (!listHas(rule.apiGroups, gvr.group) || !listHas(rule.apiVersions, gvr.version)) return false;
  if (!resourceMatches(rule.resources, gvr.resource, attrs.subresource)) return false;
  if (!scopeMatches(rule.scope, attrs.info.namespaced)) return false;
  const names: string[] | undefined = rule.resourceNames;
  return !names?.length || names.includes(attrs.name);
}

/** The rules match the request exactly, or (matchPolicy Equivalent) through an equivalent version. */
export function rulesMatch(rules: Json[] | undefined, attrs: AdmissionAttributes, matchPolicy: string | undefined): boolean {
  if (!rules?.length) return false;
  const { group, version, resource } = attrs.info;
  const own: Gvr = { group, version, resource };
  if (rules.some((r) => ruleMatches(r, attrs, own))) return true;
  if (matchPolicy === 'Exact') return false;
  const others = equivalents[`${group}/${version}/${resource}`] ?? [];
  return others.some((gvr) => rules.some((r) => ruleMatches(r, attrs, gvr)));
}

const isEmptySelector = (s: LabelSelector | undefined): boolean => !s || (!s.matchExpressions?.length && !Object.keys(s.matchLabels ?? {}).length);

function selects(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  return selectorFromLabelSelector(selector).matches(labels ?? {});
}

/**
 * The namespace selector: skipped for cluster-scoped objects other than namespaces; `namespace`
 * looks the request's namespace up (the store read only happens for a non-empty selector).
 */
export function namespaceMatches(selector: LabelSelector | undefined, attrs: AdmissionAttributes, namespace: () => KubeObject | undefined): boolean {
  if (isEmptySelector(selector)) return true;
  const isNamespace = attrs.info.group === '' && attrs.info.resource === 'namespaces';
  // A Namespace's create or update is judged on its new labels; its deletes and subresource
  // writes on the stored ones (the namespace lister), as the webhook namespace matcher does.
  if (isNamespace) return selects(selector!, (attrs.subresource ? attrs.oldObject : (attrs.object ?? attrs.oldObject))?.metadata.labels);
  if (!attrs.info.namespaced || !attrs.namespace) return true;
  return selects(selector!, namespace()?.metadata.labels);
}

/** The object selector: the new object's labels or the old one's. */
export function objectMatches(selector: LabelSelector | undefined, attrs: AdmissionAttributes): boolean {
  if (isEmptySelector(selector)) return true;
  return [attrs.object, attrs.oldObject].some((o) => o !== undefined && selects(selector!, o.metadata.labels));
}

/** MatchResources of a policy or binding: rules, exclusions and both selectors. */
export function matchResourcesMatch(match: Json | undefined, attrs: AdmissionAttributes, namespace: () => KubeObject | undefined, requireRules: boolean): boolean {
  if (!match) return true;
  if ((requireRules || match.resourceRules?.length) && !rulesMatch(match.resourceRules, attrs, match.matchPolicy)) return false;
  if (match.excludeResourceRules?.length && rulesMatch(match.excludeResourceRules, attrs, match.matchPolicy)) return false;
  return namespaceMatches(match.namespaceSelector, attrs, namespace) && objectMatches(match.objectSelector, attrs);
}
