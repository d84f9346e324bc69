/**
 * A StatefulSet's pods as pure functions (k/k `statefulset/stateful_set_utils.go` and the status
 * half of `stateful_set_control.go`): stable names `<set>-<ordinal>`, identity labels, hostname and
 * subdomain, the claims `<template>-<set>-<ordinal>` mounted in place of same-named volumes, the
 * revision a new pod is built from, and the status counts. Nothing here writes.
 */
import type { KubeObject, OwnerReference } from '../../shared/api/meta.js';
import { revisionHashLabel } from './history.js';
import { isPodAvailable, isPodReady } from './pod-state.js';

type Pod = Readonly<KubeObject>;
type Set = Readonly<KubeObject>;

/** apps.StatefulSetPodNameLabel and apps.PodIndexLabel (the PodIndexLabel gate is on in 1.32). */
export const podNameLabel = 'statefulset.kubernetes.io/pod-name';
export const podIndexLabel = 'apps.kubernetes.io/pod-index';

const statefulPodName = /^(.*)-([0-9]+)$/;

/** getParentNameAndOrdinal: `web-2` → web, 2; a name without an ordinal gives -1. */
export function parentAndOrdinal(pod: Pod): { parent: string; ordinal: number } {
  const match = statefulPodName.exec(pod.metadata.name ?? '');
  if (!match) return { parent: '', ordinal: -1 };
  const ordinal = Number(match[2]);
  return { parent: match[1]!, ordinal: ordinal <= 2 ** 31 - 1 ? ordinal : -1 };
}

export const ordinalOf = (pod: Pod): number => parentAndOrdinal(pod).ordinal;
export const isMemberOf = (set: Set, pod: Pod): boolean => parentAndOrdinal(pod).parent === set.metadata.name;
export const startOrdinal = (set: Set): number => set.spec?.ordinals?.start ?? 0;
export const endOrdinal = (set: Set): number => startOrdinal(set) + (set.spec?.replicas ?? 1) - 1;
export const inOrdinalRange = (pod: Pod, set: Set): boolean => ordinalOf(pod) >= startOrdinal(set) && ordinalOf(pod) <= endOrdinal(set);
export const podName = (set: Set, ordinal: number): string => `${set.metadata.name}-${ordinal}`;
export const claimName = (set: Set, template: Readonly<KubeObject>, ordinal: number): string => `${template.metadata?.name}-${set.metadata.name}-${ordinal}`;
export const podRevision = (pod: Pod): string => pod.metadata.labels?.[revisionHashLabel] ?? '';

export const isCreated = (pod: Pod): boolean => Boolean(pod.status?.phase);
export const isTerminating = (pod: Pod): boolean => Boolean(pod.metadata.deletionTimestamp);
export const isRunningAndReady = (pod: Pod): boolean => pod.status?.phase === 'Running' && isPodReady(pod);
export const isRunningAndAvailable = (pod: Pod, minReadySeconds: number, now: number): boolean => isPodAvailable(pod, minReadySeconds, now);
export const isUnavailable = (pod: Pod, minReadySeconds: number, now: number): boolean => !isPodAvailable(pod, minReadySeconds, now) || isTerminating(pod);

/** identityMatches: the name, namespace and pod-name label a member must have. */
export function identityMatches(set: Set, pod: Pod): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod);
  return ordinal >= 0 && parent === set.metadata.name && pod.metadata.name === podName(set, ordinal) && pod.metadata.namespace === set.metadata.namespace && pod.metadata.labels?.[podNameLabel] === pod.metadata.name;
}

/** storageMatches: every claim template is mounted as the pod's own claim. */
export function storageMatches(set: Set, pod: Pod): boolean {
  const ordinal = ordinalOf(pod);
  if (ordinal < 0) return false;
  const volumes = new Map<string, any>(((pod.spec?.volumes ?? []) as any[]).map((v) => [v.name, v]));
  return (set.spec?.volumeClaimTemplates ?? []).every((t: KubeObject) => volumes.get(t.metadata?.name!)?.persistentVolumeClaim?.claimName === claimName(set, t, ordinal));
}

/** getPersistentVolumeClaims: the pod's claims by template name, labelled with the selector's labels. */
export function claimsFor(set: Set, pod: Pod): Map<string, KubeObject> {
  const ordinal = ordinalOf(pod);
  const claims = new Map<string, KubeObject>();
  for (const template of (set.spec?.volumeClaimTemplates ?? []) as KubeObject[]) {
    const claim = structuredClone(template) as KubeObject;
    claim.apiVersion ??= 'v1';
    claim.kind ??= 'PersistentVolumeClaim';
    claim.metadata = { ...claim.metadata, name: claimName(set, template, ordinal), namespace: set.metadata.namespace };
    claim.metadata.labels = { ...claim.metadata.labels, ...set.spec?.selector?.matchLabels };
    delete claim.metadata.creationTimestamp;
    claims.set(template.metadata.name!, claim);
  }
  return claims;
}

