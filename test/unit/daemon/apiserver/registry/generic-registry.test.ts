// The generic registry's semantics as a real v1.32 apiserver has them, through the in-process client.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, WatchEvent } from '../../../../../shared/api/meta.js';
import { isNotFound, StatusError } from '../../../../../shared/api/errors.js';
import { startApi } from '../../../../helpers/api.js';
import { waitFor } from '../../../../helpers/wait-for.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findResource } from '../../../../../shared/api/resources.js';
import { ManualClock } from '../../../../../shared/clock.js';
import { bootstrapCluster } from '../../../../../daemon/apiserver/bootstrap.js';
import { CrdController } from '../../../../../daemon/apiserver/crd/crd-controller.js';
import { LocalClient } from '../../../../../daemon/apiserver/local-client.js';
import { GenericRegistry } from '../../../../../daemon/apiserver/registry/generic-registry.js';
import { LevelStore } from '../../../../../daemon/store/level-store.js';

const configmaps = { group: '', version: 'v1', resource: 'configmaps' };
const namespaces = { group: '', version: 'v1', resource: 'namespaces' };
const pods = { group: '', version: 'v1', resource: 'pods' };
const deployments = { group: 'apps', version: 'v1', resource: 'deployments' };

const pod = (name: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, ...extra }, spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'nginx' }] },
});

test('a server dry-run delete leaves the object in place', async (t) => {
  const api = await startApi(t);
  await api.client.create(configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep' } });
  await api.client.delete(configmaps, 'default', 'keep', { dryRun: true });
  assert.equal((await api.client.get(configmaps, 'default', 'keep')).metadata.name, 'keep');
});

test('a second delete of a terminating namespace is refused with the real Conflict', async (t) => {
  const api = await startApi(t);
  await api.client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab' } });
  await api.client.delete(namespaces, undefined, 'lab');
  await assert.rejects(api.client.delete(namespaces, undefined, 'lab'), (err: StatusError) =>
    err.code === 409 && err.message === 'Operation cannot be fulfilled on namespaces "lab": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.');
});

test('a force delete shortens a terminating pod\'s grace period, and the pod goes with its last finalizer', async (t) => {
  const api = await startApi(t);
  await api.client.create(pods, 'default', pod('p', { finalizers: ['example.com/hold'] }));
  const first = await api.client.delete(pods, 'default', 'p');
  assert.equal(first.metadata.deletionGracePeriodSeconds, 30);
  assert.equal(first.metadata.deletionTimestamp, '2026-01-01T00:00:30Z');
  const forced = await api.client.delete(pods, 'default', 'p', { gracePeriodSeconds: 0 });
  assert.equal(forced.metadata.deletionGracePeriodSeconds, 0);
  assert.equal(forced.metadata.deletionTimestamp, '2026-01-01T00:00:00Z');
  await api.client.patch(pods, 'default', 'p', 'merge', { metadata: { finalizers: null } });
  await assert.rejects(api.client.get(pods, 'default', 'p'), isNotFound);
});

test('marking an object for deletion bumps its generation', async (t) => {
  const api = await startApi(t);
  const d: KubeObject = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', finalizers: ['example.com/hold'] },
    spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  };
  assert.equal((await api.client.create(deployments, 'default', d)).metadata.generation, 1);
  assert.equal((await api.client.delete(deployments, 'default', 'd')).metadata.generation, 2);
});

test('an update that changes nothing is not written, whatever the key order', async (t) => {
  const api = await startApi(t);
  const created = await api.client.create(configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same' }, data: { a: '1', b: '2' } });
  const reordered = { data: { b: '2', a: '1' }, metadata: created.metadata, kind: 'ConfigMap', apiVersion: 'v1' } as KubeObject;
  const updated = await api.client.update(configmaps, reordered);
  assert.equal(updated.metadata.resourceVersion, created.metadata.resourceVersion);
});

test('an update carrying another object\'s uid is a precondition Conflict', async (t) => {
  const api = await startApi(t);
  const created = await api.client.create(configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'u' } });
  const stale = { ...created, metadata: { ...created.metadata, uid: '00000000-0000-0000-0000-000000000000', resourceVersion: undefined } };
  await assert.rejects(api.client.update(configmaps, stale), (err: StatusError) =>
    err.code === 409 && err.message === `Operation cannot be fulfilled on configmaps "u": Precondition failed: UID in precondition: 00000000-0000-0000-0000-000000000000, UID in object meta: ${created.metadata.uid}`);
});

