import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../../shared/api/meta.js';
import { answerQuestion, type ZoneData } from '../../../../../../daemon/node/dns/kubernetes-zone.js';
import { containerDns } from '../../../../../../daemon/runtime/dns/container-dns.js';
import type { DnsTransport } from '../../../../../../daemon/runtime/dns/dns-message.js';
import { legacyNslookupProgram } from '../../../../../../daemon/runtime/shell/builtins/nslookup.js';
import { coreutilsPrograms } from '../../../../../../daemon/runtime/shell/coreutils.js';
import { settle, TestContainer } from '../harness.js';

const services: KubeObject[] = [
  { metadata: { namespace: 'default', name: 'kubernetes' }, spec: { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ port: 443 }] } },
  { metadata: { namespace: 'kube-system', name: 'kube-dns' }, spec: { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 53 }] } },
  { metadata: { namespace: 'default', name: 'nginx' }, spec: { clusterIP: '10.100.7.8', clusterIPs: ['10.100.7.8'], ports: [{ port: 80 }] } },
];
const zone: ZoneData = {
  service: (ns, name) => services.find((s) => s.metadata.namespace === ns && s.metadata.name === name),
  endpointSlices: () => [],
  allServices: () => services,
  allEndpointSlices: () => [],
};

function container(mode: 'answer' | 'refused' = 'answer') {
  const transport: DnsTransport = { query: (_from, server, q) => (server !== '10.96.0.10' ? { type: 'timeout' } : mode === 'refused' ? { type: 'refused' } : { type: 'reply', reply: answerQuestion(zone, q) }) };
  const programs = new Map(coreutilsPrograms);
  programs.set('nslookup-1.28', legacyNslookupProgram);
  const c = new TestContainer({ programs });
  c.fs.writeFile('/etc/resolv.conf', 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  c.fs.writeFile('/etc/hosts', '127.0.0.1\tlocalhost\n10.244.1.5\tmypod\n');
  const dns = containerDns({ fs: c.fs, transport, podIP: '10.244.1.5', clock: c.clock });
  return { c, run: (...argv: string[]) => c.run(argv, { dns }) };
}

test('a short name: every search domain, A then AAAA, in the order sent; exit 1 for the misses', async () => {
  const result = await container().run('nslookup', 'nginx');
  assert.equal(
    result.stdout,
    'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n' +
      'Name:\tnginx.default.svc.cluster.local\nAddress: 10.100.7.8\n\n' +
      "** server can't find nginx.svc.cluster.local: NXDOMAIN\n\n" +
      "** server can't find nginx.cluster.local: NXDOMAIN\n\n" +
      '\n' +
      "** server can't find nginx.svc.cluster.local: NXDOMAIN\n\n" +
      "** server can't find nginx.cluster.local: NXDOMAIN\n\n",
  );
  assert.equal(result.code, 1);
});

test('a name with a dot is asked as it is: kubernetes.default is NXDOMAIN with busybox 1.36', async () => {
  const result = await container().run('nslookup', 'kubernetes.default');
  assert.equal(result.stdout, "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find kubernetes.default: NXDOMAIN\n\n** server can't find kubernetes.default: NXDOMAIN\n\n");
  assert.equal(result.code, 1);
});

test('the full name answers once; an IP asks for its PTR', async () => {
  const { run } = container();
  const full = await run('nslookup', 'kubernetes.default.svc.cluster.local');
  assert.equal(full.stdout, 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n\n');
  assert.equal(full.code, 0);
  const ptr = await run('nslookup', '10.96.0.10');
  assert.equal(ptr.stdout, 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n10.0.96.10.in-addr.arpa\tname = kube-dns.kube-system.svc.cluster.local\n\n');
});

test('a refused server: read errors, then no servers could be reached after 5 s', async () => {
  const { c, run } = container('refused');
  const pending = run('nslookup', 'nginx');
  await settle();
  c.clock.step(2500);
  await settle();
  c.clock.step(2500);
  const result = await pending;
  assert.equal(result.stderr, 'nslookup: read: Connection refused\nnslookup: read: Connection refused\n');
  assert.equal(result.stdout, ';; connection timed out; no servers could be reached\n\n');
  assert.equal(result.code, 1);
});

test('busybox 1.28: the C library resolver and the old layout, with reverse names', async () => {
  const { run } = container();
  const result = await run('nslookup-1.28', 'kubernetes.default');
  assert.equal(result.stdout, 'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n');
  const missing = await run('nslookup-1.28', 'nope');
  assert.equal(missing.stderr, "nslookup: can't resolve 'nope'\n");
  assert.equal(missing.code, 1);
});
