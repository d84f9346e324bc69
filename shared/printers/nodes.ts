/**
 * `kubectl get nodes`: NAME STATUS ROLES AGE VERSION, plus addresses and node info for -o wide.
 * STATUS is Ready/NotReady from the Ready condition (Unknown without one) and gains
 * `,SchedulingDisabled` when cordoned; a dead kubelet shows NotReady (§12, §13.2).
 */
import type { KubeObject } from '../api/meta.js';
import { age, ageColumn, column, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

const rolePrefix = 'node-role.kubernetes.io/';
const legacyRoleLabel = 'kubernetes.io/role';
/** STATUS: the Ready condition as `Ready`/`NotReady`, `Unknown` without one, plus `,SchedulingDisabled`. */
export function nodeStatus(node: KubeObject): string {
  const readyCondition = (node.status?.conditions ?? []).find((c: { type?: string }) => c.type === 'Ready');
  const status = [readyCondition ? (readyCondition.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** ROLES: sorted `node-role.kubernetes.io/<role>` suffixes and `kubernetes.io/role` values, or `<none>`. */
export function nodeRoles(node: KubeObject): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(rolePrefix) && key.length > rolePrefix.length) roles.add(key.slice(rolePrefix.length));
    else if (key === legacyRoleLabel && value !== '') roles.add(value);
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

function address(node: KubeObject, type: string): string {
  return (node.status?.addresses ?? []).find((a: { type?: string }) => a.type === type)?.address ?? '<none>';
}

export const nodePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn,
    column('Version', 'string', apiDocs['NodeSystemInfo.kubeletVersion']),
    column('Internal-IP', 'string', apiDocs['NodeStatus.addresses'], 1),
    column('External-IP', 'string', apiDocs['NodeStatus.addresses'], 1),
    column('OS-Image', 'string', apiDocs['NodeSystemInfo.osImage'], 1),
    column('Kernel-Version', 'string', apiDocs['NodeSystemInfo.kernelVersion'], 1),
    column('Container-Runtime', 'string', apiDocs['NodeSystemInfo.containerRuntimeVersion'], 1),
  ],
  cells(node, now) {
    const info = node.status?.nodeInfo ?? {};
    return [
      node.metadata.name ?? '',
      nodeStatus(node),
      nodeRoles(node),
      age(node, now),
      info.kubeletVersion ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};
