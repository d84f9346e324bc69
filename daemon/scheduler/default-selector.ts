/**
 * helper.DefaultSelector (kube-scheduler): the selector PodTopologySpread's system-default
 * constraints spread by, when a pod has no constraints of its own. It is the AND of the selectors
 * of the Services that select the pod and of its controlling ReplicationController, ReplicaSet or
 * StatefulSet — so replicas of one ReplicaSet spread across nodes.
 */
import { objectKey } from '../../shared/api/keys.js';
import type { KubeObject, LabelSelector, Labels } from '../../shared/api/meta.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { selectorFromLabelSelector, type Selector } from '../../shared/labels.js';

/** labels.Selector reduced to what spreading needs. */
export interface SpreadSelector {
  matches(labels: Labels | undefined): boolean;
  /** selector.Empty(): it has no requirements (it would select everything; spreading ignores it). */
  readonly isEmpty: boolean;
  /** Equal for selectors that select the same pods (the canonical string form). */
  readonly key: string;
}

/** A label set ANDed with parsed selectors (labels.Set.AsSelector().Add(requirements…)). */
export function combineSelectors(set: Readonly<Labels>, selectors: readonly Selector[]): SpreadSelector {
  const pairs = Object.entries(set);
  const parts = selectors.filter((s) => !s.isEmpty());
  const nothing = selectors.some((s) => s.requirements.length === 0 && !s.isEmpty());
  const key = nothing ? '<nothing>' : [...pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`), ...parts.map(String)].join(',');
  return {
    isEmpty: pairs.length === 0 && parts.length === 0 && !nothing,
    key,
    matches: (labels) => pairs.every(([k, v]) => labels?.[k] === v) && parts.every((s) => s.matches(labels)),
  };
}

/** A LabelSelector as spreading reads it (metav1.LabelSelectorAsSelector; nil selects nothing). */
export function spreadSelectorOf(selector: LabelSelector | null | undefined, extra: Readonly<Labels> = {}): SpreadSelector {
  try {
    return combineSelectors(extra, [selectorFromLabelSelector(selector, 'nothing')]);
  } catch {
    // Validation rejects bad selectors on write; an unreadable one selects nothing.
    return { isEmpty: false, key: '<nothing>', matches: () => false };
  }
}

export interface DefaultSelectorSources {
  services: SharedInformer;
  replicationControllers: SharedInformer;
  replicaSets: SharedInformer;
  statefulSets: SharedInformer;
}

const namespaceIndex = 'namespace';

export class DefaultSelectors {
  constructor(private readonly sources: DefaultSelectorSources) {
    sources.services.addIndexer(namespaceIndex, (svc) => [svc.metadata.namespace ?? '']);
  }

  selectorFor(pod: Readonly<KubeObject>): SpreadSelector {
    const namespace = pod.metadata.namespace ?? '';
    const labels: Labels = pod.metadata.labels ?? {};
    let set: Labels = {};
    for (const service of this.sources.services.byIndex(namespaceIndex, namespace)) {
      const selector: Labels | undefined = service.spec?.selector;
      if (!selector) continue;
      // A Service selector with no keys selects every pod (labels.Set{}.AsSelectorPreValidated).
      if (Object.entries(selector).every(([k, v]) => labels[k] === v)) set = { ...set, ...selector };
    }
    const owner = pod.metadata.ownerReferences?.find((ref) => ref.controller);
    if (!owner) return combineSelectors(set, []);
    const key = objectKey(namespace, owner.name);
    const group = owner.apiVersion.includes('/') ? owner.apiVersion.split('/')[0] : '';
    if (owner.kind === 'ReplicationController' && group === '') {
      const rc = this.sources.replicationControllers.get(key);
      if (rc) set = { ...set, ...(rc.spec?.selector ?? {}) };
    } else if ((owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet') && group === 'apps') {
      const informer = owner.kind === 'ReplicaSet' ? this.sources.replicaSets : this.sources.statefulSets;
      const controller = informer.get(key);
      if (controller) return spreadSelectorOf(controller.spec?.selector, set);
    }
    return combineSelectors(set, []);
  }
}
