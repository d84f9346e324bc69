import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { DisruptionController } from '../../../../daemon/controllers/disruption.js';
import { goSelectorString } from '../../../../shared/labels.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const budgets = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' };
const replicaSets = { group: 'apps', version: 'v1', resource: 'replicasets' };
const events = { group: '', version: 'v1', resource: 'events' };

function readyPod(name: string, labels: Record<string, string>, owner?: KubeObject): KubeObject {
  const ownerReferences = owner ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true }] : undefined;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels, ownerReferences }, spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'nginx' }] } };
}

async function markReady(api: TestApi, name: string): Promise<void> {
  const pod = await api.client.get(pods, 'default', name);
  pod.status = { ...pod.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' }] };
  await api.client.update(pods, pod, { subresource: 'status' });
}

async function setup(t: Parameters<typeof startApi>[0], spec: object, opts: { owned?: boolean; count?: number } = {}): Promise<{ api: TestApi; controller: DisruptionController }> {
  const api = await startApi(t);
  const controller = DisruptionController.fromContext(api);
  let rs: KubeObject | undefined;
  if (opts.owned) {
    rs = await api.client.create(replicaSets, 'default', {
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1' },
      spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
  }
  for (let i = 0; i < (opts.count ?? 3); i++) {
    await api.client.create(pods, 'default', readyPod(`web-${i}`, { app: 'web' }, rs));
    await markReady(api, `web-${i}`);
  }
  await api.client.create(budgets, 'default', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec } });
  await api.syncInformers();
  await waitFor(() => api.informers.informerFor(budgets).get('default/web') && api.informers.informerFor(pods).list().length === (opts.count ?? 3), { what: 'the cache' });
  return { api, controller };
}

test('minAvailable 2 of 3 ready pods: one disruption allowed, SufficientPods', async (t) => {
  const { api, controller } = await setup(t, { minAvailable: 2 });
  await controller.sync('default/web');
  const pdb = await api.client.get(budgets, 'default', 'web');
  assert.deepEqual(pdb.status, {
    currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, expectedPods: 3, observedGeneration: 1,
    conditions: [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 1, lastTransitionTime: '2026-01-01T00:00:00Z' }],
  });
});

test('minAvailable equal to the ready pods: no disruption, InsufficientPods', async (t) => {
  const { api, controller } = await setup(t, { minAvailable: 3 });
  await controller.sync('default/web');
  const pdb = await api.client.get(budgets, 'default', 'web');
  assert.equal(pdb.status.disruptionsAllowed, 0);
  assert.deepEqual(pdb.status.conditions.map((c: { status: string; reason: string }) => `${c.status} ${c.reason}`), ['False InsufficientPods']);
});

test('maxUnavailable counts against the controller scale, not the pods that exist', async (t) => {
  const { api, controller } = await setup(t, { maxUnavailable: '25%' }, { owned: true });
  await controller.sync('default/web');
  const pdb = await api.client.get(budgets, 'default', 'web');
  // 4 replicas wanted, 25% of 4 = 1 may be missing: 3 must be healthy, 3 are → 0 allowed.
  assert.deepEqual([pdb.status.expectedPods, pdb.status.desiredHealthy, pdb.status.currentHealthy, pdb.status.disruptionsAllowed], [4, 3, 3, 0]);
});

test('bare pods under maxUnavailable are unmanaged: nothing expected, and a Warning says so', async (t) => {
  const { api, controller } = await setup(t, { maxUnavailable: 1 });
  await controller.sync('default/web');
  const pdb = await api.client.get(budgets, 'default', 'web');
  // Bare pods are "unmanaged": counted as no controller at all, so nothing is expected.
  assert.deepEqual([pdb.status.expectedPods, pdb.status.disruptionsAllowed], [0, 0]);
  await controller.recorder.flush();
  const list = await api.client.list(events, 'default');
  const unmanaged = list.items.find((e) => e.reason === 'UnmanagedPods');
  assert.equal(unmanaged?.type, 'Warning');
  assert.equal(unmanaged?.source.component, 'controllermanager');
  assert.match(unmanaged?.message, /^Pods selected by this PodDisruptionBudget \(selector: &LabelSelector\{MatchLabels:map\[string\]string\{app: web,\},MatchExpressions:\[\]LabelSelectorRequirement\{\},\}\) were found to be unmanaged\./);
});

test('a pod recorded in disruptedPods is not counted healthy until 2 minutes pass', async (t) => {
  const { api, controller } = await setup(t, { minAvailable: 2 });
  const pdb = await api.client.get(budgets, 'default', 'web');
  pdb.status = { ...pdb.status, observedGeneration: 1, disruptedPods: { 'web-0': '2026-01-01T00:00:00Z' } };
  await api.client.update(budgets, pdb, { subresource: 'status' });
  await waitFor(() => api.informers.informerFor(budgets).get('default/web')?.status?.disruptedPods, { what: 'the cache' });
  await controller.sync('default/web');
  let status = (await api.client.get(budgets, 'default', 'web')).status;
  assert.deepEqual([status.currentHealthy, status.disruptionsAllowed, status.disruptedPods], [2, 0, { 'web-0': '2026-01-01T00:00:00Z' }]);

  api.clock.step(121_000);
  await waitFor(() => api.informers.informerFor(budgets).get('default/web')?.status?.currentHealthy === 2, { what: 'the cache' });
  await controller.sync('default/web');
  status = (await api.client.get(budgets, 'default', 'web')).status;
  assert.deepEqual([status.currentHealthy, status.disruptionsAllowed, status.disruptedPods], [3, 1, undefined]);
  await controller.recorder.flush();
  const notDeleted = (await api.client.list(events, 'default')).items.find((e) => e.reason === 'NotDeleted');
  assert.equal(notDeleted?.message, "Pod was expected by PDB default/default to be deleted but it wasn't");
});

test('a budget selecting nothing says so in an event', async (t) => {
  const api = await startApi(t);
  const controller = DisruptionController.fromContext(api);
  await api.client.create(budgets, 'default', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'none' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'nothing' } } } });
  await api.syncInformers();
  await controller.sync('default/none');
  const pdb = await api.client.get(budgets, 'default', 'none');
  assert.deepEqual([pdb.status.expectedPods, pdb.status.desiredHealthy, pdb.status.disruptionsAllowed], [0, 1, 0]);
  await controller.recorder.flush();
  const noPods = (await api.client.list(events, 'default')).items.find((e) => e.reason === 'NoPods');
  assert.deepEqual([noPods?.type, noPods?.message], ['Normal', 'No matching pods found']);
});

test('goSelectorString prints a selector as its generated String() does', () => {
  assert.equal(goSelectorString({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['x', 'y'] }] }), '&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[x y],},},}');
});
