import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseClusterConfig } from '../../../../scripts/cli/cluster-config.js';
import { parseUp } from '../../../../scripts/cli/args.js';
import { clusterNodes } from '../../../../daemon/node/cluster-nodes.js';
import { nodeObject } from '../../../../daemon/node/node-object.js';
import { ManualClock } from '../../../../shared/clock.js';
import type { ApiClient } from '../../../../shared/client/client.js';

const errorOf = (text: string): string => {
  try {
    parseClusterConfig(text, 'c.yaml');
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

test('a count of workers shares one shape', () => {
  const config = parseClusterConfig('apiVersion: kubelab.dev/v1alpha1\nkind: KubelabConfig\nnodeSubnet: 127.0.20.0/24\nspeed: 2\nworkers:\n  count: 2\n  maxPods: 1100\n  cpu: "8"\n', 'c.yaml');
  assert.deepEqual(config, {
    nodeSubnet: '127.0.20.0/24',
    speed: 2,
    workers: [
      { name: 'node1', maxPods: 1100, cpu: '8' },
      { name: 'node2', maxPods: 1100, cpu: '8' },
    ],
  });
});

test('a list of workers with labels and taints', () => {
  const config = parseClusterConfig(
    'kind: KubelabConfig\nworkers:\n- name: gpu1\n  labels: {accelerator: nvidia}\n  taints:\n  - {key: gpu, value: "true", effect: NoSchedule}\n  memory: 16Gi\n- name: small\n',
    'c.yaml',
  );
  assert.deepEqual(config.workers, [
    { name: 'gpu1', labels: { accelerator: 'nvidia' }, taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }], memory: '16Gi' },
    { name: 'small' },
  ]);
});

test('mistakes are one line with the file and line', () => {
  assert.equal(errorOf('kind: Cluster\n'), 'config c.yaml: line 1: kind must be KubelabConfig');
  assert.equal(errorOf('kind: KubelabConfig\nworkers:\n  count: 0\n'), 'config c.yaml: line 3: workers.count must be a whole number from 1 to 50');
  assert.equal(errorOf('kind: KubelabConfig\nnodes: 3\n'), 'config c.yaml: line 2: unknown field "nodes" (known: apiVersion, kind, nodeSubnet, speed, workers)');
  assert.equal(errorOf('kind: KubelabConfig\nworkers:\n- name: a\n- name: a\n'), 'config c.yaml: line 4: workers[1].name "a" is given twice');
  assert.equal(errorOf('kind: KubelabConfig\nworkers:\n- name: a\n  taints: [{key: k, effect: Never}]\n'), 'config c.yaml: line 4: workers[0].taints[0].effect must be one of NoSchedule, PreferNoSchedule, NoExecute');
  assert.equal(errorOf('kind: KubelabConfig\nworkers:\n  count: 1\n  memory: lots\n'), 'config c.yaml: line 4: workers.memory must be a positive quantity such as 8Gi, got "lots"');
  assert.equal(errorOf('kind: KubelabConfig\nnodeSubnet: 10.0.0.0/24\n'), 'config c.yaml: line 2: nodeSubnet must be inside 127.0.0.0/8 (node IPs are loopback addresses), got "10.0.0.0/24"');
  assert.match(errorOf('kind: KubelabConfig\nworkers: [\n'), /^config c\.yaml: line \d+: /);
});

test('kubelab up --config: the file sets the workers, flags win over its scalars', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'cluster.yaml');
  writeFileSync(file, 'kind: KubelabConfig\nspeed: 5\nworkers:\n  count: 10\n  maxPods: 1100\n');
  const options = parseUp(['--config', file, '--speed', '2', '--data', dir]);
  assert.equal(options.nodes, 10);
  assert.equal(options.speed, 2);
  assert.equal(options.workers?.[9]?.name, 'node10');
  assert.throws(() => parseUp(['--config', file, '--nodes', '3']), { message: `--nodes cannot be given with a config file that lists workers (${file})` });
  assert.throws(() => parseUp(['--config', join(dir, 'missing.yaml')]), { message: `config ${join(dir, 'missing.yaml')}: no such file` });
  // Without a config file nothing changes.
  assert.equal(parseUp(['--data', dir]).workers, undefined);
});

test('config workers become Nodes with their capacity, labels and taints', () => {
  const nodes = clusterNodes({
    client: {} as ApiClient,
    clock: new ManualClock(),
    workers: 0,
    workerSpecs: [{ name: 'big', maxPods: 1100, cpu: '8', labels: { disk: 'ssd' }, taints: [{ key: 'dedicated', value: 'batch', effect: 'NoExecute' }] }],
    nodeSubnet: '127.0.20.0/24',
  });
  assert.deepEqual(nodes.map((n) => n.name), ['control-plane', 'big']);
  const node = nodeObject(nodes[1]!.identity, 0);
  assert.equal(node.status.capacity.pods, '1100');
  assert.equal(node.status.allocatable.cpu, '8');
  assert.equal(node.status.capacity.memory, '4028820Ki');
  assert.equal(node.metadata.labels!.disk, 'ssd');
  assert.equal(node.metadata.labels!['kubernetes.io/hostname'], 'big');
  // Registered with its own taints; the API server's not-ready taint follows until the node is Ready.
  assert.deepEqual(node.spec.taints, [{ key: 'dedicated', value: 'batch', effect: 'NoExecute' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
  const plain = nodeObject(nodes[0]!.identity, 0);
  assert.equal(plain.status.capacity.pods, '110');
});
