import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../../shared/clock.js';
import { containerDns, requestByName } from '../../../../../daemon/runtime/dns/container-dns.js';
import type { DnsTransport } from '../../../../../daemon/runtime/dns/dns-message.js';
import { ClusterNetwork, NetworkError } from '../../../../../daemon/runtime/network.js';

const files: Record<string, string> = { '/etc/hosts': '127.0.0.1\tlocalhost\n10.244.2.3\tweb\n' };
const fs = {
  readFile: (path: string): string => {
    const text = files[path];
    if (text === undefined) throw new Error(`unexpected read of ${path}`);
    return text;
  },
};

function setUp() {
  const clock = new ManualClock(0);
  const network = new ClusterNetwork({ clock });
  network.forPod('10.244.2.3').listen(80, (req) => ({ status: 200, headers: {}, body: `hello ${req.headers['Host']}` }));
  // kube-dns without endpoints: kube-proxy's REJECT refuses the question at once.
  const refused: DnsTransport = { query: () => ({ type: 'refused' }) };
  const dns = containerDns({ fs, transport: refused, podIP: '10.244.1.5', clock });
  return { net: network.forPod('10.244.1.5'), dns };
}

const get = { method: 'GET', path: '/', headers: { Host: 'web' }, body: '' };

test('a name is resolved first, then the connection goes to its address', async () => {
  const { net, dns } = setUp();
  assert.equal((await requestByName(dns, net, 'web', 80, get)).body, 'hello web');
});

test('an unresolvable name is curl error 6 with the name', async () => {
  const { net, dns } = setUp();
  files['/etc/resolv.conf'] = 'nameserver 10.96.0.10\n';
  const lookup = requestByName(dns, net, 'nope', 80, get);
  await assert.rejects(lookup, (err: unknown) => err instanceof NetworkError && err.curlExitCode === 6 && err.message === 'Could not resolve host: nope');
});

test('a failed connection still names the host that was asked for', async () => {
  const { net, dns } = setUp();
  await assert.rejects(requestByName(dns, net, 'web', 81, get), (err: unknown) => err instanceof NetworkError && /^Failed to connect to web port 81 /.test(err.message));
});
