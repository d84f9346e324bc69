import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ingressClassStrategy } from '../../../../../daemon/apiserver/registry/ingressclasses.js';
import { create, update } from './run-strategy.js';

describe('IngressClass', () => {
  it('accepts a domain-prefixed controller and defaults the parameters scope to Cluster', () => {
    const { obj, errors } = create(
      ingressClassStrategy,
      { metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' } } },
      false,
    );
    assert.deepEqual(errors, []);
    assert.equal(obj.spec.parameters.scope, 'Cluster');
  });

  it('requires a controller that is a domain-prefixed path', () => {
    assert.deepEqual(create(ingressClassStrategy, { metadata: { name: 'x' }, spec: {} }, false).errors, ['spec.controller: Required value']);
    assert.deepEqual(create(ingressClassStrategy, { metadata: { name: 'x' }, spec: { controller: 'nginx' } }, false).errors, [
      'spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
    ]);
  });

  it('needs a namespace for a Namespace-scoped parameters reference', () => {
    const { errors } = create(ingressClassStrategy, { metadata: { name: 'x' }, spec: { controller: 'example.com/lb', parameters: { kind: 'Params', name: 'p', scope: 'Namespace' } } }, false);
    assert.deepEqual(errors, ["spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'"]);
  });

  it('never lets the controller change', () => {
    const stored = create(ingressClassStrategy, { metadata: { name: 'x' }, spec: { controller: 'example.com/lb' } }, false).obj;
    assert.deepEqual(update(ingressClassStrategy, stored, (o) => (o.spec.controller = 'example.com/other'), false).errors, [
      'spec.controller: Invalid value: "example.com/other": field is immutable',
    ]);
  });
});
