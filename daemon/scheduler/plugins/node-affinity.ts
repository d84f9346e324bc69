/**
 * NodeAffinity (kube-scheduler plugin, score weight 2). Filter: `nodeSelector` and required node
 * affinity must match the node's labels (and `metadata.name` fields). PreFilter narrows the
 * candidates to the node names a DaemonSet-style `matchFields` term lists, so other nodes count
 * as `node(s) didn't satisfy plugin(s) [NodeAffinity]`. Score: the weights of matching preferred terms.
 */
import { defaultNormalizeScore, unresolvable, type FilterPlugin, type ScorePlugin } from '../framework.js';
import type { PodInfo } from '../pod-info.js';
import { preferredScore, RequiredNodeAffinity, type NodeSelectorTerm, type PreferredSchedulingTerm } from './node-selector.js';

export const errReasonPod = "node(s) didn't match Pod's node affinity/selector";
export const errReasonConflict = 'pod affinity terms conflict';

const required = new WeakMap<PodInfo, RequiredNodeAffinity>();

/** The pod's required node affinity, parsed once per pod object. */
export function requiredNodeAffinityOf(pod: PodInfo): RequiredNodeAffinity {
  let affinity = required.get(pod);
  if (!affinity) required.set(pod, (affinity = new RequiredNodeAffinity(pod.pod)));
  return affinity;
}

/** The node names every term pins with `metadata.name In`, or undefined when some term does not pin. */
function pinnedNodeNames(terms: readonly NodeSelectorTerm[]): Set<string> | undefined {
  let union: Set<string> | undefined;
  for (const term of terms) {
    let names: Set<string> | undefined;
    for (const field of term.matchFields ?? []) {
      if (field.key !== 'metadata.name' || field.operator !== 'In') continue;
      const values = new Set(field.values ?? []);
      names = names ? new Set([...names].filter((n) => values.has(n))) : values;
    }
    if (!names) return undefined; // this term allows any node name, and terms are ORed
    union = new Set([...(union ?? []), ...names]);
  }
  return union;
}

export const nodeAffinity: FilterPlugin & ScorePlugin = {
  name: 'NodeAffinity',
  weight: 2,
  preFilter(pod) {
    const affinity = requiredNodeAffinityOf(pod);
    if (!affinity.isSet) return null;
    const terms = affinity.nodeSelectorTerms;
    const nodeNames = terms && terms.length > 0 ? pinnedNodeNames(terms) : undefined;
    if (nodeNames && nodeNames.size === 0) return unresolvable(errReasonConflict);
    return { nodeNames, filter: (node) => (node.node && affinity.matches(node.node) ? undefined : unresolvable(errReasonPod)) };
  },
  preScore(pod) {
    const terms: PreferredSchedulingTerm[] = pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    if (terms.length === 0) return null;
    return { score: (node) => (node.node ? preferredScore(terms, node.node) : 0), normalize: (scores) => defaultNormalizeScore(scores, false) };
  },
  // Node/Add and Node/UpdateNodeLabel: queue when the node now matches (and did not before).
  isSchedulableAfter(pod, event) {
    const affinity = requiredNodeAffinityOf(pod);
    if (event.type === 'NodeAdd') return affinity.matches(event.node);
    if (event.type === 'NodeUpdate' && event.changes.has('Label')) return affinity.matches(event.node) && !affinity.matches(event.oldNode);
    return false;
  },
};
