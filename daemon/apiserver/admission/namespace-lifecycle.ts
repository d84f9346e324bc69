/**
 * NamespaceLifecycle admission: no new content in a namespace that does not exist or is being
 * terminated, and the system namespaces can never be deleted (kube-apiserver's plugin).
 */
import { forbidden, notFound, type GroupResource } from '../../../shared/api/errors.js';
import type { Store } from '../../store/store.js';
import { storageKey } from '../../store/key-layout.js';

const immortalNamespaces = new Set(['default', 'kube-system', 'kube-public']);

export function admitCreateInNamespace(store: Store, gr: GroupResource, namespace: string, name: string): void {
  const ns = store.get(storageKey('', 'namespaces', undefined, namespace));
  if (!ns) throw notFound({ group: '', resource: 'namespaces' }, namespace);
  // Events about a terminating namespace's objects are still let in, as the real plugin does.
  if (ns.object.status?.phase === 'Terminating' && !(gr.resource === 'events')) {
    const err = forbidden(gr, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
    // Controllers recognise this case by its cause, as they do against a real apiserver.
    err.status.details = { ...err.status.details, causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }] };
    throw err;
  }
}

export function admitNamespaceDelete(name: string): void {
  if (immortalNamespaces.has(name)) throw forbidden({ group: '', resource: 'namespaces' }, name, 'this namespace may not be deleted');
}
