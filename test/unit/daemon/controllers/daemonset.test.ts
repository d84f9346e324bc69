import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { DaemonSetController } from '../../../../daemon/controllers/daemonset.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const nodes = { group: '', version: 'v1', resource: 'nodes' };
const pods = { group: '', version: 'v1', resource: 'pods' };
const events = { group: '', version: 'v1', resource: 'events' };
const daemonSets = { group: 'apps', version: 'v1', resource: 'daemonsets' };
const revisions = { group: 'apps', version: 'v1', resource: 'controllerrevisions' };

function node(name: string, labels: Record<string, string> = {}, taints: unknown[] = []): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, spec: { taints } };
}

function daemonSet(spec: Record<string, unknown> = {}, image = 'fluentd:v1'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'logs', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'logs' } }, template: { metadata: { labels: { app: 'logs' } }, spec: { containers: [{ name: 'fluentd', image }] } }, ...spec },
  };
}

async function setup(t: Parameters<typeof startApi>[0], nodeList: KubeObject[], ds: KubeObject): Promise<{ api: TestApi; controller: DaemonSetController; sync: () => Promise<void> }> {
  const api = await startApi(t);
  const controller = DaemonSetController.fromContext(api);
  for (const n of nodeList) await api.client.create(nodes, undefined, n);
  await api.syncInformers();
  await api.client.create(daemonSets, 'default', ds);
  await waitFor(() => api.informers.informerFor(daemonSets).get('default/logs'), { what: 'the DaemonSet in the cache' });
  const sync = async (): Promise<void> => {
    await controller.sync('default/logs');
    await controller.recorder.flush();
  };
  return { api, controller, sync };
}

async function daemonPods(api: TestApi): Promise<KubeObject[]> {
  return (await api.client.list(pods, 'default')).items.sort((a, b) => target(a).localeCompare(target(b)));
}

function target(pod: KubeObject): string {
  return pod.spec.nodeName ?? pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0];
}

async function eventMessages(api: TestApi): Promise<string[]> {
  const list = (await api.client.list(events, 'default')).items.filter((e) => e.involvedObject.kind === 'DaemonSet');
  return list.map((e) => `${e.type} ${e.reason} ${e.source.component}: ${e.message}`);
}

/** What the scheduler and a kubelet would do: bind the pod, then report it Running and Ready. */
async function runOnNode(api: TestApi, pod: KubeObject): Promise<void> {
  await api.client.createSubresource(pods, 'default', pod.metadata.name!, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod.metadata.name }, target: { apiVersion: 'v1', kind: 'Node', name: target(pod) } });
  const bound = await api.client.get(pods, 'default', pod.metadata.name!);
  const now = new Date(api.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  bound.status = { ...bound.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }] };
  await api.client.update(pods, bound, { subresource: 'status' });
}

async function cachedPodCount(api: TestApi, count: number, what: string): Promise<void> {
  await waitFor(() => api.informers.informerFor(pods).list().length === count, { what });
}

test('creates one pod per eligible node, pinned by node affinity, and says so in events and status', async (t) => {
  const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  const { api, sync } = await setup(t, [node('node-1'), node('node-2'), node('gpu-1', {}, [taint]), node('cordoned', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }])], daemonSet());
  await sync();

  const created = await daemonPods(api);
  assert.deepEqual(created.map(target), ['cordoned', 'node-1', 'node-2']);
  const pod = created[1]!;
  assert.equal(pod.metadata.generateName, 'logs-');
  assert.equal(pod.status.phase, 'Pending');
  assert.equal(pod.spec.nodeName, undefined);
  assert.deepEqual(pod.spec.affinity, { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }] } } });
  assert.deepEqual(pod.spec.tolerations, [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ]);
  // The pods' add events bring the DaemonSet back; its status then counts them.
  await cachedPodCount(api, 3, 'the new pods in the cache');
  await sync();
  const ds = await api.client.get(daemonSets, 'default', 'logs');
  const [revision] = (await api.client.list(revisions, 'default')).items;
  const hash = revision!.metadata.labels!['controller-revision-hash']!;
  assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  assert.deepEqual(pod.metadata.labels, { app: 'logs', 'controller-revision-hash': hash, 'pod-template-generation': '1' });
  assert.deepEqual(pod.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'logs', uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  assert.deepEqual(
    (await eventMessages(api)).sort(),
    created.map((p) => `Normal SuccessfulCreate daemonset-controller: Created pod: ${p.metadata.name}`).sort(),
  );
  assert.deepEqual(ds.status, { currentNumberScheduled: 3, desiredNumberScheduled: 3, numberMisscheduled: 0, numberReady: 0, numberUnavailable: 3, observedGeneration: 1, updatedNumberScheduled: 3 });
});

