import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContainerStartError, ImagePullError, type ImageInfo } from '../../../../daemon/runtime/container.js';
import { podPidNamespace } from '../../../../daemon/runtime/fs/proc-fs.js';
import { containerArgv, containerEnv } from '../../../../daemon/runtime/runtime.js';
import { advance, logText, runtimeSetup, useStandInTools } from '../../../helpers/runtime.js';

useStandInTools();
const setup = runtimeSetup;
const text = logText;

test('a pull takes cluster time, and a cached image is found sooner', async () => {
  const { clock, runtime } = setup();
  let pulled: ImageInfo | undefined;
  const current = (): ImageInfo | undefined => pulled;
  void runtime.pullImage('nginx:1.14').then((info) => (pulled = info));
  await advance(clock, 200);
  assert.equal(current(), undefined, 'still pulling after 200 ms');
  await advance(clock, 1500);
  assert.deepEqual(Object.keys(current() ?? {}).sort(), ['digest', 'imageID', 'reference', 'size']);
  assert.equal(current()?.reference, 'docker.io/library/nginx:1.14');
  assert.ok(runtime.hasImage('nginx:1.14'));
  assert.ok(runtime.hasImage('docker.io/library/nginx:1.14'));
  assert.ok(!runtime.hasImage('nginx:1.15'));

  let again = false;
  void runtime.pullImage('nginx:1.14').then(() => (again = true));
  await advance(clock, 420);
  assert.ok(again, 'a re-pull of a present image only resolves the reference');
});

test('the image status answers at once from the node\'s store, and only for an image the node has', async () => {
  const { clock, runtime } = setup();
  assert.equal(runtime.imageStatus('nginx:1.14'), undefined, 'not pulled yet');
  assert.equal(runtime.imageStatus('Nginx'), undefined, 'an invalid reference names no image');
  runtime.preloadImage('registry.k8s.io/etcd:3.5.16-0');
  const preloaded = runtime.imageStatus('registry.k8s.io/etcd:3.5.16-0');
  assert.equal(preloaded?.reference, 'registry.k8s.io/etcd:3.5.16-0');
  let pulled: ImageInfo | undefined;
  void runtime.pullImage('nginx:1.14').then((info) => (pulled = info));
  await advance(clock, 1700);
  assert.deepEqual(runtime.imageStatus('nginx:1.14'), pulled);
});

test('pull failures: InvalidImageName at once, ErrImagePull after asking the registry', async () => {
  const { clock, runtime } = setup();
  await assert.rejects(runtime.pullImage('Nginx'), (e: unknown) => e instanceof ImagePullError && e.reason === 'InvalidImageName');
  let failure: unknown;
  runtime.pullImage('nginx:nope').catch((e: unknown) => (failure = e));
  await advance(clock, 1000);
  assert.ok(failure instanceof ImagePullError && failure.reason === 'ErrImagePull');
  assert.equal(
    failure.message,
    'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:nope": failed to resolve reference "docker.io/library/nginx:nope": docker.io/library/nginx:nope: not found',
  );
  assert.ok(!runtime.hasImage('nginx:nope'));
});

test('hello-world prints its greeting and exits 0', async () => {
  const { runtime, config } = setup();
  const container = await runtime.startContainer(config({ image: 'hello-world' }));
  assert.match(container.id, /^containerd:\/\/[0-9a-f]{64}$/);
  const status = await container.wait();
  assert.equal(status.exitCode, 0);
  assert.equal(status.reason, 'Completed');
  const lines = text(container);
  assert.deepEqual(lines.slice(0, 3), ['', 'Hello from Docker!', 'This message shows that your installation appears to be working correctly.']);
  assert.equal(lines.at(-2), ' https://docs.docker.com/get-started/');
  assert.equal(lines.length, 22);
});

