// What `kubelab up` waits for before it reports ready: the control-plane node's static pods shown
// Running and Ready through the API (as kind's are when its API first answers), and no longer than
// a bound. Against the real in-process API with a ManualClock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { Logger } from '../../../shared/log.js';
import { waitForControlPlane, waitForStaticPods } from '../../../daemon/static-pods-ready.js';
import { startApi, type TestApi } from '../../helpers/api.js';

const podsRef = { group: '', version: 'v1', resource: 'pods' };
const components = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];
const names = components.map((c) => `${c}-control-plane`);

function recordingLog(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, error: (message, fields) => void errors.push(`${message} ${JSON.stringify(fields)}`), info: () => undefined, debug: () => undefined };
}

async function createMirror(api: TestApi, name: string): Promise<void> {
  await api.client.create(podsRef, 'kube-system', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'kube-system', annotations: { 'kubernetes.io/config.mirror': 'hash' } },
    spec: { nodeName: 'control-plane', hostNetwork: true, containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] },
  });
}

/** Writes the status a kubelet writes: Running, with Ready as given. */
async function setStatus(api: TestApi, name: string, ready: boolean): Promise<void> {
  const pod: KubeObject = await api.client.get(podsRef, 'kube-system', name);
  pod.status = { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] };
  await api.client.update(podsRef, pod, { subresource: 'status' });
}

/** Whether the promise has settled, after the pending watch events have been delivered. */
async function settledValue<T>(promise: Promise<T>): Promise<T | 'pending'> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  return Promise.race([promise, Promise.resolve('pending' as const)]);
}

test('waits until every static pod is Running and Ready: Pending, or Running but not Ready, does not count', async (t) => {
  const api = await startApi(t);
  const log = recordingLog();
  for (const name of names) await createMirror(api, name);
  const waiting = waitForStaticPods({ client: api.client, clock: api.clock, log, nodeName: 'control-plane', namespace: 'kube-system', names, timeoutMs: 10_000 });
  assert.equal(await settledValue(waiting), 'pending');
  for (const name of names) await setStatus(api, name, false);
  assert.equal(await settledValue(waiting), 'pending', 'Running but not Ready');
  for (const name of names.slice(0, 3)) await setStatus(api, name, true);
  assert.equal(await settledValue(waiting), 'pending', 'one still not Ready');
  await setStatus(api, names[3]!, true);
  assert.equal(await settledValue(waiting), true);
  assert.deepEqual(log.errors, []);
});

test('mirror pods already Running and Ready when the wait starts (a daemon restart) count at once', async (t) => {
  const api = await startApi(t);
  for (const name of names) {
    await createMirror(api, name);
    await setStatus(api, name, true);
  }
  const nodes = [
    { name: 'control-plane', ip: '127.0.10.1', controlPlane: true },
    { name: 'node1', ip: '127.0.10.2', controlPlane: false },
  ];
  assert.equal(await settledValue(waitForControlPlane({ client: api.client, clock: api.clock, log: recordingLog(), nodes, timeoutMs: 10_000 })), true);
});

test('gives up at the timeout: false, and the log says which pods were missing', async (t) => {
  const api = await startApi(t);
  const log = recordingLog();
  await createMirror(api, names[0]!);
  await setStatus(api, names[0]!, true);
  const nodes = [{ name: 'control-plane', ip: '127.0.10.1', controlPlane: true }];
  const waiting = waitForControlPlane({ client: api.client, clock: api.clock, log, nodes, timeoutMs: 10_000 });
  assert.equal(await settledValue(waiting), 'pending');
  api.clock.step(9_999);
  assert.equal(await settledValue(waiting), 'pending');
  api.clock.step(1);
  assert.equal(await settledValue(waiting), false);
  assert.deepEqual(log.errors, [
    'static pods not Running and Ready in time; reporting ready anyway {"node":"control-plane","waitedMs":10000,"ready":["etcd-control-plane"],"missing":["kube-apiserver-control-plane","kube-controller-manager-control-plane","kube-scheduler-control-plane"]}',
  ]);
});

test('a cluster with no control-plane node has nothing to wait for', async (t) => {
  const api = await startApi(t);
  const nodes = [{ name: 'node1', ip: '127.0.10.2', controlPlane: false }];
  assert.equal(await settledValue(waitForControlPlane({ client: api.client, clock: api.clock, log: recordingLog(), nodes, timeoutMs: 10_000 })), true);
});
