// The self-reviews of `kubectl auth can-i` and `kubectl auth whoami`, answered for kubelab's one
// user, kubeadm's cluster admin.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerReview, isAuthReview } from '../../../../../daemon/apiserver/handlers/auth-reviews.js';
import { findResource } from '../../../../../shared/api/resources.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';

const accessReviews = findResource('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews')!;
const rulesReviews = findResource('authorization.k8s.io', 'v1', 'selfsubjectrulesreviews')!;
const selfReviews = findResource('authentication.k8s.io', 'v1', 'selfsubjectreviews')!;

describe('auth self-reviews', () => {
  it('serves only the three self-reviews', () => {
    assert.equal(isAuthReview(accessReviews), true);
    assert.equal(isAuthReview(rulesReviews), true);
    assert.equal(isAuthReview(selfReviews), true);
    assert.equal(isAuthReview(findResource('', 'v1', 'pods')), false);
  });

  it('allows every access, with RBAC\'s reason, echoing the spec', () => {
    const spec = { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } };
    const answer = answerReview(accessReviews, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {}, spec } as KubeObject, 0);
    assert.deepEqual(answer.spec, spec);
    assert.deepEqual(answer.status, { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"' });
  });

  it('names kubernetes-admin of kubeadm:cluster-admins, stamped with the time', () => {
    const answer = answerReview(selfReviews, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {} } as KubeObject, Date.UTC(2026, 0, 1));
    assert.deepEqual(answer, {
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: '2026-01-01T00:00:00Z' },
      status: { userInfo: { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] } },
    });
  });

  it('lists cluster-admin\'s rules first, then every authenticated user\'s', () => {
    const answer = answerReview(rulesReviews, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', metadata: {}, spec: { namespace: 'default' } } as KubeObject, 0);
    assert.deepEqual(answer.status.resourceRules[0], { verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    assert.deepEqual(answer.status.nonResourceRules[0], { verbs: ['*'], nonResourceURLs: ['*'] });
    assert.equal(answer.status.incomplete, false);
  });
});
