// Cluster DNS with the real kubectl (issue #6 item 5): CoreDNS and kube-dns in kube-system as
// kubeadm installs them, resolv.conf and hosts in the pods, names of Services, headless Services
// and StatefulSet pods seen from busybox's nslookup, and names that stop resolving when CoreDNS
// has no ready pod. HTTP through ClusterIPs belongs to the proxy tests: here names → addresses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { repoPath } from '../helpers/paths.js';
import { waitFor } from '../helpers/wait-for.js';

const fixture = (name: string): string => readFileSync(repoPath('test', 'e2e', 'fixtures', 'dns', name), 'utf8');
const ns = 'dns-lab';

test('cluster DNS through kubectl', async (t) => {
  const daemon = await startDaemon(t, { speed: 5 });
  const k = daemon.kubectl;
  const exec = (pod: string, ...command: string[]) => k('exec', '-n', ns, pod, '--', ...command);
  const jsonpath = async (args: string[], path: string): Promise<string> => (await k(...args, '-o', `jsonpath=${path}`)).stdout;
  const podIP = (name: string): Promise<string> => jsonpath(['get', 'pod', '-n', ns, name], '{.status.podIP}');

  await t.test('kube-system has the kube-dns Service and two Running coredns pods', async () => {
    const svc = tableRows((await k('get', 'svc', '-n', 'kube-system')).stdout);
    assert.deepEqual(svc[0], ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    assert.deepEqual(svc[1]?.slice(0, 5), ['kube-dns', 'ClusterIP', '10.96.0.10', '<none>', '53/UDP,53/TCP,9153/TCP']);
    const pods = await waitFor(async () => {
      // kube-system also holds the control plane's mirror pods and kube-proxy (kube-system.test.ts).
      const rows = tableRows((await k('get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-dns')).stdout).slice(1);
      return rows.length === 2 && rows.every((r) => r[1] === '1/1' && r[2] === 'Running') ? rows : undefined;
    }, { what: 'two ready coredns pods', timeout: 30_000 });
    for (const row of pods) assert.match(row[0]!, /^coredns-[a-z0-9]{8,10}-[a-z0-9]{5}$/);
    const deploy = tableRows((await k('get', 'deploy', 'coredns', '-n', 'kube-system', '-o', 'wide')).stdout);
    assert.deepEqual(deploy[1]?.slice(0, 4), ['coredns', '2/2', '2', '2']);
    assert.deepEqual(deploy[1]?.slice(5), ['coredns', 'registry.k8s.io/coredns/coredns:v1.11.3', 'k8s-app=kube-dns']);
    const logs = (await k('logs', '-n', 'kube-system', pods[0]![0]!)).stdout.split('\n');
    assert.equal(logs[0], '.:53');
    assert.match(logs[1]!, /^\[INFO\] plugin\/reload: Running configuration SHA512 = [0-9a-f]{128}$/);
    assert.deepEqual(logs.slice(2, 4), ['CoreDNS-1.11.3', 'linux/amd64, go1.21.11, a6338e9']);
    assert.equal((await k('get', 'endpoints', 'kube-dns', '-n', 'kube-system', '-o', 'jsonpath={.subsets[0].ports[*].name}')).stdout.split(' ').sort().join(' '), 'dns dns-tcp metrics');
  });

  await t.test('every pod gets the cluster resolv.conf and the kubelet hosts file', async () => {
    assert.equal((await k('create', 'namespace', ns)).code, 0);
    assert.equal((await daemon.kubectlWithInput(fixture('clients.yaml'), 'apply', '-n', ns, '-f', '-')).code, 0);
    assert.equal((await daemon.kubectlWithInput(fixture('web.yaml'), 'apply', '-n', ns, '-f', '-')).code, 0);
    await waitFor(async () => (await jsonpath(['get', 'pods', '-n', ns], '{.items[*].status.containerStatuses[0].ready}')) === 'true true true true true true' || undefined, { what: 'six ready pods', timeout: 60_000 });
    assert.equal((await exec('bb', 'cat', '/etc/resolv.conf')).stdout, `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`);
    const ip = await podIP('bb');
    assert.equal(
      (await exec('bb', 'cat', '/etc/hosts')).stdout,
      `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${ip}\tbb\n`,
    );
    assert.equal((await exec('bb', 'hostname')).stdout, 'bb\n');
  });

  await t.test('busybox 1.36 nslookup: kubernetes.default is NXDOMAIN, the full name answers', async () => {
    const short = await exec('bb', 'nslookup', 'kubernetes.default');
    assert.equal(short.stdout, "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find kubernetes.default: NXDOMAIN\n\n** server can't find kubernetes.default: NXDOMAIN\n\n");
    assert.equal(short.code, 1);
    const full = await exec('bb', 'nslookup', 'kubernetes.default.svc.cluster.local');
    assert.match(full.stdout, /^Server:\t\t10\.96\.0\.10\nAddress:\t10\.96\.0\.10:53\n\n(Non-authoritative answer:\n)?Name:\tkubernetes\.default\.svc\.cluster\.local\nAddress: 10\.96\.0\.1\n\n/);
    assert.equal(full.code, 0);
  });

  await t.test('busybox 1.28 nslookup resolves kubernetes.default through the search path', async () => {
    const out = await exec('dnsutils', 'nslookup', 'kubernetes.default');
    assert.equal(out.stdout, 'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n');
  });

  await t.test('a Service answers as <svc>, <svc>.<ns> and its FQDN', async () => {
    const clusterIP = await jsonpath(['get', 'svc', '-n', ns, 'web'], '{.spec.clusterIP}');
    for (const name of ['web', `web.${ns}`, `web.${ns}.svc.cluster.local`]) {
      const out = await exec('dnsutils', 'nslookup', name);
      assert.equal(out.stdout.split('\n').slice(3).join('\n'), `Name:      ${name}\nAddress 1: ${clusterIP} web.${ns}.svc.cluster.local\n`, name);
    }
    const bb = await exec('bb', 'nslookup', 'web');
    assert.ok(bb.stdout.includes(`Name:\tweb.${ns}.svc.cluster.local\nAddress: ${clusterIP}\n`), bb.stdout);
    assert.ok(bb.stdout.includes(`** server can't find web.svc.cluster.local: NXDOMAIN\n`), bb.stdout);
    // The Debian nginx image has no nslookup; glibc's getent asks the same resolver.
    assert.deepEqual(await exec('db-0', 'getent', 'hosts', 'web'), { stdout: `${clusterIP.padEnd(15)} web.${ns}.svc.cluster.local\n`, stderr: '', code: 0 });
    assert.deepEqual(await exec('db-0', 'getent', 'hosts', 'nope'), { stdout: '', stderr: 'command terminated with exit code 2\n', code: 2 });
    const missing = await exec('cu', 'curl', '-sS', 'http://nope/');
    // kubectl adds its own line for the exit code, as it does against any cluster.
    assert.equal(missing.stderr, 'curl: (6) Could not resolve host: nope\ncommand terminated with exit code 6\n');
    assert.equal(missing.code, 6);
  });

  await t.test('a headless Service lists the pod IPs; a StatefulSet pod has its own name', async () => {
    const ips = [await podIP('db-0'), await podIP('db-1')].sort();
    const headless = await exec('bb', 'nslookup', `nginx.${ns}.svc.cluster.local`);
    const answered = [...headless.stdout.matchAll(/Name:\tnginx\.dns-lab\.svc\.cluster\.local\nAddress: (\S+)\n/g)].map((m) => m[1]).sort();
    assert.deepEqual(answered, ips);
    const pod = await exec('bb', 'nslookup', `db-0.nginx.${ns}.svc.cluster.local`);
    assert.ok(pod.stdout.includes(`Name:\tdb-0.nginx.${ns}.svc.cluster.local\nAddress: ${await podIP('db-0')}\n`), pod.stdout);
    const viaSearch = await exec('dnsutils', 'nslookup', 'db-1.nginx');
    assert.equal(viaSearch.stdout.split('\n').slice(3).join('\n'), `Name:      db-1.nginx\nAddress 1: ${await podIP('db-1')} db-1.nginx.${ns}.svc.cluster.local\n`);
    const hosts = (await exec('db-0', 'cat', '/etc/hosts')).stdout;
    assert.ok(hosts.endsWith(`${await podIP('db-0')}\tdb-0.nginx.${ns}.svc.cluster.local\tdb-0\n`), hosts);
    assert.equal((await exec('db-0', 'hostname')).stdout, 'db-0\n');
  });

  await t.test('without a ready CoreDNS pod names stop resolving, and come back with it', async () => {
    assert.equal((await k('scale', 'deployment', 'coredns', '-n', 'kube-system', '--replicas=0')).code, 0);
    await waitFor(async () => tableRows((await k('get', 'endpoints', 'kube-dns', '-n', 'kube-system')).stdout)[1]?.[1] === '<none>' || undefined, { what: 'kube-dns without endpoints', timeout: 30_000 });
    const failed = await exec('cu', 'curl', '-sS', `http://web.${ns}/`);
    assert.equal(failed.stderr, `curl: (6) Could not resolve host: web.${ns}\ncommand terminated with exit code 6\n`);
    assert.equal((await k('scale', 'deployment', 'coredns', '-n', 'kube-system', '--replicas=2')).code, 0);
    await waitFor(async () => !(await exec('cu', 'curl', '-sS', '-o', '/dev/null', `http://web.${ns}/`)).stderr.includes('Could not resolve host') || undefined, { what: 'names resolving again', timeout: 30_000 });
  });
});
