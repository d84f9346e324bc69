/**
 * The PersistentVolume controller's matching rules, as pure functions (k/k
 * `pkg/controller/volume/persistentvolume/index.go` findMatchingVolume, `pv_controller.go`
 * checkVolumeSatisfyClaim, `component-helpers/storage/volume` helpers): which volume a claim gets,
 * why a requested one does not fit, the claimRef the binding writes, and the annotation names.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { objectKey } from '../../shared/api/keys.js';
import { selectorFromLabelSelector } from '../../shared/labels.js';
import { compareQuantities, parseQuantity, quantityValue } from '../../shared/quantity.js';

export const annBindCompleted = 'pv.kubernetes.io/bind-completed';
export const annBoundByController = 'pv.kubernetes.io/bound-by-controller';
export const annDynamicallyProvisioned = 'pv.kubernetes.io/provisioned-by';
export const annSelectedNode = 'volume.kubernetes.io/selected-node';
export const annStorageProvisioner = 'volume.kubernetes.io/storage-provisioner';
export const annBetaStorageProvisioner = 'volume.beta.kubernetes.io/storage-provisioner';
export const annDefaultClass = 'storageclass.kubernetes.io/is-default-class';
export const annBetaDefaultClass = 'storageclass.beta.kubernetes.io/is-default-class';

/** The class a claim asks for; `""` when none (GetPersistentVolumeClaimClass). */
export function claimClass(claim: Readonly<KubeObject>): string {
  return claim.spec?.storageClassName ?? '';
}

export function volumeClass(volume: Readonly<KubeObject>): string {
  return volume.spec?.storageClassName ?? '';
}

/** The default StorageClass: the newest of those annotated default (GetDefaultClass). */
export function defaultClass(classes: readonly Readonly<KubeObject>[]): Readonly<KubeObject> | undefined {
  const defaults = classes.filter((c) => c.metadata.annotations?.[annDefaultClass] === 'true' || c.metadata.annotations?.[annBetaDefaultClass] === 'true');
  return defaults.sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || (a.metadata.name! < b.metadata.name! ? -1 : 1))[0];
}

/** The volume's claimRef names this claim, with its uid or none yet (IsVolumeBoundToClaim). */
export function isVolumeBoundToClaim(volume: Readonly<KubeObject>, claim: Readonly<KubeObject>): boolean {
  const ref = volume.spec?.claimRef;
  if (!ref || ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

/** ref.GetReference(claim): what a binding writes into `spec.claimRef`. */
export function claimReference(claim: Readonly<KubeObject>): Record<string, string> {
  return { kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace!, name: claim.metadata.name!, uid: claim.metadata.uid!, apiVersion: 'v1', resourceVersion: claim.metadata.resourceVersion! };
}

/** The volume offers every access mode the claim asks for (CheckAccessModes). */
export function hasAccessModes(claim: Readonly<KubeObject>, volume: Readonly<KubeObject>): boolean {
  const offered = new Set<string>(volume.spec?.accessModes ?? []);
  return (claim.spec?.accessModes ?? []).every((mode: string) => offered.has(mode));
}

export function volumeModeMismatch(claim: Readonly<KubeObject>, volume: Readonly<KubeObject>): boolean {
  return (claim.spec?.volumeMode ?? 'Filesystem') !== (volume.spec?.volumeMode ?? 'Filesystem');
}

/** checkVolumeSatisfyClaim: why a volume the claim names cannot be bound to it, if it cannot. */
export function volumeMismatch(volume: Readonly<KubeObject>, claim: Readonly<KubeObject>): string | undefined {
  if (volume.metadata.deletionTimestamp) return `the volume is marked for deletion "${volume.metadata.name}"`;
  if (quantityValue(parseQuantity(volume.spec?.capacity?.storage ?? '0')) < quantityValue(parseQuantity(requestOf(claim)))) return 'requested PV is too small';
  if (volumeClass(volume) !== claimClass(claim)) return 'storageClassName does not match';
  if (volumeModeMismatch(claim, volume)) return 'incompatible volumeMode';
  if (!hasAccessModes(claim, volume)) return 'incompatible accessMode';
  return undefined;
}

export function requestOf(claim: Readonly<KubeObject>): string {
  return claim.spec?.resources?.requests?.storage ?? '0';
}

/**
 * findMatchingVolume: a volume pre-bound to the claim wins; otherwise the smallest Available,
 * unclaimed volume of the claim's class, modes and selector that is big enough. With delayed
 * binding and no node chosen yet only pre-bound volumes count. `nodeLabels` is the chosen node's
 * labels, checked against each volume's required node affinity.
 */
export function findBestMatch(claim: Readonly<KubeObject>, volumes: readonly Readonly<KubeObject>[], delayBinding: boolean, nodeLabels?: Readonly<Record<string, string>>): Readonly<KubeObject> | undefined {
  const requested = parseQuantity(requestOf(claim));
  const selector = claim.spec?.selector ? selectorFromLabelSelector(claim.spec.selector) : undefined;
  let best: Readonly<KubeObject> | undefined;
  for (const volume of volumes) {
    if (volume.metadata.deletionTimestamp || volumeModeMismatch(claim, volume) || !hasAccessModes(claim, volume)) continue;
    const fitsNode = nodeLabels === undefined || matchesNodeAffinity(volume, nodeLabels);
    if (isVolumeBoundToClaim(volume, claim)) return fitsNode ? volume : undefined;
    if (nodeLabels === undefined && delayBinding) continue;
    if (volume.status?.phase !== 'Available' || volume.spec?.claimRef) continue;
    if (selector && !selector.matches(volume.metadata.labels)) continue;
    if (volumeClass(volume) !== claimClass(claim) || !fitsNode) continue;
    const size = parseQuantity(volume.spec?.capacity?.storage ?? '0');
    if (compareQuantities(size, requested) < 0) continue;
    if (!best || compareQuantities(parseQuantity(best.spec.capacity.storage), size) > 0) best = volume;
  }
  return best;
}

/** The volume's required node affinity admits a node with these labels (no affinity admits all). */
export function matchesNodeAffinity(volume: Readonly<KubeObject>, nodeLabels: Readonly<Record<string, string>>): boolean {
  const terms: { matchExpressions?: { key: string; operator: string; values?: string[] }[] }[] = volume.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? [];
  if (terms.length === 0) return true;
  return terms.some((term) => (term.matchExpressions ?? []).every((e) => matchesExpression(e, nodeLabels)));
}

function matchesExpression(e: { key: string; operator: string; values?: string[] }, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[e.key];
  const values = e.values ?? [];
  switch (e.operator) {
    case 'In': return value !== undefined && values.includes(value);
    case 'NotIn': return value === undefined || !values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt': return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt': return value !== undefined && Number(value) < Number(values[0]);
    default: return false;
  }
}

/** The claims a pod uses, as `namespace/name` keys: its PVC volumes and generic ephemeral volumes. */
export function claimKeysOf(pod: Readonly<KubeObject>): string[] {
  const namespace = pod.metadata.namespace;
  return (pod.spec?.volumes ?? []).flatMap((volume: { name: string; persistentVolumeClaim?: { claimName: string }; ephemeral?: unknown }) => {
    if (volume.persistentVolumeClaim?.claimName) return [objectKey(namespace, volume.persistentVolumeClaim.claimName)];
    if (volume.ephemeral) return [objectKey(namespace, `${pod.metadata.name}-${volume.name}`)];
    return [];
  });
}

/** IsPodTerminated as the volume controllers use it: the pod has finished. */
export function isPodTerminated(pod: Readonly<KubeObject>): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}
