// `kubelab node add|remove|kill|start`: a new worker joins Ready and runs pods; a removed node's
// Node object is gone and the pod garbage collector deletes its pods after its 40 s quarantine
// (--speed 10: 4 s); actions that make no sense get one line and exit 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { waitFor } from '../helpers/wait-for.js';

test('adding, removing, killing and starting nodes (K.2 tooling)', async (t) => {
  const daemon = await startDaemon(t, { speed: 10 });
  const k = daemon.kubectl;
  const node = (...args: string[]) => runCli(['node', ...args, '--data', daemon.dataDir]);
  const subnet = JSON.parse((await k('get', 'node', 'node1', '-o', 'jsonpath={.status.addresses}')).stdout)[0].address.split('.').slice(0, 3).join('.');

  await t.test('node add registers the next worker, Ready, with its own addresses', async () => {
    const added = node('add');
    assert.deepEqual([added.code, added.stdout, added.stderr], [0, `kubelab: node node4 added (InternalIP ${subnet}.5, PodCIDR 10.244.4.0/24)\n`, '']);
    const row = tableRows((await k('get', 'node', 'node4', '-o', 'wide')).stdout)[1]!;
    assert.deepEqual([row[0], row[1], row[2], row[4], row[5]], ['node4', 'Ready', '<none>', 'v1.32.4', `${subnet}.5`]);
    assert.equal((await k('run', 'on4', '--image=nginx', '--overrides={"spec":{"nodeSelector":{"kubernetes.io/hostname":"node4"}}}')).code, 0);
    const ip = await waitFor(async () => {
      const pod = JSON.parse((await k('get', 'pod', 'on4', '-o', 'json')).stdout);
      return pod.status.phase === 'Running' ? pod.status.podIP : undefined;
    }, { what: 'a pod running on node4', timeout: 30_000 });
    assert.match(ip, /^10\.244\.4\.\d+$/);
  });

  await t.test('actions that make no sense say why in one line', async () => {
    const cases: [string[], number, string][] = [
      [['add', 'node2'], 1, 'kubelab: node "node2" already exists\n'],
      [['add', 'Node_5'], 1, `kubelab: invalid node name "Node_5": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character\n`],
      [['kill', 'nope'], 1, 'kubelab: no node named "nope"\n'],
      [['remove', 'nope'], 1, 'kubelab: no node named "nope"\n'],
      [['start', 'node1'], 1, 'kubelab: node node1 is already running\n'],
      [['remove', 'control-plane'], 1, "kubelab: cannot remove control-plane: kubelab's control plane runs there (kill it to stop its kubelet)\n"],
    ];
    for (const [args, code, stderr] of cases) {
      const out = node(...args);
      assert.deepEqual([out.code, out.stdout, out.stderr], [code, '', stderr], args.join(' '));
    }
    const kill = node('kill', 'node1');
    assert.deepEqual([kill.code, kill.stdout], [0, 'kubelab: node node1 killed (its kubelet and containers stopped)\n']);
    assert.deepEqual(node('kill', 'node1').stderr, 'kubelab: node node1 is already down\n');
    assert.deepEqual(node('start', 'node1').stdout, 'kubelab: node node1 started\n');
    const killControlPlane = node('kill', 'control-plane');
    assert.equal(killControlPlane.code, 0);
    assert.equal(killControlPlane.stdout, "kubelab: node control-plane killed: its kubelet stopped, but the API server, scheduler and controllers keep running because they are kubelab's own process (a real single control-plane cluster would lose its API)\n");
    assert.equal((await k('get', 'nodes')).code, 0, 'the API still answers');
    assert.equal(node('start', 'control-plane').code, 0);
  });

  await t.test('node remove deletes the Node and the pod GC deletes its pods', async () => {
    // The pods on node4 (namespace/name), named in the failure if the wait times out.
    let onNode4: string[] = [];
    await waitFor(async () => {
      onNode4 = tableRows((await k('get', 'pods', '-A', '--field-selector', 'spec.nodeName=node4')).stdout).slice(1).map((r) => `${r[0]}/${r[1]}`);
      return onNode4.length === 3;
    }, { what: 'on4, kindnet and kube-proxy on node4', timeout: 30_000 }).catch((err: Error) => {
      throw new Error(`${err.message}; pods on node4: ${onNode4.join(' ') || 'none'}`);
    });
    const removed = node('remove', 'node4');
    // Its pods: on4 and the kindnet and kube-proxy DaemonSets' pods.
    assert.deepEqual([removed.code, removed.stdout], [0, 'kubelab: node node4 removed (machine gone, Node object deleted; the pod garbage collector deletes the 3 pods bound to it)\n']);
    const get = await k('get', 'node', 'node4');
    assert.deepEqual([get.code, get.stderr], [1, 'Error from server (NotFound): nodes "node4" not found\n']);
    await waitFor(async () => (await k('get', 'pod', 'on4')).stderr === 'Error from server (NotFound): pods "on4" not found\n', { what: 'the orphaned pod to be collected', timeout: 30_000 });
    assert.deepEqual(tableRows((await k('get', 'nodes')).stdout).map((r) => r[0]), ['NAME', 'control-plane', 'node1', 'node2', 'node3']);
    // The freed name and addresses are the next ones given out.
    assert.equal(node('add').stdout, `kubelab: node node4 added (InternalIP ${subnet}.5, PodCIDR 10.244.4.0/24)\n`);
  });
});
