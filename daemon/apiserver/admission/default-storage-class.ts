/**
 * DefaultStorageClass admission (kube-apiserver's plugin, on by default): a PersistentVolumeClaim
 * created without `spec.storageClassName` gets the default StorageClass's name (the class annotated
 * `storageclass.kubernetes.io/is-default-class: "true"`, the newest if several are), so
 * `kubectl get pvc -o yaml` shows `storageClassName: standard` from the first response, as on kind.
 * An explicit `""` stays: it asks for no class. Without a default class nothing is set.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { defaultClass } from '../../controllers/persistentvolume-binding.js';
import { resourcePrefix } from '../../store/key-layout.js';
import type { Store } from '../../store/store.js';

/** GetDefaultClass over the stored classes (the persistentvolume controller's rule, shared). */
export function defaultStorageClassName(store: Store): string | undefined {
  return defaultClass(store.list(resourcePrefix('storage.k8s.io', 'storageclasses')).map((entry) => entry.object as KubeObject))?.metadata.name;
}

/** Sets the claim's class to the default one when it names none; other resources are left alone. */
export function admitDefaultStorageClass(store: Store, resource: string, obj: KubeObject): void {
  if (resource !== 'persistentvolumeclaims') return;
  const spec = (obj.spec ??= {});
  if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
  const name = defaultStorageClassName(store);
  if (name) spec.storageClassName = name;
}
