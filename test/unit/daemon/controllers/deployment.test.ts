import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { keyOf } from '../../../../shared/api/keys.js';
import { DeploymentController } from '../../../../daemon/controllers/deployment.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const deployments = { group: 'apps', version: 'v1', resource: 'deployments' };
const replicasets = { group: 'apps', version: 'v1', resource: 'replicasets' };
const pods = { group: '', version: 'v1', resource: 'pods' };
const events = { group: '', version: 'v1', resource: 'events' };
const hashPattern = /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/;

function deployment(name: string, options: { replicas?: number; image?: string; strategy?: unknown; annotations?: Record<string, string>; revisionHistoryLimit?: number } = {}): KubeObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, annotations: options.annotations },
    spec: {
      replicas: options.replicas ?? 4,
      selector: { matchLabels: labels },
      strategy: options.strategy,
      revisionHistoryLimit: options.revisionHistoryLimit,
      template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: options.image ?? 'nginx:1.14' }] } },
    },
  };
}

async function setup(t: Parameters<typeof startApi>[0]) {
  const api = await startApi(t);
  const controller = DeploymentController.fromContext(api);
  await api.syncInformers();
  /** One sync with caches that hold every earlier write, then caches that hold this sync's writes. */
  const step = async (name: string): Promise<void> => {
    await converge(api);
    await controller.sync(`default/${name}`);
    await converge(api);
  };
  return { api, controller, step };
}

/** Waits until the informers hold exactly what the API holds in the namespace. */
async function converge(api: TestApi): Promise<void> {
  for (const ref of [deployments, replicasets, pods]) {
    const informer = api.informers.informerFor(ref);
    const live = (await api.client.list(ref, 'default')).items;
    await waitFor(
      () => {
        const cached = informer.list().filter((o) => o.metadata.namespace === 'default');
        return cached.length === live.length && live.every((o) => informer.get(keyOf(o))?.metadata.resourceVersion === o.metadata.resourceVersion);
      },
      { what: `the ${ref.resource} cache to catch up` },
    );
  }
}

