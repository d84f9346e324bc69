/**
 * `kubectl get endpoints`: NAME ENDPOINTS AGE. ENDPOINTS lists `ip:port` for every ready address
 * and port, at most three, then ` + N more...`; `<none>` when there are no subsets at all.
 */
import type { KubeObject } from '../api/meta.js';
import { age, ageColumn, column, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

const shown = 3;

/** Go's net.JoinHostPort: IPv6 addresses go in brackets. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The ENDPOINTS cell (printers.go formatEndpoints with all ports). */
export function formatEndpoints(endpoints: KubeObject): string {
  const subsets: { addresses?: { ip: string }[]; ports?: { port: number }[] }[] = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let total = 0;
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    const ports = subset.ports ?? [];
    // A headless service may have no ports: then the bare IPs are listed.
    const entries = ports.length === 0 ? addresses.map((a) => a.ip) : ports.flatMap((p) => addresses.map((a) => joinHostPort(a.ip, p.port)));
    total += entries.length;
    list.push(...entries.slice(0, Math.max(0, shown - list.length)));
  }
  const text = list.join(',');
  return total > shown ? `${text} + ${total - shown} more...` : text;
}

export const endpointsPrinter: Printer = {
  columns: [nameColumn(), column('Endpoints', 'string', apiDocs['Endpoints.subsets']), ageColumn],
  cells(endpoints, now) {
    return [endpoints.metadata.name ?? '', formatEndpoints(endpoints), age(endpoints, now)];
  },
};
