import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fsFromFiles } from '../../../../../daemon/runtime/fs/file-map.js';
import { advance, logText, runtimeSetup, useStandInTools } from '../../../../helpers/runtime.js';

useStandInTools();

const request = (method: string, path: string, headers: Record<string, string> = {}) => ({ method, path, headers, body: '' });

test('nginx answers as nginx does', async () => {
  const { clock, network, runtime, config } = runtimeSetup();
  await runtime.startContainer(config({ image: 'nginx:1.27' }));
  await advance(clock, 20);
  const send = (method: string, path: string, headers: Record<string, string> = {}) => network.deliver('10.244.2.7', '10.244.1.5', 80, request(method, path, headers));
  const cases: { name: string; given: [string, string, Record<string, string>?]; want: { status: number; bodyStart?: string; length?: string } }[] = [
    { name: 'the 50x page is a file too', given: ['GET', '/50x.html'], want: { status: 200, bodyStart: '<!DOCTYPE html>' } },
    { name: 'HEAD sends headers only', given: ['HEAD', '/'], want: { status: 200, length: '615' } },
    { name: 'POST to a static file is not allowed', given: ['POST', '/'], want: { status: 405, bodyStart: '<html>\r\n<head><title>405 Not Allowed</title></head>' } },
    { name: 'a path above the root is a bad request', given: ['GET', '/../etc/passwd'], want: { status: 400 } },
  ];
  for (const c of cases) {
    const res = await send(...c.given);
    assert.equal(res.status, c.want.status, c.name);
    if (c.want.bodyStart) assert.ok(res.body.startsWith(c.want.bodyStart), c.name);
    if (c.want.length) assert.equal(res.headers['Content-Length'], c.want.length, c.name);
    if (c.given[0] === 'HEAD') assert.equal(res.body, '', c.name);
  }
});

test('a directory without its trailing slash is redirected; one without an index is forbidden', async () => {
  const { clock, network, runtime, config } = runtimeSetup();
  const volume = fsFromFiles({ 'page.html': 'hi\n' }, { dirs: ['/'] });
  await runtime.startContainer(config({ image: 'nginx', mounts: [{ mountPath: '/usr/share/nginx/html/docs', fs: volume, source: '/', readOnly: true }] }));
  await advance(clock, 20);
  const redirect = await network.deliver('10.244.2.7', '10.244.1.5', 80, request('GET', '/docs', { Host: 'web' }));
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers['Location'], 'http://web/docs/');
  assert.equal((await network.deliver('10.244.2.7', '10.244.1.5', 80, request('GET', '/docs/'))).status, 403);
  assert.equal((await network.deliver('10.244.2.7', '10.244.1.5', 80, request('GET', '/docs/page.html'))).body, 'hi\n');
});

test('a configMap over conf.d: the entrypoint leaves it alone and nginx listens where it says', async () => {
  const { clock, network, runtime, config } = runtimeSetup();
  const conf = fsFromFiles({ 'default.conf': 'server {\n    listen 8080;\n    root /usr/share/nginx/html;\n}\n' });
  const container = await runtime.startContainer(config({ image: 'nginx', mounts: [{ mountPath: '/etc/nginx/conf.d', fs: conf, source: '/', readOnly: true }] }));
  await advance(clock, 20);
  assert.ok(logText(container).includes('10-listen-on-ipv6-by-default.sh: info: can not modify /etc/nginx/conf.d/default.conf (read-only file system?)'));
  assert.equal((await network.deliver('10.244.2.7', '10.244.1.5', 8080, request('GET', '/'))).status, 200);
  assert.ok(!network.isListening('10.244.1.5', 80));
});

test('two nginx in one pod: the second cannot bind port 80 and exits 1', async () => {
  const { clock, runtime, config } = runtimeSetup();
  await runtime.startContainer(config({ image: 'nginx' }));
  await advance(clock, 20);
  const second = await runtime.startContainer(config({ image: 'nginx', name: 'second' }));
  assert.equal((await second.wait()).exitCode, 1);
  assert.ok(logText(second).includes('nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)'));
});

test('nginx without "daemon off;" forks away and the container ends at once', async () => {
  const { runtime, config } = runtimeSetup();
  const container = await runtime.startContainer(config({ image: 'nginx', command: ['nginx'] }));
  assert.deepEqual({ ...(await container.wait()), finishedAt: 0 }, { exitCode: 0, reason: 'Completed', finishedAt: 0 });
});
