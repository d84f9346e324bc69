import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterRoleBindingPrinter, roleBindingPrinter } from '../../../../shared/printers/rolebindings.js';

const now = Date.parse('2024-01-01T12:00:00Z');

describe('roleBindingPrinter', () => {
  it('prints NAME ROLE AGE and the wide USERS GROUPS SERVICEACCOUNTS columns', () => {
    assert.deepEqual(
      roleBindingPrinter.columns.map((c) => [c.name, c.priority]),
      [['Name', 0], ['Role', 0], ['Age', 0], ['Users', 1], ['Groups', 1], ['ServiceAccounts', 1]],
    );
    const binding = {
      metadata: { name: 'read-pods', creationTimestamp: '2024-01-01T11:55:00Z' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [
        { kind: 'User', name: 'jane' },
        { kind: 'User', name: 'joe' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', name: 'ci', namespace: 'tools' },
      ],
    };
    assert.deepEqual(roleBindingPrinter.cells(binding, now), ['read-pods', 'Role/pod-reader', '5m', 'jane, joe', 'devs', 'tools/ci']);
  });

  it('prints empty subject cells for a binding without subjects', () => {
    const binding = { metadata: { name: 'system:node', creationTimestamp: '2024-01-01T11:00:00Z' }, roleRef: { kind: 'ClusterRole', name: 'system:node' } };
    assert.deepEqual(clusterRoleBindingPrinter.cells(binding, now), ['system:node', 'ClusterRole/system:node', '60m', '', '', '']);
  });
});
