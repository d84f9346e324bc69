// `kubectl port-forward` with the real kubectl 1.32 (reference/kubectl-compat.md §11): its SPDY
// session inside the `SPDY/3.1+portforward.k8s.io` WebSocket, HTTP from a local port to the pod's
// server (which sees 127.0.0.1), `svc/x` resolved to a pod and target port by kubectl, and the
// kubelet's error when nothing listens in the pod.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { get } from 'node:http';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';

let daemon: TestDaemon;
let env: NodeJS.ProcessEnv;
const children: ChildProcess[] = [];

after(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await daemon?.stop();
  for (const dir of [daemon?.dataDir, daemon?.cacheDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

before(async () => {
  daemon = await startDaemon(undefined, { nodes: 1 });
  env = { KUBECONFIG: daemon.kubeconfig, KUBECACHEDIR: daemon.cacheDir, HOME: daemon.dataDir };
  await daemon.kubectl('run', 'web', '--image=nginx');
  await daemon.kubectl('run', 'bb', '--image=busybox', '--', 'sleep', '3600');
  assert.equal((await daemon.kubectl('expose', 'pod', 'web', '--port=8000', '--target-port=80')).stdout, 'service/web exposed\n');
  const ready = await daemon.kubectl('wait', '--for=condition=Ready', 'pod/web', 'pod/bb', '--timeout=60s');
  assert.equal(ready.stdout, 'pod/web condition met\npod/bb condition met\n', ready.stderr);
});

interface Forward {
  localPort: number;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number>;
  child: ChildProcess;
}

/** Starts `kubectl port-forward <target> :<remote>` and reads the local port it chose (to podPort). */
async function portForward(target: string, remote: number, podPort = remote, extraEnv: NodeJS.ProcessEnv = {}): Promise<Forward> {
  const child = spawn('kubectl', ['port-forward', target, `:${remote}`], { env: { ...process.env, ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  const line = await waitFor(() => /^Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)$/m.exec(stdout), { what: `kubectl port-forward ${target} to listen (stderr: ${stderr})`, timeout: 30_000 });
  assert.equal(line[2], String(podPort));
  return { localPort: Number(line[1]), stdout: () => stdout, stderr: () => stderr, exited, child };
}

function httpGet(port: number, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

test('kubectl port-forward pod/web :80 carries HTTP to nginx, which sees 127.0.0.1', async () => {
  const forward = await portForward('pod/web', 80);
  const page = await httpGet(forward.localPort, '/');
  assert.equal(page.status, 200);
  assert.equal(page.headers['server'], 'nginx/1.27.4');
  assert.match(page.body, /<title>Welcome to nginx!<\/title>/);
  const missing = await httpGet(forward.localPort, '/nope');
  assert.equal(missing.status, 404);
  assert.equal(forward.stdout(), `Forwarding from 127.0.0.1:${forward.localPort} -> 80\nForwarding from [::1]:${forward.localPort} -> 80\nHandling connection for ${forward.localPort}\nHandling connection for ${forward.localPort}\n`);
  const log = (await daemon.kubectl('logs', 'web')).stdout;
  assert.match(log, /^127\.0\.0\.1 - - \[[^\]]+\] "GET \/nope HTTP\/1\.1" 404 153 "-" "-" "-"$/m);
  forward.child.kill('SIGTERM');
  await forward.exited;
});

test('kubectl port-forward svc/web :8000 goes to the service\'s pod on its target port', async () => {
  const forward = await portForward('svc/web', 8000, 80);
  assert.equal((await httpGet(forward.localPort, '/')).status, 200);
  forward.child.kill('SIGTERM');
  await forward.exited;
});

test('with KUBECTL_PORT_FORWARD_WEBSOCKETS=false kubectl speaks plain SPDY, served the same way', async () => {
  const forward = await portForward('pod/web', 80, 80, { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' });
  const page = await httpGet(forward.localPort, '/index.html');
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-length'], '615');
  forward.child.kill('SIGTERM');
  await forward.exited;
});

test('nothing listening in the pod: the kubelet\'s error, then kubectl gives up', async () => {
  const forward = await portForward('pod/bb', 80);
  await assert.rejects(httpGet(forward.localPort, '/'));
  assert.equal(await forward.exited, 1);
  assert.match(
    forward.stderr(),
    new RegExp(`an error occurred forwarding ${forward.localPort} -> 80: error forwarding port 80 to pod [0-9a-f]+, uid : failed to execute portforward in network namespace \\\\"/var/run/netns/cni-[0-9a-f-]+\\\\": failed to connect to localhost:80 inside namespace \\\\"[0-9a-f]+\\\\", IPv4: dial tcp4 127\\.0\\.0\\.1:80: connect: connection refused`),
  );
  assert.match(forward.stderr(), /error: lost connection to pod\n$/);
});
