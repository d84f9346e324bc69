import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TestContainer, type RunResult } from '../harness.js';

const hosts = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n10.244.1.5\tweb\n';
const dns = {
  lookup: async (name: string) => {
    if (name === 'web') return { addresses: ['10.244.1.5'], canonicalName: 'web' };
    if (name === 'test-svc') return { addresses: ['10.109.226.200'], canonicalName: 'test-svc.default.svc.cluster.local' };
    if (name === 'hl') return { addresses: ['10.244.1.8', '10.244.2.9'], canonicalName: 'hl.default.svc.cluster.local' };
    return { error: 'not-found' as const };
  },
  query: async () => ({ type: 'timeout' as const }),
};

function container(): TestContainer {
  const c = new TestContainer({ hostname: 'web' });
  c.fs.writeFile('/etc/hosts', hosts);
  c.fs.writeFile('/etc/passwd', 'root:x:0:0:root:/root:/bin/bash\nnginx:x:101:101:nginx user:/nonexistent:/bin/false\n');
  return c;
}

const cases: { name: string; given: string[]; want: Partial<RunResult> }[] = [
  { name: 'hosts: a Service name, with the FQDN the search path found', given: ['getent', 'hosts', 'test-svc'], want: { stdout: '10.109.226.200  test-svc.default.svc.cluster.local\n' } },
  { name: 'hosts: a headless Service, one line per address', given: ['getent', 'hosts', 'hl'], want: { stdout: '10.244.1.8      hl.default.svc.cluster.local\n10.244.2.9      hl.default.svc.cluster.local\n' } },
  { name: 'hosts: an address from /etc/hosts', given: ['getent', 'hosts', '10.244.1.5'], want: { stdout: '10.244.1.5      web\n' } },
  { name: 'hosts: the whole file without a key', given: ['getent', 'hosts'], want: { stdout: '127.0.0.1       localhost\n10.244.1.5      web\n' } },
  { name: 'hosts: exit 2 and no output for a name nobody knows', given: ['getent', 'hosts', 'nope'], want: { code: 2 } },
  {
    name: 'ahosts: one line per socket type, the canonical name on the first',
    given: ['getent', 'ahosts', 'test-svc'],
    want: { stdout: '10.109.226.200  STREAM test-svc.default.svc.cluster.local\n10.109.226.200  DGRAM  \n10.109.226.200  RAW    \n' },
  },
  { name: 'passwd: a user by name', given: ['getent', 'passwd', 'nginx'], want: { stdout: 'nginx:x:101:101:nginx user:/nonexistent:/bin/false\n' } },
  { name: 'passwd: a user by UID', given: ['getent', 'passwd', '0'], want: { stdout: 'root:x:0:0:root:/root:/bin/bash\n' } },
  { name: 'ahosts: the whole /etc/hosts without a key, in hosts\' format', given: ['getent', 'ahosts'], want: { stdout: '127.0.0.1       localhost\n10.244.1.5      web\n' } },
  // glibc complains on stderr and prints argp's pointer to the help on stdout.
  { name: 'an unknown database', given: ['getent', 'foo'], want: { stdout: "Try `getent --help' or `getent --usage' for more information.\n", stderr: 'Unknown database: foo\n', code: 1 } },
  { name: 'no database', given: ['getent'], want: { stdout: "Try `getent --help' or `getent --usage' for more information.\n", stderr: 'getent: wrong number of arguments\n', code: 1 } },
];

describe('getent', () => {
  for (const c of cases) {
    it(c.name, async () => {
      assert.deepEqual(await container().run(c.given, { dns }), { stdout: '', stderr: '', code: 0, ...c.want });
    });
  }
});
