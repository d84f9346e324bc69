/**
 * `kubectl get resourcequotas`: NAME REQUEST LIMIT AGE. Each hard limit prints as
 * `resource: used/hard`, sorted by resource name; `limits.*` resources go to LIMIT, all others
 * to REQUEST.
 */
import { age, ageColumn, column, nameColumn } from './columns.js';
import type { Printer } from './table.js';

export const resourceQuotaPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
    ageColumn,
  ],
  cells(quota, now) {
    const hard: Record<string, string> = quota.status?.hard ?? {};
    const used: Record<string, string> = quota.status?.used ?? {};
    const requests: string[] = [];
    const limits: string[] = [];
    for (const resource of Object.keys(hard).sort()) {
      // An unmeasured resource prints as Go's zero Quantity.
      const entry = `${resource}: ${used[resource] ?? '0'}/${hard[resource]}`;
      (resource.startsWith('limits.') ? limits : requests).push(entry);
    }
    return [quota.metadata.name ?? '', requests.join(', '), limits.join(', '), age(quota, now)];
  },
};
