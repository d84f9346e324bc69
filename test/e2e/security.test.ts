// Security (issue #9, item 5): every listener of the daemon is on loopback (read from /proc), every
// path the API serves answers 401 without the token (except /version, /healthz, /livez, /readyz,
// as a real apiserver's system:public-info-viewer), the secrets on disk are 0600 in a 0700 data
// dir, and a simulated container cannot reach the host: its files, processes, environment,
// loopback ports and names. The host is checked afterwards, not only the container's answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Agent, request } from 'node:https';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { rawRequest } from '../helpers/raw-api.js';
import { waitFor } from '../helpers/wait-for.js';
import { isLoopback, listeningSockets } from '../helpers/proc-sockets.js';
import { isAlive } from '../../scripts/bench/fuzz-campaign.js';
import { HttpClient } from '../../shared/client/http-client.js';
import { RealClock } from '../../shared/clock.js';
import { describeObject } from '../../shared/describe/describe.js';
import { objectYaml } from '../../tui/state/object-yaml.js';
import { App } from '../../tui/app.js';

const canary = `canary-${randomBytes(6).toString('hex')}`;

/** Every path the API serves, from its own discovery: collections, objects, subresources, watches. */
async function servedPaths(daemon: TestDaemon): Promise<string[]> {
  const paths = ['/', '/api', '/apis', '/api/v1', '/openapi/v2', '/openapi/v3', '/openapi/v3/api/v1', '/kubelab/v1/nodes', '/kubelab/v1/nodes/node1/rules', '/kubelab/v1/nodes/node1/shell', '/kubelab/v1/nodes/node1/kill', '/metrics', '/logs/', '/nope'];
  const groups = (await rawRequest(daemon, 'GET', '/apis')).json.groups as { name: string; preferredVersion: { groupVersion: string } }[];
  const versions = ['/api/v1', ...groups.map((g) => `/apis/${g.preferredVersion.groupVersion}`)];
  for (const g of groups) paths.push(`/apis/${g.name}`, `/apis/${g.preferredVersion.groupVersion}`);
  for (const base of versions) {
    const resources = (await rawRequest(daemon, 'GET', base)).json.resources as { name: string; namespaced: boolean }[];
    for (const r of resources.filter((x) => !x.name.includes('/'))) {
      const collection = r.namespaced ? `${base}/namespaces/default/${r.name}` : `${base}/${r.name}`;
      paths.push(collection, `${collection}?watch=true`, `${collection}/x`);
      if (r.namespaced) paths.push(`${base}/${r.name}`);
      for (const sub of resources.filter((x) => x.name.startsWith(`${r.name}/`))) paths.push(`${collection}/x/${sub.name.split('/')[1]}`);
    }
  }
  return paths;
}