async function replicaSetsOf(api: TestApi, name: string): Promise<KubeObject[]> {
  const list = (await api.client.list(replicasets, 'default', { labelSelector: `app=${name}` })).items;
  return list.sort((a, b) => Number(a.metadata.annotations?.['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations?.['deployment.kubernetes.io/revision']));
}

/** What the ReplicaSet controller and the kubelets would report: `available(rs)` of spec.replicas pods up. */
async function reportReplicaSets(api: TestApi, name: string, available: (rs: KubeObject) => number = (rs) => rs.spec.replicas): Promise<void> {
  for (const rs of await replicaSetsOf(api, name)) {
    const ready = available(rs);
    const status = { replicas: rs.spec.replicas, fullyLabeledReplicas: rs.spec.replicas, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation };
    await api.client.update(replicasets, { ...rs, status }, { subresource: 'status' });
  }
}

/** `Reason: message` of the Deployment's events, oldest first. */
async function eventsOf(api: TestApi, controller: DeploymentController, name: string): Promise<string[]> {
  await controller.recorder.flush();
  const list = (await api.client.list(events, 'default')).items.filter((e) => e.involvedObject.kind === 'Deployment' && e.involvedObject.name === name);
  for (const e of list) assert.equal(e.source.component, 'deployment-controller');
  return list.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1)).map((e) => `${e.reason}: ${e.message}`);
}

async function conditionsOf(api: TestApi, name: string): Promise<string[]> {
  const d = await api.client.get(deployments, 'default', name);
  return (d.status.conditions ?? []).map((c: Record<string, string>) => `${c.type} ${c.status} ${c.reason}: ${c.message}`);
}

test('creates the ReplicaSet <deployment>-<pod-template-hash> with the hash label, the revision and the Deployment annotations', async (t) => {
  const { api, controller, step } = await setup(t);
  await api.client.create(deployments, 'default', deployment('nginx', { annotations: { 'kubernetes.io/change-cause': 'kubectl create deployment nginx' } }));
  await step('nginx');
  const [rs] = await replicaSetsOf(api, 'nginx');
  const hash = rs!.metadata.labels!['pod-template-hash']!;
  assert.match(hash, hashPattern);
  assert.equal(rs!.metadata.name, `nginx-${hash}`);
  assert.deepEqual(rs!.metadata.labels, { app: 'nginx', 'pod-template-hash': hash });
  assert.deepEqual(rs!.spec.selector, { matchLabels: { app: 'nginx', 'pod-template-hash': hash } });
  assert.deepEqual(rs!.spec.template.metadata.labels, { app: 'nginx', 'pod-template-hash': hash });
  assert.deepEqual(rs!.metadata.annotations, {
    'deployment.kubernetes.io/desired-replicas': '4',
    'deployment.kubernetes.io/max-replicas': '5',
    'deployment.kubernetes.io/revision': '1',
    'kubernetes.io/change-cause': 'kubectl create deployment nginx',
  });
  const d = await api.client.get(deployments, 'default', 'nginx');
  assert.deepEqual(rs!.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  assert.equal(rs!.spec.replicas, 4);
  assert.deepEqual(await eventsOf(api, controller, 'nginx'), [`ScalingReplicaSet: Scaled up replica set nginx-${hash} from 0 to 4`]);
  assert.deepEqual(await conditionsOf(api, 'nginx'), [
    `Progressing True NewReplicaSetCreated: Created new replica set "nginx-${hash}"`,
    'Available False MinimumReplicasUnavailable: Deployment does not have minimum availability.',
  ]);
  assert.equal(d.status.observedGeneration, d.metadata.generation);
});

// The revision reaches the Deployment through a status write, as in Kubernetes, whose status
// strategy keeps metadata.annotations; kubelab's registry resets all metadata on status writes.
test('the Deployment shows the revision of its new ReplicaSet', async (t) => {
  const { api, step } = await setup(t);
  await api.client.create(deployments, 'default', deployment('nginx'));
  await step('nginx');
  await step('nginx');
  const d = await api.client.get(deployments, 'default', 'nginx');
  assert.equal(d.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
});

test('completes a rollout once every pod is available', async (t) => {
  const { api, step } = await setup(t);
  await api.client.create(deployments, 'default', deployment('nginx'));
  await step('nginx');
  await reportReplicaSets(api, 'nginx');
  await step('nginx');
  const [rs] = await replicaSetsOf(api, 'nginx');
  const d = await api.client.get(deployments, 'default', 'nginx');
  assert.deepEqual(
    { replicas: d.status.replicas, updated: d.status.updatedReplicas, ready: d.status.readyReplicas, available: d.status.availableReplicas, unavailable: d.status.unavailableReplicas },
    { replicas: 4, updated: 4, ready: 4, available: 4, unavailable: undefined },
  );
  assert.deepEqual(await conditionsOf(api, 'nginx'), [
    'Available True MinimumReplicasAvailable: Deployment has minimum availability.',
    `Progressing True NewReplicaSetAvailable: ReplicaSet "${rs!.metadata.name}" has successfully progressed.`,
  ]);
});

test('rolls a new image out in steps that honour maxSurge 1 and maxUnavailable 1', async (t) => {
  const { api, controller, step } = await setup(t);
  await api.client.create(deployments, 'default', deployment('nginx'));
  await step('nginx');
  await reportReplicaSets(api, 'nginx');
  await step('nginx');
  await api.client.patch(deployments, 'default', 'nginx', 'strategic', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.15' }] } } } });
  await step('nginx');
  const [old, next] = await replicaSetsOf(api, 'nginx');
  const [o, n] = [old!.metadata.name, next!.metadata.name];
  assert.notEqual(o, n);
  assert.equal(next!.metadata.annotations!['deployment.kubernetes.io/revision'], '2');
  // The new pods are not ready yet: the new RS may still surge, but the old one must wait.
  await reportReplicaSets(api, 'nginx', (rs) => (rs.metadata.name === n ? 0 : rs.spec.replicas));
  await step('nginx');
  await reportReplicaSets(api, 'nginx', (rs) => (rs.metadata.name === n ? 0 : rs.spec.replicas));
  await step('nginx');
  assert.deepEqual((await replicaSetsOf(api, 'nginx')).map((rs) => rs.spec.replicas), [3, 2], 'nothing more happens while the new pods are unavailable');
  for (let i = 0; i < 4; i++) {
    await reportReplicaSets(api, 'nginx');
    await step('nginx');
  }
  assert.deepEqual((await eventsOf(api, controller, 'nginx')).slice(1), [
    `ScalingReplicaSet: Scaled up replica set ${n} from 0 to 1`,
    `ScalingReplicaSet: Scaled down replica set ${o} from 4 to 3`,
    `ScalingReplicaSet: Scaled up replica set ${n} from 1 to 2`,
    `ScalingReplicaSet: Scaled down replica set ${o} from 3 to 1`,
    `ScalingReplicaSet: Scaled up replica set ${n} from 2 to 4`,
    `ScalingReplicaSet: Scaled down replica set ${o} from 1 to 0`,
  ]);
  assert.deepEqual(await conditionsOf(api, 'nginx'), [
    'Available True MinimumReplicasAvailable: Deployment has minimum availability.',
    `Progressing True NewReplicaSetAvailable: ReplicaSet "${n}" has successfully progressed.`,
  ]);
});

test('rollout undo reuses the old ReplicaSet and moves it to the next revision', async (t) => {
  const { api, controller, step } = await setup(t);
  await api.client.create(deployments, 'default', deployment('nginx', { annotations: { 'kubernetes.io/change-cause': 'v1' } }));
  await step('nginx');
  await reportReplicaSets(api, 'nginx');
  await api.client.patch(deployments, 'default', 'nginx', 'merge', { metadata: { annotations: { 'kubernetes.io/change-cause': 'v2' } }, spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.15' }] } } } });
  for (let i = 0; i < 6; i++) {
    await step('nginx');
    await reportReplicaSets(api, 'nginx');
  }
  const [first, second] = await replicaSetsOf(api, 'nginx');
  assert.deepEqual([first!.spec.replicas, second!.spec.replicas], [0, 4]);
  const before = (await eventsOf(api, controller, 'nginx')).length;
  // kubectl rollout undo: the template of revision 1 without its hash label, and its annotations.
  const template = structuredClone(first!.spec.template);
  delete template.metadata.labels['pod-template-hash'];
  await api.client.patch(deployments, 'default', 'nginx', 'json', [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: { 'kubernetes.io/change-cause': 'v1' } },
  ]);
  for (let i = 0; i < 6; i++) {
    await step('nginx');
    await reportReplicaSets(api, 'nginx');
  }
  const after = await replicaSetsOf(api, 'nginx');
  assert.equal(after.length, 2, 'no third ReplicaSet');
  assert.deepEqual(
    after.map((rs) => [rs.metadata.name, rs.spec.replicas, rs.metadata.annotations!['deployment.kubernetes.io/revision'], rs.metadata.annotations!['deployment.kubernetes.io/revision-history']]),
    [
      [second!.metadata.name, 0, '2', undefined],
      [first!.metadata.name, 4, '3', '1'],
    ],
  );
  // Reusing an RS scales it in its own step, and here every pod is available by the next sync,
  // so the old RS can go down by two at a time. The two rollouts make ten different
  // ScalingReplicaSet messages within 10 minutes: from the tenth on they go into one Event
  // (client-go's aggregator), as `kubectl describe deployment` shows after a few rollouts, with
  // the latest step's message and a count of the steps it stands for.
  const [o, n] = [second!.metadata.name, first!.metadata.name];
  assert.deepEqual((await eventsOf(api, controller, 'nginx')).slice(before), [
    `ScalingReplicaSet: Scaled up replica set ${n} from 0 to 1`,
    `ScalingReplicaSet: Scaled down replica set ${o} from 4 to 2`,
    `ScalingReplicaSet: (combined from similar events): Scaled up replica set ${n} from 3 to 4`,
  ]);
  const combined = (await api.client.list(events, 'default')).items.find((e) => e.message.startsWith('(combined'));
  assert.equal(combined?.count, 3, 'from 1 to 3, from 2 to 0, from 3 to 4');
});

test('Recreate scales the old ReplicaSet to zero and waits for its pods before creating the new one', async (t) => {
  const { api, controller, step } = await setup(t);
  await api.client.create(deployments, 'default', deployment('web', { replicas: 3, strategy: { type: 'Recreate' } }));
  await step('web');
  await reportReplicaSets(api, 'web');
  await step('web');
  const [old] = await replicaSetsOf(api, 'web');
  const oldPod = await api.client.create(pods, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-old', labels: { ...old!.spec.template.metadata.labels }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: old!.metadata.name!, uid: old!.metadata.uid!, controller: true }] },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.14' }] },
  });
  await api.client.update(pods, { ...oldPod, status: { phase: 'Running' } }, { subresource: 'status' });
  await api.client.patch(deployments, 'default', 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.15' }] } } } });
  await step('web');
  assert.deepEqual((await replicaSetsOf(api, 'web')).map((rs) => rs.spec.replicas), [0], 'the old RS is emptied first, no new RS yet');
  await reportReplicaSets(api, 'web');
  await step('web');
  assert.equal((await replicaSetsOf(api, 'web')).length, 1, 'a running old pod still blocks the new RS');
  await api.client.delete(pods, 'default', 'web-old', { gracePeriodSeconds: 0 });
  await step('web');
  const [, next] = await replicaSetsOf(api, 'web');
  assert.equal(next!.spec.replicas, 3);
  assert.deepEqual((await eventsOf(api, controller, 'web')).slice(1), [
    `ScalingReplicaSet: Scaled down replica set ${old!.metadata.name} from 3 to 0`,
    `ScalingReplicaSet: Scaled up replica set ${next!.metadata.name} from 0 to 3`,
  ]);
});

test('a paused Deployment keeps its ReplicaSets until it is resumed', async (t) => {
  const { api, step } = await setup(t);
  await api.client.create(deployments, 'default', deployment('nginx'));
  await step('nginx');
  await reportReplicaSets(api, 'nginx');
  await step('nginx');
  await api.client.patch(deployments, 'default', 'nginx', 'strategic', { spec: { paused: true } });
  await step('nginx');
  assert.deepEqual((await conditionsOf(api, 'nginx')).at(-1), 'Progressing Unknown DeploymentPaused: Deployment is paused');
  await api.client.patch(deployments, 'default', 'nginx', 'strategic', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.15' }] } } } });
  await step('nginx');
  assert.equal((await replicaSetsOf(api, 'nginx')).length, 1, 'no rollout while paused');
  const d = await api.client.get(deployments, 'default', 'nginx');
  assert.equal(d.status.observedGeneration, d.metadata.generation, 'the change is observed all the same');
  await api.client.patch(deployments, 'default', 'nginx', 'strategic', { spec: { paused: false } });
  await step('nginx');
  const [, next] = await replicaSetsOf(api, 'nginx');
  assert.equal(next!.spec.replicas, 1);
  assert.deepEqual((await conditionsOf(api, 'nginx')).filter((c) => c.startsWith('Progressing')), [`Progressing True NewReplicaSetCreated: Created new replica set "${next!.metadata.name}"`]);
});

test('reports ProgressDeadlineExceeded when no progress is made within progressDeadlineSeconds', async (t) => {
  const { api, step } = await setup(t);
  await api.client.create(deployments, 'default', deployment('nginx'));
  await step('nginx');
  const [rs] = await replicaSetsOf(api, 'nginx');
  api.clock.step(600_000);
  await step('nginx');
  assert.equal((await conditionsOf(api, 'nginx')).at(0), `Progressing True NewReplicaSetCreated: Created new replica set "${rs!.metadata.name}"`, 'not before the deadline has passed');
  api.clock.step(1000);
  await step('nginx');
  assert.equal((await conditionsOf(api, 'nginx')).at(-1), `Progressing False ProgressDeadlineExceeded: ReplicaSet "${rs!.metadata.name}" has timed out progressing.`);
});

test('scaling during a rollout shares the new replicas out in proportion', async (t) => {
  const { api, controller, step } = await setup(t);
  await api.client.create(deployments, 'default', deployment('nginx'));
  await step('nginx');
  await reportReplicaSets(api, 'nginx');
  await api.client.patch(deployments, 'default', 'nginx', 'strategic', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.15' }] } } } });
  await step('nginx');
  await reportReplicaSets(api, 'nginx', (rs) => (rs.metadata.annotations!['deployment.kubernetes.io/revision'] === '2' ? 0 : rs.spec.replicas));
  await step('nginx');
  const [old, next] = await replicaSetsOf(api, 'nginx');
  assert.deepEqual([old!.spec.replicas, next!.spec.replicas], [3, 2]);
  await api.client.patch(deployments, 'default', 'nginx', 'merge', { spec: { replicas: 8 } });
  await step('nginx');
  assert.deepEqual((await replicaSetsOf(api, 'nginx')).map((rs) => [rs.spec.replicas, rs.metadata.annotations!['deployment.kubernetes.io/desired-replicas'], rs.metadata.annotations!['deployment.kubernetes.io/max-replicas']]), [
    [6, '8', '10'],
    [4, '8', '10'],
  ]);
  assert.deepEqual((await eventsOf(api, controller, 'nginx')).slice(-2), [
    `ScalingReplicaSet: Scaled up replica set ${old!.metadata.name} from 3 to 6`,
    `ScalingReplicaSet: Scaled up replica set ${next!.metadata.name} from 2 to 4`,
  ]);
});

test('deletes the oldest empty ReplicaSets beyond revisionHistoryLimit', async (t) => {
  const { api, step } = await setup(t);
  await api.client.create(deployments, 'default', deployment('nginx', { replicas: 1, revisionHistoryLimit: 1 }));
  for (const image of ['nginx:1.15', 'nginx:1.16']) {
    for (let i = 0; i < 4; i++) {
      await step('nginx');
      await reportReplicaSets(api, 'nginx');
    }
    await api.client.patch(deployments, 'default', 'nginx', 'strategic', { spec: { template: { spec: { containers: [{ name: 'nginx', image }] } } } });
  }
  for (let i = 0; i < 4; i++) {
    await step('nginx');
    await reportReplicaSets(api, 'nginx');
  }
  const left = await replicaSetsOf(api, 'nginx');
  assert.deepEqual(
    left.map((rs) => [rs.spec.template.spec.containers[0].image, rs.spec.replicas]),
    [
      ['nginx:1.15', 0],
      ['nginx:1.16', 1],
    ],
  );
});

test('warns about an empty selector and does nothing else', async (t) => {
  const { api, controller, step } = await setup(t);
  const d = deployment('all');
  d.spec.selector = {};
  await api.client.create(deployments, 'default', d).catch(() => undefined);
  const created = await api.client.get(deployments, 'default', 'all').catch(() => undefined);
  if (!created) return t.skip('the API server rejects an empty selector, so the controller never sees one');
  await step('all');
  assert.deepEqual(await eventsOf(api, controller, 'all'), ['SelectingAll: This deployment is selecting all pods. A non-empty selector is required.']);
  assert.deepEqual(await replicaSetsOf(api, 'all'), []);
});
