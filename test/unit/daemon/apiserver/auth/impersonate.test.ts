// Impersonation headers: each thing asked is authorized with verb impersonate, the first refusal
// is kube-apiserver's 403, and the new user gets the groups the apiserver adds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { impersonate, wantsImpersonation, type Authorize } from '../../../../../daemon/apiserver/auth/impersonate.js';
import { isStatusError } from '../../../../../shared/api/errors.js';

const admin = { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };
const allowAll: Authorize = () => ({ allowed: true, reason: '' });
const denyAll: Authorize = () => ({ allowed: false, reason: '' });

function refusal(fn: () => unknown): { code: number; message: string; details: unknown } {
  try {
    fn();
  } catch (err) {
    if (isStatusError(err)) return { code: err.code, message: err.message, details: err.status.details };
    throw err;
  }
  throw new Error('no refusal');
}

describe('impersonate', () => {
  it('notices impersonation headers only', () => {
    assert.equal(wantsImpersonation({ accept: 'application/json' }), false);
    assert.equal(wantsImpersonation({ 'impersonate-user': 'bob' }), true);
  });

  it('gives a user system:authenticated, and keeps the groups asked for', () => {
    assert.deepEqual(impersonate(admin, { 'impersonate-user': 'bob' }, allowAll), { username: 'bob', groups: ['system:authenticated'] });
    assert.deepEqual(impersonate(admin, { 'impersonate-user': 'bob', 'impersonate-group': ['system:masters'] }, allowAll), { username: 'bob', groups: ['system:masters', 'system:authenticated'] });
  });

  it('gives a service account its groups, unless groups are asked for', () => {
    assert.deepEqual(impersonate(admin, { 'impersonate-user': 'system:serviceaccount:team:reader' }, allowAll), {
      username: 'system:serviceaccount:team:reader',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated'],
    });
    assert.deepEqual(impersonate(admin, { 'impersonate-user': 'system:serviceaccount:team:reader', 'impersonate-group': 'devs' }, allowAll).groups, ['devs', 'system:authenticated']);
  });

  it('asks for impersonate on users, serviceaccounts, groups, userextras and uids, in that order', () => {
    const asked: string[] = [];
    const record: Authorize = (_user, a) => {
      asked.push(`${a.verb} ${a.apiGroup}/${a.resource}${a.subresource ? '/' + a.subresource : ''} ${a.namespace}/${a.name}`);
      return { allowed: true, reason: '' };
    };
    const user = impersonate(admin, { 'impersonate-user': 'bob', 'impersonate-group': ['g1', 'g2'], 'impersonate-uid': 'u-1', 'impersonate-extra-scopes': 'view' }, record);
    assert.deepEqual(asked, ['impersonate /users /bob', 'impersonate /groups /g1', 'impersonate /groups /g2', 'impersonate authentication.k8s.io/userextras/scopes /view', 'impersonate authentication.k8s.io/uids /u-1']);
    assert.deepEqual(user, { username: 'bob', groups: ['g1', 'g2', 'system:authenticated'], uid: 'u-1', extra: { scopes: ['view'] } });
  });

  it('refuses with kube-apiserver\'s words', () => {
    const reader = { username: 'system:serviceaccount:team:reader', groups: ['system:authenticated'] };
    assert.deepEqual(refusal(() => impersonate(reader, { 'impersonate-user': 'bob' }, denyAll)), {
      code: 403,
      message: 'users "bob" is forbidden: User "system:serviceaccount:team:reader" cannot impersonate resource "users" in API group "" at the cluster scope',
      details: { name: 'bob', kind: 'users' },
    });
    assert.equal(
      refusal(() => impersonate(reader, { 'impersonate-user': 'system:serviceaccount:team:builder' }, denyAll)).message,
      'serviceaccounts "builder" is forbidden: User "system:serviceaccount:team:reader" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "team"',
    );
  });
});
