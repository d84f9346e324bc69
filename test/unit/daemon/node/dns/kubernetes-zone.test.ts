import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import type { DnsType } from '../../../../../daemon/runtime/dns/dns-message.js';
import { answerQuestion, type ZoneData } from '../../../../../daemon/node/dns/kubernetes-zone.js';

const service = (namespace: string, name: string, spec: Record<string, unknown>): KubeObject => ({ metadata: { namespace, name }, spec });
const slice = (namespace: string, serviceName: string, endpoints: unknown[]): KubeObject => ({
  metadata: { namespace, name: `${serviceName}-abcde`, labels: { 'kubernetes.io/service-name': serviceName } },
  addressType: 'IPv4',
  endpoints,
});

const services = [
  service('default', 'kubernetes', { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP' }] }),
  service('default', 'web', { clusterIP: '10.100.7.8', clusterIPs: ['10.100.7.8'], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }),
  service('default', 'nginx', { clusterIP: 'None', clusterIPs: ['None'], ports: [{ name: 'web', port: 80, protocol: 'TCP' }] }),
  service('default', 'empty', { clusterIP: 'None', ports: [{ port: 80 }] }),
  service('lab', 'ext', { type: 'ExternalName', externalName: 'example.com' }),
];
const slices = [
  slice('default', 'nginx', [
    { addresses: ['10.244.2.3'], hostname: 'web-0', conditions: { ready: true } },
    { addresses: ['10.244.3.4'], hostname: 'web-1', conditions: { ready: true } },
    { addresses: ['10.244.1.9'], hostname: 'web-2', conditions: { ready: false } },
  ]),
  slice('default', 'web', [{ addresses: ['10.244.1.5'], conditions: { ready: true } }]),
];
const data: ZoneData = {
  service: (ns, name) => services.find((s) => s.metadata.namespace === ns && s.metadata.name === name),
  endpointSlices: (ns, name) => slices.filter((s) => s.metadata.namespace === ns && s.metadata.labels?.['kubernetes.io/service-name'] === name),
  allServices: () => services,
  allEndpointSlices: () => slices,
};

/** The answer as nslookup would summarise it: rcode, then each record's data. */
function ask(name: string, type: DnsType = 'A'): string {
  const reply = answerQuestion(data, { name, type });
  const records = reply.answers.map((r) => ('address' in r ? r.address : 'priority' in r ? `${r.priority} ${r.weight} ${r.port} ${r.target}` : `${r.type} ${r.target}`));
  return [reply.rcode, ...records].join(' ');
}

const cases: { name: string; given: [string, DnsType?]; want: string }[] = [
  { name: 'a service name gives its ClusterIP', given: ['web.default.svc.cluster.local'], want: 'NOERROR 10.100.7.8' },
  { name: 'names are case-insensitive and may end with a dot', given: ['Kubernetes.Default.SVC.cluster.local.'], want: 'NOERROR 10.96.0.1' },
  { name: 'a service has no AAAA record: no data, not an error', given: ['web.default.svc.cluster.local', 'AAAA'], want: 'NOERROR' },
  { name: 'an unknown service is NXDOMAIN', given: ['nope.default.svc.cluster.local'], want: 'NXDOMAIN' },
  { name: 'a service in another namespace is NXDOMAIN', given: ['web.lab.svc.cluster.local'], want: 'NXDOMAIN' },
  { name: 'the search-path misses are NXDOMAIN', given: ['web.svc.cluster.local'], want: 'NXDOMAIN' },
  { name: 'web.cluster.local is NXDOMAIN', given: ['web.cluster.local'], want: 'NXDOMAIN' },
  { name: 'a headless service lists its ready endpoints', given: ['nginx.default.svc.cluster.local'], want: 'NOERROR 10.244.2.3 10.244.3.4' },
  { name: 'a headless service without ready endpoints is NXDOMAIN', given: ['empty.default.svc.cluster.local'], want: 'NXDOMAIN' },
  { name: 'a StatefulSet pod has its own name under the headless service', given: ['web-0.nginx.default.svc.cluster.local'], want: 'NOERROR 10.244.2.3' },
  { name: 'a not-ready StatefulSet pod has no record', given: ['web-2.nginx.default.svc.cluster.local'], want: 'NXDOMAIN' },
  { name: 'an endpoint without hostname is named by its dashed IP', given: ['10-244-1-5.web.default.svc.cluster.local'], want: 'NOERROR 10.244.1.5' },
  { name: 'pod names are answered unchecked (pods insecure)', given: ['10-244-1-5.default.pod.cluster.local'], want: 'NOERROR 10.244.1.5' },
  { name: 'a malformed pod name is NXDOMAIN', given: ['10-244-1.default.pod.cluster.local'], want: 'NXDOMAIN' },
  { name: 'an ExternalName service is a CNAME', given: ['ext.lab.svc.cluster.local'], want: 'NOERROR CNAME example.com' },
  { name: 'SRV of a named port of a ClusterIP service', given: ['_http._tcp.web.default.svc.cluster.local', 'SRV'], want: 'NOERROR 0 100 80 web.default.svc.cluster.local' },
  { name: 'SRV of a headless service names each endpoint', given: ['_web._tcp.nginx.default.svc.cluster.local', 'SRV'], want: 'NOERROR 0 50 80 web-0.nginx.default.svc.cluster.local 0 50 80 web-1.nginx.default.svc.cluster.local' },
  { name: 'SRV of a port the service lacks is NXDOMAIN', given: ['_dns._udp.web.default.svc.cluster.local', 'SRV'], want: 'NXDOMAIN' },
  { name: 'PTR of a ClusterIP names the service', given: ['1.0.96.10.in-addr.arpa', 'PTR'], want: 'NOERROR PTR kubernetes.default.svc.cluster.local' },
  { name: 'PTR of an endpoint names it under its service', given: ['3.2.244.10.in-addr.arpa', 'PTR'], want: 'NOERROR PTR web-0.nginx.default.svc.cluster.local' },
  { name: 'PTR of an address the cluster does not know goes upstream: NXDOMAIN', given: ['8.8.8.8.in-addr.arpa', 'PTR'], want: 'NXDOMAIN' },
  { name: 'kubernetes.default (no zone) goes upstream: NXDOMAIN', given: ['kubernetes.default'], want: 'NXDOMAIN' },
  { name: 'the zone apex exists with no address', given: ['cluster.local'], want: 'NOERROR' },
];

for (const c of cases) {
  test(c.name, () => assert.equal(ask(...c.given), c.want));
}

test('answers of the cluster zone are authoritative, upstream ones are not', () => {
  assert.equal(answerQuestion(data, { name: 'web.default.svc.cluster.local', type: 'A' }).authoritative, true);
  assert.equal(answerQuestion(data, { name: 'example.com', type: 'A' }).authoritative, false);
});
