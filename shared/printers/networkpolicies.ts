/** `kubectl get networkpolicies`: NAME POD-SELECTOR AGE; an empty podSelector (all pods) prints `<none>`. */
import { formatLabelSelector } from '../labels.js';
import { age, ageColumn, column, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

export const networkPolicyPrinter: Printer = {
  columns: [nameColumn(), column('Pod-Selector', 'string', apiDocs['NetworkPolicySpec.podSelector']), ageColumn],
  cells(policy, now) {
    // podSelector is a struct, not a pointer, upstream: a missing one is the empty selector.
    return [policy.metadata.name ?? '', formatLabelSelector(policy.spec?.podSelector ?? {}), age(policy, now)];
  },
};