test('records the template in a ControllerRevision that rollout history reads', async (t) => {
  const { api, sync } = await setup(t, [node('node-1')], daemonSet());
  await sync();
  const ds = await api.client.get(daemonSets, 'default', 'logs');
  const [revision] = (await api.client.list(revisions, 'default')).items;
  const hash = revision!.metadata.labels!['controller-revision-hash'];
  assert.equal(revision!.metadata.name, `logs-${hash}`);
  assert.equal(revision!.revision, 1);
  assert.deepEqual(revision!.metadata.labels, { app: 'logs', 'controller-revision-hash': hash });
  assert.deepEqual(revision!.metadata.annotations, { 'deprecated.daemonset.template.generation': '1' });
  assert.deepEqual(revision!.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'logs', uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  // The bytes kubectl compares with its own json.Marshal of the DaemonSet (rollout undo).
  assert.equal(
    JSON.stringify(revision!.data),
    '{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"logs"}},"spec":{"containers":[{"image":"fluentd:v1","imagePullPolicy":"IfNotPresent","name":"fluentd","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},"terminationGracePeriodSeconds":30}}}}',
  );
});

test('follows nodes: a new node gets a pod, a node that stops matching loses it', async (t) => {
  const { api, sync } = await setup(t, [node('node-1', { disk: 'ssd' })], daemonSet({ template: { metadata: { labels: { app: 'logs' } }, spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'fluentd', image: 'fluentd:v1' }] } } }));
  await sync();
  await cachedPodCount(api, 1, 'the first pod in the cache');
  await api.client.create(nodes, undefined, node('node-2', { disk: 'ssd' }));
  await waitFor(() => api.informers.informerFor(nodes).get('node-2'), { what: 'node-2 in the cache' });
  await sync();
  assert.deepEqual((await daemonPods(api)).map(target), ['node-1', 'node-2']);
  await cachedPodCount(api, 2, 'both pods in the cache');

  const moved = await api.client.get(nodes, undefined, 'node-1');
  moved.metadata.labels!.disk = 'hdd';
  await api.client.update(nodes, moved);
  await waitFor(() => api.informers.informerFor(nodes).get('node-1')?.metadata.labels?.disk === 'hdd', { what: 'the relabelled node in the cache' });
  const doomed = (await daemonPods(api))[0]!;
  await sync();
  assert.deepEqual((await daemonPods(api)).map(target), ['node-2']);
  assert.ok((await eventMessages(api)).includes(`Normal SuccessfulDelete daemonset-controller: Deleted pod: ${doomed.metadata.name}`));
  const status = (await api.client.get(daemonSets, 'default', 'logs')).status;
  assert.equal(status.desiredNumberScheduled, 1);
});

test('rolls a template change out one node at a time, waiting for the new pod to be ready', async (t) => {
  const { api, sync } = await setup(t, [node('node-1'), node('node-2')], daemonSet());
  await sync();
  for (const pod of await daemonPods(api)) await runOnNode(api, pod);
  await waitFor(() => api.informers.informerFor(pods).list().every((p) => p.status?.phase === 'Running'), { what: 'running pods in the cache' });
  await sync();
  assert.equal((await api.client.get(daemonSets, 'default', 'logs')).status.numberAvailable, 2);

  const ds = await api.client.get(daemonSets, 'default', 'logs');
  ds.spec.template.spec.containers[0].image = 'fluentd:v2';
  await api.client.update(daemonSets, ds);
  await waitFor(() => api.informers.informerFor(daemonSets).get('default/logs')?.metadata.generation === 2, { what: 'the new generation in the cache' });
  await sync();
  // maxUnavailable 1: one old pod is deleted (gracefully: its kubelet would finish it), not both.
  const afterFirst = await daemonPods(api);
  assert.equal(afterFirst.filter((p) => p.metadata.deletionTimestamp).length, 1);
  const revisionList = (await api.client.list(revisions, 'default')).items.sort((a, b) => a.revision - b.revision);
  assert.deepEqual(revisionList.map((r) => r.revision), [1, 2]);
  const newHash = revisionList[1]!.metadata.labels!['controller-revision-hash'];

  // The kubelet finishes the pod; the controller creates its replacement from the new template.
  const terminating = afterFirst.find((p) => p.metadata.deletionTimestamp)!;
  await api.client.delete(pods, 'default', terminating.metadata.name!, { gracePeriodSeconds: 0 });
  await cachedPodCount(api, 1, 'the deleted pod gone from the cache');
  await sync();
  const replacement = (await daemonPods(api)).find((p) => !p.spec.nodeName)!;
  assert.equal(target(replacement), target(terminating));
  assert.equal(replacement.metadata.labels!['controller-revision-hash'], newHash);
  assert.equal(replacement.metadata.labels!['pod-template-generation'], '2');
  assert.equal(replacement.spec.containers[0].image, 'fluentd:v2');
  await cachedPodCount(api, 2, 'the replacement in the cache');
  await sync();
  const status = (await api.client.get(daemonSets, 'default', 'logs')).status;
  assert.deepEqual({ updated: status.updatedNumberScheduled, available: status.numberAvailable, observed: status.observedGeneration }, { updated: 1, available: 1, observed: 2 });
});

