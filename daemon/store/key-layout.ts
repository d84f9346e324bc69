/**
 * Where objects live in the store, as etcd lays out a real cluster:
 * `/registry/<group or core>/<resource>/<namespace>/<name>` for namespaced objects and
 * `/registry/<group or core>/<resource>/<name>` for cluster-scoped ones.
 */

export function resourcePrefix(group: string, resource: string): string {
  return `/registry/${group || 'core'}/${resource}/`;
}

export function namespacePrefix(group: string, resource: string, namespace: string): string {
  return `${resourcePrefix(group, resource)}${namespace}/`;
}

export function storageKey(group: string, resource: string, namespace: string | undefined, name: string): string {
  return namespace ? `${resourcePrefix(group, resource)}${namespace}/${name}` : `${resourcePrefix(group, resource)}${name}`;
}

/** The resource prefix a key belongs to: the first three path segments. */
export function prefixOfKey(key: string): string {
  let slashes = 0;
  for (let i = 0; i < key.length; i++) {
    if (key.charCodeAt(i) === 47 && ++slashes === 4) return key.slice(0, i + 1);
  }
  return key;
}

/** Key of the global revision counter; outside /registry so no list ever sees it. */
export const revisionKey = '~meta/revision';
