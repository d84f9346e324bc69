/**
 * `kubectl get apiservices`: NAME SERVICE AVAILABLE AGE, from kube-aggregator's own table
 * convertor (not printers.go): SERVICE is `Local` for an APIService the apiserver serves itself,
 * else `namespace/name`; AVAILABLE is the Available condition's status, with its reason in
 * parentheses when it is not True (`False (ServiceNotFound)`), and `Unknown` without one.
 */
import type { KubeObject } from '../api/meta.js';
import { age, ageColumn, column, nameColumn } from './columns.js';
import type { Printer } from './table.js';

/** The AVAILABLE cell. */
export function apiServiceAvailability(apiService: KubeObject): string {
  const conditions: { type?: string; status?: string; reason?: string }[] = apiService.status?.conditions ?? [];
  const available = conditions.find((c) => c.type === 'Available');
  if (!available) return 'Unknown';
  if (available.status === 'True' || !available.reason) return available.status ?? '';
  return `${available.status} (${available.reason})`;
}

export const apiServicePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Service', 'string', 'The reference to the service that hosts this API endpoint.'),
    column('Available', 'string', 'Whether this service is available.'),
    ageColumn,
  ],
  cells(apiService, now) {
    const service = apiService.spec?.service;
    return [apiService.metadata.name ?? '', service ? `${service.namespace ?? ''}/${service.name ?? ''}` : 'Local', apiServiceAvailability(apiService), age(apiService, now)];
  },
};
