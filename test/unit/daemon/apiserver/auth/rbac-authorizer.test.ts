// The RBAC authorizer over the bootstrap policy and a learner's own Roles and bindings: what any
// authenticated user may do (discovery, self-reviews), the classic ServiceAccount + Role +
// RoleBinding exercise, the reasons kube-apiserver gives, and the index following changes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApiStore } from '../../../../helpers/api-store.js';
import { RbacAuthorizer } from '../../../../../daemon/apiserver/auth/rbac-authorizer.js';
import type { RequestAttributes } from '../../../../../daemon/apiserver/auth/request-attributes.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';

const rbac = (resource: string) => ({ group: 'rbac.authorization.k8s.io', version: 'v1', resource });
const bob = { username: 'bob', groups: ['system:authenticated'] };
const reader = { username: 'system:serviceaccount:team:reader', groups: ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated'] };
const admin = { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };

const resource = (verb: string, res: string, namespace = '', extra: Partial<RequestAttributes> = {}): RequestAttributes => ({
  verb,
  isResourceRequest: true,
  path: '',
  apiGroup: '',
  apiVersion: 'v1',
  resource: res,
  subresource: '',
  namespace,
  name: '',
  ...extra,
});
const path = (p: string): RequestAttributes => ({ verb: 'get', isResourceRequest: false, path: p, apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '' });

describe('RbacAuthorizer', () => {
  it('lets every authenticated user discover the API and review itself, and nothing more', async (t) => {
    const { store } = await startApiStore(t);
    const authorizer = new RbacAuthorizer(store);
    t.after(() => authorizer.index.close());
    assert.deepEqual(authorizer.authorize(bob, path('/apis')), { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"' });
    assert.equal(authorizer.authorize(bob, path('/openapi/v3/apis/apps/v1')).allowed, true);
    assert.equal(authorizer.authorize(bob, path('/version')).allowed, true);
    assert.equal(authorizer.authorize(bob, resource('create', 'selfsubjectaccessreviews', '', { apiGroup: 'authorization.k8s.io' })).allowed, true);
    assert.deepEqual(authorizer.authorize(bob, resource('list', 'pods', 'default')), { allowed: false, reason: '' });
    assert.equal(authorizer.authorize(bob, path('/metrics')).allowed, false);
  });

  it('allows the admin through kubeadm\'s binding and system:masters through the privileged group', async (t) => {
    const { store } = await startApiStore(t);
    const authorizer = new RbacAuthorizer(store);
    t.after(() => authorizer.index.close());
    assert.deepEqual(authorizer.authorize(admin, resource('delete', 'nodes')), {
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"',
    });
    assert.deepEqual(authorizer.authorize({ username: 'bob', groups: ['system:masters', 'system:authenticated'] }, resource('delete', 'nodes')), { allowed: true, reason: '' });
  });

  it('follows a Role and RoleBinding created for a ServiceAccount, in its namespace only', async (t) => {
    const { store, client } = await startApiStore(t);
    const authorizer = new RbacAuthorizer(store);
    t.after(() => authorizer.index.close());
    await client.create({ group: '', version: 'v1', resource: 'namespaces' }, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } } as KubeObject);
    assert.equal(authorizer.authorize(reader, resource('list', 'pods', 'team')).allowed, false);
    await client.create(rbac('roles'), 'team', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }] } as KubeObject);
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'read-pods' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: 'team' }] };
    await client.create(rbac('rolebindings'), 'team', binding as KubeObject);
    assert.deepEqual(authorizer.authorize(reader, resource('list', 'pods', 'team')), { allowed: true, reason: 'RBAC: allowed by RoleBinding "read-pods/team" of Role "pod-reader" to ServiceAccount "reader/team"' });
    assert.equal(authorizer.authorize(reader, resource('list', 'pods', 'default')).allowed, false);
    assert.equal(authorizer.authorize(reader, resource('get', 'pods', 'team', { subresource: 'log', name: 'web' })).allowed, false);
    assert.equal(authorizer.authorize(reader, resource('list', 'secrets', 'team')).allowed, false);
    await client.delete(rbac('roles'), 'team', 'pod-reader');
    assert.deepEqual(authorizer.authorize(reader, resource('list', 'pods', 'team')), { allowed: false, reason: 'RBAC: role.rbac.authorization.k8s.io "pod-reader" not found' });
  });

  it('lists a user\'s rules in the order RBAC visits its bindings', async (t) => {
    const { store } = await startApiStore(t);
    const authorizer = new RbacAuthorizer(store);
    t.after(() => authorizer.index.close());
    const rules = authorizer.rulesFor(bob, 'default');
    assert.deepEqual(rules.resourceRules, [
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
    ]);
    assert.deepEqual(rules.nonResourceRules.map((r) => r.nonResourceURLs![0]), ['/api', '/healthz']);
    assert.deepEqual(rules.errors, []);
  });
});
