import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runtimeClassStrategy } from '../../../../../daemon/apiserver/registry/runtimeclasses.js';
import { create, update } from './run-strategy.js';

describe('RuntimeClass', () => {
  it('accepts a DNS-1123 label handler', () => {
    assert.deepEqual(create(runtimeClassStrategy, { metadata: { name: 'gvisor' }, handler: 'runsc' }, false).errors, []);
  });

  it('refuses a missing or malformed handler', () => {
    const message =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    assert.deepEqual(create(runtimeClassStrategy, { metadata: { name: 'x' } }, false).errors, [`handler: Invalid value: "": ${message}`]);
    assert.deepEqual(create(runtimeClassStrategy, { metadata: { name: 'x' }, handler: 'Run_SC' }, false).errors, [`handler: Invalid value: "Run_SC": ${message}`]);
  });

  it('never lets the handler change', () => {
    const stored = create(runtimeClassStrategy, { metadata: { name: 'gvisor' }, handler: 'runsc' }, false).obj;
    assert.deepEqual(update(runtimeClassStrategy, stored, (o) => (o.handler = 'kata'), false).errors, ['handler: Invalid value: "kata": field is immutable']);
  });
});
