import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResourceRef } from '../../../../../shared/client/client.js';
import { ClusterDns } from '../../../../../daemon/node/dns/cluster-dns.js';
import { startApi } from '../../../../helpers/api.js';
import { waitFor } from '../../../../helpers/wait-for.js';

const services: ResourceRef = { group: '', version: 'v1', resource: 'services' };
const slices: ResourceRef = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };

async function setUp(t: Parameters<typeof startApi>[0]) {
  const api = await startApi(t);
  await api.client.create(services, 'kube-system', {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'kube-dns', namespace: 'kube-system' },
    spec: { clusterIP: '10.96.0.10', selector: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] },
  });
  const dns = new ClusterDns({ client: api.client, clock: api.clock });
  const abort = new AbortController();
  t.after(() => abort.abort());
  await dns.start(abort.signal);
  const setCoreDnsEndpoint = async (ready: boolean): Promise<void> => {
    const body = {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4',
      metadata: { name: 'kube-dns-x1', namespace: 'kube-system', labels: { 'kubernetes.io/service-name': 'kube-dns' } },
      endpoints: [{ addresses: ['10.244.0.2'], conditions: { ready } }],
      ports: [{ name: 'dns', port: 53, protocol: 'UDP' }],
    };
    try {
      const current = await api.client.get(slices, 'kube-system', 'kube-dns-x1');
      await api.client.update(slices, { ...body, metadata: { ...current.metadata, ...body.metadata } });
    } catch {
      await api.client.create(slices, 'kube-system', body);
    }
  };
  return { api, dns, setCoreDnsEndpoint };
}

const question = { name: 'kubernetes.default.svc.cluster.local', type: 'A' as const };

test('the kube-dns ClusterIP refuses questions while no CoreDNS endpoint is ready', async (t) => {
  const { dns, setCoreDnsEndpoint } = await setUp(t);
  assert.deepEqual(dns.query('10.244.1.5', '10.96.0.10', question), { type: 'refused' });
  await setCoreDnsEndpoint(false);
  // A CoreDNS pod answers when asked directly, ready or not (a miss, so nothing is cached).
  const miss = { name: 'nope.default.svc.cluster.local', type: 'A' as const };
  await waitFor(() => dns.query('10.244.1.5', '10.244.0.2', miss).type === 'reply' || undefined, { what: 'the slice in the cache', timeout: 2000 });
  assert.deepEqual(dns.query('10.244.1.5', '10.96.0.10', question), { type: 'refused' });
  await setCoreDnsEndpoint(true);
  const outcome = await waitFor(() => {
    const o = dns.query('10.244.1.5', '10.96.0.10', question);
    return o.type === 'reply' ? o : undefined;
  }, { what: 'an answer once CoreDNS is ready', timeout: 2000 });
  assert.deepEqual(outcome, { type: 'reply', reply: { rcode: 'NOERROR', authoritative: true, answers: [{ name: question.name, type: 'A', ttl: 30, address: '10.96.0.1' }] } });
});

test('a server that is neither kube-dns nor a CoreDNS pod never answers', async (t) => {
  const { dns } = await setUp(t);
  assert.deepEqual(dns.query('10.244.1.5', '8.8.8.8', question), { type: 'timeout' });
});

test('an answer repeated within 30 s comes from the cache, without the AA bit', async (t) => {
  const { api, dns } = await setUp(t);
  assert.equal(dns.answer(question).authoritative, true);
  api.clock.step(29_000);
  assert.equal(dns.answer(question).authoritative, false);
  api.clock.step(2_000);
  assert.equal(dns.answer(question).authoritative, true);
  assert.equal(dns.answer({ name: 'nope.default.svc.cluster.local', type: 'A' }).authoritative, true);
  assert.equal(dns.answer({ name: 'nope.default.svc.cluster.local', type: 'A' }).authoritative, true);
});
