// Labs A.2, E.4 and I.1 with the real kubectl: where the scheduler puts pods, and the exact words
// when it cannot. The default cluster: control-plane (tainted) and node1..node3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { repoPath } from '../helpers/paths.js';
import { waitFor } from '../helpers/wait-for.js';

const fixture = (name: string): string => repoPath('test', 'e2e', 'fixtures', 'scheduling', name);

test('scheduling through kubectl', async (t) => {
  const daemon = await startDaemon(t);
  const k = daemon.kubectl;

  await t.test('the default cluster has a tainted control plane and three workers', async () => {
    const rows = tableRows((await k('get', 'nodes')).stdout);
    assert.deepEqual(rows[0], ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    assert.deepEqual(rows.slice(1).map((r) => [r[0], r[1], r[2], r[4]]), [
      ['control-plane', 'Ready', 'control-plane', 'v1.32.4'],
      ['node1', 'Ready', '<none>', 'v1.32.4'],
      ['node2', 'Ready', '<none>', 'v1.32.4'],
      ['node3', 'Ready', '<none>', 'v1.32.4'],
    ]);
    const shown = (await k('get', 'no', 'node1', '--show-labels')).stdout;
    assert.match(shown, /beta\.kubernetes\.io\/arch=amd64,beta\.kubernetes\.io\/os=linux,kubernetes\.io\/arch=amd64,kubernetes\.io\/hostname=node1,kubernetes\.io\/os=linux/);
    const taints = JSON.parse((await k('get', 'node', 'control-plane', '-o', 'jsonpath={.spec.taints}')).stdout);
    assert.deepEqual(taints, [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }]);
  });

  await t.test('4 replicas spread 2/1/1 over the workers (A.2)', async () => {
    assert.equal((await k('create', 'deployment', 'mypod', '--image=nginx:1.14', '--replicas=4')).code, 0);
    const nodes = await waitFor(async () => {
      const out = (await k('get', 'pods', '-l', 'app=mypod', '-o', 'jsonpath={.items[*].spec.nodeName}')).stdout.trim().split(' ').filter(Boolean);
      return out.length === 4 ? out : undefined;
    }, { what: 'four bound pods', timeout: 15_000 });
    const counts = ['node1', 'node2', 'node3'].map((n) => nodes.filter((x) => x === n).length).sort();
    assert.deepEqual(counts, [1, 1, 2]);
  });

  await t.test('a nodeSelector no node matches leaves the pod Pending with the real FailedScheduling text (E.4)', async () => {
    const manifest = readFileSync(fixture('node-selector.yaml'), 'utf8').replace('kubernetes.io/hostname: node2', 'kubernetes.io/hostname: node9');
    assert.equal((await daemon.kubectlWithInput(manifest, 'apply', '-f', '-')).stdout.trim(), 'pod/node-selector created');
    const event = await waitFor(async () => (await k('get', 'events', '--field-selector', 'involvedObject.name=node-selector,reason=FailedScheduling', '-o', 'jsonpath={.items[0].message}')).stdout, { what: 'the FailedScheduling event', timeout: 15_000 });
    assert.equal(event, "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.");
    const rows = tableRows((await k('get', 'pod', 'node-selector')).stdout);
    assert.deepEqual(rows[1].slice(0, 3), ['node-selector', '0/1', 'Pending']);
    const condition = JSON.parse((await k('get', 'pod', 'node-selector', '-o', 'jsonpath={.status.conditions[0]}')).stdout);
    assert.deepEqual({ type: condition.type, status: condition.status, reason: condition.reason, message: condition.message }, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: event });
  });

  await t.test('a pod asking for more than any node has stays Pending: Insufficient cpu (I.1)', async () => {
    const manifest = readFileSync(fixture('requests.yaml'), 'utf8').replace('name: requests', 'name: too-big').replace('cpu: "250m"', 'cpu: "8"');
    assert.equal((await daemon.kubectlWithInput(manifest, 'apply', '-f', '-')).stdout.trim(), 'pod/too-big created');
    const event = await waitFor(async () => (await k('get', 'events', '--field-selector', 'involvedObject.name=too-big,reason=FailedScheduling', '-o', 'jsonpath={.items[0].message}')).stdout, { what: 'the FailedScheduling event', timeout: 15_000 });
    assert.equal(event, '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.');
  });
});
