// Labs F.1, F.3 and F.5 with the real kubectl: controllers create, adopt, replace and delete pods.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { waitFor } from '../helpers/wait-for.js';

const fixtures = fileURLToPath(new URL('../../../test/e2e/fixtures/controllers/', import.meta.url));

test('controllers through kubectl', async (t) => {
  const daemon = await startDaemon(t);
  const k = daemon.kubectl;
  // Pods being deleted wait out their grace period on the node (Terminating); they are not counted.
  const podNames = async (selector: string): Promise<string[]> => {
    const list = JSON.parse((await k('get', 'pods', '-l', selector, '-o', 'json')).stdout) as { items: { metadata: { name: string; deletionTimestamp?: string } }[] };
    return list.items.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name).sort();
  };

  await t.test('a Deployment creates a ReplicaSet named by its pod-template-hash, which creates the pods (F.1)', async () => {
    assert.equal((await k('create', 'deployment', 'mynginx', '--image=nginx')).stdout.trim(), 'deployment.apps/mynginx created');
    const rs = await waitFor(async () => {
      const rows = tableRows((await k('get', 'rs', '-l', 'app=mynginx')).stdout);
      return rows.length === 2 && rows[1][1] === '1' && rows[1][2] === '1' ? rows : undefined;
    }, { what: 'the ReplicaSet with one pod', timeout: 15_000 });
    assert.deepEqual(rs[0], ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE']);
    assert.match(rs[1][0], /^mynginx-[bcdfghjklmnpqrstvwxz2456789]{8,10}$/);
    const hash = rs[1][0].slice('mynginx-'.length);
    const pods = await podNames('app=mynginx');
    assert.equal(pods.length, 1);
    assert.match(pods[0], new RegExp(`^mynginx-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    const owner = JSON.parse((await k('get', 'pod', pods[0], '-o', 'json')).stdout).metadata.ownerReferences[0];
    assert.deepEqual({ kind: owner.kind, name: owner.name, controller: owner.controller }, { kind: 'ReplicaSet', name: rs[1][0], controller: true });
  });

  await t.test('scale to 4, then a deleted pod is replaced at once', async () => {
    assert.equal((await k('scale', 'deployment', 'mynginx', '--replicas=4')).stdout.trim(), 'deployment.apps/mynginx scaled');
    const four = await waitFor(async () => ((await podNames('app=mynginx')).length === 4 ? podNames('app=mynginx') : undefined), { what: 'four pods', timeout: 15_000 });
    assert.equal((await k('delete', 'pod', four[0])).stdout.trim(), `pod "${four[0]}" deleted`);
    const after = await waitFor(async () => {
      const names = await podNames('app=mynginx');
      return names.length === 4 && !names.includes(four[0]) ? names : undefined;
    }, { what: 'a replacement pod', timeout: 15_000 });
    assert.equal(after.filter((n) => !four.includes(n)).length, 1);
    const rows = await waitFor(async () => {
      const table = tableRows((await k('get', 'deployments.apps')).stdout);
      return table[1]?.[1] === '4/4' ? table : undefined;
    }, { what: 'the deployment to be 4/4', timeout: 20_000 });
    assert.deepEqual(rows[0], ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    assert.deepEqual(rows[1].slice(0, 4), ['mynginx', '4/4', '4', '4']);
  });

  await t.test('a ReplicationController adopts a bare pod with its labels and removes the surplus (F.3)', async () => {
    assert.equal((await k('apply', '-f', join(fixtures, 'replication-controller.yaml'))).stdout.trim(), 'replicationcontroller/test-rc created');
    await waitFor(async () => (await podNames('app=myweb')).length === 3, { what: 'three RC pods', timeout: 15_000 });
    assert.equal((await k('apply', '-f', join(fixtures, 'testpod.yaml'))).stdout.trim(), 'pod/testpod created');
    // Which pod goes depends on the delete ranking (the newest of equals, ties broken at random
    // within a second, as on a real cluster); what must hold is 3 pods, all owned by test-rc.
    const deleted = await waitFor(async () => {
      const out = await k('get', 'events', '--field-selector', 'involvedObject.name=test-rc,reason=SuccessfulDelete', '-o', 'jsonpath={.items[*].message}');
      return out.stdout.trim() || undefined;
    }, { what: 'the SuccessfulDelete event', timeout: 15_000 });
    assert.match(deleted, /^Deleted pod: (testpod|test-rc-[a-z0-9]{5})$/);
    const pods = await waitFor(async () => ((await podNames('app=myweb')).length === 3 ? podNames('app=myweb') : undefined), { what: 'three pods', timeout: 15_000 });
    for (const name of pods) {
      const owner = JSON.parse((await k('get', 'pod', name, '-o', 'json')).stdout).metadata.ownerReferences?.[0];
      assert.deepEqual({ kind: owner?.kind, name: owner?.name }, { kind: 'ReplicationController', name: 'test-rc' }, name);
    }
  });

  await t.test('a ReplicaSet with set-based selectors owns exactly the pods it matches (F.5)', async () => {
    assert.equal((await k('apply', '-f', join(fixtures, 'replicaset-expressions.yaml'))).stdout.trim(), 'replicaset.apps/test-rs-expr created');
    const pods = await waitFor(async () => ((await podNames('app=myweb-expr')).length === 2 ? podNames('app=myweb-expr') : undefined), { what: 'two pods', timeout: 15_000 });
    const rows = tableRows((await k('get', 'rs', 'test-rs-expr', '-o', 'wide')).stdout);
    assert.deepEqual(rows[0], ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    assert.deepEqual([...rows[1].slice(0, 3), ...rows[1].slice(5)], ['test-rs-expr', '2', '2', 'myweb-container', 'ghcr.io/c1t1d0s7/go-myweb', 'app in (myweb-expr,otherweb),tier']);
    // A pod relabelled out of the selector is released, and a new one takes its place.
    assert.equal((await k('label', 'pod', pods[0], 'tier-')).stdout.trim(), `pod/${pods[0]} unlabeled`);
    await waitFor(async () => {
      const json = JSON.parse((await k('get', 'pod', pods[0], '-o', 'json')).stdout);
      return (json.metadata.ownerReferences ?? []).length === 0;
    }, { what: 'the relabelled pod to be released', timeout: 15_000 });
    await waitFor(async () => (await podNames('app=myweb-expr,tier')).length === 2, { what: 'a new matching pod', timeout: 15_000 });
  });
});
