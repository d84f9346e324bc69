import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImageCatalog } from '../../../../../daemon/runtime/images/catalog.js';
import { klogLine } from '../../../../../daemon/runtime/images/control-plane.js';
import { parseImageReference } from '../../../../../daemon/runtime/images/reference.js';
import { settle, TestContainer } from '../shell/harness.js';

const find = (image: string) => new ImageCatalog({}).find(parseImageReference(image));

test('the catalog has kubeadm 1.32\'s control-plane and kube-proxy images, not only as unknown images', () => {
  for (const [image, binary] of [
    ['registry.k8s.io/etcd:3.5.16-0', '/usr/local/bin/etcd'],
    ['registry.k8s.io/kube-apiserver:v1.32.4', '/usr/local/bin/kube-apiserver'],
    ['registry.k8s.io/kube-controller-manager:v1.32.4', '/usr/local/bin/kube-controller-manager'],
    ['registry.k8s.io/kube-scheduler:v1.32.4', '/usr/local/bin/kube-scheduler'],
    ['registry.k8s.io/kube-proxy:v1.32.4', '/usr/local/bin/kube-proxy'],
  ] as const) {
    const config = find(image).config;
    assert.equal(config.size > 10_000_000, true, image);
    assert.deepEqual(config.entrypoint, [], image);
    assert.equal(config.files['/etc/passwd']?.startsWith('root:'), true, image);
  }
  assert.throws(() => find('registry.k8s.io/kube-apiserver:v9.9.9'), /not found/);
  assert.throws(() => find('registry.k8s.io/etcd:3.5.16'), /not found/);
});

test('klog lines: severity, month and day, time to the microsecond, thread 1, file:line', () => {
  assert.equal(klogLine(Date.UTC(2026, 0, 15, 10, 0, 0, 123), 'server.go:166', 'hello'), 'I0115 10:00:00.123000       1 server.go:166] hello\n');
  assert.equal(klogLine(Date.UTC(2026, 10, 2, 9, 5, 7), 'run.go:72', 'failed', 'E'), 'E1102 09:05:07.000000       1 run.go:72] failed\n');
});

test('kube-scheduler logs its start-up, answers /livez and /readyz on 10259, and stops on SIGTERM', async () => {
  const program = (await find('registry.k8s.io/kube-scheduler:v1.32.4').config.binaries()).get('/usr/local/bin/kube-scheduler')!;
  const c = new TestContainer({ programs: new Map([['kube-scheduler', program]]), podIP: '172.18.0.2' });
  const running = c.run(['kube-scheduler', '--bind-address=127.0.0.1', '--leader-elect=true']);
  await settle();
  const lines = running.output.stderr.trimEnd().split('\n').map((l) => l.slice(30));
  assert.deepEqual(lines, [
    'serving.go:386] Generated self-signed cert in-memory',
    'server.go:166] "Starting Kubernetes Scheduler" version="v1.32.4"',
    'server.go:168] "Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""',
    'secure_serving.go:213] Serving securely on 127.0.0.1:10259',
    'leaderelection.go:257] attempting to acquire leader lease kube-system/kube-scheduler...',
    'leaderelection.go:271] successfully acquired lease kube-system/kube-scheduler',
  ]);
  const node = c.network.forPod('172.18.0.2');
  const get = (path: string) => node.request('127.0.0.1', 10259, { method: 'GET', path, headers: {}, body: '' });
  assert.deepEqual([(await get('/livez')).status, (await get('/livez')).body], [200, 'ok']);
  assert.equal((await get('/readyz')).status, 200);
  assert.equal((await get('/metrics')).status, 404);
  c.term.abort('SIGTERM');
  assert.equal((await running).code, 0);
});

test('etcd names itself and its data dir from its flags', async () => {
  const program = (await find('registry.k8s.io/etcd:3.5.16-0').config.binaries()).get('/usr/local/bin/etcd')!;
  const c = new TestContainer({ programs: new Map([['etcd', program]]), podIP: '172.18.0.2' });
  const running = c.run(['etcd', '--name=control-plane', '--data-dir=/var/lib/etcd', '--listen-peer-urls=https://172.18.0.2:2380']);
  await settle();
  assert.match(running.output.stderr, /"msg":"starting an etcd server","etcd-version":"3\.5\.16","name":"control-plane","data-dir":"\/var\/lib\/etcd"/);
  const answer = await c.network.forPod('172.18.0.2').request('127.0.0.1', 2381, { method: 'GET', path: '/readyz', headers: {}, body: '' });
  assert.equal(answer.body, 'ok');
  c.term.abort('SIGTERM');
  assert.equal((await running).code, 0);
});

test('kube-apiserver\'s 6443 passes API requests on to the daemon\'s API server, over TLS only, after the handshake', async () => {
  const ca = '-----BEGIN CERTIFICATE-----\nMIIBkluster\n-----END CERTIFICATE-----\n';
  const forwarded: string[] = [];
  const catalog = new ImageCatalog({ apiserverCA: ca, apiserver: (req) => (forwarded.push(`${req.method} ${req.path} ${req.headers.Authorization}`), { status: 403, headers: { 'Content-Type': 'application/json' }, body: '{"kind":"Status","code":403}' }) });
  const program = (await catalog.find(parseImageReference('registry.k8s.io/kube-apiserver:v1.32.4')).config.binaries()).get('/usr/local/bin/kube-apiserver')!;
  const c = new TestContainer({ programs: new Map([['kube-apiserver', program]]), podIP: '172.18.0.2' });
  const running = c.run(['kube-apiserver', '--advertise-address=172.18.0.2']);
  await settle();
  const node = c.network.forPod('172.18.0.2');
  const trusted: string[] = [];
  const tls = { verify: (serverCA: string) => void trusted.push(serverCA) };
  const send = (path: string, withTls: boolean) =>
    node.request('127.0.0.1', 6443, { method: 'GET', path, headers: { Authorization: 'Bearer t' }, body: '', ...(withTls ? { tls } : {}) });

  // The probes' health paths answer as before, TLS or not.
  assert.deepEqual([(await send('/livez', false)).status, (await send('/readyz', true)).body], [200, 'ok']);
  const plain = await send('/api/v1/pods', false);
  assert.deepEqual([plain.status, plain.body], [400, 'Client sent an HTTP request to an HTTPS server.\n']);
  const answered = await send('/api/v1/pods', true);
  assert.deepEqual([answered.status, answered.body], [403, '{"kind":"Status","code":403}']);
  assert.deepEqual(trusted, [ca]);
  assert.deepEqual(forwarded, ['GET /api/v1/pods Bearer t']);

  // A client that refuses the certificate stops the exchange before the API sees anything.
  const refusing = { verify: () => { throw new Error('refused'); } };
  await assert.rejects(node.request('127.0.0.1', 6443, { method: 'POST', path: '/api/v1/namespaces/default/pods', headers: {}, body: '{}', tls: refusing }), /refused/);
  assert.equal(forwarded.length, 1);
  c.term.abort('SIGTERM');
  assert.equal((await running).code, 0);
});
