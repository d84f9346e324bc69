import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { namespaceStrategy } from '../../../../../daemon/apiserver/registry/namespaces.js';
import { create, update } from './run-strategy.js';

describe('Namespace', () => {
  it('gets the name label, the kubernetes finalizer and phase Active', () => {
    const { obj, errors } = create(namespaceStrategy, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab' } }, false);
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.metadata.labels, { 'kubernetes.io/metadata.name': 'lab' });
    assert.deepEqual(obj.spec, { finalizers: ['kubernetes'] });
    assert.deepEqual(obj.status, { phase: 'Active' });
  });

  it('rejects a name that is not a DNS label', () => {
    assert.deepEqual(create(namespaceStrategy, { metadata: { name: 'Lab_1' } }, false).errors, [
      `metadata.name: Invalid value: "Lab_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });

  it('keeps finalizers, status and the name label on update', () => {
    const stored = create(namespaceStrategy, { metadata: { name: 'lab' } }, false).obj;
    const { obj } = update(namespaceStrategy, stored, (o) => {
      o.spec = {};
      o.status = { phase: 'Terminating' };
      o.metadata.labels = { team: 'a' };
    }, false);
    assert.deepEqual(obj.spec, { finalizers: ['kubernetes'] });
    assert.deepEqual(obj.status, { phase: 'Active' });
    assert.deepEqual(obj.metadata.labels, { team: 'a', 'kubernetes.io/metadata.name': 'lab' });
  });
});
