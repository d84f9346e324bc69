import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootstrapClusterRoles } from '../../../../daemon/apiserver/bootstrap-rbac-policy.js';
import { clusterRoleObject, resolvedRules } from '../../../../daemon/apiserver/bootstrap-rbac.js';

const role = (name: string) => bootstrapClusterRoles.find((r) => r.name === name)!;

describe('bootstrap ClusterRoles', () => {
  it('fills view from system:aggregate-to-view, edit from aggregate-to-edit then view, admin from edit then aggregate-to-admin', () => {
    assert.deepEqual(resolvedRules(role('view')), role('system:aggregate-to-view').rules);
    assert.deepEqual(resolvedRules(role('edit')), [...role('system:aggregate-to-edit').rules, ...role('system:aggregate-to-view').rules]);
    assert.deepEqual(resolvedRules(role('admin')), [...resolvedRules(role('edit')), ...role('system:aggregate-to-admin').rules]);
  });

  it('labels and annotates the apiserver roles and keeps their aggregationRule', () => {
    const view = clusterRoleObject(role('view'));
    assert.deepEqual(view.metadata, {
      name: 'view',
      labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' },
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
    });
    assert.deepEqual(view.aggregationRule, { clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }] });
    assert.deepEqual(clusterRoleObject(role('system:coredns')).metadata, { name: 'system:coredns' });
  });
});
