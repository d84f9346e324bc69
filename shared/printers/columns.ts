/**
 * Building blocks every printer shares: the NAME and AGE columns, CONTAINERS/IMAGES, and small
 * readers for loosely typed objects.
 */
import type { KubeObject } from '../api/meta.js';
import { translateTimestampSince } from '../duration.js';
import { apiDocs } from './descriptions.js';
import type { TableColumnDefinition } from './table.js';

/** ObjectMeta's creationTimestamp doc, which every AGE column (and CREATED AT) carries. */
export const creationTimestampDescription: string = apiDocs['ObjectMeta.creationTimestamp'];

/** A column definition; `format` is empty and priority 0 unless given (Go's zero values). */
export function column(name: string, type: string, description: string, priority = 0, format = ''): TableColumnDefinition {
  return { name, type, format, description, priority };
}

/** The NAME column: type string, format `name`, so kubectl can build `kind/name` prefixes. */
export function nameColumn(priority = 0): TableColumnDefinition {
  return column('Name', 'string', apiDocs['ObjectMeta.name'], priority, 'name');
}

export const ageColumn: TableColumnDefinition = column('Age', 'string', creationTimestampDescription);

/** The wide CONTAINERS, IMAGES pair of workload printers. */
export const containerColumns: readonly TableColumnDefinition[] = [
  column('Containers', 'string', 'Names of each container in the template.', 1),
  column('Images', 'string', 'Images referenced by each container in the template.', 1),
];

/** AGE of an object: HumanDuration since creationTimestamp, `<unknown>` without one. */
export function age(obj: KubeObject, now: number): string {
  return translateTimestampSince(obj.metadata.creationTimestamp, now);
}

/** CONTAINERS and IMAGES cells: every container's name and image joined with `,`. */
export function containerCells(containers: readonly { name?: string; image?: string }[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

/** An int32 status or spec counter; Go prints a missing one as 0. */
export function count(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** An IntOrString as Go's String() prints it: `1` or `50%`. */
export function intOrString(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '0';
}

/** A value that kubectl prints as `<none>` when empty. */
export function orNone(value: string | undefined | null): string {
  return value ? value : '<none>';
}

/** True when the first condition of the given type has status True (printers.go hasJobCondition). */
export function hasTrueCondition(conditions: readonly { type?: string; status?: string }[] | undefined, type: string): boolean {
  return (conditions ?? []).find((c) => c.type === type)?.status === 'True';
}

/**
 * Load-balancer ingress points as a sorted set of IPs (or hostnames for entries without an IP),
 * for Service EXTERNAL-IP and Ingress ADDRESS. The server prints wide, so printers.go never cuts
 * the list to 13 characters here.
 */
export function loadBalancerAddresses(ingress: readonly { ip?: string; hostname?: string }[] | undefined): string[] {
  return [...new Set((ingress ?? []).map((i) => i.ip || i.hostname || '').filter((a) => a !== ''))].sort();
}