test('an object that stops matching a watch\'s selector leaves it as it was last seen', async (t) => {
  const api = await startApi(t);
  await api.client.create(configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm', labels: { keep: 'yes' } }, data: { v: 'old' } });
  const events: WatchEvent[] = [];
  const handle = await api.client.watch(configmaps, 'default', { labelSelector: 'keep=yes' }, (e) => events.push(e));
  const changed = await api.client.update(configmaps, { ...(await api.client.get(configmaps, 'default', 'm')), data: { v: 'new' }, metadata: { name: 'm', namespace: 'default', labels: { keep: 'no' } } });
  await waitFor(() => events.length === 2, { what: 'ADDED then DELETED' });
  handle.stop();
  assert.deepEqual(events.map((e) => [e.type, e.object.data.v, e.object.metadata.labels?.keep, e.object.metadata.resourceVersion]), [
    ['ADDED', 'old', 'yes', events[0].object.metadata.resourceVersion],
    ['DELETED', 'old', 'yes', changed.metadata.resourceVersion],
  ]);
});

test('a watch whose handler throws ends, so its informer re-lists instead of going deaf', async (t) => {
  const api = await startApi(t);
  const handle = await api.client.watch(configmaps, 'default', { resourceVersion: (await api.client.list(configmaps, 'default')).metadata.resourceVersion }, () => {
    throw new Error('handler bug');
  });
  await api.client.create(configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'boom' } });
  await handle.done;
});

test('a generated name that is taken is generated again (RetryGenerateName), and refused after 8 tries', async (t) => {
  const suffixes = ['aaaaa', 'aaaaa', 'bbbbb', ...Array(8).fill('aaaaa')];
  const api = await startApi(t, { nameSuffix: () => suffixes.shift()! });
  const cm = (): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cm-' } });
  assert.equal((await api.client.create(configmaps, 'default', cm())).metadata.name, 'cm-aaaaa');
  assert.equal((await api.client.create(configmaps, 'default', cm())).metadata.name, 'cm-bbbbb');
  await assert.rejects(api.client.create(configmaps, 'default', cm()), (err: StatusError) => err.code === 409 && err.message === 'configmaps "cm-aaaaa" already exists');
  assert.equal(suffixes.length, 0);
});

test('in-process watchers share one frozen object per stored version; get and list return copies of their own', async (t) => {
  const api = await startApi(t);
  const seen: KubeObject[][] = [[], []];
  const handles = await Promise.all(seen.map((events) => api.client.watch(configmaps, 'default', {}, (e: WatchEvent) => events.push(e.object))));
  t.after(() => handles.forEach((h) => h.stop()));
  await api.client.create(configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared' }, data: { a: '1' } });
  await waitFor(() => seen.every((events) => events.some((o) => o.metadata.name === 'shared')), { what: 'both watchers to see the ConfigMap' });
  const [a, b] = seen.map((events) => events.find((o) => o.metadata.name === 'shared')!);
  assert.equal(a, b);
  assert.ok(Object.isFrozen(a) && Object.isFrozen(a.metadata) && Object.isFrozen(a.data));
  assert.throws(() => {
    (a.data as Record<string, string>).a = '2';
  }, TypeError);
  const got = await api.client.get(configmaps, 'default', 'shared');
  got.data!.a = '2';
  const listed = (await api.client.list(configmaps, 'default')).items.find((o) => o.metadata.name === 'shared')!;
  listed.metadata.labels = { changed: 'yes' };
  assert.deepEqual((await api.client.get(configmaps, 'default', 'shared')).data, { a: '1' });
  assert.equal((await api.client.get(configmaps, 'default', 'shared')).metadata.labels, undefined);
});

test('a second globalDefault PriorityClass is refused as the priority admission plugin does; re-saving the default is fine', async (t) => {
  const api = await startApi(t);
  const priorityClasses = { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses' };
  const pc = (name: string): KubeObject => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value: 100, globalDefault: true } as KubeObject);
  const first = await api.client.create(priorityClasses, undefined, pc('first'));
  await assert.rejects(api.client.create(priorityClasses, undefined, pc('second')), (err: StatusError) =>
    err.code === 403 && err.message === 'priorityclasses.scheduling.k8s.io "second" is forbidden: PriorityClass first is already marked as default. Only one default can exist');
  const relabelled = { ...first, metadata: { ...first.metadata, labels: { tier: 'x' } } };
  assert.deepEqual((await api.client.update(priorityClasses, relabelled)).metadata.labels, { tier: 'x' });
});

