// Issue #6's bad input, with the real kubectl: a nodePort outside 30000-32767 or already taken, a
// clusterIP already taken, a multi-port Service without port names are refused with the API's own
// words and nothing is written; a connection flood on a NodePort leaves the daemon answering.
import { connect } from 'node:net';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon } from '../helpers/daemon.js';
import { rawRequest } from '../helpers/raw-api.js';
import { waitFor } from '../helpers/wait-for.js';

function service(name: string, spec: Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ...spec } });
}

test('Services: bad input is refused, a NodePort flood does not hurt', async (t) => {
  const daemon = await startDaemon(t);
  const k = daemon.kubectl;
  const create = (body: string) => daemon.kubectlWithInput(body, 'create', '-f', '-');

  await t.test('a nodePort outside the range', async () => {
    const out = await create(service('low', { type: 'NodePort', ports: [{ port: 80, nodePort: 29999 }] }));
    assert.equal(out.code, 1);
    assert.equal(out.stderr, 'The Service "low" is invalid: spec.ports[0].nodePort: Invalid value: 29999: provided port is not in the valid range. The range of valid ports is 30000-32767\n');
  });

  await t.test('a nodePort already allocated', async () => {
    assert.equal((await create(service('first', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))).stdout, 'service/first created\n');
    const out = await create(service('second', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    assert.equal(out.code, 1);
    assert.equal(out.stderr, 'The Service "second" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n');
  });

  await t.test('a clusterIP already allocated', async () => {
    assert.equal((await create(service('ip-one', { clusterIP: '10.96.200.200', ports: [{ port: 80 }] }))).stdout, 'service/ip-one created\n');
    const out = await create(service('ip-two', { clusterIP: '10.96.200.200', ports: [{ port: 80 }] }));
    assert.equal(out.code, 1);
    assert.equal(out.stderr, 'The Service "ip-two" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.200.200"}: failed to allocate IP 10.96.200.200: provided IP is already allocated\n');
  });

  await t.test('a multi-port Service without port names', async () => {
    const out = await create(service('multi', { ports: [{ port: 80 }, { port: 443 }] }));
    assert.equal(out.code, 1);
    // kubectl lists several causes one per line.
    assert.equal(out.stderr, 'The Service "multi" is invalid: \n* spec.ports[0].name: Required value\n* spec.ports[1].name: Required value\n');
  });

  await t.test('nothing of the refused Services was written', async () => {
    const out = await k('get', 'svc', '-o', 'name');
    assert.equal(out.stdout, 'service/first\nservice/ip-one\nservice/kubernetes\n');
  });

  await t.test('500 connections at once to a NodePort: the daemon still answers', async () => {
    assert.equal((await k('create', 'deployment', 'first', '--image=nginx')).code, 0);
    const nodeIP = (await k('get', 'node', 'node1', '-o', 'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}')).stdout;
    await waitFor(() => new Promise<boolean>((resolve) => {
      const socket = connect({ host: nodeIP, port: 30080 }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    }), { what: 'the NodePort listener of node1', timeout: 30_000 });
    const flood = Array.from({ length: 500 }, () => new Promise<void>((resolve) => {
      const socket = connect({ host: nodeIP, port: 30080 }, () => socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
      socket.setTimeout(10_000, () => socket.destroy());
      socket.on('data', () => socket.destroy());
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
    }));
    await Promise.all(flood);
    const health = await rawRequest(daemon, 'GET', '/healthz');
    assert.equal(health.code, 200);
    assert.equal((await k('get', 'svc', 'first', '-o', 'name')).stdout, 'service/first\n');
  });
});
