// A node dies in the middle of a rolling update: the new ReplicaSet's pods bound to the dead node
// never start, are evicted after their toleration and replaced on the surviving workers, and the
// rollout completes there. --speed 20 (grace period 2.5 s, toleration 15 s). minReadySeconds 5
// (compared with timestamps, so not shortened by --speed) keeps the rollout going long enough for
// the kill to land in the middle of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { waitFor } from '../helpers/wait-for.js';

test('a rollout completes on the surviving nodes when a node is killed during it', async (t) => {
  const daemon = await startDaemon(t, { speed: 20 });
  const k = daemon.kubectl;
  assert.equal((await k('create', 'deployment', 'web', '--image=nginx:1.24', '--replicas=6')).code, 0);
  await waitFor(async () => {
    const rows = tableRows((await k('get', 'pods')).stdout).slice(1);
    return rows.length === 6 && rows.every((r) => r[2] === 'Running');
  }, { what: 'six running pods', timeout: 60_000 });

  assert.equal((await k('patch', 'deployment', 'web', '-p', '{"spec":{"minReadySeconds":5}}')).code, 0);
  assert.equal((await k('set', 'image', 'deployment/web', 'nginx=nginx:1.25')).stdout, 'deployment.apps/web image updated\n');
  assert.equal(runCli(['node', 'kill', 'node2', '--data', daemon.dataDir]).code, 0);
  const midway = JSON.parse((await k('get', 'deployment', 'web', '-o', 'json')).stdout).status;
  assert.ok((midway.updatedReplicas ?? 0) < 6 || (midway.availableReplicas ?? 0) < 6, `the rollout is still under way: ${JSON.stringify(midway)}`);
  const status = await k('rollout', 'status', 'deployment/web', '--timeout=120s');
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /deployment "web" successfully rolled out\n$/);

  const pods = JSON.parse((await k('get', 'pods', '-o', 'json')).stdout).items as { metadata: { deletionTimestamp?: string }; spec: { nodeName: string; containers: { image: string }[] }; status: { phase: string } }[];
  const live = pods.filter((p) => !p.metadata.deletionTimestamp);
  assert.equal(live.length, 6);
  for (const pod of live) {
    assert.equal(pod.spec.containers[0]!.image, 'nginx:1.25');
    assert.equal(pod.status.phase, 'Running');
    assert.ok(['node1', 'node3'].includes(pod.spec.nodeName), pod.spec.nodeName);
  }
});
