// The kubelab command line: up/down/status/kubeconfig, one daemon per data dir, a port in use,
// bad flags, and state that survives `down`/`up` and a kill -9.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { runCli, startDaemon, stopPid } from '../helpers/daemon.js';
import { tableRows, type KubectlResult } from '../helpers/kubectl.js';
import { waitFor } from '../helpers/wait-for.js';

test('kubelab CLI', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-cli-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const daemon = await startDaemon(t, { dataDir });

  await t.test('status says where the daemon runs', () => {
    const out = runCli(['status', '--data', dataDir]);
    assert.equal(out.code, 0);
    assert.equal(out.stdout.split('\n')[0], `kubelab: running (pid ${daemon.pid}) at ${daemon.server}`);
  });

  await t.test('kubeconfig prints the path of a 0600 kubeconfig with the kubelab context', () => {
    const out = runCli(['kubeconfig', '--data', dataDir]);
    assert.equal(out.stdout.trim(), join(dataDir, 'kubeconfig'));
    assert.equal(statSync(join(dataDir, 'kubeconfig')).mode & 0o777, 0o600);
    const text = readFileSync(join(dataDir, 'kubeconfig'), 'utf8');
    assert.match(text, /^current-context: kubelab$/m);
    assert.match(text, /certificate-authority-data: /);
  });

  await t.test('a second up on the same data dir is refused in one line', () => {
    const out = runCli(['up', '--detach', '--port', '0', '--data', dataDir, '--no-kubeconfig']);
    assert.equal(out.code, 1);
    assert.equal(out.stderr, `kubelab: a daemon is already running for ${dataDir} (pid ${daemon.pid}, ${daemon.server})\n`);
  });

  await t.test('a port in use is refused in one line', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const other = mkdtempSync(join(tmpdir(), 'kubelab-cli-port-'));
    try {
      const out = runCli(['up', '--detach', '--port', String(port), '--data', other, '--no-kubeconfig']);
      assert.equal(out.code, 1);
      assert.equal(out.stderr, `kubelab: port ${port} is in use\n`);
    } finally {
      blocker.close();
      rmSync(other, { recursive: true, force: true });
    }
  });

  await t.test('bad flags are refused in one line', () => {
    const cases = [
      { args: ['up', '--nodes', 'many'], want: 'kubelab: --nodes must be a whole number from 1 to 50, got "many"\n' },
      { args: ['up', '--node-subnet', '10.0.0.0/8'], want: 'kubelab: --node-subnet must be inside 127.0.0.0/8 (node IPs are loopback addresses), got "10.0.0.0/8"\n' },
      { args: ['up', '--speed', '0'], want: 'kubelab: --speed must be a number above 0 and at most 1000, got "0"\n' },
      { args: ['up', '--bogus'], want: "kubelab: unknown option '--bogus'\n" },
    ];
    for (const c of cases) {
      const out = runCli(c.args);
      assert.equal(out.code, 1, c.args.join(' '));
      assert.equal(out.stderr, c.want);
    }
  });

  let restarted: Awaited<ReturnType<typeof startDaemon>> | undefined;
  await t.test('state survives down and up', async () => {
    assert.equal((await daemon.kubectl('create', 'cm', 'kept', '--from-literal=a=1')).code, 0);
    const containers = staticPodContainers(await daemon.kubectl('get', 'pods', '-n', 'kube-system', '-o', 'json'));
    const down = runCli(['down', '--data', dataDir]);
    assert.equal(down.code, 0, down.stderr);
    assert.equal(down.stdout, `kubelab: stopped the daemon (pid ${daemon.pid})\n`);
    assert.equal(runCli(['status', '--data', dataDir]).code, 1);
    restarted = await startDaemon(t, { dataDir });
    // The first listing after `up` returned: the control plane's static pods are 1/1 Running with
    // no restart, the same containers as before (a daemon restart is a kubelet restart, not a reboot).
    const first = tableRows((await restarted.kubectl('get', 'pods', '-n', 'kube-system')).stdout);
    assert.deepEqual(first.slice(1).filter((r) => r[0]!.endsWith('-control-plane')).map((r) => r.slice(0, 4)), [
      ['etcd-control-plane', '1/1', 'Running', '0'],
      ['kube-apiserver-control-plane', '1/1', 'Running', '0'],
      ['kube-controller-manager-control-plane', '1/1', 'Running', '0'],
      ['kube-scheduler-control-plane', '1/1', 'Running', '0'],
    ]);
    assert.deepEqual(staticPodContainers(await restarted.kubectl('get', 'pods', '-n', 'kube-system', '-o', 'json')), containers);
    const out = await restarted.kubectl('get', 'cm', 'kept', '-o', 'jsonpath={.data.a}');
    assert.equal(out.stdout, '1');
  });

  await t.test('state survives a kill -9: nothing acknowledged is lost', async () => {
    assert.ok(restarted, 'the restarted daemon');
    for (let i = 0; i < 30; i++) assert.equal((await restarted.kubectl('create', 'cm', `burst-${i}`, '--from-literal=i=' + i)).code, 0);
    process.kill(restarted.pid, 'SIGKILL');
    await waitFor(() => runCli(['status', '--data', dataDir]).code === 1, { what: 'the killed daemon to be gone' });
    const third = await startDaemon(t, { dataDir });
    const names = (await third.kubectl('get', 'cm', '-o', 'name')).stdout.trim().split('\n');
    for (let i = 0; i < 30; i++) assert.ok(names.includes(`configmap/burst-${i}`), `burst-${i} survived`);
    await stopPid(third.pid);
  });
});

/** The static pods' containers, by pod: ID, start time and restart count. */
function staticPodContainers(list: KubectlResult): Record<string, string> {
  const pods = JSON.parse(list.stdout).items as { metadata: { name: string; annotations?: Record<string, string> }; status: { containerStatuses?: { containerID: string; restartCount: number; state: { running?: { startedAt: string } } }[] } }[];
  const mirrors = pods.filter((p) => p.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined);
  return Object.fromEntries(mirrors.map((p) => {
    const cs = p.status.containerStatuses?.[0];
    return [p.metadata.name, `${cs?.containerID} ${cs?.state.running?.startedAt} ${cs?.restartCount}`];
  }));
}
