// Lab A.5 and the foundation's connection contract: version, auth, discovery, api-resources,
// get all, and the older/newer kubectl binaries installed beside the dispatcher.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon } from '../helpers/daemon.js';
import { kubectlForMinor, runKubectl, tableRows } from '../helpers/kubectl.js';

test('the API server as kubectl sees it', async (t) => {
  const daemon = await startDaemon(t);

  await t.test('kubectl version reports a v1.32 server', async () => {
    const out = await daemon.kubectl('version');
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^Client Version: v1\.32\.\d+/m);
    assert.match(out.stdout, /^Server Version: v1\.32\.4$/m);
    assert.equal(out.stderr, '');
  });

  await t.test('/version is indented JSON for every client, as WriteRawJSON writes it', async () => {
    const out = await daemon.kubectl('get', '--raw', '/version');
    assert.equal(out.code, 0, out.stderr);
    assert.equal(
      out.stdout,
      '{\n  "major": "1",\n  "minor": "32",\n  "gitVersion": "v1.32.4",\n  "gitCommit": "59526cd4867447956156ae3a602fcbac10a2c335",\n  "gitTreeState": "clean",\n  "buildDate": "2025-04-22T16:02:27Z",\n  "goVersion": "go1.23.6",\n  "compiler": "gc",\n  "platform": "linux/amd64"\n}',
    );
  });

  await t.test('get ns lists the four system namespaces and kind\'s local-path-storage as Active', async () => {
    const out = await daemon.kubectl('get', 'ns');
    assert.equal(out.code, 0, out.stderr);
    const rows = tableRows(out.stdout);
    assert.deepEqual(rows[0], ['NAME', 'STATUS', 'AGE']);
    assert.deepEqual(rows.slice(1).map((r) => r.slice(0, 2)), [
      ['default', 'Active'],
      ['kube-node-lease', 'Active'],
      ['kube-public', 'Active'],
      ['kube-system', 'Active'],
      ['local-path-storage', 'Active'],
    ]);
  });

  await t.test('a wrong token is refused as a real cluster refuses it', async () => {
    const bad = join(daemon.dataDir, 'bad-kubeconfig');
    writeFileSync(bad, readFileSync(daemon.kubeconfig, 'utf8').replace(daemon.token, 'not-the-token'));
    // With a cold discovery cache the 401 comes from discovery, whose client words it itself.
    const cold = await runKubectl(['get', 'pods'], { KUBECONFIG: bad, KUBECACHEDIR: join(daemon.dataDir, 'badcache') });
    assert.equal(cold.code, 1);
    assert.equal(cold.stderr.trim().split('\n').pop(), 'error: You must be logged in to the server (the server has asked for the client to provide credentials)');
    // With discovery cached, the list request's Status message is printed.
    const warm = await runKubectl(['get', 'pods'], { KUBECONFIG: bad, KUBECACHEDIR: daemon.cacheDir });
    assert.equal(warm.code, 1);
    assert.equal(warm.stderr.trim().split('\n').pop(), 'error: You must be logged in to the server (Unauthorized)');
  });

  await t.test('api-resources lists the served kinds with their short names', async () => {
    const out = await daemon.kubectl('api-resources');
    assert.equal(out.code, 0, out.stderr);
    const rows = tableRows(out.stdout);
    assert.deepEqual(rows[0], ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    const byName = new Map(rows.slice(1).map((r) => [r[0] + '/' + r[r.length - 3], r]));
    assert.deepEqual(byName.get('pods/v1'), ['pods', 'po', 'v1', 'true', 'Pod']);
    assert.deepEqual(byName.get('deployments/apps/v1'), ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
    assert.deepEqual(byName.get('namespaces/v1'), ['namespaces', 'ns', 'v1', 'false', 'Namespace']);
    assert.deepEqual(byName.get('services/v1'), ['services', 'svc', 'v1', 'true', 'Service']);
    assert.deepEqual(byName.get('configmaps/v1'), ['configmaps', 'cm', 'v1', 'true', 'ConfigMap']);
  });

  await t.test('api-versions lists every group version', async () => {
    const out = await daemon.kubectl('api-versions');
    assert.equal(out.code, 0, out.stderr);
    const versions = out.stdout.trim().split('\n');
    for (const gv of ['v1', 'apps/v1', 'batch/v1', 'discovery.k8s.io/v1', 'events.k8s.io/v1', 'policy/v1', 'storage.k8s.io/v1', 'coordination.k8s.io/v1', 'autoscaling/v2']) {
      assert.ok(versions.includes(gv), `${gv} in ${versions.join(' ')}`);
    }
  });

  await t.test('get all shows the kubernetes service', async () => {
    const out = await daemon.kubectl('get', 'all');
    assert.equal(out.code, 0, out.stderr);
    const rows = tableRows(out.stdout);
    assert.deepEqual(rows[0], ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    assert.deepEqual(rows[1].slice(0, 5), ['service/kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP']);
  });

  await t.test('explain pod.spec describes the field', async () => {
    const out = await daemon.kubectl('explain', 'pod.spec');
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^KIND:\s+Pod$/m);
    assert.match(out.stdout, /^FIELD: spec <PodSpec>$/m);
    // A real server marks PodSpec.containers required.
    assert.match(out.stdout, /^  containers\t<\[\]Container> -required-$/m);
  });

  for (const minor of [27, 28, 29, 30, 31, 32, 33]) {
    await t.test(`kubectl 1.${minor} gets and applies without errors`, async () => {
      const bin = kubectlForMinor(minor);
      const env = { KUBECONFIG: daemon.kubeconfig, KUBECACHEDIR: join(daemon.dataDir, `cache-${minor}`) };
      const get = await runKubectl(['get', 'ns', 'default'], env, undefined, 60_000, bin);
      assert.equal(get.code, 0, get.stderr);
      assert.equal(get.stderr, '');
      assert.match(get.stdout, /^default\s+Active\s+\S+$/m);
      const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-${minor}\ndata:\n  minor: "${minor}"\n`;
      const apply = await runKubectl(['apply', '-f', '-'], env, manifest, 60_000, bin);
      assert.equal(apply.code, 0, apply.stderr);
      assert.equal(apply.stdout.trim(), `configmap/from-${minor} created`);
      assert.equal(apply.stderr, '');
    });
  }
});
