import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HorizontalPodAutoscalerController, rescaleFor } from '../../../../daemon/controllers/horizontal-pod-autoscaler.js';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const deployments = { group: 'apps', version: 'v1', resource: 'deployments' };
const hpas = { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' };
const events = { group: '', version: 'v1', resource: 'events' };

function deployment(replicas: number): KubeObject {
  const labels = { app: 'web' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
  };
}

const hpa: KubeObject = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 2,
    maxReplicas: 5,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
  },
};

async function eventLines(api: TestApi, count: number): Promise<string[]> {
  return waitFor(
    async () => {
      const list = await api.client.list(events, 'default');
      const lines = list.items.filter((e) => e.involvedObject.kind === 'HorizontalPodAutoscaler').map((e) => `${e.type} ${e.reason} ${e.source.component}: ${e.message}`);
      return lines.length >= count ? lines : undefined;
    },
    { what: `${count} HPA events` },
  );
}

test('keeps the replicas within the bounds, then reports the missing metrics API as a real cluster does', async (t) => {
  const api = await startApi(t);
  await api.client.create(deployments, 'default', deployment(1));
  await api.client.create(hpas, 'default', hpa);
  const controller = HorizontalPodAutoscalerController.fromContext(api);
  await api.syncInformers();

  await controller.sync('default/web');
  assert.equal((await api.client.get(deployments, 'default', 'web')).spec.replicas, 2);
  let status = (await api.client.get(hpas, 'default', 'web')).status;
  assert.equal(status.currentReplicas, 1);
  assert.equal(status.desiredReplicas, 2);
  assert.deepEqual(status.conditions.map((c: Record<string, string>) => [c.type, c.status, c.reason, c.message]), [
    ['AbleToScale', 'True', 'SucceededRescale', 'the HPA controller was able to update the target scale to 2'],
  ]);

  await waitFor(() => api.informers.informerFor(hpas).get('default/web')?.status?.desiredReplicas === 2 || undefined, { what: 'the HPA status in the cache' });
  await controller.sync('default/web');
  status = (await api.client.get(hpas, 'default', 'web')).status;
  assert.equal(status.currentReplicas, 2);
  assert.deepEqual(status.currentMetrics, [{ type: '' }]);
  assert.deepEqual(status.conditions.map((c: Record<string, string>) => [c.type, c.status, c.reason, c.message]), [
    ['AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale"],
    [
      'ScalingActive',
      'False',
      'FailedGetResourceMetric',
      'the HPA was unable to compute the replica count: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)',
    ],
  ]);
  assert.deepEqual((await eventLines(api, 3)).sort(), [
    'Normal SuccessfulRescale horizontal-pod-autoscaler: New size: 2; reason: Current number of replicas below Spec.MinReplicas',
    'Warning FailedComputeMetricsReplicas horizontal-pod-autoscaler: invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)',
    'Warning FailedGetResourceMetric horizontal-pod-autoscaler: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)',
  ]);
});

test('the replica bounds force a rescale only outside them, and never from zero', () => {
  assert.deepEqual(rescaleFor(1, 2, 5), { replicas: 2, reason: 'Current number of replicas below Spec.MinReplicas' });
  assert.deepEqual(rescaleFor(7, 2, 5), { replicas: 5, reason: 'Current number of replicas above Spec.MaxReplicas' });
  assert.equal(rescaleFor(3, 2, 5), undefined);
  assert.equal(rescaleFor(0, 2, 5), undefined);
});
