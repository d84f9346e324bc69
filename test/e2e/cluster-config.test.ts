// `kubelab up --config FILE`: the workers, their labels, taints and capacity come from a file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';

test('a cluster shaped by a config file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-config-e2e-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const config = join(dir, 'cluster.yaml');
  writeFileSync(
    config,
    `apiVersion: kubelab.dev/v1alpha1
kind: KubelabConfig
workers:
- name: big1
  labels: {disk: ssd}
  maxPods: 250
  cpu: "8"
- name: gpu1
  taints: [{key: gpu, value: "true", effect: NoSchedule}]
`,
  );

  await t.test('a bad file is refused in one line, naming the line', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'kind: KubelabConfig\nworkers:\n  count: 0\n');
    const out = runCli(['up', '--detach', '--port', '0', '--data', join(dir, 'unused'), '--no-kubeconfig', '--config', bad]);
    assert.equal(out.code, 1);
    assert.equal(out.stderr, `kubelab: config ${bad}: line 3: workers.count must be a whole number from 1 to 50\n`);
  });

  const daemon = await startDaemon(t, { config });
  const k = daemon.kubectl;

  await t.test('the workers are the file\'s, with their capacity, labels and taints', async () => {
    const rows = tableRows((await k('get', 'nodes')).stdout);
    assert.deepEqual(rows.map((r) => [r[0], r[1], r[2]]), [
      ['NAME', 'STATUS', 'ROLES'],
      ['big1', 'Ready', '<none>'],
      ['control-plane', 'Ready', 'control-plane'],
      ['gpu1', 'Ready', '<none>'],
    ]);
    assert.equal((await k('get', 'node', 'big1', '-o', 'jsonpath={.status.capacity.pods} {.status.allocatable.cpu} {.metadata.labels.disk} {.spec.podCIDR}')).stdout, '250 8 ssd 10.244.2.0/23');
    assert.equal((await k('get', 'node', 'gpu1', '-o', 'jsonpath={.status.capacity.pods} {.spec.taints}')).stdout, '110 [{"effect":"NoSchedule","key":"gpu","value":"true"}]');
  });
});