test('an absurd grace period gives the deletion time Go\'s wrapping Duration gives, not a 500', async (t) => {
  const api = await startApi(t);
  await api.client.create(pods, 'default', pod('p'));
  // 9999999999999 s in int64 nanoseconds wraps to 1864712048.423 s: 2026-01-01 + 59 years.
  const deleted = await api.client.delete(pods, 'default', 'p', { gracePeriodSeconds: 9_999_999_999_999 });
  assert.equal(deleted.metadata.deletionGracePeriodSeconds, 9_999_999_999_999);
  assert.equal(deleted.metadata.deletionTimestamp, '2085-02-02T07:34:08Z');
});

// A status write keeps the stored version's frozen spec (not a copy of it): nothing between there
// and the commit (admission, validation, dry run, a custom resource's defaulted view) may change it.
const ref = (group: string, version: string, resource: string) => ({ group, version, resource });
const app = { app: 'a' };
const template = { metadata: { labels: app }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
const runOnce = { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } };
const statusCases: [ReturnType<typeof ref>, string | undefined, KubeObject, Record<string, unknown>][] = [
  [ref('', 'v1', 'pods'), 'default', pod('p'), { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] }],
  [ref('', 'v1', 'services'), 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'LoadBalancer', selector: app, ports: [{ port: 80 }] } }, { loadBalancer: { ingress: [{ ip: '10.1.2.3' }] } }],
  [ref('', 'v1', 'nodes'), undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { podCIDR: '10.244.9.0/24' } }, { conditions: [{ type: 'Ready', status: 'True' }], capacity: { cpu: '1' } }],
  [ref('', 'v1', 'namespaces'), undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns1' } }, { phase: 'Active', conditions: [] }],
  [ref('', 'v1', 'persistentvolumes'), undefined, { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/x' } } }, { phase: 'Available' }],
  [ref('', 'v1', 'persistentvolumeclaims'), 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'pvc1' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: '' } }, { phase: 'Pending' }],
  [ref('', 'v1', 'replicationcontrollers'), 'default', { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc' }, spec: { replicas: 1, selector: app, template } }, { replicas: 0, observedGeneration: 1 }],
  [ref('', 'v1', 'resourcequotas'), 'default', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { pods: '5' } } }, { hard: { pods: '5' }, used: { pods: '0' } }],
  [ref('apps', 'v1', 'deployments'), 'default', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 1, selector: { matchLabels: app }, template } }, { observedGeneration: 1, replicas: 0 }],
  [ref('apps', 'v1', 'replicasets'), 'default', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { replicas: 1, selector: { matchLabels: app }, template } }, { observedGeneration: 1, replicas: 0 }],
  [ref('apps', 'v1', 'statefulsets'), 'default', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'ss' }, spec: { replicas: 1, serviceName: 's', selector: { matchLabels: app }, template } }, { observedGeneration: 1, replicas: 0, availableReplicas: 0 }],
  [ref('apps', 'v1', 'daemonsets'), 'default', { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds' }, spec: { selector: { matchLabels: app }, template } }, { observedGeneration: 1, currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 }],
  [ref('batch', 'v1', 'jobs'), 'default', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: runOnce } }, { active: 1, startTime: '2026-01-01T00:00:00Z', ready: 0, terminating: 0, uncountedTerminatedPods: {} }],
  [ref('batch', 'v1', 'cronjobs'), 'default', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: runOnce } } } }, { lastScheduleTime: '2026-01-01T00:00:00Z' }],
  [ref('autoscaling', 'v2', 'horizontalpodautoscalers'), 'default', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, minReplicas: 1, maxReplicas: 3 } }, { currentReplicas: 1, desiredReplicas: 1 }],
  [ref('policy', 'v1', 'poddisruptionbudgets'), 'default', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb' }, spec: { minAvailable: 1, selector: { matchLabels: app } } }, { observedGeneration: 1, disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 1, expectedPods: 0 }],
  [ref('networking.k8s.io', 'v1', 'ingresses'), 'default', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'ing' }, spec: { defaultBackend: { service: { name: 's', port: { number: 80 } } } } }, { loadBalancer: { ingress: [{ ip: '10.1.2.4' }] } }],
];
const gadgetCrd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gadgets.example.com' },
  spec: {
    group: 'example.com', scope: 'Namespaced', names: { plural: 'gadgets', kind: 'Gadget' },
    versions: [{
      name: 'v1', served: true, storage: true, subresources: { status: {} },
      schema: { openAPIV3Schema: { type: 'object', properties: {
        spec: { type: 'object', properties: { size: { type: 'integer', default: 3 } }, 'x-kubernetes-validations': [{ rule: 'self.size >= 0' }] },
        status: { type: 'object', properties: { ready: { type: 'boolean' }, phase: { type: 'string', default: 'New' } }, 'x-kubernetes-validations': [{ rule: 'self.phase == "New" || self.ready' }] },
      } } },
    }],
  },
};

