import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endpointSlicePrinter } from '../../../../shared/printers/endpointslices.js';

const now = Date.parse('2024-01-01T12:00:00Z');
const slice = (ports: unknown[], endpoints: unknown[]) => ({ metadata: { name: 'web-abc12', creationTimestamp: '2024-01-01T11:59:00Z' }, addressType: 'IPv4', ports, endpoints });

describe('endpointSlicePrinter', () => {
  it('declares NAME ADDRESSTYPE PORTS ENDPOINTS AGE', () => {
    assert.deepEqual(endpointSlicePrinter.columns.map((c) => c.name), ['Name', 'AddressType', 'Ports', 'Endpoints', 'Age']);
  });

  const cases: { name: string; given: ReturnType<typeof slice>; want: unknown[] }[] = [
    { name: 'prints <unset> for an empty slice', given: slice([], []), want: ['web-abc12', 'IPv4', '<unset>', '<unset>', '60s'] },
    {
      name: 'prints ports and addresses, three at most',
      given: slice([{ port: 80 }], [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }, { addresses: ['10.0.0.3'] }, { addresses: ['10.0.0.4'] }]),
      want: ['web-abc12', 'IPv4', '80', '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...', '60s'],
    },
    { name: 'prints a port name without a number, or * for all ports', given: slice([{ name: 'http' }, {}], []), want: ['web-abc12', 'IPv4', 'http,*', '<unset>', '60s'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(endpointSlicePrinter.cells(c.given, now), c.want));
  }
});
