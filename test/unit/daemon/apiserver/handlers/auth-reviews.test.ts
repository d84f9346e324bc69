// The self-reviews of `kubectl auth can-i` and `kubectl auth whoami`, answered for the user the
// request acts as, by the RBAC evaluation over the bootstrap policy.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerReview, isAuthReview, type ReviewContext } from '../../../../../daemon/apiserver/handlers/auth-reviews.js';
import { RbacAuthorizer } from '../../../../../daemon/apiserver/auth/rbac-authorizer.js';
import { findResource } from '../../../../../shared/api/resources.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { startApiStore } from '../../../../helpers/api-store.js';

const accessReviews = findResource('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews')!;
const rulesReviews = findResource('authorization.k8s.io', 'v1', 'selfsubjectrulesreviews')!;
const selfReviews = findResource('authentication.k8s.io', 'v1', 'selfsubjectreviews')!;
const admin = { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };

async function contextFor(t: Parameters<typeof startApiStore>[0], user: ReviewContext['user']): Promise<ReviewContext> {
  const { store } = await startApiStore(t);
  const authorizer = new RbacAuthorizer(store);
  t.after(() => authorizer.index.close());
  return { user, authorizer, now: Date.UTC(2026, 0, 1) };
}

describe('auth self-reviews', () => {
  it('serves the self-reviews and the delegated ones', () => {
    assert.equal(isAuthReview(findResource('authorization.k8s.io', 'v1', 'subjectaccessreviews')), true);
    assert.equal(isAuthReview(findResource('authorization.k8s.io', 'v1', 'localsubjectaccessreviews')), true);
    assert.equal(isAuthReview(findResource('authentication.k8s.io', 'v1', 'tokenreviews')), true);
    assert.equal(isAuthReview(accessReviews), true);
    assert.equal(isAuthReview(rulesReviews), true);
    assert.equal(isAuthReview(selfReviews), true);
    assert.equal(isAuthReview(findResource('', 'v1', 'pods')), false);
  });

  it('allows the admin, with RBAC\'s reason, echoing the spec', async (t) => {
    const spec = { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } };
    const answer = answerReview(accessReviews, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {}, spec } as KubeObject, await contextFor(t, admin));
    assert.deepEqual(answer.spec, spec);
    assert.deepEqual(answer.status, { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"' });
  });

  it('refuses another user without a reason', async (t) => {
    const spec = { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } };
    const answer = answerReview(accessReviews, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {}, spec } as KubeObject, await contextFor(t, { username: 'bob', groups: ['system:authenticated'] }));
    assert.deepEqual(answer.status, { allowed: false });
  });

  it('names the user, stamped with the time, with uid and extra when it has them', async (t) => {
    const answer = answerReview(selfReviews, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {} } as KubeObject, await contextFor(t, admin));
    assert.deepEqual(answer, {
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: '2026-01-01T00:00:00Z' },
      status: { userInfo: { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] } },
    });
    const sa = { username: 'system:serviceaccount:a:b', uid: 'u1', groups: ['system:serviceaccounts'], extra: { 'authentication.kubernetes.io/credential-id': ['JTI=j'] } };
    const second = answerReview(selfReviews, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {} } as KubeObject, await contextFor(t, sa));
    assert.deepEqual(second.status, { userInfo: { username: 'system:serviceaccount:a:b', uid: 'u1', groups: ['system:serviceaccounts'], extra: { 'authentication.kubernetes.io/credential-id': ['JTI=j'] } } });
  });

  it('lists cluster-admin\'s rules first, then every authenticated user\'s', async (t) => {
    const answer = answerReview(rulesReviews, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', metadata: {}, spec: { namespace: 'default' } } as KubeObject, await contextFor(t, admin));
    assert.deepEqual(answer.status.resourceRules[0], { verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    assert.deepEqual(answer.status.nonResourceRules[0], { verbs: ['*'], nonResourceURLs: ['*'] });
    assert.equal(answer.status.incomplete, false);
  });
});