test('nginx logs its start-up, serves the welcome page, 404s unknown paths and logs each request', async () => {
  const { clock, network, runtime, config } = setup();
  const container = await runtime.startContainer(config({ image: 'nginx' }));
  await advance(clock, 20);
  assert.deepEqual(text(container).slice(0, 9), [
    '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
    '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
    '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
    '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
    '/docker-entrypoint.sh: Configuration complete; ready for start up',
  ]);
  assert.deepEqual(text(container).slice(9), [
    '2026/01/05 01:16:38 [notice] 1#1: using the "epoll" event method',
    '2026/01/05 01:16:38 [notice] 1#1: nginx/1.27.4',
    '2026/01/05 01:16:38 [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) ',
    '2026/01/05 01:16:38 [notice] 1#1: OS: Linux 6.8.0-kubelab',
    '2026/01/05 01:16:38 [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576',
    '2026/01/05 01:16:38 [notice] 1#1: start worker processes',
    '2026/01/05 01:16:38 [notice] 1#1: start worker process 29',
    '2026/01/05 01:16:38 [notice] 1#1: start worker process 30',
  ]);
  assert.ok(container.log.lines().slice(9).every((l) => l.stream === 'stderr'), 'notices go to the error log, stderr');

  const page = await network.deliver('10.244.2.7', '10.244.1.5', 80, { method: 'GET', path: '/', headers: { Host: '10.244.1.5', 'User-Agent': 'curl/8.5.0', Accept: '*/*' }, body: '' });
  assert.equal(page.status, 200);
  assert.equal(page.headers['Content-Length'], '615');
  assert.match(page.body, /<title>Welcome to nginx!<\/title>/);
  const missing = await network.deliver('10.244.2.7', '10.244.1.5', 80, { method: 'GET', path: '/nope?x=1', headers: { 'User-Agent': 'kube-probe/1.32' }, body: '' });
  assert.equal(missing.status, 404);
  assert.equal(
    missing.body,
    '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.4</center>\r\n</body>\r\n</html>\r\n',
  );
  const local = await network.deliver('10.244.1.5', 'localhost', 80, { method: 'GET', path: '/', headers: { 'User-Agent': 'curl/7.29.0' }, body: '' });
  assert.equal(local.status, 200);
  assert.deepEqual(
    container.log.lines().filter((l) => l.stream === 'stdout').slice(-3).map((l) => l.text),
    [
      '10.244.2.7 - - [05/Jan/2026:01:16:38 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.5.0" "-"',
      '10.244.2.7 - - [05/Jan/2026:01:16:38 +0000] "GET /nope?x=1 HTTP/1.1" 404 153 "-" "kube-probe/1.32" "-"',
      '127.0.0.1 - - [05/Jan/2026:01:16:38 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/7.29.0" "-"',
    ],
  );
});

test('nginx:1.14 says nothing on start and serves its 612-byte page', async () => {
  const { clock, network, runtime, config } = setup();
  const container = await runtime.startContainer(config({ image: 'nginx:1.14' }));
  await advance(clock, 20);
  assert.deepEqual(text(container), []);
  const page = await network.deliver('10.244.2.7', '10.244.1.5', 80, { method: 'GET', path: '/', headers: {}, body: '' });
  assert.equal(page.body.length, 612);
});

test('stop: nginx shuts down gracefully and exits 0; a sleeping PID 1 is killed at the deadline', async () => {
  const { clock, runtime, config } = setup();
  const nginx = await runtime.startContainer(config({ image: 'nginx' }));
  await advance(clock, 20);
  const stopped = nginx.stop(30_000);
  await advance(clock, 20);
  const { exitCode, reason } = await stopped;
  assert.deepEqual({ exitCode, reason }, { exitCode: 0, reason: 'Completed' });
  assert.deepEqual(text(nginx).slice(-3), [
    '2026/01/05 01:16:38 [notice] 1#1: signal 17 (SIGCHLD) received from 30',
    '2026/01/05 01:16:38 [notice] 1#1: worker process 30 exited with code 0',
    '2026/01/05 01:16:38 [notice] 1#1: exit',
  ]);
  assert.ok(text(nginx).includes('2026/01/05 01:16:38 [notice] 1#1: signal 3 (SIGQUIT) received, shutting down'));

  const sleeper = await runtime.startContainer(config({ image: 'busybox', command: ['sleep', '3600'], net: config({}).net }));
  const startedAt = clock.now();
  let status: unknown;
  void sleeper.stop(30_000).then((s) => (status = s));
  await advance(clock, 29_000, 1000);
  assert.equal(status, undefined, 'SIGTERM is ignored by PID 1 without a handler');
  await advance(clock, 1000, 1000);
  assert.deepEqual(status, { exitCode: 137, reason: 'Error', signal: 9, finishedAt: startedAt + 30_000 });
});