/** The in-process API with the CRD controller, and the Gadget CRD served. */
async function withGadgets(t: TestContext) {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-status-'));
  const store = await LevelStore.open(join(dir, 'store'));
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const registry = new GenericRegistry({ store, clock });
  const client = new LocalClient(registry);
  const crds = new CrdController(registry, clock);
  crds.start();
  t.after(async () => {
    await crds.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await bootstrapCluster(client, { address: '127.0.0.1', port: 6443 });
  await client.create(ref('apiextensions.k8s.io', 'v1', 'customresourcedefinitions'), undefined, gadgetCrd);
  // Each step of the controller's (names accepted, established) queues the next.
  for (let i = 0; i < 10; i++) {
    await crds.settled();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { registry, client };
}

test('status writes of every kind with a status subresource, under a matching policy and webhooks, share the stored spec and store what their text says', async (t) => {
  const { registry, client } = await withGadgets(t);
  const admission = 'admissionregistration.k8s.io';
  await client.create(ref(admission, 'v1', 'validatingadmissionpolicies'), undefined, {
    apiVersion: `${admission}/v1`, kind: 'ValidatingAdmissionPolicy', metadata: { name: 'all' },
    spec: { matchConstraints: { resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['UPDATE'], resources: ['*/*'] }] }, validations: [{ expression: "object.metadata.name != '' && (!has(object.spec) || object.spec == oldObject.spec)" }] },
  });
  await client.create(ref(admission, 'v1', 'validatingadmissionpolicybindings'), undefined, { apiVersion: `${admission}/v1`, kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: 'all' }, spec: { policyName: 'all', validationActions: ['Deny'] } });
  for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
    await client.create(ref(admission, 'v1', `${kind.toLowerCase()}s`), undefined, {
      apiVersion: `${admission}/v1`, kind, metadata: { name: 'ignored' },
      webhooks: [{ name: 'x.example.com', failurePolicy: 'Ignore', clientConfig: { url: 'https://x.example.com/' }, rules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['UPDATE'], resources: ['*/*'] }], matchConditions: [{ name: 'm', expression: 'has(object.metadata)' }], sideEffects: 'None', admissionReviewVersions: ['v1'] }],
    });
  }
  const gadget: KubeObject = { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: {} };
  for (const [resource, namespace, obj, status] of [...statusCases, [ref('example.com', 'v1', 'gadgets'), 'default', gadget, { ready: true }]] as const) {
    const created = await client.create(resource, namespace, obj);
    const name = created.metadata.name!;
    await client.update(resource, { ...created, status: { ...created.status, ...status } } as KubeObject, { subresource: 'status', dryRun: true });
    await client.patch(resource, namespace, name, 'merge', { metadata: { annotations: { a: 'b' } }, status }, { subresource: 'status', dryRun: true });
    const written = await client.update(resource, { ...created, status: { ...created.status, ...status } } as KubeObject, { subresource: 'status' });
    const patched = await client.patch(resource, namespace, name, 'merge', { metadata: { annotations: { a: 'b' } }, status: { extra: undefined } }, { subresource: 'status' });
    if (resource.group !== 'example.com' && created.spec) assert.equal(patched.spec, written.spec, `${resource.resource}: the spec is shared, not copied`);
    const entry = registry.get(findResource(resource.group, resource.version, resource.resource)!, namespace, name);
    assert.deepEqual(entry.object, JSON.parse(entry.json), `${resource.resource}: the stored object is its text`);
  }
  assert.deepEqual((await client.get(ref('example.com', 'v1', 'gadgets'), 'default', 'g')).status, { ready: true, phase: 'New' });
});

test('a status write is defaulted by the schema before its rules run, as the apiextensions apiserver decodes it', async (t) => {
  const { client } = await withGadgets(t);
  const gadgets = ref('example.com', 'v1', 'gadgets');
  await client.create(gadgets, 'default', { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: {} });
  const current = await client.get(gadgets, 'default', 'g');
  // status.phase defaults to New: the rule `self.phase == "New" || self.ready` holds on the defaulted status.
  const written = await client.update(gadgets, { ...current, status: { ready: false } }, { subresource: 'status' });
  assert.deepEqual(written.status, { ready: false, phase: 'New' });
});
