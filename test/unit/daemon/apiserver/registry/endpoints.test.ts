import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endpointsStrategy } from '../../../../../daemon/apiserver/registry/endpoints.js';
import { create } from './run-strategy.js';

describe('Endpoints', () => {
  it('defaults port protocols to TCP', () => {
    const { obj, errors } = create(endpointsStrategy, { metadata: { name: 'web' }, subsets: [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }] }] });
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.subsets[0].ports, [{ port: 80, protocol: 'TCP' }]);
  });

  it('rejects an address that is not an IP', () => {
    assert.deepEqual(create(endpointsStrategy, { metadata: { name: 'web' }, subsets: [{ addresses: [{ ip: 'web-0' }], ports: [{ port: 80 }] }] }).errors, [
      'subsets[0].addresses[0].ip: Invalid value: "web-0": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
  });
});
