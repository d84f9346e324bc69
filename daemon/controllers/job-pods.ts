/**
 * The job controller's view of its pods (k/k pkg/controller/job: job_controller.go, indexed_job_utils.go,
 * controller_utils.go): which pods count as active, failed or terminating, the pod a Job stamps out
 * of its template (tracking finalizer, completion index), which active pods go first when there
 * are too many, and the controller-reference helpers the CronJob controller shares. Pure functions.
 */
import type { KubeObject, OwnerReference } from '../../shared/api/meta.js';

type Pod = Readonly<KubeObject>;

export const trackingFinalizer = 'batch.kubernetes.io/job-tracking';
export const completionIndexAnnotation = 'batch.kubernetes.io/job-completion-index';
const completionIndexEnv = 'JOB_COMPLETION_INDEX';
/** names.MaxGeneratedNameLength: the apiserver adds 5 random characters to at most 58. */
const maxGeneratedNameLength = 58;

import { isPodReady } from './pod-state.js';

export { isPodReady };

function isFinishedPhase(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** controller.FilterActivePods: not finished and not being deleted. */
export function isActivePod(pod: Pod): boolean {
  return !isFinishedPhase(pod) && !pod.metadata.deletionTimestamp;
}

/** controller.CountTerminatingPods counts these: being deleted but not yet finished. */
export function isTerminatingPod(pod: Pod): boolean {
  return Boolean(pod.metadata.deletionTimestamp) && !isFinishedPhase(pod);
}

export function hasTrackingFinalizer(pod: Pod): boolean {
  return (pod.metadata.finalizers ?? []).includes(trackingFinalizer);
}

/** podReplacementPolicy Failed (or a podFailurePolicy) waits for deleted pods to reach Failed. */
export function onlyReplaceFailedPods(job: Readonly<KubeObject>): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || Boolean(job.spec?.podFailurePolicy);
}

/** isPodFailed: Failed, or (by default) deleted before it succeeded, as orphans may never reach Failed. */
export function isPodFailed(pod: Pod, job: Readonly<KubeObject>): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return Boolean(pod.metadata.deletionTimestamp) && pod.status?.phase !== 'Succeeded';
}

export const unknownIndex = -1;

/** getCompletionIndex: the annotation as a non-negative integer, or unknownIndex. */
export function completionIndexOf(pod: Pod): number {
  const value = pod.metadata.annotations?.[completionIndexAnnotation];
  if (value === undefined || !/^\+?\d+$/.test(value)) return unknownIndex;
  return Number(value);
}

export function isIndexedJob(job: Readonly<KubeObject>): boolean {
  return job.spec?.completionMode === 'Indexed';
}

/**
 * The pod the Job creates (controller.GetPodFromTemplate plus manageJob's additions): the template's
 * labels and annotations, the tracking finalizer, the Job as controller owner, and `generateName`
 * `<job>-` (Indexed: `<job>-<index>-`, with the index as annotation, label, hostname and env var).
 */
export function podFromTemplate(job: Readonly<KubeObject>, index: number): KubeObject {
  const template = structuredClone(job.spec?.template ?? {});
  const metadata = template.metadata ?? {};
  const annotations: Record<string, string> = { ...(metadata.annotations ?? {}) };
  const labels: Record<string, string> = { ...(metadata.labels ?? {}) };
  const spec = template.spec ?? {};
  let generateName = podsPrefix(job.metadata.name ?? '');
  if (index !== unknownIndex) {
    for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) addCompletionIndexEnv(container);
    annotations[completionIndexAnnotation] = String(index);
    labels[completionIndexAnnotation] = String(index); // PodIndexLabel, GA in 1.32
    spec.hostname = `${job.metadata.name}-${index}`;
    generateName = `${job.metadata.name}-${index}-`.slice(0, maxGeneratedNameLength);
  }
  const finalizers = [...(metadata.finalizers ?? [])];
  if (!finalizers.includes(trackingFinalizer)) finalizers.push(trackingFinalizer);
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { generateName, namespace: job.metadata.namespace, labels, finalizers, ownerReferences: [controllerRef(job)] },
    spec,
  };
  if (Object.keys(annotations).length > 0) pod.metadata.annotations = annotations;
  return pod;
}

/** metav1.NewControllerRef: what `kubectl get pod -o yaml` shows under ownerReferences. */
export function controllerRef(owner: Readonly<KubeObject>): OwnerReference {
  return { apiVersion: owner.apiVersion ?? '', kind: owner.kind ?? '', name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

export { controllerOf } from './controller-ref-manager.js';
export { isNamespaceTerminating } from './create-errors.js';

/** getPodsPrefix: `<name>-`, as long as that stays a valid generateName. */
function podsPrefix(name: string): string {
  return `${name}-`.length > maxGeneratedNameLength ? name.slice(0, maxGeneratedNameLength) : `${name}-`;
}

/** The env var reads the label, since PodIndexLabel is on (it read the annotation before 1.28). */
function addCompletionIndexEnv(container: { env?: { name: string }[] }): void {
  if ((container.env ?? []).some((e) => e.name === completionIndexEnv)) return;
  container.env = [...(container.env ?? []), { name: completionIndexEnv, valueFrom: { fieldRef: { fieldPath: `metadata.labels['${completionIndexAnnotation}']` } } } as never];
}

/**
 * activePodsForRemoval: for Indexed Jobs, pods with a duplicate or invalid index go first; then
 * the least advanced pods (controller.ActivePods order), so that running, ready work survives.
 */
export function activePodsForRemoval(job: Readonly<KubeObject>, pods: readonly Pod[], atLeast: number): Pod[] {
  const remove: Pod[] = [];
  let left = [...pods];
  if (isIndexedJob(job)) {
    const completions = job.spec?.completions ?? 0;
    const byIndex = new Map<number, Pod[]>();
    left = [];
    for (const pod of pods) {
      const index = completionIndexOf(pod);
      if (index === unknownIndex || index >= completions) remove.push(pod);
      else byIndex.set(index, [...(byIndex.get(index) ?? []), pod]);
    }
    for (const group of byIndex.values()) {
      const sorted = group.sort(compareActivePods);
      remove.push(...sorted.slice(0, -1)); // keep the most advanced pod of each index
      left.push(sorted[sorted.length - 1]!);
    }
  }
  if (remove.length < atLeast) remove.push(...left.sort(compareActivePods).slice(0, atLeast - remove.length));
  return remove;
}

const phaseRank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** controller.ActivePods: unscheduled < scheduled, Pending < Unknown < Running, not ready < ready, more restarts, newer. */
export function compareActivePods(a: Pod, b: Pod): number {
  const scheduled = Number(Boolean(a.spec?.nodeName)) - Number(Boolean(b.spec?.nodeName));
  if (scheduled !== 0) return scheduled;
  const phase = (phaseRank[a.status?.phase ?? 'Pending'] ?? 0) - (phaseRank[b.status?.phase ?? 'Pending'] ?? 0);
  if (phase !== 0) return phase;
  const ready = Number(isPodReady(a)) - Number(isPodReady(b));
  if (ready !== 0) return ready;
  const restarts = restartCount(b) - restartCount(a);
  if (restarts !== 0) return restarts;
  return Date.parse(b.metadata.creationTimestamp ?? '') - Date.parse(a.metadata.creationTimestamp ?? '') || 0;
}

export function restartCount(pod: Pod): number {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return statuses.reduce((sum: number, s: { restartCount?: number }) => sum + (s.restartCount ?? 0), 0);
}
