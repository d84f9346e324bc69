/**
 * Pods (`pkg/registry/core/pod/strategy.go`, SetDefaults_Pod, and the admission plugins that
 * touch every pod). On create the status becomes `{phase: Pending, qosClass}`; on update the spec
 * is frozen except images and the few fields ValidatePodUpdate allows. Pods have no
 * metadata.generation in 1.32 (it arrived in 1.33).
 *
 * Admission, reproduced here because kubelab runs no admission chain for them (create only;
 * the ServiceAccount plugin, which reads the store, is admission/service-account.ts):
 * - Priority: resolved from the PriorityClass by admission/priority.ts (an unknown class is
 *   refused there); what is still unset here becomes `priority: 0` (2000000000 / 2000001000 for
 *   the system classes) and `preemptionPolicy: PreemptLowerPriority`.
 * - DefaultTolerationSeconds: not-ready and unreachable NoExecute tolerations for 300 s, unless
 *   the pod already tolerates those taints.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { validateObjectMetaUpdate } from './metadata.js';
import { validateImageWhitespace } from './pod-template-containers.js';
import { computeQosClass, copyLimitsToRequests } from './pod-template-resources.js';
import { defaultPodSpec, validatePodSpec, type PodSpec } from './pod-template.js';
import { validatePodSpecUpdate } from './pod-update.js';
import type { Strategy } from './strategy.js';
import { isCreate } from './strategy-helpers.js';

const systemPriorities: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };
const defaultTolerationSeconds = 300;
const notReadyTaint = 'node.kubernetes.io/not-ready';
const unreachableTaint = 'node.kubernetes.io/unreachable';

/** SetDefaults_Pod (pods only, not templates) on top of the PodSpec defaults. */
function defaultPod(pod: KubeObject): void {
  const spec: PodSpec = (pod.spec ??= {});
  defaultPodSpec(spec, pod);
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) copyLimitsToRequests(c.resources);
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) for (const p of c.ports ?? []) p.hostPort ||= p.containerPort;
  }
}

/** DefaultTolerationSeconds admission. */
export function addDefaultTolerations(spec: PodSpec): void {
  const tolerations: PodSpec[] = spec.tolerations ?? [];
  const tolerates = (taint: string) => tolerations.some((t) => (t.key === taint || !t.key) && (t.effect === 'NoExecute' || !t.effect));
  const added = [notReadyTaint, unreachableTaint]
    .filter((taint) => !tolerates(taint))
    .map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: defaultTolerationSeconds }));
  if (added.length) spec.tolerations = [...tolerations, ...added];
}

/** Priority and DefaultTolerationSeconds admission defaults. */
function admitPod(spec: PodSpec): void {
  if (spec.priority === undefined) spec.priority = systemPriorities[spec.priorityClassName ?? ''] ?? 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  addDefaultTolerations(spec);
}

/** PrepareForCreate: status reset to Pending with the computed QoS class; gated pods get PodScheduled=False. */
function prepareForCreate(pod: KubeObject): void {
  const spec: PodSpec = (pod.spec ??= {});
  admitPod(spec);
  delete pod.metadata.generation;
  pod.status = { phase: 'Pending', qosClass: computeQosClass(spec) };
  if ((spec.schedulingGates ?? []).length > 0) {
    pod.status.conditions = [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' }];
  }
}

/** validatePodMetadataAndSpec plus the create-only rules of ValidatePodCreate. */
function validatePod(pod: KubeObject): FieldError[] {
  const spec: PodSpec = pod.spec ?? {};
  const errors = validatePodSpec(spec, 'spec');
  errors.push(...validateImageWhitespace(spec.containers, 'spec.containers'));
  errors.push(...validateImageWhitespace(spec.initContainers, 'spec.initContainers'));
  if (isCreate(pod)) {
    if ((spec.ephemeralContainers ?? []).length > 0) errors.push(field.forbidden('spec.ephemeralContainers', 'cannot be set on create'));
    if (spec.nodeName && (spec.schedulingGates ?? []).length > 0) errors.push(field.forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  }
  return errors;
}

export const podStrategy: Strategy = {
  nameRule: 'subdomain',
  defaults: defaultPod,
  prepareForCreate,
  prepareForUpdate(pod, old) {
    pod.status = structuredClone(old.status);
    delete pod.metadata.generation;
  },
  validate: validatePod,
  validateUpdate: (pod, old) => [...validateObjectMetaUpdate(pod, old), ...validatePodSpecUpdate(pod, old)],
  validateStatusUpdate: (pod, old) => validateObjectMetaUpdate(pod, old),
};