/** updateStorage: a PVC volume per claim template, replacing any volume of the same name. */
export function withStorage(set: Set, pod: KubeObject): void {
  const claims = claimsFor(set, pod);
  const volumes = [...claims].map(([name, claim]) => ({ name, persistentVolumeClaim: { claimName: claim.metadata.name } }));
  for (const volume of (pod.spec?.volumes ?? []) as { name: string }[]) if (!claims.has(volume.name)) volumes.push(volume as never);
  pod.spec = { ...pod.spec, volumes };
}

/** updateIdentity: name, namespace and the pod-name and pod-index labels. */
export function withIdentity(set: Set, pod: KubeObject): void {
  const ordinal = ordinalOf(pod);
  pod.metadata.name = podName(set, ordinal);
  pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = { ...pod.metadata.labels, [podNameLabel]: pod.metadata.name, [podIndexLabel]: String(ordinal) };
}

/** metav1.NewControllerRef(set, StatefulSet). */
export function statefulSetRef(set: Set): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name!, uid: set.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/**
 * newStatefulSetPod: GetPodFromTemplate (labels, annotations, finalizers, spec, generateName
 * `<set>-`, as real StatefulSet pods show), then the identity, hostname/subdomain and storage.
 */
export function newStatefulSetPod(set: Set, ordinal: number): KubeObject {
  const template = set.spec?.template ?? {};
  const metadata: KubeObject['metadata'] = { name: podName(set, ordinal), generateName: `${set.metadata.name}-`, namespace: set.metadata.namespace, labels: { ...template.metadata?.labels }, ownerReferences: [statefulSetRef(set)] };
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) metadata.annotations = { ...template.metadata.annotations };
  if (template.metadata?.finalizers?.length) metadata.finalizers = [...template.metadata.finalizers];
  const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata, spec: structuredClone(template.spec ?? {}) };
  withIdentity(set, pod);
  pod.spec.hostname = pod.metadata.name;
  if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
  withStorage(set, pod);
  return pod;
}

/**
 * newVersionedStatefulSetPod: ordinals below the partition are built from the current revision,
 * the rest from the update revision (k/k's operator precedence kept as it is).
 */
export function newVersionedStatefulSetPod(currentSet: Set, updateSet: Set, currentRevision: string, updateRevision: string, ordinal: number): KubeObject {
  const strategy = currentSet.spec?.updateStrategy ?? {};
  const start = startOrdinal(currentSet);
  const fromCurrent =
    (strategy.type === 'RollingUpdate' && !strategy.rollingUpdate && ordinal < start + (currentSet.status?.currentReplicas ?? 0)) ||
    (strategy.rollingUpdate && ordinal < start + (strategy.rollingUpdate.partition ?? 0));
  const pod = newStatefulSetPod(fromCurrent ? currentSet : updateSet, ordinal);
  pod.metadata.labels![revisionHashLabel] = fromCurrent ? currentRevision : updateRevision;
  return pod;
}

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
  availableReplicas: number;
  conditions?: unknown[];
}

/** updateStatus/computeReplicaStatus: counts over every pod list given. */
export function countReplicas(status: StatefulSetStatus, minReadySeconds: number, now: number, ...lists: readonly Pod[][]): void {
  Object.assign(status, { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 });
  for (const pod of lists.flat()) {
    if (!pod) continue;
    if (isCreated(pod)) status.replicas++;
    if (isRunningAndReady(pod)) {
      status.readyReplicas!++;
      if (isRunningAndAvailable(pod, minReadySeconds, now)) status.availableReplicas++;
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      if (podRevision(pod) === status.currentRevision) status.currentReplicas!++;
      if (podRevision(pod) === status.updateRevision) status.updatedReplicas!++;
    }
  }
}

/** completeRollingUpdate: once every replica is updated and ready, the update becomes current. */
export function completeRollingUpdate(set: Set, status: StatefulSetStatus): void {
  const replicas = set.spec?.replicas ?? 1;
  if (set.spec?.updateStrategy?.type === 'RollingUpdate' && status.updatedReplicas === replicas && status.readyReplicas === replicas && status.replicas === replicas) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
}

/** inconsistentStatus: the computed status differs from the stored one. */
export function isStatusChanged(set: Set, status: StatefulSetStatus): boolean {
  const old = set.status ?? {};
  if ((status.observedGeneration ?? 0) > (old.observedGeneration ?? 0)) return true;
  const fields = ['replicas', 'currentReplicas', 'readyReplicas', 'updatedReplicas', 'availableReplicas'] as const;
  return fields.some((f) => (status[f] ?? 0) !== (old[f] ?? 0)) || (status.currentRevision ?? '') !== (old.currentRevision ?? '') || (status.updateRevision ?? '') !== (old.updateRevision ?? '');
}

/** The status as the API shows it: Go's omitempty drops zero counts and empty revisions. */
export function statusForApi(status: StatefulSetStatus): StatefulSetStatus {
  // Keys in apps/v1 StatefulSetStatus field order, which is what `-o json` shows.
  const order = ['observedGeneration', 'replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'currentRevision', 'updateRevision', 'collisionCount', 'conditions', 'availableReplicas'] as const;
  const always = new Set(['replicas', 'collisionCount', 'availableReplicas']);
  const out: Record<string, unknown> = {};
  for (const key of order) if (always.has(key) || status[key]) out[key] = status[key] ?? 0;
  return out as unknown as StatefulSetStatus;
}
