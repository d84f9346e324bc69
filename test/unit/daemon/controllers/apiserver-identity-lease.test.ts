import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiserverIdentityLease, identityLeaseName } from '../../../../daemon/controllers/apiserver-identity-lease.js';
import { startApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const leases = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };

test('the identity Lease is named from the host name as kube-apiserver v1.32 names it', () => {
  // sha256 of the length-prefixed host name and "kube-apiserver", first 16 bytes, base32, lower case
  assert.equal(identityLeaseName('control-plane'), 'apiserver-6vzvajxlkf7lcarzgdc4jnyaru');
  assert.equal(identityLeaseName('kind-control-plane'), 'apiserver-c7uylvfxlbqccnk6myfkwetzze');
});

test('creates kube-system/apiserver-<hash> with its labels, renews it every 10 s, and a restart takes it over with a new holder', async (t) => {
  const api = await startApi(t);
  const lease = new ApiserverIdentityLease({ client: api.client, clock: api.clock, uuid: '1111' });
  const abort = new AbortController();
  const running = lease.start(abort.signal);
  const name = 'apiserver-6vzvajxlkf7lcarzgdc4jnyaru';
  await waitFor(async () => (await api.client.list(leases, 'kube-system')).items.some((l) => l.metadata.name === name), { what: 'the identity Lease' });
  const created = await api.client.get(leases, 'kube-system', name);
  assert.deepEqual(created.metadata.labels, { 'apiserver.kubernetes.io/identity': 'kube-apiserver', 'kubernetes.io/hostname': 'control-plane' });
  assert.deepEqual(created.spec, { holderIdentity: `${name}_1111`, leaseDurationSeconds: 3600, renewTime: '2026-01-01T00:00:00.000000Z' });

  api.clock.step(10_000);
  await waitFor(async () => (await api.client.get(leases, 'kube-system', name)).spec?.renewTime === '2026-01-01T00:00:10.000000Z', { what: 'the renewal at 10 s' });
  abort.abort();
  await running;

  api.clock.step(5_000);
  await new ApiserverIdentityLease({ client: api.client, clock: api.clock, uuid: '2222' }).renew();
  const taken = await api.client.get(leases, 'kube-system', name);
  assert.deepEqual(taken.spec, { holderIdentity: `${name}_2222`, leaseDurationSeconds: 3600, renewTime: '2026-01-01T00:00:15.000000Z' });
  assert.equal((await api.client.list(leases, 'kube-system')).items.filter((l) => l.metadata.labels?.['apiserver.kubernetes.io/identity']).length, 1);
});
