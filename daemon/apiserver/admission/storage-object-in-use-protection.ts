/**
 * StorageObjectInUseProtection admission (kube-apiserver's plugin, on by default): every
 * PersistentVolumeClaim is created with the `kubernetes.io/pvc-protection` finalizer and every
 * PersistentVolume with `kubernetes.io/pv-protection`, as `-o yaml` and describe's `Finalizers:`
 * show on a real cluster. The pvc-protection and pv-protection controllers remove them once the
 * object is deleted and no longer in use; this plugin only adds them, on create.
 */
import type { KubeObject } from '../../../shared/api/meta.js';

export const pvcProtectionFinalizer = 'kubernetes.io/pvc-protection';
export const pvProtectionFinalizer = 'kubernetes.io/pv-protection';

/** Adds the protection finalizer a new claim or volume gets; other resources are left alone. */
export function admitStorageObjectInUseProtection(resource: string, obj: KubeObject): void {
  const finalizer = resource === 'persistentvolumeclaims' ? pvcProtectionFinalizer : resource === 'persistentvolumes' ? pvProtectionFinalizer : undefined;
  if (!finalizer) return;
  const finalizers = obj.metadata.finalizers ?? [];
  if (!finalizers.includes(finalizer)) obj.metadata.finalizers = [...finalizers, finalizer];
}
