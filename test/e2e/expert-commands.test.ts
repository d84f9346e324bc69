// What a Kubernetes expert types on a new cluster beyond the labs, with the real kubectl, and
// what a real v1.32 cluster prints: `get cs` (deprecated, with its warning), `auth can-i`,
// `auth whoami`, `apply --server-side`, `autoscale`. Found by the kubectl parity review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { waitFor } from '../helpers/wait-for.js';

test('expert commands beyond the labs', async (t) => {
  const daemon = await startDaemon(t, { nodes: 1 });
  const ns = 'expert';
  assert.equal((await daemon.kubectl('create', 'ns', ns)).code, 0);

  await t.test('get cs lists the control plane as Healthy, with the deprecation warning', async () => {
    const out = await daemon.kubectl('get', 'cs');
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stderr, 'Warning: v1 ComponentStatus is deprecated in v1.19+\n');
    assert.deepEqual(tableRows(out.stdout), [
      ['NAME', 'STATUS', 'MESSAGE', 'ERROR'],
      ['controller-manager', 'Healthy', 'ok'],
      ['scheduler', 'Healthy', 'ok'],
      ['etcd-0', 'Healthy', 'ok'],
    ]);
    const missing = await daemon.kubectl('get', 'componentstatus', 'nope');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^Error from server \(NotFound\): componentstatuses "nope" not found$/m);
    const watch = await daemon.kubectl('get', 'cs', '--watch-only', '--request-timeout=5s');
    assert.equal(watch.code, 1);
    assert.match(watch.stderr, /^Error from server \(MethodNotAllowed\): the server does not allow this method on the requested resource/m);
  });

  await t.test('describe node shows the node controller and kube-proxy events of a real node', async () => {
    const lines = await waitFor(
      async () => {
        const out = await daemon.kubectl('describe', 'node', 'node1');
        const events = out.stdout.split('\n').filter((l) => /^ {2}Normal {2}(RegisteredNode|Starting) /.test(l)).map((l) => l.replace(/ +\d+s +/, ' <age> ').trimEnd());
        return events.length >= 3 ? events : undefined;
      },
      { what: 'the RegisteredNode and both Starting events of node1' },
    );
    assert.ok(lines.includes('  Normal  Starting <age> kubelet          Starting kubelet.'), lines.join('\n'));
    assert.ok(lines.includes('  Normal  RegisteredNode <age> node-controller  Node node1 event: Registered Node node1 in Controller'), lines.join('\n'));
    assert.ok(lines.includes('  Normal  Starting <age> kube-proxy'), lines.join('\n'));
  });

  await t.test('api-resources lists componentstatuses and the self-reviews', async () => {
    const out = await daemon.kubectl('api-resources');
    assert.equal(out.code, 0, out.stderr);
    const rows = tableRows(out.stdout);
    assert.ok(rows.some((r) => r.join(' ') === 'componentstatuses cs v1 false ComponentStatus'), out.stdout);
    assert.ok(rows.some((r) => r.join(' ') === 'selfsubjectaccessreviews authorization.k8s.io/v1 false SelfSubjectAccessReview'), out.stdout);
    assert.ok(rows.some((r) => r.join(' ') === 'selfsubjectreviews authentication.k8s.io/v1 false SelfSubjectReview'), out.stdout);
  });

  await t.test('auth can-i answers yes for the cluster admin', async () => {
    const out = await daemon.kubectl('auth', 'can-i', 'create', 'pods');
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, 'yes\n');
    const nodes = await daemon.kubectl('auth', 'can-i', 'delete', 'nodes');
    assert.equal(nodes.stdout, 'yes\n');
  });

  await t.test('auth can-i --list shows cluster-admin\'s rules first', async () => {
    const out = await daemon.kubectl('auth', 'can-i', '--list');
    assert.equal(out.code, 0, out.stderr);
    const lines = out.stdout.split('\n');
    assert.equal(lines[0], 'Resources                                       Non-Resource URLs   Resource Names   Verbs');
    assert.equal(lines[1], '*.*                                             []                  []               [*]');
    assert.equal(lines[2], '                                                [*]                 []               [*]');
    assert.equal(lines[3], 'selfsubjectreviews.authentication.k8s.io        []                  []               [create]');
  });

  await t.test('auth whoami names kubeadm\'s admin user', async () => {
    const out = await daemon.kubectl('auth', 'whoami');
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, ['ATTRIBUTE   VALUE', 'Username    kubernetes-admin', 'Groups      [kubeadm:cluster-admins system:authenticated]', ''].join('\n'));
  });

  await t.test('apply --server-side creates, then updates in place', async () => {
    const file = join(daemon.dataDir, 'ssa.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: game\ndata:\n  lives: "3"\n');
    const first = await daemon.kubectl('apply', '--server-side', '-n', ns, '-f', file);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, 'configmap/game serverside-applied\n');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: game\ndata:\n  lives: "5"\n');
    const dry = await daemon.kubectl('apply', '--server-side', '--dry-run=server', '-n', ns, '-f', file);
    assert.equal(dry.stdout, 'configmap/game serverside-applied (server dry run)\n');
    const second = await daemon.kubectl('apply', '--server-side', '-n', ns, '-f', file);
    assert.equal(second.stdout, 'configmap/game serverside-applied\n');
    const lives = await daemon.kubectl('get', 'cm', 'game', '-n', ns, '-o', 'jsonpath={.data.lives}');
    assert.equal(lives.stdout, '5');
  });

  await t.test('autoscale creates an HPA through autoscaling/v1 that get hpa shows', async () => {
    assert.equal((await daemon.kubectl('create', 'deployment', 'web', '--image=nginx', '-n', ns)).code, 0);
    const out = await daemon.kubectl('autoscale', 'deployment', 'web', '--min=2', '--max=6', '--cpu-percent=50', '-n', ns);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, 'horizontalpodautoscaler.autoscaling/web autoscaled\n');
    const rows = tableRows((await daemon.kubectl('get', 'hpa', '-n', ns)).stdout);
    assert.deepEqual(rows[0], ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE']);
    assert.deepEqual(rows[1].slice(0, 4), ['web', 'Deployment/web', 'cpu: <unknown>/50%', '2']);
    const v1 = await daemon.kubectl('get', '--raw', `/apis/autoscaling/v1/namespaces/${ns}/horizontalpodautoscalers/web`);
    assert.equal(JSON.parse(v1.stdout).spec.targetCPUUtilizationPercentage, 50);
    const again = await daemon.kubectl('autoscale', 'deployment', 'web', '--max=3', '-n', ns);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, 'Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling "web" already exists\n');
  });
});
