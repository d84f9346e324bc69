import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endpointsPrinter, formatEndpoints } from '../../../../shared/printers/endpoints.js';

const now = Date.parse('2024-01-01T12:00:00Z');
const endpoints = (subsets?: unknown[]) => ({ metadata: { name: 'web', creationTimestamp: '2024-01-01T11:59:00Z' }, ...(subsets ? { subsets } : {}) });
const addresses = (...ips: string[]) => ips.map((ip) => ({ ip }));

describe('endpoints ENDPOINTS', () => {
  const cases: { name: string; given: unknown[] | undefined; want: string }[] = [
    { name: 'prints <none> without subsets', given: undefined, want: '<none>' },
    { name: 'prints ip:port pairs', given: [{ addresses: addresses('10.0.0.1', '10.0.0.2'), ports: [{ port: 80 }] }], want: '10.0.0.1:80,10.0.0.2:80' },
    {
      name: 'stops at three and counts the rest',
      given: [{ addresses: addresses('10.0.0.1', '10.0.0.2'), ports: [{ port: 80 }, { port: 443 }] }],
      want: '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...',
    },
    { name: 'lists bare IPs for a service without ports', given: [{ addresses: addresses('10.0.0.1') }], want: '10.0.0.1' },
    { name: 'brackets IPv6 addresses', given: [{ addresses: addresses('fd00::1'), ports: [{ port: 80 }] }], want: '[fd00::1]:80' },
    { name: 'prints an empty cell for subsets with only not-ready addresses', given: [{ notReadyAddresses: addresses('10.0.0.1'), ports: [{ port: 80 }] }], want: '' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(formatEndpoints(endpoints(c.given)), c.want));
  }

  it('prints NAME ENDPOINTS AGE', () => {
    assert.deepEqual(endpointsPrinter.cells(endpoints([{ addresses: addresses('10.0.0.1'), ports: [{ port: 80 }] }]), now), ['web', '10.0.0.1:80', '60s']);
  });
});
