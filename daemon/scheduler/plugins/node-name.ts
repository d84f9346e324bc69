/**
 * NodeName (kube-scheduler plugin): a pod that names a node fits only there. The scheduler only
 * takes pods without `spec.nodeName`, so this rejects nothing in practice; it is kept so that the
 * filter chain and its reasons stay those of kube-scheduler.
 */
import { unresolvable, type FilterPlugin } from '../framework.js';

export const errReasonNodeName = "node(s) didn't match the requested node name";

export const nodeName: FilterPlugin = {
  name: 'NodeName',
  preFilter(pod) {
    const wanted: string | undefined = pod.pod.spec?.nodeName;
    if (!wanted) return null;
    return { filter: (node) => (node.name === wanted ? undefined : unresolvable(errReasonNodeName)) };
  },
  // Node/Add: always worth a retry (no hint function upstream).
  isSchedulableAfter: (_pod, event) => event.type === 'NodeAdd',
};
