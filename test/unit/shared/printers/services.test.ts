import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { serviceExternalIP, servicePorts, servicePrinter } from '../../../../shared/printers/services.js';

const now = Date.parse('2024-01-01T12:00:00Z');

function service(spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject {
  return { metadata: { name: 'web', namespace: 'default', creationTimestamp: '2024-01-01T11:00:00Z' }, spec, status };
}

describe('service EXTERNAL-IP', () => {
  const cases: { name: string; given: KubeObject; want: string }[] = [
    { name: 'prints <none> for a ClusterIP service', given: service({ type: 'ClusterIP' }), want: '<none>' },
    { name: 'prints externalIPs for a NodePort service', given: service({ type: 'NodePort', externalIPs: ['1.2.3.4', '5.6.7.8'] }), want: '1.2.3.4,5.6.7.8' },
    { name: 'prints <pending> for a LoadBalancer without ingress', given: service({ type: 'LoadBalancer' }), want: '<pending>' },
    {
      name: 'prints sorted load-balancer IPs and hostnames, without cutting them',
      given: service({ type: 'LoadBalancer' }, { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }, { ip: '203.0.113.10' }] } }),
      want: '203.0.113.10,lb.example.com',
    },
    {
      name: 'appends externalIPs to load-balancer addresses',
      given: service({ type: 'LoadBalancer', externalIPs: ['9.9.9.9'] }, { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } }),
      want: '203.0.113.10,9.9.9.9',
    },
    { name: 'prints the DNS name of an ExternalName service', given: service({ type: 'ExternalName', externalName: 'db.example.com' }), want: 'db.example.com' },
    { name: 'prints <unknown> for an unknown type', given: service({}), want: '<unknown>' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(serviceExternalIP(c.given), c.want));
  }
});

describe('service PORT(S)', () => {
  const cases: { name: string; given: unknown[]; want: string }[] = [
    { name: 'prints port/protocol', given: [{ port: 80, protocol: 'TCP' }], want: '80/TCP' },
    { name: 'adds the node port', given: [{ port: 80, nodePort: 31234, protocol: 'TCP' }], want: '80:31234/TCP' },
    { name: 'joins several ports with commas', given: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }], want: '53/UDP,53/TCP' },
    { name: 'prints <none> without ports', given: [], want: '<none>' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(servicePorts(service({ ports: c.given })), c.want));
  }
});

describe('servicePrinter', () => {
  it('declares NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE and wide SELECTOR', () => {
    assert.deepEqual(
      servicePrinter.columns.map((c) => `${c.name}:${c.priority}`),
      ['Name:0', 'Type:0', 'Cluster-IP:0', 'External-IP:0', 'Port(s):0', 'Age:0', 'Selector:1'],
    );
  });

  it('prints the kubernetes service row', () => {
    const kubernetes = service({ type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP' }] });
    assert.deepEqual(servicePrinter.cells(kubernetes, now), ['web', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', '60m', '<none>']);
  });

  it('prints None for a headless service and the selector sorted', () => {
    const headless = service({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], selector: { tier: 'db', app: 'web' } });
    const cells = servicePrinter.cells(headless, now);
    assert.deepEqual([cells[2], cells[6]], ['None', 'app=web,tier=db']);
  });
});
