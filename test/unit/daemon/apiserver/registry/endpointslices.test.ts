import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endpointSliceStrategy } from '../../../../../daemon/apiserver/registry/endpointslices.js';
import { create, update } from './run-strategy.js';

const slice = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-abcde' }, addressType: 'IPv4', endpoints: [{ addresses: ['10.244.1.5'] }], ports: [{ port: 80 }] };

describe('EndpointSlice', () => {
  it('defaults ports and starts at generation 1', () => {
    const { obj, errors } = create(endpointSliceStrategy, slice);
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.ports, [{ port: 80, name: '', protocol: 'TCP' }]);
    assert.equal(obj.metadata.generation, 1);
  });

  it('bumps the generation when endpoints change and keeps addressType immutable', () => {
    const stored = create(endpointSliceStrategy, slice).obj;
    assert.equal(update(endpointSliceStrategy, stored, (o) => o.endpoints.push({ addresses: ['10.244.2.7'] })).obj.metadata.generation, 2);
    assert.deepEqual(update(endpointSliceStrategy, stored, (o) => (o.addressType = 'FQDN')).errors, ['addressType: Invalid value: "FQDN": field is immutable']);
  });
});
