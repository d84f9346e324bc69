// ServiceAccount admission through the real in-process API: what `kubectl get pod -o yaml` shows
// after a create, and the Forbidden texts kubectl prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatusError } from '../../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { ManualClock } from '../../../../../shared/clock.js';
import type { ApiClient } from '../../../../../shared/client/client.js';
import { LevelStore } from '../../../../../daemon/store/level-store.js';
import { GenericRegistry } from '../../../../../daemon/apiserver/registry/generic-registry.js';
import { LocalClient } from '../../../../../daemon/apiserver/local-client.js';
import { bootstrapCluster } from '../../../../../daemon/apiserver/bootstrap.js';
import { startApi } from '../../../../helpers/api.js';
import { waitFor } from '../../../../helpers/wait-for.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const namespaces = { group: '', version: 'v1', resource: 'namespaces' };
const serviceAccounts = { group: '', version: 'v1', resource: 'serviceaccounts' };

const tokenMount = (name: string) => ({ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name, readOnly: true });
const tokenVolume = (name: string) => ({
  name,
  projected: {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
      { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
    ],
  },
});

function pod(name: string, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, ...metadata }, spec: { containers: [{ name: 'web', image: 'nginx' }], ...spec } };
}

/** The generated volume name, checked against the plugin's pattern. */
function tokenVolumeName(created: KubeObject): string {
  const name: string = created.spec.volumes.at(-1).name;
  assert.match(name, /^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  return name;
}

/** A registry as the daemon wires it: a serviceaccount controller is expected to run. */
async function startEnforcingApi(t: { after(fn: () => Promise<void>): void }): Promise<{ client: ApiClient; clock: ManualClock }> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-sa-'));
  const store = await LevelStore.open(join(dir, 'store'));
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const client = new LocalClient(new GenericRegistry({ store, clock, serviceAccountControllerEnabled: () => true }));
  await bootstrapCluster(client, { address: '127.0.0.1', port: 6443 });
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { client, clock };
}

const forbiddenWith = (message: string) => (err: StatusError) => {
  assert.equal(err.message, message);
  assert.equal(err.code, 403);
  return true;
};

test('a pod gets the default account and the kube-api-access volume mounted in every container, init containers first', async (t) => {
  const api = await startApi(t);
  const created = await api.client.create(pods, 'default', pod('web', {
    initContainers: [{ name: 'init', image: 'busybox' }],
    containers: [{ name: 'web', image: 'nginx', volumeMounts: [{ name: 'cache', mountPath: '/cache' }] }, { name: 'side', image: 'busybox' }],
    volumes: [{ name: 'cache', emptyDir: {} }],
  }));
  const name = tokenVolumeName(created);
  assert.equal(created.spec.serviceAccountName, 'default');
  assert.equal(created.spec.serviceAccount, 'default');
  assert.deepEqual(created.spec.volumes, [{ name: 'cache', emptyDir: {} }, tokenVolume(name)]);
  assert.deepEqual(created.spec.initContainers[0].volumeMounts, [tokenMount(name)]);
  assert.deepEqual(created.spec.containers[0].volumeMounts, [{ name: 'cache', mountPath: '/cache' }, tokenMount(name)]);
  assert.deepEqual(created.spec.containers[1].volumeMounts, [tokenMount(name)]);
});

