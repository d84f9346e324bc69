import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { serviceEnvironment } from '../../../../../daemon/node/kubelet/service-env.js';

const service = (namespace: string, name: string, clusterIP: string, ports: Record<string, unknown>[]): KubeObject => ({ metadata: { namespace, name }, spec: { clusterIP, ports } });
const services = [
  service('default', 'kubernetes', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP' }]),
  service('lab', 'my-web', '10.96.12.7', [{ port: 80, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'UDP' }]),
  service('lab', 'headless', 'None', [{ port: 80 }]),
  service('other', 'elsewhere', '10.96.1.1', [{ port: 80 }]),
];

test('a pod gets the variables of its namespace services and of kubernetes, not headless ones', () => {
  assert.deepEqual(serviceEnvironment(services, 'lab', true), {
    KUBERNETES_SERVICE_HOST: '10.96.0.1',
    KUBERNETES_SERVICE_PORT: '443',
    KUBERNETES_SERVICE_PORT_HTTPS: '443',
    KUBERNETES_PORT: 'tcp://10.96.0.1:443',
    KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443',
    KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
    KUBERNETES_PORT_443_TCP_PORT: '443',
    KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
    MY_WEB_SERVICE_HOST: '10.96.12.7',
    MY_WEB_SERVICE_PORT: '80',
    MY_WEB_SERVICE_PORT_METRICS: '9090',
    MY_WEB_PORT: 'tcp://10.96.12.7:80',
    MY_WEB_PORT_80_TCP: 'tcp://10.96.12.7:80',
    MY_WEB_PORT_80_TCP_PROTO: 'tcp',
    MY_WEB_PORT_80_TCP_PORT: '80',
    MY_WEB_PORT_80_TCP_ADDR: '10.96.12.7',
    MY_WEB_PORT_9090_UDP: 'udp://10.96.12.7:9090',
    MY_WEB_PORT_9090_UDP_PROTO: 'udp',
    MY_WEB_PORT_9090_UDP_PORT: '9090',
    MY_WEB_PORT_9090_UDP_ADDR: '10.96.12.7',
  });
});

test('enableServiceLinks: false leaves only the kubernetes service', () => {
  assert.deepEqual(Object.keys(serviceEnvironment(services, 'lab', false)).filter((k) => !k.startsWith('KUBERNETES_')), []);
  assert.equal(serviceEnvironment(services, 'lab', false).KUBERNETES_SERVICE_HOST, '10.96.0.1');
});
