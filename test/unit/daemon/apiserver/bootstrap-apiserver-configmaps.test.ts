// The ConfigMaps kube-apiserver keeps in kube-system, created through the in-process API: what
// `kubectl get cm -n kube-system` and `-o yaml` show of them on a kind cluster, made once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapApiserverConfigMaps } from '../../../../daemon/apiserver/bootstrap-apiserver-configmaps.js';
import { startApi } from '../../../helpers/api.js';

const configMaps = { group: '', version: 'v1', resource: 'configmaps' };
const caPem = '-----BEGIN CERTIFICATE-----\nMIIBkTCCATegAwIBAgIQ\n-----END CERTIFICATE-----\n';

test('extension-apiserver-authentication: the client and request-header CAs, and kubeadm\'s request-header flags as JSON lists', async (t) => {
  const { client, clock } = await startApi(t);
  await bootstrapApiserverConfigMaps(client, { caPem, now: clock.now() });
  const cm = await client.get(configMaps, 'kube-system', 'extension-apiserver-authentication');
  assert.deepEqual(cm.data, {
    'client-ca-file': caPem,
    'requestheader-allowed-names': '["front-proxy-client"]',
    'requestheader-client-ca-file': caPem,
    'requestheader-extra-headers-prefix': '["X-Remote-Extra-"]',
    'requestheader-group-headers': '["X-Remote-Group"]',
    'requestheader-username-headers': '["X-Remote-User"]',
  });
  assert.equal(cm.metadata.labels, undefined);
});

test('kube-apiserver-legacy-service-account-token-tracking: since the UTC day the cluster was created, kept across restarts', async (t) => {
  const { client, clock } = await startApi(t);
  clock.step(23.5 * 3600_000); // 2026-01-01T23:30:00Z
  await bootstrapApiserverConfigMaps(client, { caPem, now: clock.now() });
  const created = await client.get(configMaps, 'kube-system', 'kube-apiserver-legacy-service-account-token-tracking');
  assert.deepEqual(created.data, { since: '2026-01-01' });
  // A daemon start two days later finds both and leaves them as they were.
  clock.step(48 * 3600_000);
  await bootstrapApiserverConfigMaps(client, { caPem: '-----BEGIN CERTIFICATE-----\nother\n-----END CERTIFICATE-----\n', now: clock.now() });
  const again = await client.get(configMaps, 'kube-system', 'kube-apiserver-legacy-service-account-token-tracking');
  assert.deepEqual([again.metadata.resourceVersion, again.data], [created.metadata.resourceVersion, { since: '2026-01-01' }]);
  assert.equal((await client.get(configMaps, 'kube-system', 'extension-apiserver-authentication')).data['client-ca-file'], caPem);
});
