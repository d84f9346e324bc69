import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { ManualClock } from '../../../../../shared/clock.js';
import type { EventRecorder } from '../../../../../shared/client/events.js';
import { logger } from '../../../../../shared/log.js';
import { ClusterNetwork } from '../../../../../daemon/runtime/network.js';
import { NodePortListeners } from '../../../../../daemon/node/proxy/nodeport.js';
import { waitFor } from '../../../../helpers/wait-for.js';

const nodeIP = `127.0.${200 + (process.pid % 50)}.3`;
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 'u1' } };
const recorder = { event: () => undefined } as unknown as EventRecorder;

/** GETs / twice over one keep-alive connection; the bodies, or the socket error. */
function twoOnOneConnection(port: number): Promise<string[] | string> {
  return new Promise((resolve) => {
    const bodies: string[] = [];
    const once = (agent: import('node:http').Agent): void => {
      const req = request({ host: nodeIP, port, path: '/', agent, headers: { Connection: 'keep-alive' } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => {
          bodies.push(`${res.statusCode} ${body}`);
          if (bodies.length === 2) {
            agent.destroy();
            resolve(bodies);
          } else once(agent);
        });
      });
      req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
      req.end();
    };
    void import('node:http').then(({ Agent }) => once(new Agent({ keepAlive: true, maxSockets: 1 })));
  });
}

test('refuses to listen on an address that is not loopback', () => {
  assert.throws(() => new NodePortListeners({ nodeName: 'node1', nodeIP: '192.168.1.10', network: new ClusterNetwork(), recorder, log: logger('test') }), /not a loopback address/);
});

test('serves a node port through the node\'s rules, one endpoint per connection, and closes it when unwanted', async (t) => {
  const network = new ClusterNetwork({ clock: new ManualClock() });
  network.attachNode({ name: 'node1', ip: nodeIP, podCIDR: '10.244.1.0/24' });
  let next = 0;
  network.setRouter('node1', { route: () => ({ type: 'dnat', ip: `10.244.1.${2 + (next++ % 2)}`, port: 80, masquerade: true }) });
  for (const ip of ['10.244.1.2', '10.244.1.3']) network.forPod(ip).listen(80, (req) => ({ status: 200, headers: { 'Content-Length': '999', Server: 'nginx' }, body: `${ip} saw ${req.remoteAddress}` }));
  const listeners = new NodePortListeners({ nodeName: 'node1', nodeIP, network, recorder, log: logger('test') });
  t.after(() => listeners.closeAll());
  const port = 32000 + (process.pid % 700);
  listeners.sync([{ port, service, servicePortName: 'default/web' }]);
  const bodies = await waitFor(async () => {
    const r = await twoOnOneConnection(port);
    return Array.isArray(r) ? r : undefined;
  }, { what: 'the node port' });
  assert.deepEqual(bodies, [`200 10.244.1.2 saw ${nodeIP}`, `200 10.244.1.2 saw ${nodeIP}`], 'the connection keeps its endpoint (conntrack); Content-Length is the real one');
  assert.deepEqual(listeners.ports(), [port]);
  listeners.sync([]);
  assert.deepEqual(listeners.ports(), []);
  await waitFor(async () => (await twoOnOneConnection(port)) === 'ECONNREFUSED', { what: 'the port to close' });
});
