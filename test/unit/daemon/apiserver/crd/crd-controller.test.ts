// The CRD lifecycle through the in-process API: create → NamesAccepted/Established → served
// (REST, watch, Table, discovery) → survives a restart of the API on the same store → delete
// (cleanup finalizer, Terminating, custom resources deleted first) → no longer served.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isStatusError } from '../../../../../shared/api/errors.js';
import type { KubeObject, WatchEvent } from '../../../../../shared/api/meta.js';
import { findResource } from '../../../../../shared/api/resources.js';
import { ManualClock } from '../../../../../shared/clock.js';
import { bootstrapCluster } from '../../../../../daemon/apiserver/bootstrap.js';
import { CrdController } from '../../../../../daemon/apiserver/crd/crd-controller.js';
import { aggregatedDiscovery } from '../../../../../daemon/apiserver/handlers/discovery.js';
import { tableOf } from '../../../../../daemon/apiserver/handlers/table.js';
import { LocalClient } from '../../../../../daemon/apiserver/local-client.js';
import { GenericRegistry } from '../../../../../daemon/apiserver/registry/generic-registry.js';
import { LevelStore } from '../../../../../daemon/store/level-store.js';
import { GarbageCollector } from '../../../../../daemon/controllers/garbage-collector.js';
import { SharedInformerFactory } from '../../../../../shared/client/informer-factory.js';
import { waitFor } from '../../../../helpers/wait-for.js';

const crds = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };
const configmaps = { group: '', version: 'v1', resource: 'configmaps' };
const widgets = { group: 'lifecycle.kubelab.dev', version: 'v1', resource: 'widgets' };

const widgetCrd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.lifecycle.kubelab.dev' },
  spec: {
    group: 'lifecycle.kubelab.dev',
    scope: 'Namespaced',
    names: { plural: 'widgets', kind: 'Widget', shortNames: ['wd'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', default: 3 } } } } } },
        additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
      },
    ],
  },
};

async function openApi(dir: string) {
  const store = await LevelStore.open(join(dir, 'store'));
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const registry = new GenericRegistry({ store, clock });
  const client = new LocalClient(registry);
  const controller = new CrdController(registry, clock);
  controller.start();
  /** Runs the controller until it has nothing left to do (each step's write queues the next). */
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 10; i++) {
      await controller.settled();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const close = async (): Promise<void> => {
    await controller.stop();
    await store.close();
  };
  return { store, clock, registry, client, controller, settle, close };
}

