/**
 * The horizontal pod autoscaler controller (kube-controller-manager's horizontal-pod-autoscaler),
 * as it behaves on a cluster without metrics-server, which is kubelab's case: every 15 s it reads
 * the target's scale, keeps the replicas within minReplicas..maxReplicas (SuccessfulRescale), and
 * otherwise fails to fetch the resource metrics with the apiserver's 404 for pods.metrics.k8s.io,
 * which it reports in the status conditions and in FailedGetResourceMetric /
 * FailedComputeMetricsReplicas events, exactly as a real cluster does before metrics-server is
 * installed. Left out: computing replicas from metrics (there are none), scaling behavior and
 * stabilization windows, the ScalingLimited condition.
 */
import { parseApiVersion, type KubeObject } from '../../shared/api/meta.js';
import { splitKey, keyOf } from '../../shared/api/keys.js';
import { findResourceForKind } from '../../shared/api/resources.js';
import { rfc3339, type Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { EventRecorder } from '../../shared/client/events.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { logger } from '../../shared/log.js';
import type { Controller, ControllerContext } from './manager.js';

const componentName = 'horizontal-pod-autoscaler';
const hpas: ResourceRef = { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' };
/** --horizontal-pod-autoscaler-sync-period; the controller's rate limiter waits it before the first sync too. */
const syncPeriodMs = 15_000;
/** What the metrics client gets from an apiserver that serves no metrics.k8s.io. */
const metricsApiError = 'the server could not find the requested resource (get pods.metrics.k8s.io)';
const log = logger(componentName);

type Condition = { type: string; status: string; lastTransitionTime?: string; reason: string; message: string };

export interface HorizontalPodAutoscalerControllerOptions {
  client: ApiClient;
  clock: Clock;
  hpas: SharedInformer;
  recorder?: EventRecorder;
  workers?: number;
}

export class HorizontalPodAutoscalerController implements Controller {
  readonly name = componentName;
  readonly queue: RateLimitingQueue<string>;
  readonly recorder: EventRecorder;

  constructor(private readonly options: HorizontalPodAutoscalerControllerOptions) {
    this.queue = new RateLimitingQueue({ clock: options.clock });
    this.recorder = options.recorder ?? new EventRecorder({ client: options.client, component: componentName, clock: options.clock });
    options.hpas.addEventHandler({
      onAdd: (hpa) => this.queue.addAfter(keyOf(hpa), syncPeriodMs),
      onUpdate: (old, hpa) => old.metadata.generation !== hpa.metadata.generation && this.queue.addAfter(keyOf(hpa), syncPeriodMs),
    });
  }

  static fromContext(context: ControllerContext): HorizontalPodAutoscalerController {
    return new HorizontalPodAutoscalerController({ client: context.client, clock: context.clock, hpas: context.informers.informerFor(hpas) });
  }

  async start(signal: AbortSignal): Promise<void> {
    if (!(await this.options.hpas.waitForSync(signal))) return;
    await runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.options.workers ?? 1, signal, log });
  }

  /** reconcileAutoscaler: one pass over one HPA, then the next one a sync period later. */
  async sync(key: string): Promise<void> {
    const cached = this.options.hpas.get(key);
    if (!cached) return;
    const hpa = structuredClone(cached) as KubeObject;
    try {
      await this.reconcile(hpa);
    } finally {
      this.queue.addAfter(key, syncPeriodMs);
    }
  }

  private async reconcile(hpa: KubeObject): Promise<void> {
    const { namespace } = splitKey(keyOf(hpa));
    const status = structuredClone(hpa.status ?? {}) as Record<string, unknown> & { conditions?: Condition[] };
    const now = rfc3339(this.options.clock.now());
    const target = (hpa.spec?.scaleTargetRef ?? {}) as { apiVersion?: string; kind?: string; name?: string };
    const { group, version } = parseApiVersion(target.apiVersion ?? 'v1');
    const info = findResourceForKind(group, version, target.kind ?? '');
    const ref = info && { group: info.group, version: info.version, resource: info.resource };
    let scale: KubeObject;
    try {
      if (!ref) throw new Error(`no matches for kind "${target.kind}" in group "${group}"`);
      scale = await this.options.client.getSubresource(ref, namespace, target.name ?? '', 'scale');
    } catch (err) {
      const message = (err as Error).message;
      this.recorder.event(hpa, 'Warning', 'FailedGetScale', message);
      setCondition(status, now, { type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message: `the HPA controller was unable to get the target's current scale: ${message}` });
      return this.writeStatus(hpa, status);
    }
    setCondition(status, now, { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" });
    const current = Number(scale.spec?.replicas ?? 0);
    const min = Number(hpa.spec?.minReplicas ?? 1);
    const max = Number(hpa.spec?.maxReplicas ?? 0);
    status.currentReplicas = current;
    const bound = rescaleFor(current, min, max);
    if (current === 0 && min !== 0) {
      status.desiredReplicas = 0;
      setCondition(status, now, { type: 'ScalingActive', status: 'False', reason: 'ScalingDisabled', message: 'scaling is disabled since the replica count of the target is zero' });
    } else if (bound) {
      // The target's spec.replicas, which is what its scale subresource writes (the in-process
      // client serves no scale writes; the HTTP path and this one end in the same field).
      await this.options.client.patch(ref!, namespace, target.name!, 'merge', { spec: { replicas: bound.replicas } });
      this.recorder.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${bound.replicas}; reason: ${bound.reason}`);
      setCondition(status, now, { type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: `the HPA controller was able to update the target scale to ${bound.replicas}` });
      status.desiredReplicas = bound.replicas;
      status.lastScaleTime = now;
    } else {
      this.failMetrics(hpa, status, now);
    }
    await this.writeStatus(hpa, status);
  }

  /** Without metrics.k8s.io every metric is invalid: the replica count stays, the events say why. */
  private failMetrics(hpa: KubeObject, status: Record<string, unknown>, now: string): void {
    const metrics = (hpa.spec?.metrics ?? []) as { resource?: { name?: string }; containerResource?: { name?: string } }[];
    const first = metrics[0];
    const resource = first?.resource?.name ?? first?.containerResource?.name ?? 'cpu';
    const cause = `unable to get metrics for resource ${resource}: unable to fetch metrics from resource metrics API: ${metricsApiError}`;
    this.recorder.event(hpa, 'Warning', 'FailedGetResourceMetric', cause);
    setCondition(status as { conditions?: Condition[] }, now, { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: `the HPA was unable to compute the replica count: ${cause}` });
    const count = Math.max(metrics.length, 1);
    this.recorder.event(hpa, 'Warning', 'FailedComputeMetricsReplicas', `invalid metrics (${count} invalid out of ${count}), first error is: failed to get ${resource} resource metric value: failed to get ${resource} utilization: ${cause}`);
    // An invalid metric leaves an empty status entry: `-o yaml` shows `- type: ""`.
    status.currentMetrics = Array.from({ length: count }, () => ({ type: '' }));
  }

  private async writeStatus(hpa: KubeObject, status: Record<string, unknown>): Promise<void> {
    if (JSON.stringify(status) === JSON.stringify(hpa.status ?? {})) return;
    // A Conflict means the cache was behind; the worker retries with the newer copy.
    await this.options.client.update(hpas, { ...hpa, status }, { subresource: 'status' });
  }
}

/** The rescale the replica bounds force before any metric is read, or undefined inside them. */
export function rescaleFor(current: number, min: number, max: number): { replicas: number; reason: string } | undefined {
  if (current === 0 && min !== 0) return undefined;
  if (current > max) return { replicas: max, reason: 'Current number of replicas above Spec.MaxReplicas' };
  if (current < min) return { replicas: min, reason: 'Current number of replicas below Spec.MinReplicas' };
  return undefined;
}

/** Sets a condition, keeping its lastTransitionTime while its status stays the same (k/k setConditionInList). */
function setCondition(status: { conditions?: Condition[] }, now: string, wanted: Condition): void {
  const conditions = status.conditions ?? [];
  const existing = conditions.find((c) => c.type === wanted.type);
  const lastTransitionTime = existing && existing.status === wanted.status ? existing.lastTransitionTime : now;
  const next = { type: wanted.type, status: wanted.status, lastTransitionTime, reason: wanted.reason, message: wanted.message };
  status.conditions = existing ? conditions.map((c) => (c === existing ? next : c)) : [...conditions, next];
}
