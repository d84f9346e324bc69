// POST serviceaccounts/<name>/token through the in-process client, as `kubectl create token` and
// the kubelet call it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StatusError } from '../../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { legacyResourceList } from '../../../../../daemon/apiserver/handlers/discovery.js';
import { startApi } from '../../../../helpers/api.js';
import { nodeObject, nodesRef } from '../../../../helpers/nodes.js';

const serviceAccounts = { group: '', version: 'v1', resource: 'serviceaccounts' };
const pods = { group: '', version: 'v1', resource: 'pods' };
const now = Date.UTC(2026, 0, 1) / 1000;
const claimsOf = (token: string): Record<string, any> => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
const request = (spec: Record<string, unknown> = {}) => ({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: {}, spec });

test('kubectl create token default: an hour-long token for the API server audience', async (t) => {
  const api = await startApi(t);
  const account = await api.client.get(serviceAccounts, 'default', 'default');
  const response = (await api.client.createSubresource(serviceAccounts, 'default', 'default', 'token', request())) as KubeObject;
  const { token, ...status } = response.status;
  assert.deepEqual({ ...response, status }, {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name: 'default', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 3600, boundObjectRef: null },
    status: { expirationTimestamp: '2026-01-01T01:00:00Z' },
  });
  const claims = claimsOf(token);
  assert.match(claims.jti, /^[0-9a-f-]{36}$/);
  assert.deepEqual({ ...claims, jti: 'x' }, {
    aud: ['https://kubernetes.default.svc.cluster.local'],
    exp: now + 3600,
    iat: now,
    iss: 'https://kubernetes.default.svc.cluster.local',
    jti: 'x',
    'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'default', uid: account.metadata.uid } },
    nbf: now,
    sub: 'system:serviceaccount:default:default',
  });
});

test('a pod-bound request for 3607 s (the kubelet\'s) gets a year-long token that warns after 3607 s, naming the pod and its node', async (t) => {
  const api = await startApi(t);
  const node = await api.client.create(nodesRef, undefined, nodeObject('node1'));
  const pod = await api.client.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'nginx' }] } });
  const bound = { apiVersion: 'v1', kind: 'Pod', name: 'web', uid: pod.metadata.uid };
  const response = (await api.client.createSubresource(serviceAccounts, 'default', 'default', 'token', request({ audiences: [], expirationSeconds: 3607, boundObjectRef: bound }))) as KubeObject;
  assert.equal(response.status.expirationTimestamp, '2026-01-01T01:00:07Z');
  const claims = claimsOf(response.status.token);
  assert.equal(claims.exp, now + 365 * 24 * 3600);
  assert.deepEqual(claims['kubernetes.io'].pod, { name: 'web', uid: pod.metadata.uid });
  assert.deepEqual(claims['kubernetes.io'].node, { name: 'node1', uid: node.metadata.uid });
  assert.equal(claims['kubernetes.io'].warnafter, now + 3607);

  const vault = (await api.client.createSubresource(serviceAccounts, 'default', 'default', 'token', request({ audiences: ['vault'], expirationSeconds: 3607, boundObjectRef: bound }))) as KubeObject;
  assert.deepEqual([claimsOf(vault.status.token).aud, claimsOf(vault.status.token).exp], [['vault'], now + 3607], 'another audience is not extended');
});

const refusals = [
  { name: 'an account that does not exist', account: 'nope', body: request(), want: [404, 'serviceaccounts "nope" not found'] },
  { name: 'less than ten minutes', account: 'default', body: request({ expirationSeconds: 300 }), want: [422, 'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes'] },
  { name: 'a name that is not the account\'s', account: 'default', body: { ...request(), metadata: { name: 'other' } }, want: [422, 'TokenRequest.authentication.k8s.io "default" is invalid: metadata.name: Invalid value: "other": must match the service account name if specified'] },
  { name: 'a binding to a kind tokens cannot be bound to', account: 'default', body: request({ boundObjectRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'x' } }), want: [400, 'cannot bind token to object of type /v1, Kind=ConfigMap'] },
  { name: 'a binding to a pod that does not exist', account: 'default', body: request({ boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'ghost' } }), want: [404, 'pods "ghost" not found'] },
];
for (const r of refusals) {
  test(`refuses ${r.name}: ${r.want[1]}`, async (t) => {
    const api = await startApi(t);
    await assert.rejects(api.client.createSubresource(serviceAccounts, 'default', r.account, 'token', r.body), (err: StatusError) => {
      assert.deepEqual([err.code, err.message], r.want);
      return true;
    });
  });
}

test('refuses to bind a token to a pod running as another account', async (t) => {
  const api = await startApi(t);
  await api.client.create(serviceAccounts, 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } });
  await api.client.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  await assert.rejects(api.client.createSubresource(serviceAccounts, 'default', 'robot', 'token', request({ boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'web' } })), (err: StatusError) =>
    err.code === 400 && err.message === 'cannot bind token for serviceaccount "robot" to pod running with different serviceaccount name.');
});

test('discovery lists serviceaccounts/token as authentication.k8s.io/v1 TokenRequest, create only', () => {
  const list = legacyResourceList('', 'v1') as { resources: Record<string, unknown>[] };
  assert.deepEqual(list.resources.find((r) => r.name === 'serviceaccounts/token'), {
    name: 'serviceaccounts/token', singularName: '', namespaced: true, kind: 'TokenRequest', verbs: ['create'], group: 'authentication.k8s.io', version: 'v1',
  });
});
