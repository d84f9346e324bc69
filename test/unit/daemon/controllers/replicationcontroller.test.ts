import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { rfc3339 } from '../../../../shared/clock.js';
import { ReplicationManager } from '../../../../daemon/controllers/replicationcontroller.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const replicationcontrollers = { group: '', version: 'v1', resource: 'replicationcontrollers' };
const pods = { group: '', version: 'v1', resource: 'pods' };
const events = { group: '', version: 'v1', resource: 'events' };

// manifests/replication-controller.yaml and manifests/testpod.yaml of lab F.3.
const testRc: KubeObject = {
  apiVersion: 'v1',
  kind: 'ReplicationController',
  metadata: { name: 'test-rc' },
  spec: {
    replicas: 3,
    selector: { app: 'myweb' },
    template: {
      metadata: { labels: { app: 'myweb' } },
      spec: { containers: [{ name: 'myweb-container', image: 'ghcr.io/c1t1d0s7/go-myweb', ports: [{ containerPort: 8080, protocol: 'TCP' }] }] },
    },
  },
};
const testPod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'testpod', labels: { app: 'myweb' } },
  spec: { containers: [{ name: 'testpod-container', image: 'c1t1d0s7/myweb' }] },
};

/** What the scheduler and a kubelet would do: bind the pod, then report it Running and Ready. */
async function runOnNode(api: TestApi, name: string, node: string): Promise<void> {
  await api.client.createSubresource(pods, 'default', name, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { apiVersion: 'v1', kind: 'Node', name: node } });
  const bound = await api.client.get(pods, 'default', name);
  const now = rfc3339(api.clock.now());
  const conditions = [...bound.status.conditions, { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: now }];
  await api.client.update(pods, { ...bound, status: { ...bound.status, phase: 'Running', conditions } }, { subresource: 'status' });
}

async function cachedPods(api: TestApi, what: string, check: (pods: Readonly<KubeObject>[]) => boolean): Promise<void> {
  await waitFor(() => check(api.informers.informerFor(pods).list().filter((p) => !p.metadata.deletionTimestamp)), { what });
}

test('adopts a bare pod with its label and deletes the surplus pod at once (lab F.3)', async (t) => {
  const api = await startApi(t);
  const controller = ReplicationManager.fromContext(api);
  await api.syncInformers();
  const rc = await api.client.create(replicationcontrollers, 'default', testRc);
  await waitFor(() => api.informers.informerFor(replicationcontrollers).get('default/test-rc'), { what: 'the RC in the cache' });
  await controller.sync('default/test-rc');

  const replicas = (await api.client.list(pods, 'default')).items;
  assert.equal(replicas.length, 3);
  for (const p of replicas) {
    assert.match(p.metadata.name!, /^test-rc-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'test-rc', uid: rc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  }
  for (const [i, p] of replicas.entries()) await runOnNode(api, p.metadata.name!, `node${i + 1}`);
  await cachedPods(api, 'three running pods', (all) => all.filter((p) => p.status?.phase === 'Running').length === 3);
  await controller.sync('default/test-rc');
  api.clock.step(60_000);

  await api.client.create(pods, 'default', testPod);
  await cachedPods(api, 'the bare pod in the cache', (all) => all.length === 4);
  await controller.sync('default/test-rc');

  // The bare pod was adopted, then, being the only one not yet scheduled, deleted.
  const left = (await api.client.list(pods, 'default')).items;
  assert.deepEqual(left.map((p) => p.metadata.name).sort(), replicas.map((p) => p.metadata.name).sort());
  await controller.recorder.flush();
  const seen = (await api.client.list(events, 'default')).items.map((e) => `${e.type} ${e.reason} ${e.source.component} ${e.involvedObject.kind}/${e.involvedObject.name}: ${e.message}`);
  assert.deepEqual(seen.filter((e) => e.includes('Delete')), ['Normal SuccessfulDelete replication-controller ReplicationController/test-rc: Deleted pod: testpod']);
  assert.equal(seen.filter((e) => e.includes('SuccessfulCreate replication-controller ReplicationController/test-rc: Created pod: test-rc-')).length, 3);

  await cachedPods(api, 'the bare pod gone from the cache', (all) => all.length === 3);
  await controller.sync('default/test-rc');
  assert.deepEqual((await api.client.get(replicationcontrollers, 'default', 'test-rc')).status, {
    replicas: 3,
    fullyLabeledReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    observedGeneration: 1,
  });
});
