import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeStrategy } from '../../../../../daemon/apiserver/registry/nodes.js';
import { create, update } from './run-strategy.js';

describe('Node', () => {
  it('keeps the status given on create and defaults allocatable to capacity', () => {
    const { obj, errors } = create(nodeStrategy, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node1' }, status: { capacity: { cpu: '2', memory: '4096Mi' } } }, false);
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.status, { capacity: { cpu: '2', memory: '4Gi' }, allocatable: { cpu: '2', memory: '4Gi' } });
  });

  it('validates taints under metadata.taints, as core validation does', () => {
    const { errors } = create(nodeStrategy, { metadata: { name: 'node1' }, spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoRun' }] } }, false);
    assert.deepEqual(errors, ['metadata.taints[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"']);
  });

  it('refuses a podCIDR change and keeps the stored status', () => {
    const stored = create(nodeStrategy, { metadata: { name: 'node1' }, spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] }, status: { phase: 'Running' } }, false).obj;
    const { obj, errors } = update(nodeStrategy, stored, (o) => {
      o.spec.podCIDRs = ['10.244.2.0/24'];
      o.status = {};
    }, false);
    assert.deepEqual(errors, ['spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid']);
    assert.deepEqual(obj.status, { phase: 'Running' });
  });
});
