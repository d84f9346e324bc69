import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import type { ResourceRef } from '../../../../../shared/client/client.js';
import { ClusterNetwork, NetworkError } from '../../../../../daemon/runtime/network.js';
import { KubeProxy } from '../../../../../daemon/node/proxy/proxy.js';
import { startApi } from '../../../../helpers/api.js';
import { waitFor } from '../../../../helpers/wait-for.js';

const services: ResourceRef = { group: '', version: 'v1', resource: 'services' };
const slices: ResourceRef = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };
const events: ResourceRef = { group: '', version: 'v1', resource: 'events' };
/** A loopback subnet of this test process, so parallel runs do not share node IPs. */
const nodeIP = `127.0.${200 + (process.pid % 50)}.2`;
const get = { method: 'GET', path: '/', headers: { Host: 'x' }, body: '' };

function slice(name: string, service: string, endpoints: { ip: string; ready: boolean; node: string }[]): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    ports: [{ name: '', port: 8080, protocol: 'TCP' }],
    endpoints: endpoints.map((e) => ({ addresses: [e.ip], conditions: { ready: e.ready, serving: e.ready, terminating: false }, nodeName: e.node })),
  };
}

function httpGet(host: string, port: number): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: '/', agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end();
  });
}

async function setUp(t: { after: (fn: () => unknown) => void }, openNodePorts: boolean) {
  const api = await startApi(t);
  const network = new ClusterNetwork({ clock: api.clock });
  network.attachNode({ name: 'node1', ip: nodeIP, podCIDR: '10.244.1.0/24' });
  network.forPod('10.244.1.4').listen(8080, (req) => ({ status: 200, headers: { 'Content-Type': 'text/plain' }, body: `served to ${req.remoteAddress}\n` }));
  const proxy = new KubeProxy({ client: api.client, clock: api.clock, nodeName: 'node1', nodeIP, network, openNodePorts, random: () => 0 });
  t.after(() => proxy.stop());
  return { ...api, network, proxy, client: api.client };
}

test('routes a pod\'s connection to a ClusterIP through the node\'s rules to a ready endpoint', async (t) => {
  const { client, network, proxy } = await setUp(t, false);
  const svc = await client.create(services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } });
  await client.create(slices, 'default', slice('web-abcde', 'web', [{ ip: '10.244.1.4', ready: true, node: 'node1' }]));
  await proxy.start();
  const pod = network.forPod('10.244.1.9');
  const response = await waitFor(() => pod.request(svc.spec.clusterIP, 80, get), { what: 'the service to answer' });
  assert.equal(response.body, 'served to 10.244.1.9\n');
  assert.match(proxy.render(), /-A KUBE-SERVICES -d [\d.]+\/32 -p tcp -m comment --comment "default\/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-/);
});

test('a service whose only endpoint is not ready refuses connections', async (t) => {
  const { client, network, proxy } = await setUp(t, false);
  const svc = await client.create(services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } });
  await client.create(slices, 'default', slice('web-abcde', 'web', [{ ip: '10.244.1.4', ready: false, node: 'node1' }]));
  await proxy.start();
  const error = await network.forPod('10.244.1.9').request(svc.spec.clusterIP, 80, get).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof NetworkError);
  assert.equal(error.message, `Failed to connect to ${svc.spec.clusterIP} port 80 after 0 ms: Couldn't connect to server`);
});

test('opens a NodePort on the node IP only while the service has a usable endpoint, and closes it on stop', async (t) => {
  const { client, proxy } = await setUp(t, true);
  const svc = await client.create(services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } });
  const nodePort: number = svc.spec.ports[0].nodePort;
  await proxy.start();
  assert.deepEqual(proxy.nodePortsOpen(), [], 'no endpoint, no listener: the host\'s curl is refused');
  await client.create(slices, 'default', slice('web-abcde', 'web', [{ ip: '10.244.1.4', ready: true, node: 'node1' }]));
  const answer = await waitFor(async () => {
    const r = await httpGet(nodeIP, nodePort);
    return 'status' in r ? r : undefined;
  }, { what: 'the node port to answer' });
  assert.deepEqual(answer, { status: 200, body: `served to ${nodeIP}\n` }, 'externalTrafficPolicy Cluster: the source is masqueraded to the node');
  await proxy.stop();
  assert.deepEqual(await httpGet(nodeIP, nodePort), { error: 'ECONNREFUSED' });
});

test('a node port taken on the host gives a Warning Event on the Service, not a crash', async (t) => {
  const { client, proxy } = await setUp(t, true);
  const { createServer } = await import('node:net');
  const blocker = createServer();
  let taken = 31000 + (process.pid % 1500);
  // Another process may hold one of these ports on this address: take the first free one.
  while (!(await new Promise<boolean>((resolve) => blocker.once('error', () => resolve(false)).listen(taken, nodeIP, () => resolve(true))))) taken++;
  t.after(() => blocker.close());
  await client.create(services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, nodePort: taken }] } });
  await client.create(slices, 'default', slice('web-abcde', 'web', [{ ip: '10.244.1.4', ready: true, node: 'node1' }]));
  await proxy.start();
  const event = await waitFor(async () => (await client.list(events, 'default')).items.find((e: KubeObject) => e.reason === 'PortNotAvailable'), { what: 'the PortNotAvailable event' });
  assert.equal(event.type, 'Warning');
  assert.equal(event.message, `can't open "nodePort for default/web" (${nodeIP}:${taken}/tcp4), skipping it`);
  assert.equal(event.involvedObject.kind, 'Service');
  assert.equal(event.source.component, 'kube-proxy');
});
