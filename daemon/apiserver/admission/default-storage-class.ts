/**
 * DefaultStorageClass admission (kube-apiserver's plugin, on by default): a PersistentVolumeClaim
 * created without `spec.storageClassName` gets the default StorageClass's name (the class annotated
 * `storageclass.kubernetes.io/is-default-class: "true"`, the newest if several are), so
 * `kubectl get pvc -o yaml` shows `storageClassName: standard` from the first response, as on kind.
 * An explicit `""` stays: it asks for no class. Without a default class nothing is set.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { resourcePrefix } from '../../store/key-layout.js';
import type { Store } from '../../store/store.js';

const annDefaultClass = 'storageclass.kubernetes.io/is-default-class';
const annBetaDefaultClass = 'storageclass.beta.kubernetes.io/is-default-class';

/** GetDefaultClass: the newest default class; equal times go to the first name. */
export function defaultStorageClassName(store: Store): string | undefined {
  let found: KubeObject | undefined;
  for (const entry of store.list(resourcePrefix('storage.k8s.io', 'storageclasses'))) {
    const sc = entry.object as KubeObject;
    const annotations = sc.metadata.annotations ?? {};
    if (annotations[annDefaultClass] !== 'true' && annotations[annBetaDefaultClass] !== 'true') continue;
    if (!found) {
      found = sc;
      continue;
    }
    const [a, b] = [sc.metadata.creationTimestamp ?? '', found.metadata.creationTimestamp ?? ''];
    if (a > b || (a === b && sc.metadata.name! < found.metadata.name!)) found = sc;
  }
  return found?.metadata.name;
}

/** Sets the claim's class to the default one when it names none; other resources are left alone. */
export function admitDefaultStorageClass(store: Store, resource: string, obj: KubeObject): void {
  if (resource !== 'persistentvolumeclaims') return;
  const spec = (obj.spec ??= {});
  if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
  const name = defaultStorageClassName(store);
  if (name) spec.storageClassName = name;
}
