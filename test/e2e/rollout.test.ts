// Lab F.2 with the real kubectl and the real kubelets: a rolling update, its status, history and
// undo, and a Running pod with an IP from its node's pod CIDR (A.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { waitFor } from '../helpers/wait-for.js';

test('rolling updates through kubectl', async (t) => {
  const daemon = await startDaemon(t);
  const k = daemon.kubectl;

  await t.test('kubectl run gives a Running pod with an IP from its node\'s pod CIDR (A.1)', async () => {
    assert.equal((await k('run', 'mypod-cli', '--image=nginx:1.14', '--port', '80')).stdout.trim(), 'pod/mypod-cli created');
    const row = await waitFor(async () => {
      const rows = tableRows((await k('get', 'pod', 'mypod-cli', '-o', 'wide')).stdout);
      return rows[1]?.[2] === 'Running' ? rows[1] : undefined;
    }, { what: 'the pod to run', timeout: 20_000 });
    assert.deepEqual(row.slice(0, 4), ['mypod-cli', '1/1', 'Running', '0']);
    const node = row[6];
    const index = ['control-plane', 'node1', 'node2', 'node3'].indexOf(node);
    assert.ok(index >= 1, `scheduled on a worker, got ${node}`);
    assert.match(row[5], new RegExp(`^10\\.244\\.${index}\\.\\d+$`));
  });

  await t.test('set image rolls out, rollout status follows it, history lists it, undo goes back (F.2)', async () => {
    assert.equal((await k('create', 'deployment', 'mynginx', '--image=nginx', '--replicas=3')).stdout.trim(), 'deployment.apps/mynginx created');
    const first = await k('rollout', 'status', 'deployment/mynginx', '--timeout=60s');
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout.trim().split('\n').pop(), 'deployment "mynginx" successfully rolled out');
    assert.equal((await k('set', 'image', 'deployment/mynginx', 'nginx=nginx:1.15')).stdout.trim(), 'deployment.apps/mynginx image updated');
    const second = await k('rollout', 'status', 'deployment/mynginx', '--timeout=60s');
    assert.equal(second.code, 0, second.stderr);
    const lines = second.stdout.trim().split('\n');
    assert.equal(lines.pop(), 'deployment "mynginx" successfully rolled out');
    for (const line of lines) assert.match(line, /^Waiting for deployment "mynginx" rollout to finish: (\d+ out of 3 new replicas have been updated|\d+ old replicas are pending termination|\d+ of 3 updated replicas are available)\.\.\.$/);
    const history = tableRows((await k('rollout', 'history', 'deployment/mynginx')).stdout);
    assert.deepEqual(history, [['deployment.apps/mynginx'], ['REVISION', 'CHANGE-CAUSE'], ['1', '<none>'], ['2', '<none>']]);
    assert.equal((await k('rollout', 'undo', 'deployment/mynginx')).stdout.trim(), 'deployment.apps/mynginx rolled back');
    assert.equal((await k('rollout', 'status', 'deployment/mynginx', '--timeout=60s')).code, 0);
    assert.equal((await k('get', 'deploy', 'mynginx', '-o', 'jsonpath={.spec.template.spec.containers[0].image}')).stdout, 'nginx');
    const rows = tableRows((await k('get', 'deployments.apps', 'mynginx')).stdout);
    assert.deepEqual(rows[1].slice(0, 4), ['mynginx', '3/3', '3', '3']);
  });
});
