/**
 * Node selection terms as component-helpers `scheduling/corev1/nodeaffinity` evaluates them: a
 * pod's `nodeSelector` (every label must match) AND its required node affinity (terms ORed, the
 * expressions and fields of a term ANDed; an empty or invalid term matches nothing), and the
 * weights of the preferred terms a node matches. Used by NodeAffinity and PodTopologySpread.
 */
import type { KubeObject } from '../../../shared/api/meta.js';

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface PreferredSchedulingTerm {
  weight: number;
  preference: NodeSelectorTerm;
}

type Labels = Readonly<Record<string, string>>;

/** labels.Requirement.Matches for the node selector operators; a malformed one never matches. */
function requirementMatches(r: NodeSelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return values.length > 0 && has && values.includes(labels[r.key]!);
    case 'NotIn':
      return values.length > 0 && (!has || !values.includes(labels[r.key]!));
    case 'Exists':
      return values.length === 0 && has;
    case 'DoesNotExist':
      return values.length === 0 && !has;
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1 || !has || !/^-?\d+$/.test(values[0]!) || !/^-?\d+$/.test(labels[r.key]!)) return false;
      const [label, bound] = [BigInt(labels[r.key]!), BigInt(values[0]!)];
      return r.operator === 'Gt' ? label > bound : label < bound;
    }
    default:
      return false;
  }
}

/** matchFields: only `metadata.name`, with In or NotIn of exactly one value. */
function fieldMatches(r: NodeSelectorRequirement, nodeName: string): boolean {
  const values = r.values ?? [];
  if (r.key !== 'metadata.name' || values.length !== 1) return false;
  if (r.operator === 'In') return nodeName === values[0];
  if (r.operator === 'NotIn') return nodeName !== values[0];
  return false;
}

export function termMatches(term: NodeSelectorTerm, node: Readonly<KubeObject>): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels: Labels = node.metadata.labels ?? {};
  return expressions.every((r) => requirementMatches(r, labels)) && fields.every((r) => fieldMatches(r, node.metadata.name ?? ''));
}

/** GetRequiredNodeAffinity: the pod's nodeSelector and required node affinity, as one predicate. */
export class RequiredNodeAffinity {
  private readonly nodeSelector: [string, string][];
  private readonly terms: NodeSelectorTerm[] | undefined;

  constructor(pod: Readonly<KubeObject>) {
    this.nodeSelector = Object.entries((pod.spec?.nodeSelector ?? {}) as Record<string, string>);
    this.terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  }

  /** True when the pod constrains nodes at all (NodeAffinity's PreFilter skips otherwise). */
  get isSet(): boolean {
    return this.nodeSelector.length > 0 || this.terms !== undefined;
  }

  get nodeSelectorTerms(): readonly NodeSelectorTerm[] | undefined {
    return this.terms;
  }

  matches(node: Readonly<KubeObject>): boolean {
    const labels: Labels = node.metadata.labels ?? {};
    for (const [key, value] of this.nodeSelector) if (labels[key] !== value) return false;
    return this.terms === undefined || this.terms.some((term) => termMatches(term, node));
  }
}

/** PreferredSchedulingTerms.Score: the sum of the weights of the terms the node matches. */
export function preferredScore(terms: readonly PreferredSchedulingTerm[], node: Readonly<KubeObject>): number {
  let score = 0;
  for (const term of terms) if (term.weight !== 0 && termMatches(term.preference ?? {}, node)) score += term.weight;
  return score;
}
