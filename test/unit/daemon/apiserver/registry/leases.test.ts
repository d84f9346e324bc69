import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { leaseStrategy } from '../../../../../daemon/apiserver/registry/leases.js';
import { create } from './run-strategy.js';

describe('Lease', () => {
  const cases = [
    { name: 'accepts a node heartbeat lease', given: { holderIdentity: 'node1', leaseDurationSeconds: 40 }, want: [] },
    { name: 'rejects a zero duration', given: { leaseDurationSeconds: 0 }, want: ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0'] },
  ];
  for (const { name, given, want } of cases) {
    it(name, () => assert.deepEqual(create(leaseStrategy, { metadata: { name: 'node1', namespace: 'kube-node-lease' }, spec: given }).errors, want));
  }
});
