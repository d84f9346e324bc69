/**
 * Object keys: `namespace/name` for namespaced objects, `name` for cluster-scoped ones. The only
 * place that builds or splits them (STYLE §2.5).
 */
import type { KubeObject } from './meta.js';

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function keyOf(obj: Pick<KubeObject, 'metadata'>): string {
  return objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: undefined, name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
