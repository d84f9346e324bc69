import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadLab } from '../../../../shared/labs/lab-loader.js';
import { readProgress } from '../../../../shared/labs/lab-progress.js';
import { advanceLab, resetLab, startLab } from '../../../../shared/labs/lab-session.js';
import { startApi } from '../../../helpers/api.js';

const configMaps = { group: '', version: 'v1', resource: 'configmaps' };
const namespaces = { group: '', version: 'v1', resource: 'namespaces' };

const lab = loadLab(
  `id: t
namespace: lab-t
title: { en: T, ko: 티 }
goal: { en: G, ko: 지 }
steps:
  - id: one
    title: { en: One, ko: 하나 }
    text: { en: One., ko: 하나. }
    commands: [kubectl create cm one -n lab-t]
    check: { objectExists: { kind: ConfigMap, name: one } }
  - id: two
    title: { en: Two, ko: 둘 }
    text: { en: Two., ko: 둘. }
    commands: [kubectl create cm two -n lab-t]
    check: { objectExists: { kind: ConfigMap, name: two } }
`,
  'labs/t-test.yaml',
);

test('start, advance and reset keep their progress in kube-system/kubelab-labs', async (t) => {
  const api = await startApi(t);
  const env = { client: api.client, namespace: 'lab-t' };
  assert.deepEqual(await startLab(lab, env, api.clock), { createdNamespace: true });
  const ns = await api.client.get(namespaces, undefined, 'lab-t');
  assert.deepEqual(ns.metadata.labels, { 'kubelab.dev/lab': 't', 'kubernetes.io/metadata.name': 'lab-t' });

  let advanced = await advanceLab(lab, env, api.clock, await readProgress(api.client));
  assert.deepEqual([advanced.current, advanced.ticked, advanced.result], [0, [], { state: 'waiting', reason: 'no ConfigMap "one" yet' }]);

  // Both steps done before anyone looked: one evaluation ticks them in order.
  await api.client.create(configMaps, 'lab-t', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one' } });
  await api.client.create(configMaps, 'lab-t', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two' } });
  api.clock.step(5000);
  advanced = await advanceLab(lab, env, api.clock, await readProgress(api.client));
  assert.deepEqual([advanced.current, advanced.ticked, advanced.result], [2, ['one', 'two'], undefined]);
  const stored = await api.client.get(configMaps, 'kube-system', 'kubelab-labs');
  assert.deepEqual(stored.data, { active: 't', 'lab.t': JSON.stringify({ passed: ['one', 'two'], stepSince: api.clock.now() }) });

  // Ticks stay: deleting what a passed step made does not untick it.
  await api.client.delete(configMaps, 'lab-t', 'one');
  advanced = await advanceLab(lab, env, api.clock, await readProgress(api.client));
  assert.equal(advanced.current, 2);

  assert.deepEqual(await resetLab(lab, env), ['namespace "lab-t" deleted']);
  assert.deepEqual((await readProgress(api.client)).labs, {});
  assert.equal((await readProgress(api.client)).active, undefined);
});

test('reset leaves alone a namespace of the same name that the lab did not make', async (t) => {
  const api = await startApi(t);
  await api.client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab-t' } });
  assert.deepEqual(await startLab(lab, { client: api.client }, api.clock), { createdNamespace: false });
  assert.deepEqual(await resetLab(lab, { client: api.client }), []);
  const ns = await api.client.get(namespaces, undefined, 'lab-t');
  assert.equal(ns.metadata.deletionTimestamp, undefined);
});
