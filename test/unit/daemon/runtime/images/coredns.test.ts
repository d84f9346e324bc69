import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corefile } from '../../../../../daemon/apiserver/bootstrap-coredns.js';
import { ImageCatalog } from '../../../../../daemon/runtime/images/catalog.js';
import { serverBlocks } from '../../../../../daemon/runtime/images/coredns.js';
import { parseImageReference } from '../../../../../daemon/runtime/images/reference.js';
import { settle, TestContainer } from '../shell/harness.js';

test('the catalog has the CoreDNS kubeadm 1.32 installs, and not a made-up tag', () => {
  const catalog = new ImageCatalog({});
  assert.deepEqual(catalog.find(parseImageReference('registry.k8s.io/coredns/coredns:v1.11.3')).config.entrypoint, ['/coredns']);
  assert.throws(() => catalog.find(parseImageReference('registry.k8s.io/coredns/coredns:v9.9.9')), /not found/);
});

test('server blocks are printed as CoreDNS lists them', () => {
  assert.deepEqual(serverBlocks(corefile('cluster.local')), ['.:53']);
  assert.deepEqual(serverBlocks('example.org {\n  whoami\n}\n.:5353 {\n  forward . 8.8.8.8\n}\n'), ['example.org:53', '.:5353']);
});

test('coredns logs its start-up lines, serves /health and /ready, and goes lameduck on SIGTERM', async () => {
  const config = new ImageCatalog({}).find(parseImageReference('registry.k8s.io/coredns/coredns:v1.11.3')).config;
  const program = (await config.binaries()).get('/coredns')!;
  const c = new TestContainer({ programs: new Map([['coredns', program]]), podIP: '10.244.0.2' });
  c.fs.mkdir('/etc/coredns', { recursive: true });
  c.fs.writeFile('/etc/coredns/Corefile', corefile('cluster.local'));
  const running = c.run(['coredns', '-conf', '/etc/coredns/Corefile']);
  await settle();
  const lines = running.output.stdout.split('\n');
  assert.equal(lines[0], '.:53');
  assert.match(lines[1]!, /^\[INFO\] plugin\/reload: Running configuration SHA512 = [0-9a-f]{128}$/);
  assert.deepEqual(lines.slice(2), ['CoreDNS-1.11.3', 'linux/amd64, go1.21.11, a6338e9', '']);
  const client = c.network.forPod('10.244.1.5');
  const get = (port: number, path: string) => client.request('10.244.0.2', port, { method: 'GET', path, headers: {}, body: '' });
  assert.equal((await get(8080, '/health')).body, 'OK');
  assert.equal((await get(8181, '/ready')).body, 'OK');
  assert.equal((await get(8080, '/other')).status, 404);
  c.term.abort('SIGTERM');
  await settle();
  c.clock.step(5000);
  const result = await running;
  assert.equal(result.code, 0);
  assert.match(result.stdout, /\[INFO\] SIGTERM: Shutting down servers then terminating\n\[INFO\] plugin\/health: Going into lameduck mode for 5s\n$/);
});
