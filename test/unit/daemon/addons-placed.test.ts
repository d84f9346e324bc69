// When a fresh cluster's workers join: once the pods of CoreDNS and local-path-provisioner are
// bound to a node (as on kind, where the workers join after those addons are installed and the
// control plane is Ready), and no later than a bound. Against the real in-process API with a ManualClock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { Logger } from '../../../shared/log.js';
import { waitForAddonsPlaced } from '../../../daemon/addons-placed.js';
import { startApi, type TestApi } from '../../helpers/api.js';

const podsRef = { group: '', version: 'v1', resource: 'pods' };
const deploymentsRef = { group: 'apps', version: 'v1', resource: 'deployments' };
const namespacesRef = { group: '', version: 'v1', resource: 'namespaces' };

function recordingLog(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, error: (message, fields) => void errors.push(`${message} ${JSON.stringify(fields)}`), info: () => undefined, debug: () => undefined };
}

async function createDeployment(api: TestApi, namespace: string, name: string, labels: Record<string, string>, replicas: number): Promise<void> {
  if (namespace !== 'kube-system') await api.client.create(namespacesRef, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  await api.client.create(deploymentsRef, namespace, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } } },
  });
}

/** The two addons of a fresh cluster, as bootstrap-coredns.ts and bootstrap-local-path-storage.ts make them. */
async function createAddons(api: TestApi): Promise<void> {
  await createDeployment(api, 'kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, 2);
  await createDeployment(api, 'local-path-storage', 'local-path-provisioner', { app: 'local-path-provisioner' }, 1);
}

async function createPod(api: TestApi, namespace: string, name: string, labels: Record<string, string>): Promise<void> {
  await api.client.create(podsRef, namespace, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } } as KubeObject);
}

/** What the scheduler does: POST pods/binding. */
async function bind(api: TestApi, namespace: string, name: string, node = 'control-plane'): Promise<void> {
  await api.client.createSubresource(podsRef, namespace, name, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace }, target: { apiVersion: 'v1', kind: 'Node', name: node } });
}

/** Whether the promise has settled, after the pending watch events have been delivered. */
async function settledValue<T>(promise: Promise<T>): Promise<T | 'pending'> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  return Promise.race([promise, Promise.resolve('pending' as const)]);
}

test('waits until every replica of both addons is bound to a node; pending pods and other pods do not count', async (t) => {
  const api = await startApi(t);
  const log = recordingLog();
  await createAddons(api);
  const waiting = waitForAddonsPlaced({ client: api.client, clock: api.clock, log, timeoutMs: 10_000 });
  await createPod(api, 'kube-system', 'coredns-a', { 'k8s-app': 'kube-dns' });
  await createPod(api, 'kube-system', 'coredns-b', { 'k8s-app': 'kube-dns' });
  await createPod(api, 'local-path-storage', 'local-path-provisioner-a', { app: 'local-path-provisioner' });
  await createPod(api, 'kube-system', 'kindnet-a', { app: 'kindnet' });
  await bind(api, 'kube-system', 'kindnet-a', 'node1');
  assert.equal(await settledValue(waiting), 'pending', 'nothing of the addons bound yet');
  await bind(api, 'kube-system', 'coredns-a');
  await bind(api, 'kube-system', 'coredns-b');
  assert.equal(await settledValue(waiting), 'pending', 'local-path-provisioner still Pending');
  await bind(api, 'local-path-storage', 'local-path-provisioner-a');
  assert.equal(await settledValue(waiting), true);
  assert.deepEqual(log.errors, []);
});

test('pods bound before the wait starts count at once', async (t) => {
  const api = await startApi(t);
  await createAddons(api);
  for (const name of ['coredns-a', 'coredns-b']) {
    await createPod(api, 'kube-system', name, { 'k8s-app': 'kube-dns' });
    await bind(api, 'kube-system', name);
  }
  await createPod(api, 'local-path-storage', 'lpp', { app: 'local-path-provisioner' });
  await bind(api, 'local-path-storage', 'lpp');
  assert.equal(await waitForAddonsPlaced({ client: api.client, clock: api.clock, log: recordingLog(), timeoutMs: 10_000 }), true);
});

test('an addon whose Deployment is gone is not waited for', async (t) => {
  const api = await startApi(t);
  await createDeployment(api, 'kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, 1);
  await createPod(api, 'kube-system', 'coredns-a', { 'k8s-app': 'kube-dns' });
  await bind(api, 'kube-system', 'coredns-a');
  assert.equal(await waitForAddonsPlaced({ client: api.client, clock: api.clock, log: recordingLog(), timeoutMs: 10_000 }), true);
});

test('gives up after the bound and says what was missing, so the workers still join', async (t) => {
  const api = await startApi(t);
  const log = recordingLog();
  await createAddons(api);
  await createPod(api, 'kube-system', 'coredns-a', { 'k8s-app': 'kube-dns' });
  await bind(api, 'kube-system', 'coredns-a');
  const waiting = waitForAddonsPlaced({ client: api.client, clock: api.clock, log, timeoutMs: 10_000 });
  assert.equal(await settledValue(waiting), 'pending');
  api.clock.step(10_000);
  assert.equal(await waiting, false);
  assert.deepEqual(log.errors, ['control-plane addons not placed in time; the workers join anyway {"waitedMs":10000,"addons":["kube-system k8s-app=kube-dns: 1/2","local-path-storage app=local-path-provisioner: 0/1"]}']);
});

test('an abort (the daemon stopping) ends the wait quietly', async (t) => {
  const api = await startApi(t);
  const log = recordingLog();
  await createAddons(api);
  const abort = new AbortController();
  const waiting = waitForAddonsPlaced({ client: api.client, clock: api.clock, log, timeoutMs: 10_000, signal: abort.signal });
  assert.equal(await settledValue(waiting), 'pending');
  abort.abort();
  assert.equal(await waiting, false);
  assert.deepEqual(log.errors, []);
});
