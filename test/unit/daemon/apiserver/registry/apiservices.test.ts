import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiServiceStrategy } from '../../../../../daemon/apiserver/registry/apiservices.js';
import { create } from './run-strategy.js';

const spec = { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100 };

describe('APIService', () => {
  it('accepts a local APIService named version.group and starts with an empty status', () => {
    const { obj, errors } = create(apiServiceStrategy, { metadata: { name: 'v1beta1.metrics.k8s.io' }, spec, status: { conditions: [] } }, false);
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.status, {});
  });

  it('defaults the service port to 443', () => {
    const { obj, errors } = create(apiServiceStrategy, { metadata: { name: 'v1beta1.metrics.k8s.io' }, spec: { ...spec, service: { namespace: 'kube-system', name: 'metrics-server' } } }, false);
    assert.deepEqual(errors, []);
    assert.equal(obj.spec.service.port, 443);
  });

  it('reports the name, group and priority rules with the aggregator messages', () => {
    const { errors } = create(apiServiceStrategy, { metadata: { name: 'v1.foo' }, spec: { group: 'bar', version: 'v1' } }, false);
    assert.deepEqual(errors, [
      'metadata.name: Invalid value: "v1.foo": must be `spec.version+"."+spec.group`: "v1.bar"',
      'spec.groupPriorityMinimum: Invalid value: 0: must be positive and less than 20000',
      'spec.versionPriority: Invalid value: 0: must be positive and less than 1000',
    ]);
    assert.deepEqual(create(apiServiceStrategy, { metadata: { name: 'v2.' }, spec: { ...spec, group: '', version: 'v2' } }, false).errors, [
      'spec.group: Required value: only v1 may have an empty group and it better be legacy kube',
    ]);
  });

  it('refuses TLS settings on a local APIService and a service without a name', () => {
    const local = create(apiServiceStrategy, { metadata: { name: 'v1beta1.metrics.k8s.io' }, spec: { ...spec, insecureSkipTLSVerify: true, caBundle: 'YWJj' } }, false);
    assert.deepEqual(local.errors, [
      'spec.caBundle: Invalid value: "3 bytes": local APIServices may not have a caBundle',
      'spec.insecureSkipTLSVerify: Invalid value: true: local APIServices may not have insecureSkipTLSVerify',
    ]);
    const remote = create(apiServiceStrategy, { metadata: { name: 'v1beta1.metrics.k8s.io' }, spec: { ...spec, service: { namespace: 'kube-system' } } }, false);
    assert.deepEqual(remote.errors, ['spec.service.name: Required value']);
  });
});
