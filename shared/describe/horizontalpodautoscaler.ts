/**
 * `kubectl describe hpa` (describe.go `describeHorizontalPodAutoscalerV2`): the scale target, each
 * metric as `current / target` (resource utilization `45% (112m) / 50%`, average values, pods,
 * object and external metrics), min and max replicas, the scaling behavior, the target's
 * current/desired replicas, conditions and events.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { describeEvents, eventsFor } from './events.js';
import { int, quantityString, rfc1123z, str } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { tabbedString, type PrefixWriter } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export async function describeHorizontalPodAutoscalerObject(client: ApiClient, hpa: KubeObject, now: number): Promise<string> {
  return describeHorizontalPodAutoscaler(hpa, await eventsFor(client, hpa, 'HorizontalPodAutoscaler'), now);
}

/** *resource.Quantity's String(): `<nil>` for a missing one. */
function quantityOrNil(value: unknown): string {
  return value === undefined || value === null ? '<nil>' : quantityString(value);
}

function describeResourceMetric(title: string, source: Json, current: Json | undefined, w: PrefixWriter): void {
  w.write(1, title);
  if (source.target?.averageValue !== undefined && source.target?.averageValue !== null) {
    w.write(0, `:\t${current ? quantityOrNil(current.current?.averageValue) : '<unknown>'} / ${quantityOrNil(source.target.averageValue)}\n`);
    return;
  }
  const utilization = current?.current?.averageUtilization;
  const currentText = utilization !== undefined && utilization !== null ? `${int(utilization)}% (${quantityOrNil(current.current?.averageValue)})` : '<unknown>';
  const target = source.target?.averageUtilization !== undefined && source.target?.averageUtilization !== null ? `${int(source.target.averageUtilization)}%` : '<auto>';
  w.write(1, `(as a percentage of request):\t${currentText} / ${target}\n`);
}

function describeMetric(metric: Json, current: Json | undefined, w: PrefixWriter): void {
  switch (metric.type) {
    case 'External': {
      const source = metric.external ?? {};
      const name = JSON.stringify(str(source.metric?.name));
      if (source.target?.averageValue !== undefined && source.target?.averageValue !== null) {
        const now = current?.external?.current?.averageValue;
        w.write(1, `${name} (target average value):\t${now !== undefined && now !== null ? quantityString(now) : '<unknown>'} / ${quantityOrNil(source.target.averageValue)}\n`);
      } else {
        const now = current?.external ? quantityOrNil(current.external.current?.value) : '<unknown>';
        w.write(1, `${name} (target value):\t${now} / ${quantityOrNil(source.target?.value)}\n`);
      }
      return;
    }
    case 'Pods': {
      const source = metric.pods ?? {};
      const now = current?.pods ? quantityOrNil(current.pods.current?.averageValue) : '<unknown>';
      w.write(1, `${JSON.stringify(str(source.metric?.name))} on pods:\t${now} / ${quantityOrNil(source.target?.averageValue)}\n`);
      return;
    }
    case 'Object': {
      const source = metric.object ?? {};
      w.write(1, `"${str(source.metric?.name)}" on ${str(source.describedObject?.kind)}/${str(source.describedObject?.name)} `);
      if (source.target?.type === 'AverageValue') {
        const now = current?.object ? quantityOrNil(current.object.current?.averageValue) : '<unknown>';
        w.write(0, `(target average value):\t${now} / ${quantityOrNil(source.target?.averageValue)}\n`);
      } else {
        const now = current?.object ? quantityOrNil(current.object.current?.value) : '<unknown>';
        w.write(0, `(target value):\t${now} / ${quantityOrNil(source.target?.value)}\n`);
      }
      return;
    }
    case 'Resource':
      describeResourceMetric(`resource ${str(metric.resource?.name)} on pods`, metric.resource ?? {}, current?.resource, w);
      return;
    case 'ContainerResource':
      describeResourceMetric(`resource ${str(metric.containerResource?.name)} of container "${str(metric.containerResource?.container)}" on pods`, metric.containerResource ?? {}, current?.containerResource, w);
      return;
    default:
      w.write(1, `<unknown metric type ${JSON.stringify(str(metric.type))}>\n`);
  }
}

function describeBehavior(direction: string, rules: Json | undefined, w: PrefixWriter): void {
  if (!rules) return;
  w.write(1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined && rules.stabilizationWindowSeconds !== null) w.write(2, `Stabilization Window: ${int(rules.stabilizationWindowSeconds)} seconds\n`);
  const policies: Json[] = rules.policies ?? [];
  if (policies.length === 0) return;
  w.write(2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
  w.write(2, 'Policies:\n');
  for (const p of policies) w.write(3, `- Type: ${str(p.type)}\tValue: ${int(p.value)}\tPeriod: ${int(p.periodSeconds)} seconds\n`);
}

export function describeHorizontalPodAutoscaler(hpa: Json, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    const spec = hpa.spec ?? {};
    const status = hpa.status ?? {};
    w.write(0, `Name:\t${hpa.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(hpa.metadata.namespace)}\n`);
    printLabelsMultiline(w, 'Labels', hpa.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', hpa.metadata.annotations);
    w.write(0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}\n`);
    w.write(0, `Reference:\t${str(spec.scaleTargetRef?.kind)}/${str(spec.scaleTargetRef?.name)}\n`);
    w.write(0, 'Metrics:\t( current / target )\n');
    (spec.metrics ?? []).forEach((metric: Json, i: number) => describeMetric(metric, status.currentMetrics?.[i], w));
    w.write(0, `Min replicas:\t${spec.minReplicas === undefined || spec.minReplicas === null ? '<unset>' : int(spec.minReplicas)}\n`);
    w.write(0, `Max replicas:\t${int(spec.maxReplicas)}\n`);
    if (spec.behavior) {
      w.write(0, 'Behavior:\n');
      describeBehavior('Scale Up', spec.behavior.scaleUp, w);
      describeBehavior('Scale Down', spec.behavior.scaleDown, w);
    }
    w.write(0, `${str(spec.scaleTargetRef?.kind)} pods:\t`);
    w.write(0, `${int(status.currentReplicas)} current / ${int(status.desiredReplicas)} desired\n`);
    const conditions: Json[] = status.conditions ?? [];
    if (conditions.length > 0) {
      w.write(0, 'Conditions:\n');
      w.write(1, 'Type\tStatus\tReason\tMessage\n');
      w.write(1, '----\t------\t------\t-------\n');
      for (const c of conditions) w.write(1, `${str(c.type)}\t${str(c.status)}\t${str(c.reason)}\t${str(c.message)}\n`);
    }
    describeEvents(events, w, now);
  });
}
