/**
 * Creates the bootstrap ClusterRoles, ClusterRoleBindings and the kube-system / kube-public Roles
 * and RoleBindings (bootstrap-rbac-policy.ts, bootstrap-rbac-controller-roles.ts) at first start,
 * as kube-apiserver's RBAC post-start hook and kubeadm do; what exists is left alone, so a
 * learner's edits survive restarts. admin, edit and view are filled here from the roles their
 * aggregationRule selects (in name order, duplicates dropped, as the clusterrole-aggregation
 * controller does), so they are complete before that controller first runs.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { ensure } from './bootstrap.js';
import {
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
  bootstrapRoleBindings,
  bootstrapRoles,
  type BootstrapClusterRole,
  type BootstrapSubject,
  type PolicyRule,
} from './bootstrap-rbac-policy.js';
import { controllerClusterRoleBindings, controllerClusterRoles } from './bootstrap-rbac-controller-roles.js';

const rbacGroup = 'rbac.authorization.k8s.io';
const clusterRoles: ResourceRef = { group: rbacGroup, version: 'v1', resource: 'clusterroles' };
const clusterRoleBindings: ResourceRef = { group: rbacGroup, version: 'v1', resource: 'clusterrolebindings' };
const roles: ResourceRef = { group: rbacGroup, version: 'v1', resource: 'roles' };
const roleBindings: ResourceRef = { group: rbacGroup, version: 'v1', resource: 'rolebindings' };
const bootstrappingLabel = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const autoupdateAnnotation = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };

/** The rules of a role, its aggregation resolved from the table. */
export function resolvedRules(role: BootstrapClusterRole, roles: readonly BootstrapClusterRole[] = bootstrapClusterRoles): PolicyRule[] {
  if (!role.aggregateFrom) return role.rules;
  const label = role.aggregateFrom;
  const selected = roles.filter((r) => r.name !== role.name && r.labels?.[label] === 'true').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: PolicyRule[] = [];
  const seen = new Set<string>();
  for (const source of selected) {
    for (const rule of resolvedRules(source, roles)) {
      const key = JSON.stringify(rule);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(rule);
    }
  }
  return out;
}

/** The ClusterRole object of one table entry. */
export function clusterRoleObject(role: BootstrapClusterRole): KubeObject {
  const metadata = bootstrapMetadata(role.name, undefined, role.external, role.labels);
  const obj: KubeObject = { apiVersion: `${rbacGroup}/v1`, kind: 'ClusterRole', metadata, rules: resolvedRules(role) };
  if (role.aggregateFrom) obj.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [role.aggregateFrom]: 'true' } }] };
  return obj;
}

/** Metadata of a bootstrap object: the apiserver's carry the bootstrapping label and autoupdate annotation. */
function bootstrapMetadata(name: string, namespace: string | undefined, external: boolean | undefined, labels?: Record<string, string>): KubeObject['metadata'] {
  const metadata: KubeObject['metadata'] = namespace ? { name, namespace } : { name };
  if (external) return metadata;
  return { ...metadata, labels: { ...bootstrappingLabel, ...labels }, annotations: { ...autoupdateAnnotation } };
}

function subjectObjects(subjects: readonly BootstrapSubject[]): Record<string, string | undefined>[] {
  return subjects.map((s) => (s.kind === 'ServiceAccount' ? { kind: s.kind, name: s.name, namespace: s.namespace } : { apiGroup: rbacGroup, kind: s.kind, name: s.name }));
}

function bindingObject(kind: string, roleKind: string, binding: { name: string; role: string; subjects: readonly BootstrapSubject[]; external?: boolean; namespace?: string }): KubeObject {
  const obj: KubeObject = {
    apiVersion: `${rbacGroup}/v1`,
    kind,
    metadata: bootstrapMetadata(binding.name, binding.namespace, binding.external),
    roleRef: { apiGroup: rbacGroup, kind: roleKind, name: binding.role },
  };
  // The apiserver's system:node binding has no subjects at all (`subjects: null`), not an empty list.
  if (binding.subjects.length > 0) obj.subjects = subjectObjects(binding.subjects);
  return obj;
}

export async function bootstrapRbac(client: ApiClient): Promise<void> {
  // All at once: none depends on another, and the store writes concurrent creates in shared
  // batches, where one-by-one creates would each wait for their own write (start-up time).
  const creates: Promise<void>[] = [];
  for (const role of [...bootstrapClusterRoles, ...controllerClusterRoles]) creates.push(ensure(client, clusterRoles, undefined, clusterRoleObject(role)));
  for (const binding of [...bootstrapClusterRoleBindings, ...controllerClusterRoleBindings]) {
    creates.push(ensure(client, clusterRoleBindings, undefined, bindingObject('ClusterRoleBinding', 'ClusterRole', binding)));
  }
  for (const role of bootstrapRoles) {
    const obj: KubeObject = { apiVersion: `${rbacGroup}/v1`, kind: 'Role', metadata: bootstrapMetadata(role.name, role.namespace, role.external), rules: role.rules };
    creates.push(ensure(client, roles, role.namespace, obj));
  }
  for (const binding of bootstrapRoleBindings) creates.push(ensure(client, roleBindings, binding.namespace, bindingObject('RoleBinding', 'Role', binding)));
  await Promise.all(creates);
}
