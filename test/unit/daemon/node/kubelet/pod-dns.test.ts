import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { containerHostname, defaultDnsConfig, podHostsFile, podResolvConf } from '../../../../../daemon/node/kubelet/pod-dns.js';

const pod = (spec: Record<string, unknown> = {}, name = 'mypod'): KubeObject => ({ metadata: { name, namespace: 'lab' }, spec: { containers: [], ...spec } });
const node = { name: 'node1', ip: '127.0.10.2' };

test('ClusterFirst (the default): the cluster DNS, the namespace search path, ndots:5', () => {
  assert.equal(podResolvConf(pod(), defaultDnsConfig), 'search lab.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
});

test('Default: the node resolv.conf', () => {
  assert.equal(podResolvConf(pod({ dnsPolicy: 'Default' }), defaultDnsConfig), 'nameserver 172.18.0.1\noptions ndots:0\n');
});

test('ClusterFirst with hostNetwork falls back to the node; ClusterFirstWithHostNet does not', () => {
  assert.equal(podResolvConf(pod({ hostNetwork: true }), defaultDnsConfig), 'nameserver 172.18.0.1\noptions ndots:0\n');
  assert.equal(podResolvConf(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), defaultDnsConfig), 'search lab.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
});

test('None: only dnsConfig', () => {
  const spec = { dnsPolicy: 'None', dnsConfig: { nameservers: ['192.0.2.1'], searches: ['ns1.svc.cluster-domain.example', 'my.dns.search.suffix'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } };
  assert.equal(podResolvConf(pod(spec), defaultDnsConfig), 'search ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 192.0.2.1\noptions ndots:2 edns0\n');
});

test('dnsConfig adds to ClusterFirst and replaces an option of the same name', () => {
  const spec = { dnsConfig: { nameservers: ['1.1.1.1'], searches: ['example.org'], options: [{ name: 'ndots', value: '1' }, { name: 'single-request-reopen' }] } };
  assert.equal(podResolvConf(pod(spec), defaultDnsConfig), 'search lab.svc.cluster.local svc.cluster.local cluster.local example.org\nnameserver 10.96.0.10\nnameserver 1.1.1.1\noptions ndots:1 single-request-reopen\n');
});

const header = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';

test('/etc/hosts: the kubelet header and the pod IP with its hostname', () => {
  assert.equal(podHostsFile(pod(), ['10.244.1.5'], defaultDnsConfig, node), `${header}10.244.1.5\tmypod\n`);
});

test('/etc/hosts with hostname and subdomain: the FQDN first, then the short name', () => {
  const file = podHostsFile(pod({ hostname: 'web-0', subdomain: 'nginx' }, 'web-0'), ['10.244.2.3'], defaultDnsConfig, node);
  assert.equal(file, `${header}10.244.2.3\tweb-0.nginx.lab.svc.cluster.local\tweb-0\n`);
});

test('/etc/hosts with hostAliases: their own section, one line per IP', () => {
  const spec = { hostAliases: [{ ip: '127.0.0.1', hostnames: ['foo.local', 'bar.local'] }, { ip: '10.1.2.3', hostnames: ['foo.remote', 'bar.remote'] }] };
  assert.equal(
    podHostsFile(pod(spec, 'hostaliases-pod'), ['10.244.1.7'], defaultDnsConfig, node),
    `${header}10.244.1.7\thostaliases-pod\n\n# Entries added by HostAliases.\n127.0.0.1\tfoo.local\tbar.local\n10.1.2.3\tfoo.remote\tbar.remote\n`,
  );
});

test('/etc/hosts of a hostNetwork pod: the node file, marked as such', () => {
  assert.match(podHostsFile(pod({ hostNetwork: true }), ['127.0.10.2'], defaultDnsConfig, node), /^# Kubernetes-managed hosts file \(host network\)\.\n127\.0\.0\.1\tlocalhost\n[^]*127\.0\.10\.2\tnode1\n$/);
});

test('hostname: spec.hostname, the FQDN with setHostnameAsFQDN, the node with hostNetwork, 63 characters at most', () => {
  assert.equal(containerHostname(pod({ hostname: 'web-0', subdomain: 'nginx' }), defaultDnsConfig, 'node1'), 'web-0');
  assert.equal(containerHostname(pod({ hostname: 'web-0', subdomain: 'nginx', setHostnameAsFQDN: true }), defaultDnsConfig, 'node1'), 'web-0.nginx.lab.svc.cluster.local');
  assert.equal(containerHostname(pod({ hostNetwork: true }), defaultDnsConfig, 'node1'), 'node1');
  assert.equal(containerHostname(pod({}, `${'a'.repeat(62)}-bcd`), defaultDnsConfig, 'node1'), 'a'.repeat(62));
});