/** One request with the given Authorization header (none when undefined). */
function send(daemon: TestDaemon, agent: Agent, method: string, path: string, authorization: string | undefined): Promise<{ code: number; text: string }> {
  return new Promise((resolve, reject) => {
    const body = method === 'GET' || method === 'HEAD' ? undefined : '{}';
    const headers: Record<string, string> = body ? { 'Content-Type': 'application/json', 'Content-Length': '2' } : {};
    if (authorization !== undefined) headers.Authorization = authorization;
    const req = request({ host: '127.0.0.1', port: daemon.port, method, path, agent, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A WebSocket upgrade (exec, watch) with the given Authorization header: the status it gets. */
function upgradeStatus(daemon: TestDaemon, path: string, authorization?: string): Promise<number> {
  const ca = readFileSync(join(daemon.dataDir, 'apiserver.crt'));
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64'), 'Sec-WebSocket-Protocol': 'v5.channel.k8s.io' };
    if (authorization) headers.Authorization = authorization;
    const req = request({ host: '127.0.0.1', port: daemon.port, path, ca, headers, agent: false });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve(101);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test('security', async (t) => {
  // A data dir that does not exist yet, so that its mode is the one kubelab gives it.
  const parent = mkdtempSync(join(tmpdir(), 'kubelab-e2e-security-'));
  const dataDir = join(parent, 'data');
  process.env.KUBELAB_SECURITY_CANARY = canary; // inherited by the daemon: no container may see it
  const daemon = await startDaemon(t, { nodes: 1, dataDir });
  t.after(() => rmSync(parent, { recursive: true, force: true }));
  delete process.env.KUBELAB_SECURITY_CANARY;

  await t.test('the data dir is 0700 and the kubeconfig, token and TLS key are 0600', () => {
    const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');
    assert.deepEqual(
      { dataDir: mode(dataDir), kubeconfig: mode(join(dataDir, 'kubeconfig')), token: mode(join(dataDir, 'token')), key: mode(join(dataDir, 'apiserver.key')) },
      { dataDir: '0700', kubeconfig: '0600', token: '0600', key: '0600' },
    );
  });

  await t.test('every listener of the daemon is on loopback, the API and the NodePorts included', async () => {
    assert.equal((await daemon.kubectl('create', 'deployment', 'web', '--image=nginx')).code, 0);
    assert.equal((await daemon.kubectl('expose', 'deployment', 'web', '--type=NodePort', '--port=80')).code, 0);
    const nodePort = Number((await daemon.kubectl('get', 'service', 'web', '-o', 'jsonpath={.spec.ports[0].nodePort}')).stdout);
    const sockets = await waitFor(() => {
      const found = listeningSockets(daemon.pid);
      return found.some((s) => s.port === nodePort) ? found : undefined;
    }, { what: `the NodePort ${nodePort} listened on`, timeout: 60_000, interval: 200 });
    assert.ok(sockets.some((s) => s.port === daemon.port), `the API port ${daemon.port} is among ${JSON.stringify(sockets)}`);
    assert.deepEqual(sockets.filter((s) => !isLoopback(s.address)), []);
  });

  await t.test('without the token every served path is 401, whatever the method', async (t) => {
    const paths = await servedPaths(daemon);
    assert.ok(paths.length > 150, `discovery lists the served paths (${paths.length})`);
    const agent = new Agent({ keepAlive: true, maxSockets: 4, ca: readFileSync(join(daemon.dataDir, 'apiserver.crt')) });
    t.after(() => agent.destroy());
    const wrong: string[] = [];
    const variants: (string | undefined)[] = [undefined, 'Bearer not-the-token', `Bearer ${daemon.token}x`, `Bearer ${daemon.token.slice(0, -1)}`, 'Bearer ', daemon.token];
    for (const path of paths) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']) {
        // Every method with no header and a wrong token; the near misses on GET.
        for (const authorization of method === 'GET' ? variants : variants.slice(0, 2)) {
          const res = await send(daemon, agent, method, path, authorization);
          const reason = method === 'HEAD' ? 'Unauthorized' : (JSON.parse(res.text || '{}') as { reason?: string }).reason;
          if (res.code !== 401 || reason !== 'Unauthorized') wrong.push(`${method} ${path} (${authorization?.slice(0, 12)}): ${res.code} ${res.text.slice(0, 80)}`);
        }
      }
    }
    const basic = await rawRequest(daemon, 'GET', '/api/v1/namespaces', undefined, { Authorization: `Basic ${Buffer.from(`admin:${daemon.token}`).toString('base64')}` });
    if (basic.code !== 401) wrong.push(`Basic auth with the token as password: ${basic.code}`);
    const query = await rawRequest(daemon, 'GET', `/api/v1/namespaces?access_token=${daemon.token}`, undefined, {}, '');
    if (query.code !== 401) wrong.push(`the token as a query parameter: ${query.code}`);
    assert.deepEqual(wrong, []);
    // The refused POST to /kubelab/v1/nodes/node1/kill did nothing.
    assert.deepEqual((await rawRequest(daemon, 'GET', '/kubelab/v1/nodes')).json.nodes, [{ name: 'control-plane', running: true }, { name: 'node1', running: true }]);
  });

  await t.test('a WebSocket upgrade (exec, watch) without the token is 401', async () => {
    assert.equal(await upgradeStatus(daemon, '/api/v1/namespaces/default/pods/x/exec?command=sh&stdout=true'), 401);
    assert.equal(await upgradeStatus(daemon, '/api/v1/namespaces/default/pods?watch=true', 'Bearer nope'), 401);
    assert.equal(await upgradeStatus(daemon, '/api/v1/namespaces/default/pods?watch=true', `Bearer ${daemon.token}`), 101);
  });

  await t.test('/version, /healthz, /livez and /readyz answer without the token, as on a real cluster', async () => {
    for (const path of ['/version', '/healthz', '/livez', '/readyz']) assert.equal((await rawRequest(daemon, 'GET', path, undefined, {}, '')).code, 200, path);
  });

  await t.test('a container cannot reach the host', async (t) => {
    const hostSecret = join(parent, 'host-secret');
    writeFileSync(hostSecret, canary);
    const tokenBefore = readFileSync(join(daemon.dataDir, 'token'), 'utf8');
    const hostWrite = join(tmpdir(), `kubelab-host-write-${canary}`);
    let hostHits = 0;
    const hostServer = createServer((_req, res) => {
      hostHits++;
      res.end(canary);
    });
    await new Promise<void>((resolve) => hostServer.listen(0, '127.0.0.1', resolve));
    t.after(() => hostServer.close());
    const hostPort = (hostServer.address() as { port: number }).port;

    assert.equal((await daemon.kubectl('run', 'probe', '--image=busybox', '--', 'sleep', '3600')).code, 0);
    assert.equal((await daemon.kubectl('wait', '--for=condition=Ready', 'pod/probe', '--timeout=60s')).code, 0);
    const exec = (script: string): Promise<{ code: number; stdout: string; stderr: string }> => daemon.kubectl('exec', 'probe', '--', 'sh', '-c', script);

    const hostPasswd = readFileSync('/etc/passwd', 'utf8');
    const cases: { name: string; script: string; want: (out: { code: number; stdout: string; stderr: string }) => boolean }[] = [
      { name: '/etc/passwd is the image\'s, not the host\'s', script: 'cat /etc/passwd', want: (o) => o.code === 0 && o.stdout !== hostPasswd && o.stdout.startsWith('root:x:0:0:root:/root:/bin/sh\n') },
      { name: 'a host file is not there', script: `cat ${hostSecret}`, want: (o) => o.code !== 0 && !o.stdout.includes(canary) },
      { name: 'the daemon\'s token is not there', script: `cat ${join(daemon.dataDir, 'token')}`, want: (o) => o.code !== 0 && !o.stdout.includes(daemon.token) },
      { name: 'the container writes only its own /tmp', script: `echo pwned > ${hostWrite} && echo pwned > /tmp/kubelab-host-write-${canary} && echo replaced > ${join(daemon.dataDir, 'token')}; echo done`, want: (o) => o.stdout.includes('done') },
      { name: 'the daemon\'s environment is not the container\'s', script: 'env; echo "[$KUBELAB_SECURITY_CANARY]"; cat /proc/self/environ /proc/1/environ', want: (o) => !o.stdout.includes(canary) && o.stdout.includes('[]') && o.stdout.includes('HOSTNAME=probe') },
      { name: 'host processes are not in /proc', script: `ls /proc; cat /proc/${daemon.pid}/cmdline`, want: (o) => o.code !== 0 && !o.stdout.split('\n').includes(String(daemon.pid)) && !o.stdout.includes('node') },
      { name: 'ps shows the container\'s processes only', script: 'ps', want: (o) => o.code === 0 && o.stdout.includes('sleep 3600') && !/node|kubelab|kubectl/.test(o.stdout) },
      { name: 'the daemon cannot be killed from inside', script: `kill -9 ${daemon.pid}`, want: (o) => o.code !== 0 },
      { name: 'the host\'s loopback ports are not the pod\'s', script: `wget -qO- -T 2 http://127.0.0.1:${hostPort}/; wget -qO- -T 2 http://127.0.0.1:${daemon.port}/version`, want: (o) => o.code !== 0 && !o.stdout.includes(canary) && o.stderr.includes('Connection refused') },
      { name: 'names outside the cluster do not resolve', script: `wget -qO- -T 2 http://example.com/; wget -qO- -T 2 http://${hostname()}:${hostPort}/`, want: (o) => o.code !== 0 && o.stderr.includes("wget: bad address 'example.com'") && !o.stdout.includes(canary) },
    ];
    for (const c of cases) {
      await t.test(c.name, async () => {
        const out = await exec(c.script);
        assert.ok(c.want(out), JSON.stringify(out));
      });
    }

    await t.test('the host afterwards: nothing written, nothing served, the daemon running', () => {
      assert.equal(existsSync(hostWrite), false);
      assert.equal(readFileSync(join(daemon.dataDir, 'token'), 'utf8'), tokenBefore);
      assert.equal(readFileSync(hostSecret, 'utf8'), canary);
      assert.equal(hostHits, 0);
      assert.ok(isAlive(daemon.pid));
    });
  });

  await t.test('the TUI never prints a Secret\'s values: describe shows sizes, YAML the base64 as kubectl does', async () => {
    const value = `hunter2-${canary}`;
    assert.equal((await daemon.kubectl('create', 'secret', 'generic', 'creds', `--from-literal=password=${value}`)).code, 0);
    const client = new HttpClient({ server: daemon.server, token: daemon.token, ca: readFileSync(join(daemon.dataDir, 'apiserver.crt'), 'utf8') });
    const ref = { group: '', version: 'v1', resource: 'secrets' };
    const described = await describeObject(client, { ref, namespace: 'default', name: 'creds' });
    assert.match(described, new RegExp(`^password:  ${value.length} bytes$`, 'm'));
    const yaml = objectYaml(await client.get(ref, 'default', 'creds'));
    assert.match(yaml, new RegExp(`^  password: ${Buffer.from(value).toString('base64')}$`, 'm'));
    assert.ok(!described.includes(value) && !yaml.includes(value), 'the plain value is shown nowhere');
  });

  await t.test('the TUI decodes a Secret only when asked (`x`, as k9s)', async (t) => {
    const value = `s3cr3t-${canary}`;
    assert.equal((await daemon.kubectl('create', 'secret', 'generic', 'decode-me', `--from-literal=token=${value}`, '--from-file=key=/dev/null')).code, 0);
    const client = new HttpClient({ server: daemon.server, token: daemon.token, ca: readFileSync(join(daemon.dataDir, 'apiserver.crt'), 'utf8') });
    const info = { context: 'kubelab', cluster: 'kubelab', server: daemon.server, namespace: 'default' };
    const tui = render(createElement(App, { client, clock: new RealClock(), info, initialCommand: 'secrets', size: { columns: 120, rows: 20 }, onQuit: () => undefined }));
    t.after(() => tui.unmount());
    const frame = async (predicate: (f: string) => boolean, what: string): Promise<string> => {
      const found = await waitFor(() => (predicate(tui.lastFrame() ?? '') ? tui.lastFrame() : false), { what: `${what}; last frame:\n${tui.lastFrame()}`, timeout: 20_000 });
      await new Promise<void>((resolve) => setImmediate(resolve)); // let Ink subscribe its input hooks
      return found;
    };
    const shown: string[] = [];
    const table = await frame((f) => /^decode-me +Opaque +2 /m.test(f), 'the secrets table');
    assert.match(table.split('\n')[1]!, /^<x> Decode {2}/);
    shown.push(table);
    // Only this Secret in the table (`creds` of the test above sorts first), as a learner filters it.
    tui.stdin.write('/');
    await frame((f) => f.split('\n').at(-1)!.startsWith('/'), 'the filter prompt');
    tui.stdin.write('decode-me\r');
    await frame((f) => f.includes(' secrets(default)[1]  </decode-me>'), 'the filtered table');
    tui.stdin.write('d');
    shown.push(await frame((f) => f.includes(`token:  ${value.length} bytes`), 'describe: the size of the value'));
    tui.stdin.write('\x1b');
    await frame((f) => f.includes(' secrets(default)'), 'back to the table');
    tui.stdin.write('y');
    shown.push(await frame((f) => f.includes(`  token: ${Buffer.from(value).toString('base64')}`), 'YAML: the base64'));
    tui.stdin.write('\x1b');
    await frame((f) => f.includes(' secrets(default)'), 'back to the table');
    assert.ok(shown.every((f) => !f.includes(value)), 'not printed before it is asked for');

    tui.stdin.write('x');
    const decoded = await frame((f) => f.includes(`token: ${value}`), 'the decoded data');
    assert.match(decoded, /^decode default\/decode-me \(values in plain text\)$/m);
    assert.match(decoded, /^key: ""$/m);
    tui.stdin.write('\x1b');
    const back = await frame((f) => f.includes(' secrets(default)'), 'back to the table');
    assert.ok(!back.includes(value));
  });
});
