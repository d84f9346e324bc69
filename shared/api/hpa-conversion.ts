/**
 * autoscaling/v1 HorizontalPodAutoscalers are the autoscaling/v2 ones seen through the older API,
 * as the apiserver keeps one storage for both (pkg/apis/autoscaling/v1 conversion):
 * `targetCPUUtilizationPercentage` is v2's CPU Utilization Resource metric, and
 * `currentCPUUtilizationPercentage` that metric's current average utilization. `kubectl autoscale`
 * (v1.32) creates its HPA through v1; `kubectl get hpa` reads it through v2.
 *
 * Left out: the `autoscaling.alpha.kubernetes.io/*` annotations in which v1 carries the v2 fields it
 * has no room for (other metrics, conditions, behavior). v1 sees only what it can express, so a v1
 * update drops them from the stored object.
 */
import type { KubeObject } from './meta.js';

type Json = Record<string, unknown>;

function isCpuUtilization(metric: unknown): metric is { resource: { target?: { averageUtilization?: number }; current?: { averageUtilization?: number } } } {
  const m = metric as { type?: string; resource?: { name?: string } } | undefined;
  return m?.type === 'Resource' && m.resource?.name === 'cpu';
}

export function hpaV1ToV2(v1: KubeObject): KubeObject {
  const spec = (v1.spec ?? {}) as Json;
  const { targetCPUUtilizationPercentage, ...restSpec } = spec;
  const out: KubeObject = { ...v1, apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', spec: { ...restSpec } };
  if (typeof targetCPUUtilizationPercentage === 'number') {
    (out.spec as Json).metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: targetCPUUtilizationPercentage } } }];
  }
  if (v1.status) {
    const { currentCPUUtilizationPercentage, ...restStatus } = v1.status as Json;
    const status: Json = { ...restStatus };
    if (typeof currentCPUUtilizationPercentage === 'number') {
      status.currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: currentCPUUtilizationPercentage } } }];
    }
    out.status = status;
  }
  return out;
}

export function hpaV2ToV1(v2: KubeObject): KubeObject {
  const { metrics, behavior: _behavior, ...restSpec } = (v2.spec ?? {}) as Json;
  const out: KubeObject = { ...v2, apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', spec: { ...restSpec } };
  const cpu = Array.isArray(metrics) ? metrics.find(isCpuUtilization) : undefined;
  const target = cpu?.resource.target?.averageUtilization;
  if (typeof target === 'number') (out.spec as Json).targetCPUUtilizationPercentage = target;
  if (v2.status) {
    const { currentMetrics, conditions: _conditions, ...restStatus } = v2.status as Json;
    const status: Json = { ...restStatus };
    const current = Array.isArray(currentMetrics) ? currentMetrics.find(isCpuUtilization)?.resource.current?.averageUtilization : undefined;
    if (typeof current === 'number') status.currentCPUUtilizationPercentage = current;
    out.status = status;
  }
  return out;
}
