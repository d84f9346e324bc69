// SubjectAccessReview, LocalSubjectAccessReview and TokenReview: kube-apiserver's validation
// messages, and the answers of the RBAC evaluation over the bootstrap policy.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerReview, type ReviewContext } from '../../../../../daemon/apiserver/handlers/auth-reviews.js';
import { answerTokenReview } from '../../../../../daemon/apiserver/handlers/delegated-reviews.js';
import { RbacAuthorizer } from '../../../../../daemon/apiserver/auth/rbac-authorizer.js';
import { findResource } from '../../../../../shared/api/resources.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { isStatusError } from '../../../../../shared/api/errors.js';
import { startApiStore } from '../../../../helpers/api-store.js';

const sar = findResource('authorization.k8s.io', 'v1', 'subjectaccessreviews')!;
const lsar = findResource('authorization.k8s.io', 'v1', 'localsubjectaccessreviews')!;
const admin = { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };

async function contextFor(t: Parameters<typeof startApiStore>[0], namespace?: string): Promise<ReviewContext> {
  const { store } = await startApiStore(t);
  const authorizer = new RbacAuthorizer(store);
  t.after(() => authorizer.index.close());
  return { user: admin, authorizer, now: Date.UTC(2026, 0, 1), namespace };
}

function review(kind: string, spec: object, metadata: object = {}): KubeObject {
  return { apiVersion: 'authorization.k8s.io/v1', kind, metadata, spec } as KubeObject;
}

function statusMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isStatusError(err)) return err.message;
    throw err;
  }
  return 'no error';
}

describe('delegated reviews', () => {
  it('answers a SubjectAccessReview for the user and groups of its spec, with RBAC\'s reason', async (t) => {
    const context = await contextFor(t);
    const spec = { user: 'system:kube-scheduler', resourceAttributes: { namespace: 'default', verb: 'create', resource: 'bindings' } };
    const answer = answerReview(sar, review('SubjectAccessReview', spec), context);
    assert.deepEqual(answer, {
      kind: 'SubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec,
      status: { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "system:kube-scheduler" of ClusterRole "system:kube-scheduler" to User "system:kube-scheduler"' },
    });
    const denied = answerReview(sar, review('SubjectAccessReview', { user: 'jane', resourceAttributes: { verb: 'list', resource: 'secrets' } }), context);
    assert.deepEqual(denied.status, { allowed: false });
  });

  it('refuses a SubjectAccessReview without user or groups, or without attributes', async (t) => {
    const context = await contextFor(t);
    assert.equal(
      statusMessage(() => answerReview(sar, review('SubjectAccessReview', { resourceAttributes: { verb: 'get', resource: 'pods' } }), context)),
      '.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified',
    );
    assert.equal(
      statusMessage(() => answerReview(sar, review('SubjectAccessReview', { user: 'jane' }), context)),
      '.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
  });

  it('checks a LocalSubjectAccessReview\'s namespaces', async (t) => {
    const context = await contextFor(t, 'kube-system');
    const spec = { user: 'jane', resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods' } };
    assert.equal(
      statusMessage(() => answerReview(lsar, review('LocalSubjectAccessReview', spec, { namespace: 'kube-system' }), context)),
      '.authorization.k8s.io "" is invalid: spec.resourceAttributes.namespace: Invalid value: "default": must match metadata.namespace',
    );
    const local = { user: 'jane', resourceAttributes: { namespace: 'kube-system', verb: 'get', resource: 'pods' } };
    const answer = answerReview(lsar, review('LocalSubjectAccessReview', local, { namespace: 'kube-system' }), context);
    assert.deepEqual(answer.metadata, { creationTimestamp: null, namespace: 'kube-system' });
    assert.deepEqual(answer.status, { allowed: false });
  });

  it('answers a TokenReview from the authenticator, and an unknown token with no user', async () => {
    const base = { kind: 'TokenReview', apiVersion: 'authentication.k8s.io/v1' };
    const user = { username: 'system:serviceaccount:default:default', uid: 'u1', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] };
    const known = await answerTokenReview(base, { spec: { token: 'good' } } as unknown as KubeObject, async (token) => (token === 'good' ? user : undefined));
    assert.deepEqual(known.status, { authenticated: true, user, audiences: ['https://kubernetes.default.svc.cluster.local'] });
    const unknown = await answerTokenReview(base, { spec: { token: 'bad' } } as unknown as KubeObject, async () => undefined);
    assert.deepEqual(unknown.status, { user: {} });
    await assert.rejects(answerTokenReview(base, { spec: {} } as unknown as KubeObject, async () => undefined), /token is required for TokenReview in authentication/);
  });
});
