/**
 * `kubectl get hpa`: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE. TARGETS shows up to two
 * metrics as `current/target` (`cpu: 30%/50%`, `<unknown>` before the first measurement), then
 * ` + N more...`. Quantities print as stored; they are already canonical after admission.
 */
import type { KubeObject } from '../api/meta.js';
import { hpaV1ToV2 } from '../api/hpa-conversion.js';
import { age, ageColumn, column, count, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

interface MetricValue {
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}
interface MetricSource {
  name?: string;
  target?: MetricValue;
  current?: MetricValue;
}
type Metric = { type?: string } & Partial<Record<'resource' | 'containerResource' | 'pods' | 'object' | 'external', MetricSource>>;

const shown = 2;
const sourceField = { Resource: 'resource', ContainerResource: 'containerResource', Pods: 'pods', Object: 'object', External: 'external' } as const;

function formatMetric(spec: Metric, status: Metric | undefined): string {
  const field = sourceField[spec.type as keyof typeof sourceField];
  if (!field) return '<unknown type>';
  const target = spec[field]?.target ?? {};
  const current = status?.[field]?.current;
  switch (field) {
    case 'pods':
      return `${current?.averageValue ?? '<unknown>'}/${target.averageValue ?? ''}`;
    case 'object':
    case 'external':
      if (target.averageValue !== undefined) return `${current?.averageValue ?? '<unknown>'}/${target.averageValue} (avg)`;
      return `${current?.value ?? '<unknown>'}/${target.value ?? ''}`;
    case 'resource':
    case 'containerResource': {
      const name = spec[field]?.name ?? '';
      if (target.averageValue !== undefined) return `${name}: ${current?.averageValue ?? '<unknown>'}/${target.averageValue}`;
      const currentText = current?.averageUtilization !== undefined ? `${current.averageUtilization}%` : '<unknown>';
      const targetText = target.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
      return `${name}: ${currentText}/${targetText}`;
    }
  }
}

/** TARGETS: printers.go formatHPAMetrics over spec.metrics and status.currentMetrics (by index). */
export function formatHpaMetrics(hpa: KubeObject): string {
  const specs: Metric[] = hpa.spec?.metrics ?? [];
  if (specs.length === 0) return '<none>';
  const statuses: Metric[] = hpa.status?.currentMetrics ?? [];
  const list = specs.map((spec, i) => formatMetric(spec, statuses[i]));
  const text = list.slice(0, shown).join(', ');
  return list.length > shown ? `${text} + ${list.length - shown} more...` : text;
}

export const horizontalPodAutoscalerPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Reference', 'string', apiDocs['HorizontalPodAutoscalerSpec.scaleTargetRef']),
    column('Targets', 'string', apiDocs['HorizontalPodAutoscalerSpec.metrics']),
    column('MinPods', 'string', apiDocs['HorizontalPodAutoscalerSpec.minReplicas']),
    column('MaxPods', 'string', apiDocs['HorizontalPodAutoscalerSpec.maxReplicas']),
    column('Replicas', 'string', apiDocs['HorizontalPodAutoscalerStatus.currentReplicas']),
    ageColumn,
  ],
  cells(object, now) {
    // Printed as the apiserver prints every version: from the v2 form (a v1 HPA is the same object).
    const hpa = object.apiVersion === 'autoscaling/v1' ? hpaV1ToV2(object) : object;
    const spec = hpa.spec ?? {};
    const target = spec.scaleTargetRef ?? {};
    return [
      hpa.metadata.name ?? '',
      `${target.kind ?? ''}/${target.name ?? ''}`,
      formatHpaMetrics(hpa),
      typeof spec.minReplicas === 'number' ? String(spec.minReplicas) : '<unset>',
      count(spec.maxReplicas),
      count(hpa.status?.currentReplicas),
      age(hpa, now),
    ];
  },
};
