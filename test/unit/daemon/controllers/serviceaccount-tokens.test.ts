import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { TokensController, legacyClaims } from '../../../../daemon/controllers/serviceaccount-tokens.js';
import { startApi, type TestApi } from '../../../helpers/api.js';

const secrets = { group: '', version: 'v1', resource: 'secrets' };
const serviceAccounts = { group: '', version: 'v1', resource: 'serviceaccounts' };
const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const b64 = (text: string): string => Buffer.from(text).toString('base64');

function tokenSecret(name: string, account: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'default', annotations: { 'kubernetes.io/service-account.name': account } }, type: 'kubernetes.io/service-account-token' };
}

/** The controller with a signer that writes the claims it is given, so tests can read them back. */
function controller(api: TestApi): TokensController {
  return new TokensController({
    client: api.client,
    clock: api.clock,
    secrets: api.informers.informerFor(secrets),
    serviceAccounts: api.informers.informerFor(serviceAccounts),
    sign: async (claims) => `signed:${JSON.stringify(claims)}`,
    rootCA: ca,
  });
}

async function settle(api: TestApi, c: TokensController): Promise<void> {
  await api.syncInformers();
  while (c.queue.len() > 0) {
    const key = (await c.queue.get())!;
    await c.sync(key);
    c.queue.done(key);
    await api.syncInformers();
  }
}

test('fills token, ca.crt and namespace and the account uid, once', async (t) => {
  const api = await startApi(t);
  const c = controller(api);
  const account = await api.client.create(serviceAccounts, 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } });
  await api.client.create(secrets, 'default', tokenSecret('robot-token', 'robot'));
  await settle(api, c);
  const filled = await api.client.get(secrets, 'default', 'robot-token');
  const uid = account.metadata.uid!;
  assert.deepEqual(filled.data, { 'ca.crt': b64(ca), namespace: b64('default'), token: b64(`signed:${JSON.stringify(legacyClaims('default', 'robot-token', { name: 'robot', uid }))}`) });
  assert.deepEqual(filled.metadata.annotations, { 'kubernetes.io/service-account.name': 'robot', 'kubernetes.io/service-account.uid': uid });
  // Nothing left to do: no second write.
  c.queue.add('default/robot-token');
  await settle(api, c);
  assert.equal((await api.client.get(secrets, 'default', 'robot-token')).metadata.resourceVersion, filled.metadata.resourceVersion);
});

test('a Secret naming a missing account, or an account replaced under the same name, is deleted', async (t) => {
  const api = await startApi(t);
  const c = controller(api);
  await api.client.create(secrets, 'default', tokenSecret('orphan-token', 'nobody'));
  await api.client.create(serviceAccounts, 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } });
  await api.client.create(secrets, 'default', tokenSecret('robot-token', 'robot'));
  await settle(api, c);
  await assert.rejects(api.client.get(secrets, 'default', 'orphan-token'), /not found/);
  assert.ok((await api.client.get(secrets, 'default', 'robot-token')).data?.token);

  await api.client.delete(serviceAccounts, 'default', 'robot');
  await api.client.create(serviceAccounts, 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } });
  await settle(api, c);
  await assert.rejects(api.client.get(secrets, 'default', 'robot-token'), /not found/);
});
