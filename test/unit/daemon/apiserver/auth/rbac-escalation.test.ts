// RBAC's escalation prevention: a user may write a Role or bind a role only with the permissions
// it grants (or escalate/bind on it), and the refusal lists the missing rules as kube-apiserver does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApiStore } from '../../../../helpers/api-store.js';
import { RbacAuthorizer } from '../../../../../daemon/apiserver/auth/rbac-authorizer.js';
import { breakdownRule, compactString, rbacWriteCheck, ruleCovers } from '../../../../../daemon/apiserver/auth/rbac-escalation.js';
import { findResource } from '../../../../../shared/api/resources.js';
import { isStatusError } from '../../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';

const rbac = (resource: string) => ({ group: 'rbac.authorization.k8s.io', version: 'v1', resource });
const roles = findResource('rbac.authorization.k8s.io', 'v1', 'roles')!;
const roleBindings = findResource('rbac.authorization.k8s.io', 'v1', 'rolebindings')!;
const clusterRoles = findResource('rbac.authorization.k8s.io', 'v1', 'clusterroles')!;
const sam = { username: 'sam', groups: ['system:authenticated'] };

function refusal(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    if (isStatusError(err)) return `${err.code} ${err.message}`;
    throw err;
  }
  return 'allowed';
}

describe('rule coverage', () => {
  it('breaks a rule down per group, resource, verb and name', () => {
    assert.deepEqual(breakdownRule({ apiGroups: [''], resources: ['pods', 'secrets'], verbs: ['get'], resourceNames: ['a'] }), [
      { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['a'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['a'] },
    ]);
  });
  it('covers with stars, */subresource and unnamed rules, never a named rule for all names', () => {
    assert.equal(ruleCovers({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { apiGroups: ['apps'], resources: ['deployments'], verbs: ['delete'] }), true);
    assert.equal(ruleCovers({ apiGroups: ['apps'], resources: ['*/scale'], verbs: ['get'] }, { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['get'] }), true);
    assert.equal(ruleCovers({ apiGroups: [''], resources: ['pods'], verbs: ['get'] }, { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['x'] }), true);
    assert.equal(ruleCovers({ apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['x'] }, { apiGroups: [''], resources: ['pods'], verbs: ['get'] }), false);
    assert.equal(ruleCovers({ nonResourceURLs: ['/apis/*'], verbs: ['get'] }, { nonResourceURLs: ['/apis/apps'], verbs: ['get'] }), true);
  });
  it('prints rules as CompactString does', () => {
    assert.equal(compactString({ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }), '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}');
    assert.equal(compactString({ nonResourceURLs: ['/metrics'], verbs: ['get'] }), '{NonResourceURLs:["/metrics"], Verbs:["get"]}');
  });
});

describe('rbacWriteCheck', () => {
  it('refuses a Role with rights its author lacks, allows one within them, and lets escalate through', async (t) => {
    const { store, client } = await startApiStore(t);
    const authorizer = new RbacAuthorizer(store);
    t.after(() => authorizer.index.close());
    await client.create(rbac('roles'), 'default', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'role-maker' }, rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['create'] }, { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] } as KubeObject);
    await client.create(rbac('rolebindings'), 'default', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'sam' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'role-maker' }, subjects: [{ kind: 'User', name: 'sam', apiGroup: 'rbac.authorization.k8s.io' }] } as KubeObject);
    const check = rbacWriteCheck(authorizer, sam);
    const role = (rules: unknown[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'peek', namespace: 'default' }, rules }) as KubeObject;
    assert.equal(refusal(() => check(roles, role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]), undefined)), 'allowed');
    assert.equal(
      refusal(() => check(roles, role([{ apiGroups: [''], resources: ['pods', 'secrets'], verbs: ['get', 'list'] }]), undefined)),
      '403 roles.rbac.authorization.k8s.io "peek" is forbidden: user "sam" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}',
    );
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'sam-edit', namespace: 'default' }, roleRef: { kind: 'ClusterRole', name: 'view' } } as KubeObject;
    assert.match(refusal(() => check(roleBindings, binding, undefined)), /^403 rolebindings.rbac.authorization.k8s.io "sam-edit" is forbidden: user "sam" \(groups=\["system:authenticated"\]\) is attempting to grant RBAC permissions not currently held:\n\{APIGroups:\[""\], Resources:\["bindings"\], Verbs:\["get" "list" "watch"\]\}\n\{APIGroups:\[""\], Resources:\["configmaps"\], Verbs:\["get" "list" "watch"\]\}\n/);
    // sam may get and list pods already: only watch is missing.
    assert.match(refusal(() => check(roleBindings, binding, undefined)), /\n\{APIGroups:\[""\], Resources:\["pods"\], Verbs:\["watch"\]\}\n/);
    assert.equal(refusal(() => check(roleBindings, { ...binding, roleRef: { kind: 'ClusterRole', name: 'nope' } } as KubeObject, undefined)), '404 clusterrole.rbac.authorization.k8s.io "nope" not found');
    assert.equal(refusal(() => rbacWriteCheck(authorizer, { username: 'sam', groups: ['system:masters'] })(roleBindings, binding, undefined)), 'allowed');
    // A finalizer or owner reference added to a binding is the garbage collector's business, not a grant.
    const withFinalizer = { ...binding, metadata: { ...binding.metadata, finalizers: ['example.com/keep'] } } as KubeObject;
    assert.equal(refusal(() => check(roleBindings, withFinalizer, binding)), 'allowed');
  });
  it('refuses an aggregationRule to anyone without full authority, even with no rules to grant', async (t) => {
    const { store, client } = await startApiStore(t);
    const authorizer = new RbacAuthorizer(store);
    t.after(() => authorizer.index.close());
    await client.create(rbac('clusterroles'), undefined, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'role-maker' }, rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['create', 'update'] }] } as KubeObject);
    await client.create(rbac('clusterrolebindings'), undefined, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'sam' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'role-maker' }, subjects: [{ kind: 'User', name: 'sam', apiGroup: 'rbac.authorization.k8s.io' }] } as KubeObject);
    const check = rbacWriteCheck(authorizer, sam);
    // Selecting cluster-admin by its label would otherwise hand sam every right once the controller fills the rules in.
    const aggregated = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'grab' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } }] } } as KubeObject;
    const expected = '403 clusterroles.rbac.authorization.k8s.io "grab" is forbidden: must have cluster-admin privileges to use the aggregationRule';
    assert.equal(refusal(() => check(clusterRoles, aggregated, undefined)), expected);
    const plain = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'grab' }, rules: [] } as unknown as KubeObject;
    assert.equal(refusal(() => check(clusterRoles, plain, undefined)), 'allowed');
    // Dropping an aggregationRule (which would freeze the gathered rules) needs the same authority.
    assert.equal(refusal(() => check(clusterRoles, plain, aggregated)), expected);
    assert.equal(refusal(() => rbacWriteCheck(authorizer, { username: 'root', groups: ['system:masters'] })(clusterRoles, aggregated, undefined)), 'allowed');
  });
});