test('a CRD is established, served, survives a restart and takes its objects with it when deleted', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-crd-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  let api = await openApi(dir);
  await bootstrapCluster(api.client, { address: '127.0.0.1', port: 6443 });

  const created = await api.client.create(crds, undefined, widgetCrd);
  assert.deepEqual(created.status, { acceptedNames: { kind: '', plural: '' }, storedVersions: ['v1'] });
  assert.deepEqual(created.spec.names, { plural: 'widgets', kind: 'Widget', shortNames: ['wd'], singular: 'widget', listKind: 'WidgetList' });
  await api.settle();

  const established = await api.client.get(crds, undefined, 'widgets.lifecycle.kubelab.dev');
  assert.deepEqual(
    established.status.conditions.map((c: Record<string, string>) => [c.type, c.status, c.reason, c.message, c.lastTransitionTime]),
    [
      ['NamesAccepted', 'True', 'NoConflicts', 'no conflicts found', '2026-01-01T00:00:00Z'],
      ['Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted', '2026-01-01T00:00:00Z'],
    ],
  );
  assert.equal(established.status.acceptedNames.plural, 'widgets');

  // Served: discovery lists it, the registry takes it, defaults and the printer columns apply.
  const group = (aggregatedDiscovery(false, 'v2').items as { metadata: { name: string }; versions: { resources: { resource: string; verbs: string[]; shortNames?: string[] }[] }[] }[]).find(
    (g) => g.metadata.name === 'lifecycle.kubelab.dev',
  );
  assert.deepEqual(group?.versions[0]?.resources.map((r) => [r.resource, r.shortNames, r.verbs.join(',')]), [['widgets', ['wd'], 'delete,deletecollection,get,list,patch,create,update,watch']]);
  const events: string[] = [];
  const watch = await api.client.watch(widgets, 'default', {}, (e: WatchEvent) => events.push(`${e.type} ${e.object.metadata.name}`));
  const widget = await api.client.create(widgets, 'default', { apiVersion: 'lifecycle.kubelab.dev/v1', kind: 'Widget', metadata: { generateName: 'w-' }, spec: {} });
  assert.match(widget.metadata.name!, /^w-[a-z0-9]{5}$/);
  assert.deepEqual(widget.spec, { size: 3 });
  const table = tableOf(findResource('lifecycle.kubelab.dev', 'v1', 'widgets')!, [widget], api.clock.now(), 'None');
  assert.deepEqual(table.columnDefinitions?.map((c) => c.name), ['Name', 'Size']);
  assert.deepEqual(table.rows[0]?.cells, [widget.metadata.name, 3]);
  const byField = await api.client.list(widgets, 'default', { fieldSelector: `metadata.name=${widget.metadata.name}` });
  assert.equal(byField.items.length, 1);
  watch.stop();
  assert.deepEqual(events, [`ADDED ${widget.metadata.name}`]);

  // Restart: a new API on the same store serves the CRD again at once.
  await api.close();
  assert.equal(findResource('lifecycle.kubelab.dev', 'v1', 'widgets'), undefined);
  api = await openApi(dir);
  t.after(() => api.close());
  assert.equal((await api.client.get(widgets, 'default', widget.metadata.name!)).spec.size, 3);

  // A second version (conversion None) reads the same objects, with its own defaults filled in.
  const crd = await api.client.get(crds, undefined, 'widgets.lifecycle.kubelab.dev');
  const v2Schema = { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' }, color: { type: 'string', default: 'blue' } } } } } };
  crd.spec.versions.push({ name: 'v2', served: true, storage: false, schema: v2Schema });
  await api.client.update(crds, crd);
  await api.settle();
  const v2 = await api.client.get({ ...widgets, version: 'v2' }, 'default', widget.metadata.name!);
  assert.equal(v2.apiVersion, 'lifecycle.kubelab.dev/v2');
  assert.deepEqual(v2.spec, { size: 3, color: 'blue' });
  assert.equal((await api.client.get(widgets, 'default', widget.metadata.name!)).apiVersion, 'lifecycle.kubelab.dev/v1');
  const preferred = (aggregatedDiscovery(false, 'v2').items as { metadata: { name: string }; versions: { version: string }[] }[]).find((g) => g.metadata.name === 'lifecycle.kubelab.dev');
  assert.deepEqual(preferred?.versions.map((v) => v.version), ['v2', 'v1']);

  // Delete: the finalizer holds the CRD while its objects go, then the CRD and the kind go.
  const deleting = await api.client.delete(crds, undefined, 'widgets.lifecycle.kubelab.dev');
  assert.deepEqual(deleting.metadata.finalizers, ['customresourcecleanup.apiextensions.k8s.io']);
  const terminating = deleting.status.conditions.find((c: Record<string, string>) => c.type === 'Terminating');
  assert.deepEqual([terminating.status, terminating.reason, terminating.message], ['True', 'InstanceDeletionPending', 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon']);
  await assert.rejects(
    api.client.create(widgets, 'default', { apiVersion: 'lifecycle.kubelab.dev/v1', kind: 'Widget', metadata: { name: 'late' } }),
    (err: unknown) => isStatusError(err) && err.code === 405 && err.message === 'create not allowed while custom resource definition is terminating',
  );
  await api.settle();
  await assert.rejects(api.client.get(crds, undefined, 'widgets.lifecycle.kubelab.dev'), (err: unknown) => isStatusError(err) && err.code === 404);
  assert.equal(findResource('lifecycle.kubelab.dev', 'v1', 'widgets'), undefined);
  assert.equal(api.store.list('').filter((e) => e.key.includes('widgets')).length, 0);
});

test('the garbage collector deletes what a deleted custom resource owned', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-crd-gc-'));
  const api = await openApi(dir);
  const abort = new AbortController();
  const informers = new SharedInformerFactory({ client: api.client, clock: api.clock });
  t.after(async () => {
    abort.abort();
    await informers.stopped();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await bootstrapCluster(api.client, { address: '127.0.0.1', port: 6443 });
  await api.client.create(crds, undefined, { ...widgetCrd, metadata: { name: 'gadgets.gc.kubelab.dev' }, spec: { ...widgetCrd.spec, group: 'gc.kubelab.dev', names: { plural: 'gadgets', kind: 'Gadget' } } });
  await api.settle();
  const gadgets = { group: 'gc.kubelab.dev', version: 'v1', resource: 'gadgets' };
  const owner = await api.client.create(gadgets, 'default', { apiVersion: 'gc.kubelab.dev/v1', kind: 'Gadget', metadata: { name: 'g' } });
  const ownerRef = { apiVersion: 'gc.kubelab.dev/v1', kind: 'Gadget', name: 'g', uid: owner.metadata.uid! };
  await api.client.create(configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owned', ownerReferences: [ownerRef] } });
  const gc = GarbageCollector.fromContext({ client: api.client, clock: api.clock, informers });
  informers.start(abort.signal);
  void gc.start(abort.signal);
  await waitFor(() => gc.graph.get(owner.metadata.uid!), { what: 'the owner as a virtual node' });
  await api.client.delete(gadgets, 'default', 'g');
  api.clock.step(30_000);
  await waitFor(async () => (await api.client.list(configmaps, 'default', { fieldSelector: 'metadata.name=owned' })).items.length === 0, { what: 'the owned ConfigMap to go' });
});

test('a CRD whose names another CRD of the group holds is not established and not served, until they are free', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-crd-names-'));
  const api = await openApi(dir);
  t.after(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await bootstrapCluster(api.client, { address: '127.0.0.1', port: 6443 });
  const group = 'names.kubelab.dev';
  const first = { ...widgetCrd, metadata: { name: `widgets.${group}` }, spec: { ...widgetCrd.spec, group } };
  const second = { ...widgetCrd, metadata: { name: `gizmos.${group}` }, spec: { ...widgetCrd.spec, group, names: { plural: 'gizmos', kind: 'Gizmo', shortNames: ['wd'] } } };
  await api.client.create(crds, undefined, first);
  await api.settle();
  await api.client.create(crds, undefined, second);
  await api.settle();
  const refused = await api.client.get(crds, undefined, `gizmos.${group}`);
  assert.deepEqual(
    refused.status.conditions.map((c: Record<string, string>) => [c.type, c.status, c.reason, c.message]),
    [
      ['NamesAccepted', 'False', 'ShortNamesConflict', '"wd" is already in use'],
      ['Established', 'False', 'NotAccepted', 'not all names are accepted'],
    ],
  );
  assert.deepEqual(refused.status.acceptedNames, { plural: 'gizmos', singular: 'gizmo', kind: 'Gizmo', listKind: 'GizmoList' });
  assert.equal(findResource(group, 'v1', 'gizmos'), undefined);

  // The first CRD goes: its names are free, and the second one gets them.
  await api.client.delete(crds, undefined, `widgets.${group}`);
  await api.settle();
  const accepted = await api.client.get(crds, undefined, `gizmos.${group}`);
  assert.deepEqual(
    accepted.status.conditions.map((c: Record<string, string>) => [c.type, c.status, c.reason]),
    [
      ['NamesAccepted', 'True', 'NoConflicts'],
      ['Established', 'True', 'InitialNamesAccepted'],
    ],
  );
  assert.deepEqual(findResource(group, 'v1', 'gizmos')?.shortNames, ['wd']);
});

test('watches on a custom resource end when its CRD is deleted', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-crd-watch-'));
  const api = await openApi(dir);
  t.after(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await bootstrapCluster(api.client, { address: '127.0.0.1', port: 6443 });
  const group = 'watch.kubelab.dev';
  await api.client.create(crds, undefined, { ...widgetCrd, metadata: { name: `widgets.${group}` }, spec: { ...widgetCrd.spec, group } });
  await api.settle();
  const ref = { ...widgets, group };
  await api.client.create(ref, 'default', { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w' } });
  const events: string[] = [];
  const watch = await api.client.watch(ref, undefined, {}, (e: WatchEvent) => events.push(`${e.type} ${e.object.metadata.name}`));
  let ended = false;
  void watch.done.then(() => (ended = true));
  await api.client.delete(crds, undefined, `widgets.${group}`);
  await api.settle();
  await waitFor(() => ended, { what: 'the watch to end' });
  assert.deepEqual(events, ['ADDED w', 'DELETED w']);
});

test('a watch opened before its CRD changes still reads objects in the version it asked for', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-crd-reserve-'));
  const api = await openApi(dir);
  t.after(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await bootstrapCluster(api.client, { address: '127.0.0.1', port: 6443 });
  const group = 'reserve.kubelab.dev';
  const v1 = widgetCrd.spec.versions[0];
  const versions = [v1, { ...v1, name: 'v1beta1', storage: false }];
  await api.client.create(crds, undefined, { ...widgetCrd, metadata: { name: `widgets.${group}` }, spec: { ...widgetCrd.spec, group, versions } });
  await api.settle();
  const seen: string[] = [];
  const watch = await api.client.watch({ ...widgets, group, version: 'v1beta1' }, 'default', {}, (e: WatchEvent) => seen.push(`${e.type} ${e.object.metadata.name} ${e.object.apiVersion}`));
  t.after(() => watch.stop());
  // Any change of the CRD serves its kinds again; the open watch must still read them as custom ones.
  await api.client.patch(crds, undefined, `widgets.${group}`, 'merge', { metadata: { labels: { touched: 'yes' } } });
  await api.settle();
  await api.client.create({ ...widgets, group }, 'default', { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w' } });
  await waitFor(() => seen.length === 1, { what: 'the ADDED event' });
  assert.deepEqual(seen, [`ADDED w ${group}/v1beta1`]);
});
