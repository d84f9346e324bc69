import { test } from 'node:test';
import assert from 'node:assert/strict';
import { servicePortsOf } from '../../../../../daemon/node/proxy/service-info.js';

test('headless and ExternalName services are not proxied', () => {
  assert.deepEqual(servicePortsOf({ metadata: { namespace: 'default', name: 'db' }, spec: { clusterIP: 'None', ports: [{ port: 5432 }] } }), []);
  assert.deepEqual(servicePortsOf({ metadata: { namespace: 'default', name: 'ext' }, spec: { type: 'ExternalName', externalName: 'example.com' } }), []);
});

test('a NodePort service port carries its node port, affinity timeout and policies', () => {
  const [info] = servicePortsOf({
    metadata: { namespace: 'shop', name: 'web' },
    spec: {
      type: 'NodePort', clusterIP: '10.96.3.4', clusterIPs: ['10.96.3.4'], externalTrafficPolicy: 'Local', internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 30080 }],
    },
  });
  assert.equal(info.servicePortName, 'shop/web:http');
  assert.equal(info.nodePort, 30080);
  assert.equal(info.stickyMaxAgeSeconds, 600);
  assert.equal(info.externalPolicyLocal, true);
  assert.equal(info.internalPolicyLocal, false);
  assert.equal(info.protocol, 'tcp');
});

test('externalTrafficPolicy only counts for services reachable from outside', () => {
  const [info] = servicePortsOf({ metadata: { namespace: 'default', name: 'a' }, spec: { type: 'ClusterIP', clusterIP: '10.96.3.5', externalTrafficPolicy: 'Local', ports: [{ port: 80 }] } });
  assert.equal(info.externalPolicyLocal, false);
  assert.equal(info.stickyMaxAgeSeconds, 0);
});
