import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterRoleBindingStrategy, clusterRoleStrategy, roleBindingStrategy, roleStrategy } from '../../../../../daemon/apiserver/registry/rbac.js';
import { create, update } from './run-strategy.js';

const podReader = { metadata: { name: 'pod-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] };

describe('Role and ClusterRole', () => {
  it('accepts a rule with groups, resources and verbs, and names with colons', () => {
    assert.deepEqual(create(roleStrategy, podReader).errors, []);
    assert.deepEqual(create(clusterRoleStrategy, { metadata: { name: 'system:pod-reader' }, rules: podReader.rules }, false).errors, []);
  });

  it('names the missing parts of a rule with the apiserver messages', () => {
    const { errors } = create(roleStrategy, { metadata: { name: 'r' }, rules: [{}] });
    assert.deepEqual(errors, [
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[0].resources: Required value: resource rules must supply at least one resource',
    ]);
  });

  it('refuses non-resource URLs in a namespaced Role and mixed rules anywhere', () => {
    const rule = { nonResourceURLs: ['/healthz'], resources: ['pods'], apiGroups: [''], verbs: ['get'] };
    assert.deepEqual(create(roleStrategy, { metadata: { name: 'r' }, rules: [rule] }).errors, [
      'rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
      'rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: rules cannot apply to both regular resources and non-resource URLs',
    ]);
    assert.deepEqual(create(clusterRoleStrategy, { metadata: { name: 'health' }, rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] }, false).errors, []);
  });

  it('refuses resource names across several resources', () => {
    const rule = { apiGroups: [''], resources: ['pods', 'services'], resourceNames: ['web'], verbs: ['get'] };
    assert.deepEqual(create(roleStrategy, { metadata: { name: 'r' }, rules: [rule] }).errors, ['rules[0].resourceNames: Required value: resource names cannot apply to multiple resources']);
  });

  it('refuses an aggregationRule without selectors', () => {
    assert.deepEqual(create(clusterRoleStrategy, { metadata: { name: 'agg' }, aggregationRule: {} }, false).errors, [
      'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
    ]);
  });

  it('only forbids slashes and percent signs in names', () => {
    assert.deepEqual(create(roleStrategy, { metadata: { name: 'a/b' }, rules: [] }).errors, ['metadata.name: Invalid value: "a/b": may not contain \'/\'']);
  });
});

describe('RoleBinding and ClusterRoleBinding', () => {
  const binding = {
    metadata: { name: 'read-pods' },
    roleRef: { kind: 'Role', name: 'pod-reader' },
    subjects: [{ kind: 'User', name: 'jane' }, { kind: 'ServiceAccount', name: 'default', namespace: 'default' }],
  };

  it('defaults the RBAC group on roleRef and on User and Group subjects only', () => {
    const { obj, errors } = create(roleBindingStrategy, binding);
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.roleRef, { kind: 'Role', name: 'pod-reader', apiGroup: 'rbac.authorization.k8s.io' });
    assert.deepEqual(obj.subjects, [
      { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'default', namespace: 'default' },
    ]);
  });

  it('lets a ClusterRoleBinding reference ClusterRoles only and needs service account namespaces', () => {
    const { errors } = create(clusterRoleBindingStrategy, { metadata: { name: 'x' }, roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] }, false);
    assert.deepEqual(errors, ['roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"', 'subjects[0].namespace: Required value']);
  });

  it('refuses unknown subject kinds and a missing role name', () => {
    const { errors } = create(roleBindingStrategy, { metadata: { name: 'x' }, roleRef: { kind: 'ClusterRole' }, subjects: [{ kind: 'Robot', name: 'r2' }] });
    assert.deepEqual(errors, ['roleRef.name: Required value', 'subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"']);
  });

  it('never lets roleRef change', () => {
    const stored = create(roleBindingStrategy, binding).obj;
    const { errors } = update(roleBindingStrategy, stored, (o) => (o.roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }));
    assert.deepEqual(errors, ['roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"view"}: cannot change roleRef']);
  });
});
