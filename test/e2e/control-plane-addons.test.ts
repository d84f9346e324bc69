// Where a fresh cluster's addons run, through the real kubectl: as on a multi-node kind cluster,
// CoreDNS's two pods and local-path-provisioner are on the control plane at 10.244.0.x (placed while
// the workers were joining), so a worker's first pod gets its pod CIDR's .2, and draining a worker
// (lab K.3) evicts only the lab's pods, never one of kube-system.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { waitFor } from '../helpers/wait-for.js';

test('a fresh cluster runs its addons on the control plane, as kind does', async (t) => {
  const daemon = await startDaemon(t);
  const k = daemon.kubectl;

  await t.test('coredns x2 and local-path-provisioner run on control-plane at 10.244.0.x', async () => {
    const rows = await waitFor(async () => {
      const all = tableRows((await k('get', 'pods', '-A', '-o', 'wide')).stdout);
      const addons = all.slice(1).filter((r) => /^(coredns|local-path-provisioner)-/.test(r[1]!));
      return addons.length === 3 && addons.every((r) => r[3] === 'Running') ? { header: all[0], addons } : undefined;
    }, { what: 'coredns and local-path-provisioner Running', timeout: 20_000 });
    assert.deepEqual(rows.header, ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    const cells = rows.addons.map((r) => [r[0], r[1]!.replace(/-[a-z0-9]{10}-[a-z0-9]{5}$/, '-<hash>-<id>'), r[2], r[3], r[4], r[6]!.replace(/^10\.244\.0\.\d+$/, '10.244.0.x'), r[7], r[8], r[9]]);
    assert.deepEqual(cells, [
      ['kube-system', 'coredns-<hash>-<id>', '1/1', 'Running', '0', '10.244.0.x', 'control-plane', '<none>', '<none>'],
      ['kube-system', 'coredns-<hash>-<id>', '1/1', 'Running', '0', '10.244.0.x', 'control-plane', '<none>', '<none>'],
      ['local-path-storage', 'local-path-provisioner-<hash>-<id>', '1/1', 'Running', '0', '10.244.0.x', 'control-plane', '<none>', '<none>'],
    ]);
    assert.equal(new Set(rows.addons.map((r) => r[6])).size, 3, 'three different pod IPs');
  });

  await t.test('the workers carry no not-ready taint and no kube-system pod but their DaemonSets\'', async () => {
    for (const node of ['node1', 'node2', 'node3']) {
      assert.equal((await k('get', 'node', node, '-o', 'jsonpath={.spec.taints}')).stdout, '');
      const names = (await k('get', 'pods', '-n', 'kube-system', '--field-selector', `spec.nodeName=${node}`, '-o', 'name')).stdout.trim().split('\n');
      assert.deepEqual(names.map((n) => n.replace(/-[a-z0-9]{5}$/, '-xxxxx')).sort(), ['pod/kindnet-xxxxx', 'pod/kube-proxy-xxxxx']);
    }
  });

  // Lab K.3's deployment: one replica per worker, each the first pod with an IP there.
  const webPods = async (): Promise<{ name: string; node: string; ip: string }[] | undefined> => {
    const out = (await k('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName} {.status.podIP} {.status.phase}{"\\n"}{end}')).stdout.trim();
    const pods = out ? out.split('\n').map((l) => l.split(' ')) : [];
    return pods.length === 3 && pods.every((p) => p[3] === 'Running') ? pods.map(([name = '', node = '', ip = '']) => ({ name, node, ip })) : undefined;
  };

  await t.test('the first pod on each worker gets the .2 of the worker\'s pod CIDR', async () => {
    assert.equal((await k('create', 'deployment', 'web', '--image=nginx', '--replicas=3')).stdout, 'deployment.apps/web created\n');
    const pods = await waitFor(webPods, { what: 'three web pods Running', timeout: 30_000 });
    assert.deepEqual(pods.map((p) => [p.node, p.ip]).sort(), [
      ['node1', '10.244.1.2'],
      ['node2', '10.244.2.2'],
      ['node3', '10.244.3.2'],
    ]);
  });

  await t.test('drain node1 --ignore-daemonsets --delete-emptydir-data evicts the lab\'s pod and no kube-system pod (K.3)', async () => {
    const web = (await webPods())!.find((p) => p.node === 'node1')!;
    const drain = await k('drain', 'node1', '--ignore-daemonsets', '--delete-emptydir-data');
    assert.equal(drain.code, 0, drain.stderr);
    assert.equal(drain.stdout, `node/node1 cordoned\nevicting pod default/${web.name}\npod/${web.name} evicted\nnode/node1 drained\n`);
    assert.match(drain.stderr, /^Warning: ignoring DaemonSet-managed Pods: kube-system\/kindnet-[a-z0-9]{5}, kube-system\/kube-proxy-[a-z0-9]{5}\n$/);
    assert.equal((await k('uncordon', 'node1')).stdout, 'node/node1 uncordoned\n');
  });
});
