// Container logs outlive a daemon restart, as the CRI's files under /var/log/pods outlive a kubelet
// restart: after `kubelab down` + `up`, `kubectl logs` shows the lines written before (once, with
// their original timestamps), `--tail` and `--since` cut them as before, `-f` starts from them, `-p`
// still shows the previous instance of a restarted container, and a deleted pod's log files go with it.
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const manifests = `
apiVersion: v1
kind: Pod
metadata:
  name: talker
spec:
  containers:
  - name: main
    image: busybox
    command: ["sh", "-c", "echo one; echo two; echo three; sleep 3600"]
---
apiVersion: v1
kind: Pod
metadata:
  name: probed
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: busybox
    command: ["sh", "-c", "touch /tmp/healthy; echo started; sleep 3600"]
    livenessProbe:
      exec:
        command: ["cat", "/tmp/healthy"]
      periodSeconds: 1
      failureThreshold: 1
`;

const stamped = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /;

async function logs(k: TestDaemon['kubectl'], ...args: string[]): Promise<string> {
  const out = await k('logs', ...args);
  assert.equal(out.code, 0, out.stderr);
  return out.stdout;
}

async function restarts(k: TestDaemon['kubectl'], pod: string): Promise<{ restarts: number; running: boolean }> {
  const p = JSON.parse((await k('get', 'pod', pod, '-o', 'json')).stdout);
  const cs = p.status?.containerStatuses?.[0] ?? {};
  return { restarts: cs.restartCount ?? 0, running: cs.state?.running !== undefined && cs.ready === true };
}

test('container logs survive a daemon restart', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-e2e-restart-logs-'));
  const started: TestDaemon[] = [];
  t.after(async () => {
    for (const daemon of started) await daemon.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const first = await startDaemon(t, { dataDir });
  started.push(first);
  const k1 = first.kubectl;
  assert.equal((await first.kubectlWithInput(manifests, 'apply', '-f', '-')).code, 0);
  await waitFor(async () => (await k1('logs', 'talker')).stdout === 'one\ntwo\nthree\n' || undefined, { what: "talker's three lines", timeout: 30_000, interval: 250 });
  await waitFor(async () => (await restarts(k1, 'probed')).running || undefined, { what: 'probed running', timeout: 30_000, interval: 250 });
  // The liveness probe fails once the file is gone: the kubelet kills the container and starts a new one.
  assert.equal((await k1('exec', 'probed', '--', 'rm', '/tmp/healthy')).code, 0);
  await waitFor(async () => {
    const r = await restarts(k1, 'probed');
    return (r.restarts === 1 && r.running) || undefined;
  }, { what: 'probed restarted once', timeout: 30_000, interval: 250 });
  const talkerBefore = await logs(k1, 'talker', '--timestamps');
  const previousBefore = await logs(k1, 'probed', '-p', '--timestamps');
  const currentBefore = await logs(k1, 'probed', '--timestamps');
  assert.match(talkerBefore, stamped);
  assert.deepEqual([previousBefore.replace(stamped, ''), currentBefore.replace(stamped, '')], ['started\n', 'started\n']);
  assert.notEqual(previousBefore, currentBefore);

  // The files are the daemon's own state: 0600 in 0700 directories of the data dir.
  const uid = JSON.parse((await k1('get', 'pod', 'talker', '-o', 'json')).stdout).metadata.uid as string;
  const nodeName = JSON.parse((await k1('get', 'pod', 'talker', '-o', 'json')).stdout).spec.nodeName as string;
  const file = join(dataDir, 'pod-logs', nodeName, uid, 'main', '0.log');
  await waitFor(() => existsSync(file) || undefined, { what: file });
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(join(dataDir, 'pod-logs')).mode & 0o777, 0o700);

  const down = runCli(['down', '--data', dataDir]);
  assert.equal(down.code, 0, down.stderr);
  const second = await startDaemon(t, { dataDir });
  started.push(second);
  const k2 = second.kubectl;
  // The adopted containers' processes are made again as the kubelets start (exec answers then).
  await waitFor(async () => (await k2('exec', 'talker', '--', 'true')).code === 0 || undefined, { what: 'talker adopted', timeout: 30_000, interval: 250 });

  assert.equal(await logs(k2, 'talker'), 'one\ntwo\nthree\n', 'the lines from before, once');
  assert.equal(await logs(k2, 'talker', '--tail=2'), 'two\nthree\n');
  assert.equal(await logs(k2, 'talker', '--since=1h'), 'one\ntwo\nthree\n');
  assert.equal(await logs(k2, 'talker', '--timestamps'), talkerBefore, 'the same timestamps as before the restart');
  assert.equal(await logs(k2, 'probed', '-p', '--timestamps'), previousBefore, 'the previous instance, as before');
  assert.equal(await logs(k2, 'probed', '--timestamps'), currentBefore);
  assert.deepEqual(await restarts(k2, 'probed'), { restarts: 1, running: true });

  // `logs -f` on the adopted container: the line from before the restart, then the stream ends
  // with the container (its liveness probe fails again); that instance is then what `-p` shows.
  const follow = spawn('kubectl', ['logs', '-f', 'probed', '--timestamps'], { env: { ...process.env, KUBECONFIG: second.kubeconfig, KUBECACHEDIR: second.cacheDir, HOME: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let followed = '';
  follow.stdout.on('data', (d) => (followed += d));
  const followEnded = new Promise<number | null>((resolve) => follow.on('close', resolve));
  t.after(() => void follow.kill());
  await waitFor(() => followed === currentBefore || undefined, { what: 'the followed log from before the restart', timeout: 15_000, interval: 50 });
  assert.equal((await k2('exec', 'probed', '--', 'rm', '/tmp/healthy')).code, 0);
  assert.equal(await followEnded, 0);
  assert.equal(followed, currentBefore, 'the follow ended with the container');
  await waitFor(async () => {
    const r = await restarts(k2, 'probed');
    return (r.restarts === 2 && r.running) || undefined;
  }, { what: 'probed restarted a second time', timeout: 30_000, interval: 250 });
  assert.equal(await logs(k2, 'probed', '-p', '--timestamps'), currentBefore, 'the adopted instance is now the previous one');

  // A deleted pod's log files go with it, as the kubelet removes /var/log/pods/<pod>.
  assert.equal((await k2('delete', 'pod', 'talker', '--grace-period=1')).code, 0);
  await waitFor(() => !existsSync(join(dataDir, 'pod-logs', nodeName, uid)) || undefined, { what: "talker's log directory removed", timeout: 30_000 });
  assert.ok(!readdirSync(join(dataDir, 'pod-logs', nodeName)).includes(uid));

  // A removed machine's log files go with it.
  const probedNode = JSON.parse((await k2('get', 'pod', 'probed', '-o', 'json')).stdout).spec.nodeName as string;
  assert.ok(existsSync(join(dataDir, 'pod-logs', probedNode)));
  const removed = runCli(['node', 'remove', probedNode, '--data', dataDir]);
  assert.equal(removed.code, 0, removed.stderr);
  assert.equal(existsSync(join(dataDir, 'pod-logs', probedNode)), false);
});
