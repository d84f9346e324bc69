// The 403 of a refused request, worded as kube-apiserver's responsewriters.Forbidden words it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forbiddenError } from '../../../../../daemon/apiserver/auth/forbidden.js';
import type { RequestAttributes } from '../../../../../daemon/apiserver/auth/request-attributes.js';

const bob = { username: 'bob', groups: ['system:authenticated'] };
const base: RequestAttributes = { verb: 'list', isResourceRequest: true, path: '', apiGroup: '', apiVersion: 'v1', resource: 'pods', subresource: '', namespace: 'default', name: '' };

describe('forbiddenError', () => {
  it('names the collection, the namespace and the group', () => {
    const err = forbiddenError(bob, base, '');
    assert.equal(err.message, 'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"');
    assert.deepEqual(err.status.details, { kind: 'pods' });
    assert.equal(err.code, 403);
  });
  it('names the object, its subresource and a qualified group resource', () => {
    assert.equal(forbiddenError(bob, { ...base, verb: 'get', subresource: 'log', name: 'web' }, '').message, 'pods "web" is forbidden: User "bob" cannot get resource "pods/log" in API group "" in the namespace "default"');
    const deployments = forbiddenError(bob, { ...base, verb: 'delete', apiGroup: 'apps', resource: 'deployments', name: 'web', namespace: '' }, '');
    assert.equal(deployments.message, 'deployments.apps "web" is forbidden: User "bob" cannot delete resource "deployments" in API group "apps" at the cluster scope');
    assert.deepEqual(deployments.status.details, { name: 'web', kind: 'deployments', group: 'apps' });
  });
  it('words a path refusal without a resource, and appends the authorizer\'s reason', () => {
    const err = forbiddenError(bob, { ...base, verb: 'get', isResourceRequest: false, path: '/apis', resource: '' }, '');
    assert.equal(err.message, 'forbidden: User "bob" cannot get path "/apis"');
    assert.deepEqual(err.status.details, {});
    assert.equal(forbiddenError(bob, base, 'RBAC: role.rbac.authorization.k8s.io "x" not found').message, 'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default": RBAC: role.rbac.authorization.k8s.io "x" not found');
  });
});
