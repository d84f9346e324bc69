/**
 * `kubectl get rolebindings` and `kubectl get clusterrolebindings` (printers.go printRoleBinding,
 * printClusterRoleBinding): NAME ROLE AGE, and with -o wide USERS GROUPS SERVICEACCOUNTS. ROLE is
 * `Kind/name` of roleRef; subjects are split by kind as rbac.SubjectsStrings does (service accounts
 * as `namespace/name`) and joined with ", ". Roles and ClusterRoles have no printer upstream: they
 * get the default NAME CREATED AT table.
 */
import type { KubeObject } from '../api/meta.js';
import { age, ageColumn, column, nameColumn } from './columns.js';
import type { Printer, TableColumnDefinition } from './table.js';

// rbac/v1beta1 swagger docs: printers.go quotes the v1beta1 types for these two columns.
const roleBindingRoleRefDoc =
  'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.';
const clusterRoleBindingRoleRefDoc = 'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.';

interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}

/** rbac.SubjectsStrings: users, groups, service accounts (`ns/name`) and anything else. */
export function subjectsStrings(subjects: readonly Subject[] | undefined): { users: string[]; groups: string[]; serviceAccounts: string[]; others: string[] } {
  const out = { users: [] as string[], groups: [] as string[], serviceAccounts: [] as string[], others: [] as string[] };
  for (const subject of subjects ?? []) {
    const name = subject.name ?? '';
    switch (subject.kind) {
      case 'ServiceAccount':
        out.serviceAccounts.push(`${subject.namespace ?? ''}/${name}`);
        break;
      case 'User':
        out.users.push(name);
        break;
      case 'Group':
        out.groups.push(name);
        break;
      default:
        out.others.push(`${subject.kind ?? ''}/${subject.namespace ?? ''}/${name}`);
    }
  }
  return out;
}

function bindingColumns(roleRefDoc: string, what: string): TableColumnDefinition[] {
  return [
    nameColumn(),
    column('Role', 'string', roleRefDoc),
    ageColumn,
    column('Users', 'string', `Users in the ${what}`, 1),
    column('Groups', 'string', `Groups in the ${what}`, 1),
    column('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`, 1),
  ];
}

function bindingCells(binding: KubeObject, now: number): unknown[] {
  const roleRef = binding.roleRef ?? {};
  const { users, groups, serviceAccounts } = subjectsStrings(binding.subjects);
  return [binding.metadata.name ?? '', `${roleRef.kind ?? ''}/${roleRef.name ?? ''}`, age(binding, now), users.join(', '), groups.join(', '), serviceAccounts.join(', ')];
}

export const roleBindingPrinter: Printer = { columns: bindingColumns(roleBindingRoleRefDoc, 'roleBinding'), cells: bindingCells };

export const clusterRoleBindingPrinter: Printer = { columns: bindingColumns(clusterRoleBindingRoleRefDoc, 'clusterRoleBinding'), cells: bindingCells };
