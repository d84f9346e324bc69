import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiServicePrinter } from '../../../../shared/printers/apiservices.js';

const now = Date.parse('2024-01-01T12:00:00Z');
const created = '2024-01-01T11:00:00Z';

describe('apiServicePrinter', () => {
  it('prints NAME SERVICE AVAILABLE AGE', () => {
    assert.deepEqual(
      apiServicePrinter.columns.map((c) => c.name),
      ['Name', 'Service', 'Available', 'Age'],
    );
  });

  it('shows Local and True for an APIService the apiserver serves itself', () => {
    const local = { metadata: { name: 'v1.apps', creationTimestamp: created }, spec: { group: 'apps', version: 'v1' }, status: { conditions: [{ type: 'Available', status: 'True', reason: 'Local' }] } };
    assert.deepEqual(apiServicePrinter.cells(local, now), ['v1.apps', 'Local', 'True', '60m']);
  });

  it('shows the service and the reason of a not available APIService, Unknown without a condition', () => {
    const remote = {
      metadata: { name: 'v1beta1.metrics.k8s.io', creationTimestamp: created },
      spec: { service: { namespace: 'kube-system', name: 'metrics-server' } },
      status: { conditions: [{ type: 'Available', status: 'False', reason: 'ServiceNotFound' }] },
    };
    assert.deepEqual(apiServicePrinter.cells(remote, now), ['v1beta1.metrics.k8s.io', 'kube-system/metrics-server', 'False (ServiceNotFound)', '60m']);
    assert.equal(apiServicePrinter.cells({ metadata: { name: 'v1.x' }, spec: {} }, now)[2], 'Unknown');
  });
});
