// Labs G.1 and G.2 (Services: ClusterIP load balancing from a pod and from a node, NodePort from the
// host on every node IP), D.4's readiness (a not-ready pod gets no traffic), `kubectl expose`, and
// kube-proxy following the pods (`kubelab node rules`): real kubectl, expected lines written out.
// The daemon runs at --speed 10, so readiness probes tick ten times faster; curl's timeouts are
// reported in cluster time.
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubelabBin, runCli, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { repoPath } from '../helpers/paths.js';
import { rawRequest } from '../helpers/raw-api.js';
import { waitFor } from '../helpers/wait-for.js';

const fixture = (name: string): string => repoPath('test', 'e2e', 'fixtures', 'services', name);
const testName = /^test name: test1-[a-z0-9]{8,10}-[a-z0-9]{5}\n?$/;

function httpGet(host: string, port: number): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: '/', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end();
  });
}

async function rules(daemon: TestDaemon, node: string): Promise<string> {
  const res = await rawRequest(daemon, 'GET', `/kubelab/v1/nodes/${node}/rules`);
  assert.equal(res.code, 200, res.text);
  return res.text;
}

/** Waits until every pod with the label runs and is ready; returns their IPs. */
async function readyPods(daemon: TestDaemon, namespace: string, selector: string, count: number): Promise<string[]> {
  return waitFor(async () => {
    const out = await daemon.kubectl('get', 'pods', '-n', namespace, '-l', selector, '-o', 'jsonpath={range .items[*]}{.status.podIP} {.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}');
    const rows = out.stdout.trim().split('\n').filter(Boolean).map((l) => l.split(' '));
    return rows.length === count && rows.every(([ip, ready]) => ip && ready === 'True') ? rows.map(([ip]) => ip!) : undefined;
  }, { what: `${count} ready pods ${selector} in ${namespace}`, timeout: 30_000 });
}

async function clusterIP(daemon: TestDaemon, namespace: string, name: string): Promise<string> {
  return (await daemon.kubectl('get', 'svc', name, '-n', namespace, '-o', 'jsonpath={.spec.clusterIP}')).stdout;
}

