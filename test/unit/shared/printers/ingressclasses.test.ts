import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ingressClassPrinter } from '../../../../shared/printers/ingressclasses.js';

const now = Date.parse('2024-01-01T12:00:00Z');

describe('ingressClassPrinter', () => {
  it('prints NAME CONTROLLER PARAMETERS AGE with <none> for no parameters', () => {
    assert.deepEqual(ingressClassPrinter.columns.map((c) => c.name), ['Name', 'Controller', 'Parameters', 'Age']);
    const ic = { metadata: { name: 'nginx', creationTimestamp: '2024-01-01T11:58:00Z' }, spec: { controller: 'k8s.io/ingress-nginx' } };
    assert.deepEqual(ingressClassPrinter.cells(ic, now), ['nginx', 'k8s.io/ingress-nginx', '<none>', '2m']);
  });

  it('prints the parameters as Kind.apiGroup/name', () => {
    const ic = {
      metadata: { name: 'lb', creationTimestamp: '2024-01-01T11:58:00Z' },
      spec: { controller: 'example.com/lb', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb', scope: 'Cluster' } },
    };
    assert.equal(ingressClassPrinter.cells(ic, now)[2], 'IngressParameters.k8s.example.com/external-lb');
    const core = { ...ic, spec: { controller: 'example.com/lb', parameters: { kind: 'ConfigMap', name: 'lb-config' } } };
    assert.equal(ingressClassPrinter.cells(core, now)[2], 'ConfigMap/lb-config');
  });
});
