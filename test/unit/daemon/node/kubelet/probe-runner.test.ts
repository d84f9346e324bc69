import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../../shared/clock.js';
import { ClusterNetwork, type HttpRequest } from '../../../../../daemon/runtime/network.js';
import { ContainerStartError, ExecTimeoutError, type ContainerHandle, type ExecIO } from '../../../../../daemon/runtime/container.js';
import { resolvePort, runProbe } from '../../../../../daemon/node/kubelet/probe-runner.js';
import { settle } from './fake-runtime.js';

const podIP = '10.244.1.5';
function context(handle?: ContainerHandle) {
  const clock = new ManualClock();
  const network = new ClusterNetwork();
  const seen: HttpRequest[] = [];
  network.forPod(podIP).listen(8080, (req) => {
    seen.push(req);
    const code = /code=(\d+)/.exec(req.path)?.[1];
    return { status: code ? Number(code) : 200, headers: {}, body: '' };
  });
  return { clock, network, seen, ctx: { clock, network, nodeIP: '172.18.0.2', podIP, container: { name: 'c', ports: [{ name: 'http', containerPort: 8080 }] }, handle } };
}

const http = [
  { name: '200 passes', path: '/health', want: { result: 'success', output: '' } },
  { name: '302 passes', path: '/health?code=302', want: { result: 'success', output: '' } },
  { name: '404 fails with the status code', path: '/health?code=404', want: { result: 'failure', output: 'HTTP probe failed with statuscode: 404' } },
  { name: '500 fails with the status code', path: '/health?code=500', want: { result: 'failure', output: 'HTTP probe failed with statuscode: 500' } },
];
for (const { name, path, want } of http) {
  test(`httpGet: ${name}`, async () => {
    const { ctx } = context();
    assert.deepEqual(await runProbe({ httpGet: { path, port: 8080 } }, ctx), want);
  });
}

test('httpGet comes from the node with the kube-probe User-Agent, to a named port', async () => {
  const { ctx, seen } = context();
  await runProbe({ httpGet: { path: '/health', port: 'http', httpHeaders: [{ name: 'X-Probe', value: '1' }] } }, ctx);
  assert.equal(seen[0]!.remoteAddress, '172.18.0.2');
  assert.deepEqual(seen[0]!.headers, { Host: '10.244.1.5:8080', 'User-Agent': 'kube-probe/1.32', Accept: '*/*', Connection: 'close', 'X-Probe': '1' });
});

test('httpGet to a port nobody listens on fails as Go reports a refused connection', async () => {
  const { ctx } = context();
  assert.deepEqual(await runProbe({ httpGet: { path: '/ready', port: 80 } }, ctx), { result: 'failure', output: 'Get "http://10.244.1.5:80/ready": dial tcp 10.244.1.5:80: connect: connection refused' });
});

test('httpGet that outlives timeoutSeconds fails with the client timeout', async () => {
  const { ctx, network, clock } = context();
  network.forPod(podIP).listen(9000, () => new Promise(() => undefined));
  const outcome = runProbe({ httpGet: { path: '/slow', port: 9000 }, timeoutSeconds: 2 }, ctx);
  await settle();
  clock.step(2000);
  assert.deepEqual(await outcome, { result: 'failure', output: 'Get "http://10.244.1.5:9000/slow": context deadline exceeded (Client.Timeout exceeded while awaiting headers)' });
});

test('tcpSocket passes when something listens, and fails with the dial error otherwise', async () => {
  const { ctx } = context();
  assert.deepEqual(await runProbe({ tcpSocket: { port: 8080 } }, ctx), { result: 'success', output: '' });
  assert.deepEqual(await runProbe({ tcpSocket: { port: 81 } }, ctx), { result: 'failure', output: 'dial tcp 10.244.1.5:81: connect: connection refused' });
});

function execHandle(exec: (argv: string[], io: ExecIO) => Promise<number>): ContainerHandle {
  return { id: 'x', startedAt: 0, log: { lines: () => [], follow: () => () => undefined }, wait: () => new Promise(() => undefined), stop: () => new Promise(() => undefined), exec };
}

test('exec passes on exit 0 and fails with the combined output otherwise', async () => {
  const handle = execHandle(async (argv, io) => {
    if (argv[1] === '/tmp/ready') return 0;
    io.stdout('partial ');
    io.stderr(`cat: can't open '${argv[1]}': No such file or directory\n`);
    return 1;
  });
  const { ctx } = context(handle);
  assert.deepEqual(await runProbe({ exec: { command: ['cat', '/tmp/ready'] } }, ctx), { result: 'success', output: '' });
  assert.deepEqual(await runProbe({ exec: { command: ['cat', '/tmp/other'] } }, ctx), { result: 'failure', output: "partial cat: can't open '/tmp/other': No such file or directory\n" });
});

test('exec that outlives timeoutSeconds fails with the timed-out command', async () => {
  const { ctx, clock } = context(execHandle(() => new Promise(() => undefined)));
  const outcome = runProbe({ exec: { command: ['sh', '-c', 'sleep 10'] }, timeoutSeconds: 1 }, ctx);
  await settle();
  clock.step(1000);
  assert.deepEqual(await outcome, { result: 'failure', output: 'command "sh -c sleep 10" timed out' });
});

test('exec rejections: the runtime\'s timeout fails like ours, a command that cannot start fails with its text', async () => {
  const { ctx } = context(execHandle(async (argv) => {
    if (argv[0] === 'slow') throw new ExecTimeoutError(1000);
    throw new ContainerStartError('OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown');
  }));
  assert.deepEqual(await runProbe({ exec: { command: ['slow', 'x'] } }, ctx), { result: 'failure', output: 'command "slow x" timed out' });
  assert.deepEqual(await runProbe({ exec: { command: ['curl', 'localhost'] } }, ctx), { result: 'failure', output: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown' });
});

test('ports resolve by number, numeric string or container port name', () => {
  const container = { ports: [{ name: 'web', containerPort: 8080 }] };
  assert.deepEqual([resolvePort(80, container), resolvePort('8081', container), resolvePort('web', container), resolvePort('nope', container)], [80, 8081, 8080, undefined]);
});