test('Services and kube-proxy', async (t) => {
  const daemon = await startDaemon(t, { speed: 10 });
  const k = daemon.kubectl;
  assert.equal((await k('run', 'client', '--image=curlimages/curl', '--command', '--', 'sleep', '36000')).code, 0);
  await waitFor(async () => tableRows((await k('get', 'pod', 'client')).stdout)[1]?.[2] === 'Running', { what: 'the curl client pod', timeout: 30_000 });

  await t.test('G.1: a ClusterIP spreads requests over the three pods, from a pod and from a node', async () => {
    const applied = await k('apply', '-f', fixture('test-svc-dep.yaml'));
    assert.equal(applied.stdout, 'service/test-svc created\ndeployment.apps/test1 created\n');
    const ips = await readyPods(daemon, 'default', 'app=test1', 3);
    const endpoints = await waitFor(async () => {
      const row = tableRows((await k('get', 'endpoints', 'test-svc')).stdout)[1];
      return row && row[1] !== '<none>' && row[1]!.split(',').length === 3 ? row : undefined;
    }, { what: 'three endpoints' });
    assert.deepEqual(endpoints[1]!.split(',').sort(), ips.map((ip) => `${ip}:8080`).sort());
    const ip = await clusterIP(daemon, 'default', 'test-svc');
    const svcRow = tableRows((await k('get', 'all', '-o', 'wide')).stdout).find((r) => r[0] === 'service/test-svc');
    assert.deepEqual([svcRow?.[1], svcRow?.[2], svcRow?.[3], svcRow?.[4], svcRow?.[6]], ['ClusterIP', ip, '<none>', '80/TCP', 'app=test1']);

    const once = await k('exec', 'client', '--', 'curl', '-s', ip);
    assert.match(once.stdout, testName);
    const loop = await k('exec', 'client', '--', 'sh', '-c', `i=0; while [ $i -lt 30 ]; do curl -s ${ip}; i=$((i+1)); done`);
    const answers = loop.stdout.trim().split('\n');
    assert.equal(loop.stderr, '');
    assert.equal(answers.length, 30);
    for (const answer of answers) assert.match(answer, testName);
    assert.ok(new Set(answers).size >= 2, `30 answers all from one pod: ${answers[0]}`);

    const fromNode = runCli(['node', 'shell', 'node1', '--data', daemon.dataDir, '--', 'curl', '-s', ip]);
    assert.equal(fromNode.code, 0, fromNode.stderr);
    assert.match(fromNode.stdout, testName);

    // The ClusterIP takes TCP, not ICMP (kube-proxy's iptables rules DNAT -p tcp only); the pods answer pings.
    const pingService = await k('exec', 'client', '--', 'ping', '-c', '1', '-W', '1', ip);
    assert.deepEqual([pingService.stdout, pingService.code], [`PING ${ip} (${ip}): 56 data bytes\n\n--- ${ip} ping statistics ---\n1 packets transmitted, 0 packets received, 100% packet loss\n`, 1]);
    const pod = ips[0]!;
    const pingPod = await k('exec', 'client', '--', 'ping', '-c', '1', pod);
    const dotted = pod.replaceAll('.', '\\.');
    assert.match(pingPod.stdout, new RegExp(`^PING ${dotted} \\(${dotted}\\): 56 data bytes\n64 bytes from ${dotted}: seq=0 ttl=6[234] time=0\\.\\d{3} ms\n`));
    const nodePing = runCli(['node', 'shell', 'node1', '--data', daemon.dataDir, '--', 'ping', '-c', '1', '-W', '1', ip]);
    assert.equal(nodePing.stdout, `PING ${ip} (${ip}) 56(84) bytes of data.\n\n--- ${ip} ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n\n`);
  });

  await t.test('G.2: a NodePort answers from the host on every node IP', async () => {
    assert.equal((await k('create', 'namespace', 'g2')).code, 0);
    assert.equal((await k('create', 'deployment', 'mynginx', '--image=nginx', '-n', 'g2')).stdout, 'deployment.apps/mynginx created\n');
    assert.equal((await k('create', 'service', 'nodeport', 'mynginx', '--tcp=80:80', '-n', 'g2')).stdout, 'service/mynginx created\n');
    const rows = tableRows((await k('get', 'svc', 'mynginx', '-n', 'g2')).stdout);
    assert.deepEqual(rows[0], ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    assert.equal(rows[1]?.[1], 'NodePort');
    assert.equal(rows[1]?.[3], '<none>');
    assert.match(rows[1]?.[4] ?? '', /^80:3\d{4}\/TCP$/);
    const nodePort = Number(rows[1]![4]!.slice(3, 8));
    await readyPods(daemon, 'g2', 'app=mynginx', 1);
    const nodeIPs = (await k('get', 'nodes', '-o', 'jsonpath={.items[*].status.addresses[?(@.type=="InternalIP")].address}')).stdout.split(' ');
    assert.equal(nodeIPs.length, 4, 'the control plane and three workers');
    for (const nodeIP of nodeIPs) {
      const answer = await waitFor(async () => {
        const r = await httpGet(nodeIP, nodePort);
        return 'status' in r ? r : undefined;
      }, { what: `the node port on ${nodeIP}` });
      assert.equal(answer.status, 200);
      assert.ok(answer.body.includes('<title>Welcome to nginx!</title>'), answer.body);
    }

    const killed = runCli(['node', 'kill', 'node3', '--data', daemon.dataDir]);
    assert.equal(killed.code, 0, killed.stderr);
    assert.deepEqual(await httpGet(nodeIPs[3]!, nodePort), { error: 'ECONNREFUSED' }, 'a dead node listens no more');
    assert.equal(runCli(['node', 'start', 'node3', '--data', daemon.dataDir]).code, 0);
    await waitFor(async () => 'status' in (await httpGet(nodeIPs[3]!, nodePort)), { what: 'node3 listening again', timeout: 20_000 });
  });

  await t.test('a service without endpoints refuses; an address nobody has times out', async () => {
    assert.equal((await k('create', 'service', 'clusterip', 'nothing', '--tcp=80:80')).code, 0);
    const ip = await clusterIP(daemon, 'default', 'nothing');
    const refused = await waitFor(async () => {
      const r = await k('exec', 'client', '--', 'curl', '-sS', ip);
      return r.code === 7 ? r : undefined;
    }, { what: 'curl to be refused' });
    // curlimages/curl is curl 8.x: since 8.9.0 curl_easy_strerror says "Could not connect to server".
    assert.equal(refused.stderr, `curl: (7) Failed to connect to ${ip} port 80 after 0 ms: Could not connect to server\ncommand terminated with exit code 7\n`);
    const labPod = (await k('get', 'pods', '-l', 'app=test1', '-o', 'jsonpath={.items[0].metadata.name}')).stdout;
    const wget = await k('exec', labPod, '--', 'wget', '-q', '-O-', ip);
    assert.equal(wget.stderr, `wget: can't connect to remote host (${ip}): Connection refused\ncommand terminated with exit code 1\n`);
    const timeout = await k('exec', 'client', '--', 'curl', '-sS', '--connect-timeout', '2', '10.96.0.123');
    assert.equal(timeout.stderr, 'curl: (28) Failed to connect to 10.96.0.123 port 80 after 2000 ms: Timeout was reached\ncommand terminated with exit code 28\n');
  });

  await t.test('D.4: a pod that is not ready gets no traffic until it is', async () => {
    assert.equal((await k('create', 'namespace', 'd4')).code, 0);
    assert.equal((await k('apply', '-n', 'd4', '-f', fixture('readiness-svc.yaml'))).code, 0);
    const ip = await clusterIP(daemon, 'd4', 'ready-svc');
    await waitFor(async () => tableRows((await k('get', 'pods', '-n', 'd4')).stdout).filter((r) => r[2] === 'Running').length === 2, { what: 'both pods running' });
    // Only not-ready addresses: kubectl prints an empty ENDPOINTS cell (printers.go formatEndpoints).
    await waitFor(async () => tableRows((await k('get', 'endpoints', 'ready-svc', '-n', 'd4')).stdout)[1]?.length === 2, { what: 'an Endpoints object with not-ready addresses only' });
    // No ready endpoint: no nat rule at all (kube-proxy's REJECT for it lives in the filter table).
    assert.ok(!(await rules(daemon, 'node1')).includes('d4/ready-svc'));
    assert.equal((await k('exec', 'client', '--', 'curl', '-s', ip)).code, 7, 'no ready endpoint: refused');
    assert.equal((await k('exec', '-n', 'd4', 'readiness-cmd', '--', 'touch', '/tmp/ready')).code, 0);
    const readyIP = await waitFor(async () => {
      const out = (await k('get', 'pod', 'readiness-cmd', '-n', 'd4', '-o', 'jsonpath={.status.podIP} {.status.conditions[?(@.type=="Ready")].status}')).stdout.split(' ');
      return out[1] === 'True' ? out[0] : undefined;
    }, { what: 'readiness-cmd to turn ready', timeout: 20_000 });
    const notReadyIP = (await k('get', 'pod', 'readiness', '-n', 'd4', '-o', 'jsonpath={.status.podIP}')).stdout;
    await waitFor(async () => (await rules(daemon, 'node1')).includes(`--to-destination ${readyIP}:80`), { what: 'the ready pod in the rules', timeout: 20_000 });
    const table = await rules(daemon, 'node1');
    assert.ok(!table.includes(`--to-destination ${notReadyIP}:80`), 'the not-ready pod is in no rule');
    for (let i = 0; i < 5; i++) assert.ok((await k('exec', 'client', '--', 'curl', '-s', ip)).stdout.includes('<title>Welcome to nginx!</title>'));
  });

  await t.test('kube-proxy drops a deleted pod from the rules within a second and adds new ones', async () => {
    const [gone] = await readyPods(daemon, 'default', 'app=test1', 3);
    assert.ok((await rules(daemon, 'node1')).includes(`--to-destination ${gone}:8080`));
    const pod = (await k('get', 'pods', '-o', `jsonpath={.items[?(@.status.podIP=="${gone}")].metadata.name}`)).stdout;
    assert.equal((await k('delete', 'pod', pod, '--wait=false')).code, 0);
    await waitFor(async () => !(await rules(daemon, 'node1')).includes(`--to-destination ${gone}:8080`), { what: `${gone} out of node1's rules`, timeout: 1000, interval: 20 });
    assert.equal((await k('scale', 'deployment', 'test1', '--replicas=4')).stdout, 'deployment.apps/test1 scaled\n');
    const ips = await readyPods(daemon, 'default', 'app=test1', 4);
    await waitFor(async () => {
      const table = await rules(daemon, 'node2');
      return ips.every((ip) => table.includes(`--to-destination ${ip}:8080`));
    }, { what: 'four endpoints in node2\'s rules' });
  });

  await t.test('kubectl expose deployment: a new ClusterIP in front of the pods', async () => {
    const exposed = await k('expose', 'deployment', 'mynginx', '-n', 'g2', '--name=web', '--port=8080', '--target-port=80');
    assert.equal(exposed.stdout, 'service/web exposed\n');
    const row = tableRows((await k('get', 'svc', 'web', '-n', 'g2', '-o', 'wide')).stdout)[1];
    assert.deepEqual([row?.[1], row?.[3], row?.[4], row?.[6]], ['ClusterIP', '<none>', '8080/TCP', 'app=mynginx']);
    const ip = await clusterIP(daemon, 'g2', 'web');
    const page = await waitFor(async () => (await k('exec', 'client', '--', 'curl', '-s', `${ip}:8080`)).stdout, { what: 'the exposed service to answer' });
    assert.ok(page.includes('<title>Welcome to nginx!</title>'));
  });

  await t.test('kubelab node rules and node shell show the node\'s nat table', async () => {
    const printed = runCli(['node', 'rules', 'node1', '--data', daemon.dataDir]);
    assert.equal(printed.code, 0, printed.stderr);
    assert.match(printed.stdout, /^# Generated by iptables-save v1\.8\.9 \(nf_tables\) on .+\n\*nat\n:PREROUTING ACCEPT \[0:0\]\n/);
    assert.ok(printed.stdout.includes('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS\n'));
    const saved = runCli(['node', 'shell', 'node1', '--data', daemon.dataDir, '--', 'iptables-save', '-t', 'nat']);
    assert.equal(saved.code, 0, saved.stderr);
    assert.match(saved.stdout, /^# Generated by iptables-save v1\.8\.9 \(nf_tables\) on .+\n\*nat\n[^]*\nCOMMIT\n# Completed on .+\n$/);
    const interactive = runCliWithInput(daemon, ['node', 'shell', 'node2'], 'hostname\ncd /tmp\nexit 3\n');
    assert.equal(interactive.code, 3);
    assert.equal(interactive.stdout, 'node2\n');
    assert.equal(interactive.stderr, '[root@node2 /]# [root@node2 /]# [root@node2 tmp]# ');
    assert.deepEqual(runCli(['node', 'rules', 'node9', '--data', daemon.dataDir]), { code: 1, stdout: '', stderr: 'kubelab: no node named "node9"\n' });
  });
});

function runCliWithInput(daemon: TestDaemon, args: string[], input: string): { code: number; stdout: string; stderr: string } {
  const out = spawnSync(process.execPath, [kubelabBin, ...args, '--data', daemon.dataDir], { encoding: 'utf8', input, timeout: 60_000 });
  return { code: out.status ?? 1, stdout: out.stdout, stderr: out.stderr };
}