test('the limits lab: python appending forever is OOM-killed at its 1Gi limit', async () => {
  const { clock, runtime, config } = setup();
  const container = await runtime.startContainer(
    config({ image: 'python:3.7', command: ['python'], args: ['-c', 'arr = []\nwhile True: arr.append(range(1000))'], memoryLimitBytes: 1024 ** 3 }),
  );
  let status: unknown;
  void container.wait().then((s) => (status = s));
  await advance(clock, 5000, 100);
  assert.deepEqual(status, { exitCode: 137, reason: 'OOMKilled', signal: 9, finishedAt: (status as { finishedAt: number }).finishedAt });
});

test('a missing binary cannot start, with containerd\'s text', async () => {
  const { runtime, config } = setup();
  await assert.rejects(
    runtime.startContainer(config({ image: 'busybox', command: ['foo'] })),
    (e: unknown) =>
      e instanceof ContainerStartError &&
      e.message ===
        'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "foo": executable file not found in $PATH: unknown',
  );
  await assert.rejects(
    runtime.startContainer(config({ image: 'hello-world', command: ['/bin/sh'] })),
    (e: unknown) => e instanceof ContainerStartError && e.message.endsWith('exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown'),
  );
});

test('busybox with its default sh and no stdin exits 0 at once', async () => {
  const { runtime, config } = setup();
  const container = await runtime.startContainer(config({ image: 'busybox' }));
  assert.equal((await container.wait()).exitCode, 0);
});

