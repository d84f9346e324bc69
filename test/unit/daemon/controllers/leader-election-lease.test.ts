import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LeaderElectionLease } from '../../../../daemon/controllers/leader-election-lease.js';
import { startApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const leases = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
const events = { group: '', version: 'v1', resource: 'events' };

test('takes kube-system/kube-scheduler as the leader elector does, renews it every 2 s, and a new holder counts a transition', async (t) => {
  const api = await startApi(t);
  const first = new LeaderElectionLease({ client: api.client, clock: api.clock, lease: 'kube-scheduler', component: 'kube-scheduler', identity: 'control-plane_aaaa' });
  await first.tryAcquireOrRenew();
  const taken = await api.client.get(leases, 'kube-system', 'kube-scheduler');
  assert.deepEqual(taken.spec, { holderIdentity: 'control-plane_aaaa', leaseDurationSeconds: 15, acquireTime: '2026-01-01T00:00:00.000000Z', renewTime: '2026-01-01T00:00:00.000000Z', leaseTransitions: 0 });

  api.clock.step(2_000);
  await first.tryAcquireOrRenew();
  const renewed = await api.client.get(leases, 'kube-system', 'kube-scheduler');
  assert.equal(renewed.spec?.renewTime, '2026-01-01T00:00:02.000000Z');
  assert.equal(renewed.spec?.acquireTime, '2026-01-01T00:00:00.000000Z');

  // The daemon restarted: a new identity takes the Lease at once.
  api.clock.step(5_000);
  const second = new LeaderElectionLease({ client: api.client, clock: api.clock, lease: 'kube-scheduler', component: 'kube-scheduler', identity: 'control-plane_bbbb' });
  await second.tryAcquireOrRenew();
  const moved = await api.client.get(leases, 'kube-system', 'kube-scheduler');
  assert.deepEqual(moved.spec, { holderIdentity: 'control-plane_bbbb', leaseDurationSeconds: 15, acquireTime: '2026-01-01T00:00:07.000000Z', renewTime: '2026-01-01T00:00:07.000000Z', leaseTransitions: 1 });

  await waitFor(async () => (await api.client.list(events, 'kube-system')).items.filter((e) => e.reason === 'LeaderElection').length === 2, { what: 'two LeaderElection events' });
  const messages = (await api.client.list(events, 'kube-system')).items.filter((e) => e.reason === 'LeaderElection').map((e) => [e.type, e.involvedObject?.kind, e.involvedObject?.name, e.message]);
  assert.deepEqual(messages.sort(), [
    ['Normal', 'Lease', 'kube-scheduler', 'control-plane_aaaa became leader'],
    ['Normal', 'Lease', 'kube-scheduler', 'control-plane_bbbb became leader'],
  ]);
});

test('start() renews on the 2 s period until the signal aborts; a deleted Lease is taken again', async (t) => {
  const api = await startApi(t);
  const elector = new LeaderElectionLease({ client: api.client, clock: api.clock, lease: 'kube-controller-manager', component: 'kube-controller-manager' });
  assert.match(elector.identity, /^control-plane_[0-9a-f-]{36}$/);
  const abort = new AbortController();
  const running = elector.start(abort.signal);
  await waitFor(async () => (await api.client.list(leases, 'kube-system')).items.some((l) => l.metadata.name === 'kube-controller-manager'), { what: 'the Lease' });
  await api.client.delete(leases, 'kube-system', 'kube-controller-manager');
  api.clock.step(2_000);
  await waitFor(async () => (await api.client.list(leases, 'kube-system')).items.some((l) => l.spec?.renewTime === '2026-01-01T00:00:02.000000Z'), { what: 'the Lease taken again at the next period' });
  abort.abort();
  await running;
});