const automountCases = [
  { name: 'the pod says no', pod: false, account: undefined, mounted: false },
  { name: 'the account says no', pod: undefined, account: false, mounted: false },
  { name: 'the pod says yes over the account\'s no', pod: true, account: false, mounted: true },
  { name: 'the pod says no over the account\'s yes', pod: false, account: true, mounted: false },
  { name: 'nobody says anything', pod: undefined, account: undefined, mounted: true },
];
for (const c of automountCases) {
  test(`automountServiceAccountToken: ${c.name} → ${c.mounted ? 'mounted' : 'no token volume'}`, async (t) => {
    const api = await startApi(t);
    await api.client.create(serviceAccounts, 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' }, ...(c.account === undefined ? {} : { automountServiceAccountToken: c.account }) });
    const created = await api.client.create(pods, 'default', pod('p', { serviceAccountName: 'robot', ...(c.pod === undefined ? {} : { automountServiceAccountToken: c.pod }) }));
    assert.equal(created.spec.serviceAccountName, 'robot');
    assert.equal(created.spec.volumes !== undefined, c.mounted);
    assert.equal(created.spec.containers[0].volumeMounts !== undefined, c.mounted);
  });
}

const refusals = [
  { name: 'an account that does not exist', input: pod('x', { serviceAccountName: 'foo' }), want: 'pods "x" is forbidden: error looking up service account default/foo: serviceaccount "foo" not found' },
  { name: 'the deprecated serviceAccount field alone', input: pod('x', { serviceAccount: 'foo' }), want: 'pods "x" is forbidden: error looking up service account default/foo: serviceaccount "foo" not found' },
  {
    name: 'a generated name (a controller\'s pod), named by its prefix',
    input: { ...pod('', { serviceAccountName: 'foo' }), metadata: { generateName: 'web-7c5ddbdf54-' } },
    want: 'pods "web-7c5ddbdf54-" is forbidden: error looking up service account default/foo: serviceaccount "foo" not found',
  },
  { name: 'a mirror pod naming an account', input: pod('etcd-cp', { serviceAccountName: 'default' }, { annotations: { 'kubernetes.io/config.mirror': 'abc' } }), want: 'pods "etcd-cp" is forbidden: a mirror pod may not reference service accounts' },
  {
    name: 'a mirror pod mounting a secret',
    input: pod('etcd-cp', { volumes: [{ name: 's', secret: { secretName: 's' } }] }, { annotations: { 'kubernetes.io/config.mirror': 'abc' } }),
    want: 'pods "etcd-cp" is forbidden: a mirror pod may not reference secrets',
  },
  {
    name: 'a mirror pod projecting a token',
    input: pod('etcd-cp', { volumes: [{ name: 't', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }] }, { annotations: { 'kubernetes.io/config.mirror': 'abc' } }),
    want: 'pods "etcd-cp" is forbidden: a mirror pod may not use ServiceAccountToken volume projections',
  },
];
for (const r of refusals) {
  test(`refuses ${r.name}: ${r.want}`, async (t) => {
    const api = await startApi(t);
    await assert.rejects(api.client.create(pods, 'default', r.input), forbiddenWith(r.want));
  });
}

test('a mirror pod is admitted untouched: no account, no token volume', async (t) => {
  const api = await startApi(t);
  const created = await api.client.create(pods, 'default', pod('etcd-cp', {}, { annotations: { 'kubernetes.io/config.mirror': 'abc' } }));
  assert.equal(created.spec.serviceAccountName, undefined);
  assert.equal(created.spec.volumes, undefined);
});

test('a pod re-applied from -o yaml keeps its kube-api-access volume and mounts, not doubled', async (t) => {
  const api = await startApi(t);
  const first = await api.client.create(pods, 'default', pod('web', {}));
  const name = tokenVolumeName(first);
  const copy = pod('web2', { volumes: first.spec.volumes, containers: first.spec.containers });
  const again = await api.client.create(pods, 'default', copy);
  assert.deepEqual(again.spec.volumes, [tokenVolume(name)]);
  assert.deepEqual(again.spec.containers[0].volumeMounts, [tokenMount(name)]);
});

test('a container with its own mount at the token path is left alone', async (t) => {
  const api = await startApi(t);
  const created = await api.client.create(pods, 'default', pod('web', {
    containers: [{ name: 'web', image: 'nginx', volumeMounts: [{ name: 'mine', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] }],
    volumes: [{ name: 'mine', emptyDir: {} }],
  }));
  assert.deepEqual(created.spec.volumes, [{ name: 'mine', emptyDir: {} }], 'no container needed the token volume');
});

test('the account\'s imagePullSecrets go to a pod that has none', async (t) => {
  const api = await startApi(t);
  await api.client.create(serviceAccounts, 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'puller' }, imagePullSecrets: [{ name: 'regcred' }] });
  const created = await api.client.create(pods, 'default', pod('p', { serviceAccountName: 'puller' }));
  assert.deepEqual(created.spec.imagePullSecrets, [{ name: 'regcred' }]);
  const own = await api.client.create(pods, 'default', pod('q', { serviceAccountName: 'puller', imagePullSecrets: [{ name: 'mine' }] }));
  assert.deepEqual(own.spec.imagePullSecrets, [{ name: 'mine' }]);
});

test('a pod in a namespace that does not exist is NotFound before any account lookup', async (t) => {
  const api = await startApi(t);
  await assert.rejects(api.client.create(pods, 'nowhere', pod('x', { serviceAccountName: 'foo' })), (err: StatusError) => err.code === 404 && err.message === 'namespaces "nowhere" not found');
});

test('with a serviceaccount controller expected, a pod waits for the default account of a new namespace', async (t) => {
  const { client } = await startEnforcingApi(t);
  await client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab' } });
  let settled = false;
  const creating = client.create(pods, 'lab', pod('web', {})).finally(() => (settled = true));
  await waitFor(async () => (await client.get(namespaces, undefined, 'lab')) && true, { what: 'the namespace' });
  assert.equal(settled, false, 'the pod waits for the account');
  await client.create(serviceAccounts, 'lab', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
  const created = await creating;
  assert.equal(created.spec.serviceAccountName, 'default');
  tokenVolumeName(created);
});

test('with a serviceaccount controller expected, a default account that never comes is refused after two seconds', async (t) => {
  const { client, clock } = await startEnforcingApi(t);
  await client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab' } });
  const creating = client.create(pods, 'lab', pod('web', {}));
  await waitFor(() => clock.pendingTimers > 0, { what: 'the admission to start waiting' });
  clock.step(1999);
  assert.equal(clock.pendingTimers, 1, 'still waiting at 1.999 s');
  clock.step(1);
  await assert.rejects(creating, forbiddenWith('pods "web" is forbidden: error looking up service account lab/default: serviceaccount "default" not found'));
});

test('the system namespaces have their default account from the start', async (t) => {
  const { client } = await startEnforcingApi(t);
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    const created = await client.create(pods, ns, pod('web', {}));
    assert.equal(created.spec.serviceAccountName, 'default', ns);
  }
});

test('without a serviceaccount controller (unit tests of other parts) a missing default account does not block pods', async (t) => {
  const api = await startApi(t);
  await api.client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab' } });
  const created = await api.client.create(pods, 'lab', pod('web', {}));
  assert.equal(created.spec.serviceAccountName, 'default');
  tokenVolumeName(created);
});