test('OnDelete leaves running pods alone until they are deleted by hand', async (t) => {
  const { api, sync } = await setup(t, [node('node-1')], daemonSet({ updateStrategy: { type: 'OnDelete' } }));
  await sync();
  await cachedPodCount(api, 1, 'the pod in the cache');
  const ds = await api.client.get(daemonSets, 'default', 'logs');
  ds.spec.template.spec.containers[0].image = 'fluentd:v2';
  await api.client.update(daemonSets, ds);
  await waitFor(() => api.informers.informerFor(daemonSets).get('default/logs')?.metadata.generation === 2, { what: 'the new generation in the cache' });
  await sync();
  const [pod] = await daemonPods(api);
  assert.equal(pod!.spec.containers[0].image, 'fluentd:v1');
  assert.equal(pod!.metadata.deletionTimestamp, undefined);
  assert.equal((await api.client.get(daemonSets, 'default', 'logs')).status.updatedNumberScheduled, undefined);
});

test('an empty selector selects all pods and is refused with a warning', async (t) => {
  const api = await startApi(t);
  const controller = DaemonSetController.fromContext(api);
  await api.syncInformers();
  // The API rejects such a DaemonSet; a cached one can still carry it, so sync is fed directly.
  const informer = api.informers.informerFor(daemonSets);
  const original = informer.get.bind(informer);
  informer.get = (key: string) => (key === 'default/odd' ? { ...daemonSet(), metadata: { name: 'odd', namespace: 'default', uid: 'u1' }, spec: { ...daemonSet().spec, selector: {} } } : original(key));
  await controller.sync('default/odd');
  await controller.recorder.flush();
  const [event] = (await api.client.list(events, 'default')).items;
  assert.deepEqual([event!.type, event!.reason, event!.message], ['Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.']);
});

test('with maxSurge, the old pod of a node whose new pod is available is deleted once', async (t) => {
  const surge = { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } };
  const { api, sync } = await setup(t, [node('node-1')], daemonSet(surge));
  await sync();
  const [old] = await daemonPods(api);
  await runOnNode(api, old!);
  await waitFor(() => api.informers.informerFor(pods).get(`default/${old!.metadata.name}`)?.status?.phase === 'Running', { what: 'the old pod running in the cache' });
  const ds = await api.client.get(daemonSets, 'default', 'logs');
  ds.spec.template.spec.containers[0].image = 'fluentd:v2';
  await api.client.update(daemonSets, ds);
  await waitFor(() => api.informers.informerFor(daemonSets).get('default/logs')?.metadata.generation === 2, { what: 'the new generation in the cache' });
  await sync();
  const surged = (await daemonPods(api)).find((p) => p.metadata.name !== old!.metadata.name)!;
  assert.ok(surged, 'a second pod starts beside the old one');
  await runOnNode(api, surged);
  await waitFor(() => api.informers.informerFor(pods).get(`default/${surged.metadata.name}`)?.status?.phase === 'Running', { what: 'the new pod running in the cache' });
  await sync();
  await sync();
  const deletes = (await eventMessages(api)).filter((m) => m.includes('SuccessfulDelete'));
  assert.deepEqual(deletes, [`Normal SuccessfulDelete daemonset-controller: Deleted pod: ${old!.metadata.name}`]);
  const list = (await api.client.list(events, 'default')).items.filter((e) => e.reason === 'SuccessfulDelete');
  assert.equal(list[0]?.count, 1, 'one deletion, not the same one twice');
});
