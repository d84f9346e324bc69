import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../../shared/clock.js';
import type { DnsOutcome, DnsQuestion, DnsTransport } from '../../../../../daemon/runtime/dns/dns-message.js';
import { candidateNames, hostsLookup, lookupHost, parseResolvConf } from '../../../../../daemon/runtime/dns/stub-resolver.js';

const resolvConf = 'search lab.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n';
const hosts = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n10.244.1.5\tweb-0.nginx.lab.svc.cluster.local\tweb-0\n\n# Entries added by HostAliases.\n127.0.0.1\tfoo.local\tbar.local\n';

/** A name server that knows a few names and records every question it gets. */
function fakeServer(records: Record<string, string>, mode: 'answer' | 'refused' | 'timeout' = 'answer') {
  const asked: string[] = [];
  const transport: DnsTransport = {
    query: (_from: string, server: string, q: DnsQuestion): DnsOutcome => {
      asked.push(`${server} ${q.type} ${q.name}`);
      if (mode !== 'answer') return { type: mode };
      const address = records[q.name];
      return { type: 'reply', reply: address ? { rcode: 'NOERROR', authoritative: true, answers: [{ name: q.name, type: 'A', ttl: 30, address }] } : { rcode: 'NXDOMAIN', authoritative: true, answers: [] } };
    },
  };
  return { transport, asked };
}

function environment(transport: DnsTransport, files: Record<string, string> = { '/etc/resolv.conf': resolvConf, '/etc/hosts': hosts }) {
  return { readFile: (path: string) => files[path], transport, fromIP: '10.244.1.5', clock: new ManualClock(0) };
}

test('resolv.conf: nameservers, the last search line, ndots; glibc defaults otherwise', () => {
  assert.deepEqual(parseResolvConf(resolvConf), { nameservers: ['10.96.0.10'], search: ['lab.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], ndots: 5, timeoutMs: 5000, attempts: 2 });
  assert.deepEqual(parseResolvConf(''), { nameservers: ['127.0.0.1'], search: [], ndots: 1, timeoutMs: 5000, attempts: 2 });
});

test('/etc/hosts: any name of a line, case-insensitively', () => {
  assert.deepEqual(hostsLookup(hosts, 'web-0'), ['10.244.1.5']);
  assert.deepEqual(hostsLookup(hosts, 'WEB-0.nginx.lab.svc.cluster.local'), ['10.244.1.5']);
  assert.deepEqual(hostsLookup(hosts, 'bar.local'), ['127.0.0.1']);
  assert.deepEqual(hostsLookup(hosts, 'web-1'), []);
});

test('fewer dots than ndots: the search domains first, then the name itself', () => {
  const conf = parseResolvConf(resolvConf);
  assert.deepEqual(candidateNames('web.default', conf), ['web.default.lab.svc.cluster.local', 'web.default.svc.cluster.local', 'web.default.cluster.local', 'web.default']);
  assert.deepEqual(candidateNames('a.b.c.d.e.f', conf)[0], 'a.b.c.d.e.f');
  assert.deepEqual(candidateNames('web.default.svc.cluster.local.', conf), ['web.default.svc.cluster.local']);
});

test('a short name resolves through the search path and stops at the first answer', async () => {
  const server = fakeServer({ 'web.default.svc.cluster.local': '10.100.7.8' });
  assert.deepEqual(await lookupHost(environment(server.transport), 'web.default'), { addresses: ['10.100.7.8'], canonicalName: 'web.default.svc.cluster.local' });
  assert.deepEqual(server.asked, ['10.96.0.10 A web.default.lab.svc.cluster.local', '10.96.0.10 A web.default.svc.cluster.local']);
});

test('/etc/hosts answers before any name server is asked', async () => {
  const server = fakeServer({});
  assert.deepEqual(await lookupHost(environment(server.transport), 'foo.local'), { addresses: ['127.0.0.1'], canonicalName: 'foo.local' });
  // An alias is found under the line's first name, as getent hosts shows it.
  assert.deepEqual(await lookupHost(environment(server.transport), 'web-0'), { addresses: ['10.244.1.5'], canonicalName: 'web-0.nginx.lab.svc.cluster.local' });
  assert.deepEqual(server.asked, []);
});

test('a name nobody knows is not found after every candidate', async () => {
  const server = fakeServer({});
  assert.deepEqual(await lookupHost(environment(server.transport), 'nope'), { error: 'not-found' });
  assert.equal(server.asked.length, 4);
});

test('a refused name server fails the lookup at once; a silent one after its timeouts', async () => {
  const refused = fakeServer({}, 'refused');
  assert.deepEqual(await lookupHost(environment(refused.transport), 'web'), { error: 'unreachable' });
  assert.equal(refused.asked.length, 1);
  const silent = fakeServer({}, 'timeout');
  const env = environment(silent.transport);
  const lookup = lookupHost(env, 'web');
  for (let i = 0; i < 10; i++) await Promise.resolve(); // let the query reach its timeout wait
  env.clock.step(10_000);
  assert.deepEqual(await lookup, { error: 'unreachable' });
});
