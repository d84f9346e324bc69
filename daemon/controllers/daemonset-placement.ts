/**
 * Where a DaemonSet's pods belong (k/k `daemon_controller.go` NodeShouldRunDaemonPod and
 * predicates, `daemon/util/daemonset_util.go`): a node is eligible when the template's nodeName,
 * nodeSelector and required node affinity match it and every NoSchedule/NoExecute taint is
 * tolerated, counting the tolerations every daemon pod gets. Each pod is pinned to its node by a
 * required node affinity on `metadata.name`, which the default scheduler then honours. Pure.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { revisionHashLabel } from './history.js';

type Node = Readonly<KubeObject>;

/** extensions.DaemonSetTemplateGenerationKey, the pre-revision way of telling pods apart. */
export const templateGenerationLabel = 'pod-template-generation';
/** apps.DeprecatedTemplateGeneration: the template generation the API server keeps. */
export const templateGenerationAnnotation = 'deprecated.daemonset.template.generation';

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/**
 * AddOrUpdateDaemonPodTolerations: daemon pods survive a node going not-ready or unreachable (no
 * tolerationSeconds, so never evicted) and run on nodes under pressure or cordoned; with
 * hostNetwork they also ignore a missing pod network.
 */
export function withDaemonTolerations(spec: Readonly<Record<string, any>>): Toleration[] {
  const tolerations: Toleration[] = structuredClone(spec.tolerations ?? []);
  const add = (key: string, effect: string): void => {
    const wanted: Toleration = { key: `node.kubernetes.io/${key}`, operator: 'Exists', effect };
    // AddOrUpdateTolerationInPodSpec: a toleration with the same key, operator, value and effect is replaced.
    const same = tolerations.findIndex((t) => t.key === wanted.key && (t.operator ?? 'Equal') === 'Exists' && (t.value ?? '') === '' && t.effect === effect);
    if (same < 0) tolerations.push(wanted);
    else tolerations[same] = wanted;
  };
  add('not-ready', 'NoExecute');
  add('unreachable', 'NoExecute');
  add('disk-pressure', 'NoSchedule');
  add('memory-pressure', 'NoSchedule');
  add('pid-pressure', 'NoSchedule');
  add('unschedulable', 'NoSchedule');
  if (spec.hostNetwork) add('network-unavailable', 'NoSchedule');
  return tolerations;
}

/** ToleratesTaint (core/v1 toleration.go). */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  const operator = toleration.operator || 'Equal';
  if (operator === 'Exists') return true;
  return operator === 'Equal' && (toleration.value ?? '') === (taint.value ?? '');
}

/** FindMatchingUntoleratedTaint over the taints that pass the filter. */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], filter: (t: Taint) => boolean): Taint | undefined {
  return taints.find((taint) => filter(taint) && !tolerations.some((t) => toleratesTaint(t, taint)));
}

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): nodeSelector and required terms. */
export function matchesRequiredNodeAffinity(spec: Readonly<Record<string, any>>, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [key, value] of Object.entries((spec.nodeSelector ?? {}) as Record<string, string>)) if (labels[key] !== value) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  // The terms are ORed; an empty list of terms matches no node.
  return ((required.nodeSelectorTerms ?? []) as NodeSelectorTerm[]).some((term) => termMatches(term, node));
}

/** A term ANDs its requirements; a term with none matches nothing. */
function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length + fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  if (!expressions.every((r) => requirementMatches(r, labels[r.key]))) return false;
  // metadata.name is the only field a node selector may name.
  return fields.every((r) => r.key === 'metadata.name' && requirementMatches(r, node.metadata.name));
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0]!)) return false;
      return r.operator === 'Gt' ? Number(value) > Number(values[0]) : Number(value) < Number(values[0]);
    }
    default:
      return false;
  }
}

export interface Placement {
  /** A daemon pod should be created here if there is none. */
  shouldRun: boolean;
  /** A daemon pod already here may stay (it tolerates the NoExecute taints). */
  shouldContinueRunning: boolean;
}

/** NodeShouldRunDaemonPod: the template, with the daemon tolerations, against one node. */
export function nodeShouldRunDaemonPod(node: Node, ds: Readonly<KubeObject>): Placement {
  const spec = ds.spec?.template?.spec ?? {};
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return { shouldRun: false, shouldContinueRunning: false };
  if (!matchesRequiredNodeAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints: Taint[] = node.spec?.taints ?? [];
  const tolerations = withDaemonTolerations(spec);
  if (!findUntoleratedTaint(taints, tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')) return { shouldRun: true, shouldContinueRunning: true };
  return { shouldRun: false, shouldContinueRunning: !findUntoleratedTaint(taints, tolerations, (t) => t.effect === 'NoExecute') };
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes the single term
 * `metadata.name In [node]`; the template's preferred terms and other affinities stay.
 */
export function pinToNode(affinity: Readonly<Record<string, any>> | undefined, nodeName: string): Record<string, any> {
  const terms = [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }];
  const result = structuredClone(affinity ?? {}) as Record<string, any>;
  result.nodeAffinity ??= {};
  result.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { ...result.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution, nodeSelectorTerms: terms };
  return result;
}

/** GetTargetNodeName: spec.nodeName once bound, else the node the affinity pins it to. */
export function targetNodeName(pod: Readonly<KubeObject>): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms: NodeSelectorTerm[] = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const r of term.matchFields ?? []) {
      if (r.key === 'metadata.name' && r.operator === 'In') return r.values?.length === 1 ? r.values[0] : undefined;
    }
  }
  return undefined;
}

/** GetTemplateGeneration: the annotation's number, or undefined when absent or unparsable. */
export function templateGeneration(ds: Readonly<KubeObject>): string | undefined {
  const value = ds.metadata.annotations?.[templateGenerationAnnotation];
  return value !== undefined && /^-?\d+$/.test(value) ? String(Number(value)) : undefined;
}

/** CreatePodTemplate: the template with the daemon tolerations and the revision labels. */
export function daemonPodTemplate(ds: Readonly<KubeObject>, hash: string): Record<string, any> {
  const template = structuredClone(ds.spec?.template ?? {}) as Record<string, any>;
  template.spec ??= {};
  template.spec.tolerations = withDaemonTolerations(template.spec);
  template.metadata ??= {};
  template.metadata.labels ??= {};
  const generation = templateGeneration(ds);
  if (generation !== undefined) template.metadata.labels[templateGenerationLabel] = generation;
  if (hash) template.metadata.labels[revisionHashLabel] = hash;
  return template;
}

/** IsPodUpdated: the pod carries the current revision hash or template generation. */
export function isPodUpdated(pod: Readonly<KubeObject>, hash: string, generation: string | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  return (generation !== undefined && labels[templateGenerationLabel] === generation) || (hash !== '' && labels[revisionHashLabel] === hash);
}
