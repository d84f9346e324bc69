import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { formatHpaMetrics, horizontalPodAutoscalerPrinter } from '../../../../shared/printers/horizontalpodautoscalers.js';

const now = Date.parse('2024-01-01T12:00:00Z');
const cpu = (target: object) => ({ type: 'Resource', resource: { name: 'cpu', target } });

function hpa(metrics: unknown[], currentMetrics: unknown[] = []): KubeObject {
  return {
    metadata: { name: 'web', creationTimestamp: '2024-01-01T11:50:00Z' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 10, metrics },
    status: { currentReplicas: 2, currentMetrics },
  };
}

describe('HPA TARGETS', () => {
  const cases: { name: string; given: KubeObject; want: string }[] = [
    { name: 'prints <unknown> before the first measurement', given: hpa([cpu({ type: 'Utilization', averageUtilization: 50 })]), want: 'cpu: <unknown>/50%' },
    {
      name: 'prints the measured utilization',
      given: hpa([cpu({ type: 'Utilization', averageUtilization: 50 })], [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 30, averageValue: '30m' } } }]),
      want: 'cpu: 30%/50%',
    },
    { name: 'prints average values', given: hpa([cpu({ type: 'AverageValue', averageValue: '500m' })]), want: 'cpu: <unknown>/500m' },
    { name: 'prints pods metrics', given: hpa([{ type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } }]), want: '<unknown>/10' },
    {
      name: 'shows two metrics and counts the rest',
      given: hpa([cpu({ averageUtilization: 50 }), cpu({ averageUtilization: 60 }), cpu({ averageUtilization: 70 })]),
      want: 'cpu: <unknown>/50%, cpu: <unknown>/60% + 1 more...',
    },
    { name: 'prints <none> without metrics', given: hpa([]), want: '<none>' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(formatHpaMetrics(c.given), c.want));
  }

  it('prints the HPA row', () => {
    assert.deepEqual(horizontalPodAutoscalerPrinter.cells(hpa([cpu({ averageUtilization: 50 })]), now), ['web', 'Deployment/web', 'cpu: <unknown>/50%', '1', 10, 2, '10m']);
  });
});
