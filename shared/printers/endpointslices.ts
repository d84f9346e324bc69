/**
 * `kubectl get endpointslices`: NAME ADDRESSTYPE PORTS ENDPOINTS AGE. PORTS and ENDPOINTS show at
 * most three entries then ` + N more...`, and `<unset>` when empty; a port without a number
 * prints its name, or `*` for "all ports".
 */
import { age, ageColumn, column, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

const shown = 3;

function listWithMore(items: string[]): string {
  const text = items.slice(0, shown).join(',');
  if (items.length > shown) return `${text} + ${items.length - shown} more...`;
  return text === '' ? '<unset>' : text;
}

export const endpointSlicePrinter: Printer = {
  columns: [
    nameColumn(),
    column('AddressType', 'string', apiDocs['EndpointSlice.addressType']),
    column('Ports', 'string', apiDocs['EndpointSlice.ports']),
    column('Endpoints', 'string', apiDocs['EndpointSlice.endpoints']),
    ageColumn,
  ],
  cells(slice, now) {
    const ports: { port?: number; name?: string }[] = slice.ports ?? [];
    const endpoints: { addresses?: string[] }[] = slice.endpoints ?? [];
    return [
      slice.metadata.name ?? '',
      slice.addressType ?? '',
      listWithMore(ports.map((p) => (typeof p.port === 'number' ? String(p.port) : (p.name ?? '*')))),
      listWithMore(endpoints.flatMap((e) => e.addresses ?? [])),
      age(slice, now),
    ];
  },
};