test('command replaces ENTRYPOINT and drops CMD; args replace CMD', async () => {
  const image = { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'] };
  assert.deepEqual(containerArgv(image, {}), ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
  assert.deepEqual(containerArgv(image, { command: ['/bin/echo'] }), ['/bin/echo']);
  assert.deepEqual(containerArgv(image, { command: ['/bin/echo'], args: ['hello'] }), ['/bin/echo', 'hello']);
  assert.deepEqual(containerArgv(image, { args: ['nginx-debug'] }), ['/docker-entrypoint.sh', 'nginx-debug']);

  const { runtime, config } = setup();
  const cmd = await runtime.startContainer(config({ image: 'nginx', command: ['/bin/echo'], args: ['hello'] }));
  assert.equal((await cmd.wait()).exitCode, 0);
  assert.deepEqual(text(cmd), ['hello']);
});

test('the environment comes in containerd\'s order', () => {
  const env = containerEnv({ env: { PATH: '/usr/bin:/bin', NGINX_VERSION: '1.27.4' } }, { podName: 'web', env: { hello: 'world!', NGINX_VERSION: 'mine' } });
  assert.deepEqual(Object.entries(env), [
    ['PATH', '/usr/bin:/bin'],
    ['HOSTNAME', 'web'],
    ['NGINX_VERSION', 'mine'],
    ['hello', 'world!'],
    ['HOME', '/root'],
  ]);
});

test('exec runs in the container; a missing command gives the OCI exec text', async () => {
  const { clock, runtime, config } = setup();
  const container = await runtime.startContainer(config({ image: 'nginx' }));
  await advance(clock, 20);
  let err = '';
  const code = await container.exec(['nginx', '-v'], { stdout: () => undefined, stderr: (d) => (err += d) });
  assert.equal(code, 0);
  assert.equal(err, 'nginx version: nginx/1.27.4\n');
  await assert.rejects(
    container.exec(['foo'], { stdout: () => undefined, stderr: () => undefined }),
    (e: unknown) =>
      e instanceof ContainerStartError &&
      e.message === 'OCI runtime exec failed: exec failed: unable to start container process: exec: "foo": executable file not found in $PATH: unknown',
  );
  let out = '';
  assert.equal(await container.exec(['echo', 'hi'], { stdout: (d) => (out += d), stderr: () => undefined }), 0);
  assert.equal(out, 'hi\n');
});

test('the kubelet\'s hosts and resolv.conf are in every container', async () => {
  const { clock, runtime, config } = setup();
  const container = await runtime.startContainer(config({ image: 'busybox', command: ['sleep', '3600'], namespace: 'lab' }));
  await advance(clock, 20);
  const read = async (path: string): Promise<string> => {
    let out = '';
    await container.exec(['cat', path], { stdout: (d) => (out += d), stderr: () => undefined });
    return out;
  };
  assert.equal(await read('/etc/resolv.conf'), 'search lab.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  assert.match(await read('/etc/hosts'), /^# Kubernetes-managed hosts file\.\n127\.0\.0\.1\tlocalhost\n/);
  assert.match(await read('/etc/hosts'), /\n10\.244\.1\.5\tweb\n$/);
  assert.equal(await read('/etc/hostname'), 'web\n');
});

test('a killed container\'s ports are free again for its restart', async () => {
  const { clock, network, runtime, config } = setup();
  const first = await runtime.startContainer(config({ image: 'c1t1d0s7/myweb' }));
  await advance(clock, 20);
  assert.ok(network.isListening('10.244.1.5', 8080));
  const stopped = first.stop(1000);
  await advance(clock, 1000, 100);
  assert.equal((await stopped).exitCode, 137);
  assert.ok(!network.isListening('10.244.1.5', 8080));
  const second = await runtime.startContainer(config({ image: 'c1t1d0s7/myweb' }));
  await advance(clock, 20);
  assert.ok(network.isListening('10.244.1.5', 8080));
  void second.stop(0);
});

test('a container started in another one\'s PID namespace (kubectl debug --target) shares its /proc; others keep their own', async () => {
  const { runtime, config } = setup();
  const target = await runtime.startContainer(config({ image: 'busybox', command: ['sleep', '3600'] }));
  const debug = await runtime.startContainer({ ...config({ image: 'busybox', command: ['sleep', '60'] }), processNamespaceOf: target });
  const alone = await runtime.startContainer(config({ image: 'busybox', command: ['sleep', '30'] }));
  // `ps` (a shell builtin left out by the stand-in tools) lists what /proc lists.
  const proc = async (container: typeof target): Promise<string> => {
    let out = '';
    await container.exec(['cat', '/proc/1/cmdline', '/proc/2/cmdline'], { stdout: (d) => (out += d), stderr: (d) => (out += d) });
    return out;
  };
  assert.equal(await proc(debug), 'sleep\x003600\x00sleep\x0060\x00');
  assert.equal(await proc(target), 'sleep\x003600\x00sleep\x0060\x00');
  const own = await proc(alone);
  assert.match(own, /^sleep\x0030\x00cat\x00/);
  assert.doesNotMatch(own, /3600/);
  for (const c of [target, debug, alone]) void c.stop(0);
});

test('containers of a pod with shareProcessNamespace share one PID namespace whose PID 1 is /pause', async () => {
  const { runtime, config } = setup();
  const pod = podPidNamespace(0);
  const app = await runtime.startContainer({ ...config({ image: 'busybox', command: ['sleep', '3600'] }), podPidNamespace: pod });
  const debug = await runtime.startContainer({ ...config({ image: 'busybox', command: ['sleep', '60'] }), podPidNamespace: pod });
  let out = '';
  await debug.exec(['cat', '/proc/1/cmdline', '/proc/2/cmdline', '/proc/3/cmdline'], { stdout: (d) => (out += d), stderr: (d) => (out += d) });
  assert.equal(out, '/pause\x00sleep\x003600\x00sleep\x0060\x00');
  for (const c of [app, debug]) void c.stop(0);
});
