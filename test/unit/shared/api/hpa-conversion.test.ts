// autoscaling/v1 ↔ v2 HorizontalPodAutoscaler conversion: what `kubectl autoscale` writes through v1
// is what `kubectl get hpa` reads through v2, and back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hpaV1ToV2, hpaV2ToV1 } from '../../../../shared/api/hpa-conversion.js';
import type { KubeObject } from '../../../../shared/api/meta.js';

const v1: KubeObject = {
  apiVersion: 'autoscaling/v1',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'default' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 50 },
  status: { currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 75 },
};

describe('HPA conversion', () => {
  it('turns targetCPUUtilizationPercentage into a CPU Utilization Resource metric', () => {
    const v2 = hpaV1ToV2(v1);
    assert.equal(v2.apiVersion, 'autoscaling/v2');
    assert.deepEqual(v2.spec, {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    });
    assert.deepEqual(v2.status, {
      currentReplicas: 2,
      desiredReplicas: 3,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 75 } } }],
    });
  });

  it('round-trips through v2 unchanged', () => {
    assert.deepEqual(hpaV2ToV1(hpaV1ToV2(v1)), v1);
  });

  it('shows v1 only the CPU utilization target of a v2 HPA', () => {
    const v2: KubeObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: {
        maxReplicas: 4,
        metrics: [
          { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 60 } } },
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        ],
        behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
      },
      status: { currentReplicas: 1, desiredReplicas: 1, conditions: [{ type: 'AbleToScale', status: 'True' }] },
    };
    const out = hpaV2ToV1(v2);
    assert.deepEqual(out.spec, { maxReplicas: 4, targetCPUUtilizationPercentage: 70 });
    assert.deepEqual(out.status, { currentReplicas: 1, desiredReplicas: 1 });
  });
});
