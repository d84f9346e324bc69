// Watching: `kubectl get -w` prints changes as they happen; the WebSocket watch the TUI uses;
// a namespace delete shows Terminating.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { waitFor } from '../helpers/wait-for.js';

test('watching the cluster', async (t) => {
  const daemon = await startDaemon(t);
  const k = daemon.kubectl;

  await t.test('kubectl get cm -w prints a row for each change', async () => {
    assert.equal((await k('create', 'cm', 'before', '--from-literal=a=1')).code, 0);
    // Every namespace has kube-root-ca.crt (root-ca-cert-publisher): wait for it, so the list is stable.
    await waitFor(async () => (await k('get', 'cm', 'kube-root-ca.crt')).code === 0, { what: 'kube-root-ca.crt' });
    const child = spawn('kubectl', ['get', 'cm', '-w'], { env: { ...process.env, KUBECONFIG: daemon.kubeconfig, KUBECACHEDIR: daemon.cacheDir } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    t.after(() => child.kill('SIGKILL'));
    await waitFor(() => out.includes('before'), { what: 'the initial list', timeout: 15_000 });
    assert.equal((await k('create', 'cm', 'during', '--from-literal=a=1', '--from-literal=b=2')).code, 0);
    await waitFor(() => out.includes('during'), { what: 'the watch row for "during"', timeout: 15_000 });
    child.kill('SIGTERM');
    const rows = tableRows(out).map((r) => r.slice(0, 2));
    assert.deepEqual(rows, [['NAME', 'DATA'], ['before', '1'], ['kube-root-ca.crt', '1'], ['during', '2']]);
  });

  await t.test('a WebSocket watch streams events from resourceVersion 0', async () => {
    const url = `wss://127.0.0.1:${daemon.port}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0`;
    const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${daemon.token}` }, ca: readFileSync(join(daemon.dataDir, 'apiserver.crt')) });
    const events: string[] = [];
    ws.on('message', (data) => {
      const e = JSON.parse(String(data)) as { type: string; object: { metadata: { name: string } } };
      events.push(`${e.type} ${e.object.metadata.name}`);
    });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    await waitFor(() => events.length >= 3, { what: 'the synthetic ADDED events', timeout: 10_000 });
    assert.equal((await k('delete', 'cm', 'before')).code, 0);
    await waitFor(() => events.includes('DELETED before'), { what: 'the DELETED event', timeout: 10_000 });
    ws.close();
    assert.deepEqual(events.slice(0, 3).sort(), ['ADDED before', 'ADDED during', 'ADDED kube-root-ca.crt']);
  });

  await t.test('a namespace being deleted shows Terminating', async () => {
    assert.equal((await k('create', 'ns', 'doomed')).code, 0);
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bound\n  namespace: doomed\nspec:\n  nodeName: node1\n  containers:\n  - name: c\n    image: nginx\n';
    assert.equal((await daemon.kubectlWithInput(pod, 'apply', '-f', '-')).code, 0);
    const out = await k('delete', 'ns', 'doomed', '--wait=false');
    assert.equal(out.stdout.trim(), 'namespace "doomed" deleted');
    // A pod bound to a node keeps the namespace Terminating until its kubelet finishes it.
    const rows = tableRows((await k('get', 'ns', 'doomed')).stdout);
    assert.deepEqual(rows[1].slice(0, 2), ['doomed', 'Terminating']);
    const refused = await k('create', 'cm', 'late', '-n', 'doomed', '--from-literal=a=b');
    assert.equal(refused.stderr.trim(), 'error: failed to create configmap: configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated');
    // Stand in for the kubelet of that node: finish the pod, and the namespace goes.
    assert.equal((await k('delete', 'pod', 'bound', '-n', 'doomed', '--grace-period=0', '--force')).code, 0);
  });

  await t.test('kubectl delete ns waits until the namespace and its content are gone (J)', async () => {
    assert.equal((await k('create', 'ns', 'lab')).code, 0);
    assert.equal((await k('create', 'cm', 'inside', '-n', 'lab', '--from-literal=a=b')).code, 0);
    const out = await k('delete', 'ns', 'lab');
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout.trim(), 'namespace "lab" deleted');
    const gone = await k('get', 'ns', 'lab');
    assert.equal(gone.stderr.trim(), 'Error from server (NotFound): namespaces "lab" not found');
    await waitFor(async () => (await k('get', 'ns', 'doomed')).code === 1, { what: 'the namespace whose pod was finished to be gone', timeout: 10_000 });
  });
});
