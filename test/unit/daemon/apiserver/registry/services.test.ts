import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceStrategy } from '../../../../../daemon/apiserver/registry/services.js';
import { create, update } from './run-strategy.js';

function service(spec: object, name = 'mynginx'): object {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: 'mynginx' }, ...spec } };
}

describe('Service defaults', () => {
  it('fills a ClusterIP service the way a v1.32 apiserver shows it', () => {
    const { obj, errors } = create(serviceStrategy, service({ ports: [{ port: 80 }] }));
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.spec, {
      selector: { app: 'mynginx' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
    assert.deepEqual(obj.status, { loadBalancer: {} });
    assert.equal(obj.metadata.generation, undefined);
  });

  it('adds externalTrafficPolicy for NodePort and allocateLoadBalancerNodePorts for LoadBalancer', () => {
    assert.equal(create(serviceStrategy, service({ type: 'NodePort', ports: [{ port: 80 }] })).obj.spec.externalTrafficPolicy, 'Cluster');
    const lb = create(serviceStrategy, service({ type: 'LoadBalancer', ports: [{ port: 80 }] })).obj.spec;
    assert.equal(lb.allocateLoadBalancerNodePorts, true);
    assert.equal(lb.externalTrafficPolicy, 'Cluster');
  });

  it('gives ExternalName services no IP family fields', () => {
    const { obj, errors } = create(serviceStrategy, service({ type: 'ExternalName', externalName: 'example.com' }));
    assert.deepEqual(errors, []);
    assert.equal(obj.spec.ipFamilies, undefined);
    assert.equal(obj.spec.internalTrafficPolicy, undefined);
  });

  it('gives a headless service without selector RequireDualStack', () => {
    const spec = create(serviceStrategy, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: 'None', ports: [{ port: 5432 }] } }).obj.spec;
    assert.deepEqual([spec.clusterIPs, spec.ipFamilyPolicy], [['None'], 'RequireDualStack']);
  });
});

describe('Service validation', () => {
  const cases: { name: string; given: object; want: string[] }[] = [
    { name: 'requires ports', given: service({}), want: ['spec.ports: Required value'] },
    {
      name: 'requires port names when there are several',
      given: service({ ports: [{ port: 80 }, { port: 443 }] }),
      want: ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value'],
    },
    {
      name: 'rejects a port out of range',
      given: service({ ports: [{ port: 70000, targetPort: 80 }] }),
      want: ['spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    },
    {
      name: 'rejects duplicate port names and duplicate ports',
      given: service({ ports: [{ name: 'http', port: 80 }, { name: 'http', port: 80 }] }),
      want: [
        'spec.ports[1].name: Duplicate value: "http"',
        'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
      ],
    },
    {
      name: 'rejects an unknown type',
      given: service({ type: 'Public', ports: [{ port: 80 }] }),
      want: ['spec.type: Unsupported value: "Public": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'],
    },
    {
      name: 'rejects a node port on a ClusterIP service',
      given: service({ ports: [{ port: 80, nodePort: 30080 }] }),
      want: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    },
    {
      name: 'rejects a name that is not a DNS-1035 label',
      given: service({ ports: [{ port: 80 }] }, 'web.svc'),
      want: [
        `metadata.name: Invalid value: "web.svc": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      ],
    },
    {
      name: 'rejects a cluster IP that is not an IP',
      given: service({ clusterIP: '10.96.0.300', ports: [{ port: 80 }] }),
      want: ['spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    },
  ];
  for (const { name, given, want } of cases) it(name, () => assert.deepEqual(create(serviceStrategy, given).errors, want));
});

describe('Service updates', () => {
  const stored = create(serviceStrategy, service({ type: 'NodePort', ports: [{ port: 80 }] })).obj;
  stored.spec.clusterIP = '10.96.12.34';
  stored.spec.clusterIPs = ['10.96.12.34'];
  stored.spec.ports[0].nodePort = 31234;

  it('keeps the allocated clusterIP and nodePort when the manifest leaves them out', () => {
    const { obj, errors } = update(serviceStrategy, stored, (o) => {
      delete o.spec.clusterIP;
      delete o.spec.clusterIPs;
      delete o.spec.ports[0].nodePort;
    });
    assert.deepEqual(errors, []);
    assert.deepEqual([obj.spec.clusterIP, obj.spec.clusterIPs, obj.spec.ports[0].nodePort], ['10.96.12.34', ['10.96.12.34'], 31234]);
  });

  it('refuses a new cluster IP', () => {
    const { errors } = update(serviceStrategy, stored, (o) => {
      o.spec.clusterIP = '10.96.0.10';
      o.spec.clusterIPs = ['10.96.0.10'];
    });
    assert.deepEqual(errors, ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.10"}: may not change once set']);
  });

  it('drops the NodePort leftovers when the type goes back to ClusterIP', () => {
    const { obj, errors } = update(serviceStrategy, stored, (o) => (o.spec.type = 'ClusterIP'));
    assert.deepEqual(errors, []);
    assert.equal(obj.spec.ports[0].nodePort, undefined);
    assert.equal(obj.spec.externalTrafficPolicy, undefined);
  });
});
