import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resourceQuotaPrinter } from '../../../../shared/printers/resourcequotas.js';

const now = Date.parse('2024-01-01T12:00:00Z');

describe('resourceQuotaPrinter', () => {
  it('splits requests and limits, sorted, as used/hard', () => {
    const quota = {
      metadata: { name: 'compute', creationTimestamp: '2024-01-01T11:00:00Z' },
      status: {
        hard: { pods: '10', 'limits.memory': '2Gi', 'requests.cpu': '1', 'limits.cpu': '2' },
        used: { pods: '3', 'requests.cpu': '250m', 'limits.cpu': '500m' },
      },
    };
    assert.deepEqual(resourceQuotaPrinter.cells(quota, now), ['compute', 'pods: 3/10, requests.cpu: 250m/1', 'limits.cpu: 500m/2, limits.memory: 0/2Gi', '60m']);
  });
});
