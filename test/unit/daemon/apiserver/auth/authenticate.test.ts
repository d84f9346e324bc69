// Bearer-token authentication: the daemon's token is kubeadm's admin; a ServiceAccount token from
// TokenRequest is its ServiceAccount, with the uid and extra kube-apiserver sets, for as long as
// the token is unexpired, meant for the API server, and the objects it names still exist.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApiStore } from '../../../../helpers/api-store.js';
import { Authenticator } from '../../../../../daemon/apiserver/auth/authenticate.js';
import { createServiceAccountToken, issuerFor } from '../../../../../daemon/apiserver/subresources/token.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';

const core = (resource: string) => ({ group: '', version: 'v1', resource });

async function setUp(t: Parameters<typeof startApiStore>[0]) {
  const api = await startApiStore(t);
  await api.client.create(core('namespaces'), undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } } as KubeObject);
  const account = await api.client.create(core('serviceaccounts'), 'team', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'reader' } } as KubeObject);
  const authenticator = new Authenticator({ adminToken: 'admin-token', store: api.store, issuer: issuerFor(api.registry), now: () => api.clock.now() });
  const token = async (spec: Record<string, unknown> = {}): Promise<string> => {
    const answer = await createServiceAccountToken(api.registry, 'team', 'reader', { spec });
    return `Bearer ${(answer.status as { token: string }).token}`;
  };
  return { ...api, uid: account.metadata.uid!, authenticator, token };
}

describe('Authenticator', () => {
  it('knows the daemon\'s token as kubernetes-admin and nothing else', async (t) => {
    const { authenticator } = await setUp(t);
    assert.deepEqual(await authenticator.authenticate('Bearer admin-token'), { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] });
    assert.equal(await authenticator.authenticate('Bearer admin-tokem'), undefined);
    assert.equal(await authenticator.authenticate('Basic YWRtaW4='), undefined);
    assert.equal(await authenticator.authenticate(undefined), undefined);
    assert.equal(await authenticator.authenticate('Bearer a.b.c'), undefined);
    // The scheme is matched in any case and the token ends at a space, as kube-apiserver reads the header.
    const admin = { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };
    assert.deepEqual(await authenticator.authenticate('bearer admin-token'), admin);
    assert.deepEqual(await authenticator.authenticate('  BEARER admin-token extra'), admin);
    assert.equal(await authenticator.authenticate('Bearer  admin-token'), undefined);
    assert.equal(await authenticator.authenticate('Bearer'), undefined);
  });

  it('makes a TokenRequest token its ServiceAccount, with the token id as credential-id', async (t) => {
    const { authenticator, token, uid } = await setUp(t);
    const header = await token();
    const jti = (JSON.parse(Buffer.from(header.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;
    assert.deepEqual(await authenticator.authenticate(header), {
      username: 'system:serviceaccount:team:reader',
      uid,
      groups: ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated'],
      extra: { 'authentication.kubernetes.io/credential-id': [`JTI=${jti}`] },
    });
  });

  it('names the pod of a pod-bound token in extra, and refuses it once the pod is gone', async (t) => {
    const { authenticator, token, client } = await setUp(t);
    const pod = await client.create(core('pods'), 'team', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { serviceAccountName: 'reader', containers: [{ name: 'c', image: 'nginx' }] } } as KubeObject);
    const header = await token({ boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web', uid: pod.metadata.uid } });
    const user = await authenticator.authenticate(header);
    assert.deepEqual(Object.keys(user?.extra ?? {}), ['authentication.kubernetes.io/credential-id', 'authentication.kubernetes.io/pod-name', 'authentication.kubernetes.io/pod-uid']);
    assert.deepEqual(user?.extra?.['authentication.kubernetes.io/pod-name'], ['web']);
    await client.delete(core('pods'), 'team', 'web', { gracePeriodSeconds: 0 });
    assert.equal(await authenticator.authenticate(header), undefined);
  });

  it('refuses expired tokens, other audiences, tampered ones, and a deleted or recreated ServiceAccount\'s', async (t) => {
    const { authenticator, token, clock, client } = await setUp(t);
    const short = await token({ expirationSeconds: 600 });
    clock.step(601_000);
    assert.equal(await authenticator.authenticate(short), undefined);
    assert.equal(await authenticator.authenticate(await token({ audiences: ['vault'] })), undefined);
    const good = await token();
    assert.notEqual(await authenticator.authenticate(good), undefined);
    const [head, body] = good.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), sub: 'x' })).toString('base64url');
    assert.equal(await authenticator.authenticate(`${head}.${forged}.${good.split('.')[2]}`), undefined);
    await client.delete(core('serviceaccounts'), 'team', 'reader');
    assert.equal(await authenticator.authenticate(good), undefined);
    await client.create(core('serviceaccounts'), 'team', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'reader' } } as KubeObject);
    assert.equal(await authenticator.authenticate(good), undefined, 'a new ServiceAccount of the same name has another uid');
  });
});
