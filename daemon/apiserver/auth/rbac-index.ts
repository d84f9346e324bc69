/**
 * The RBAC objects the authorizer reads, kept in memory and indexed by subject, as kube-apiserver's
 * RBAC authorizer reads them from its informers' listers: ClusterRoles and Roles by name, and
 * ClusterRoleBindings and each namespace's RoleBindings by the subjects they name (`User:bob`,
 * `Group:system:authenticated`, `ServiceAccount:ns/name`), so a request costs a few map lookups.
 * The index follows the store through watches on the four RBAC prefixes and is rebuilt, lazily,
 * on the first request after a change: RBAC objects change rarely and number in the hundreds.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { resourcePrefix } from '../../store/key-layout.js';
import type { Store } from '../../store/store.js';
import { WatchedSnapshot } from '../watched-snapshot.js';
import type { PolicyRule, Subject } from './rbac-rules.js';

const rbacGroup = 'rbac.authorization.k8s.io';
const prefixes = {
  clusterRoles: resourcePrefix(rbacGroup, 'clusterroles'),
  roles: resourcePrefix(rbacGroup, 'roles'),
  clusterRoleBindings: resourcePrefix(rbacGroup, 'clusterrolebindings'),
  roleBindings: resourcePrefix(rbacGroup, 'rolebindings'),
};

export interface IndexedBinding {
  kind: 'ClusterRoleBinding' | 'RoleBinding';
  name: string;
  /** '' for a ClusterRoleBinding. */
  namespace: string;
  roleRef: { kind: string; name: string };
  subjects: readonly Subject[];
}

export interface RbacSnapshot {
  clusterRoles: Map<string, readonly PolicyRule[]>;
  /** By `namespace/name`. */
  roles: Map<string, readonly PolicyRule[]>;
  clusterRoleBindings: Map<string, IndexedBinding[]>;
  /** namespace → subject key → bindings. */
  roleBindings: Map<string, Map<string, IndexedBinding[]>>;
}

/** The index key of a subject; a ServiceAccount's namespace defaults to its binding's. */
export function subjectKey(subject: Subject, bindingNamespace: string): string | undefined {
  if (subject.kind === 'User' || subject.kind === 'Group') return `${subject.kind}:${subject.name}`;
  if (subject.kind === 'ServiceAccount') {
    const namespace = subject.namespace || bindingNamespace;
    return namespace ? `ServiceAccount:${namespace}/${subject.name}` : undefined;
  }
  return undefined;
}

export class RbacIndex {
  private readonly snapshot: WatchedSnapshot<RbacSnapshot>;

  constructor(private readonly store: Store) {
    this.snapshot = new WatchedSnapshot(store, Object.values(prefixes), () => this.build(), 'rbac');
  }

  /** The current index, rebuilt if an RBAC object changed since the last call. */
  current(): RbacSnapshot {
    return this.snapshot.current();
  }

  close(): void {
    this.snapshot.close();
  }

  private build(): RbacSnapshot {
    const clusterRoles = new Map<string, readonly PolicyRule[]>();
    for (const entry of this.store.list(prefixes.clusterRoles)) clusterRoles.set(entry.object.metadata.name ?? '', rulesOf(entry.object));
    const roles = new Map<string, readonly PolicyRule[]>();
    for (const entry of this.store.list(prefixes.roles)) roles.set(`${entry.object.metadata.namespace}/${entry.object.metadata.name}`, rulesOf(entry.object));
    const clusterRoleBindings = new Map<string, IndexedBinding[]>();
    for (const entry of this.store.list(prefixes.clusterRoleBindings)) addBinding(clusterRoleBindings, binding('ClusterRoleBinding', entry.object));
    const roleBindings = new Map<string, Map<string, IndexedBinding[]>>();
    for (const entry of this.store.list(prefixes.roleBindings)) {
      const b = binding('RoleBinding', entry.object);
      let byNamespace = roleBindings.get(b.namespace);
      if (!byNamespace) roleBindings.set(b.namespace, (byNamespace = new Map()));
      addBinding(byNamespace, b);
    }
    return { clusterRoles, roles, clusterRoleBindings, roleBindings };
  }
}

function rulesOf(obj: Readonly<KubeObject>): readonly PolicyRule[] {
  return ((obj as { rules?: PolicyRule[] }).rules ?? []) as readonly PolicyRule[];
}

function binding(kind: IndexedBinding['kind'], obj: Readonly<KubeObject>): IndexedBinding {
  const { roleRef, subjects } = obj as { roleRef?: { kind?: string; name?: string }; subjects?: Subject[] };
  return {
    kind,
    name: obj.metadata.name ?? '',
    namespace: kind === 'RoleBinding' ? (obj.metadata.namespace ?? '') : '',
    roleRef: { kind: roleRef?.kind ?? '', name: roleRef?.name ?? '' },
    subjects: subjects ?? [],
  };
}

function addBinding(index: Map<string, IndexedBinding[]>, b: IndexedBinding): void {
  const keys = new Set<string>();
  for (const subject of b.subjects) {
    const key = subjectKey(subject, b.namespace);
    if (key) keys.add(key);
  }
  for (const key of keys) {
    const list = index.get(key);
    if (list) list.push(b);
    else index.set(key, [b]);
  }
}
