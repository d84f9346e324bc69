// The garbage collector follows the CRDs: custom resources are dependents (of a Deployment, of
// another custom resource) and owners, deleted in the background and in the foreground, and a
// kind's monitor stops when its CRD goes. In-process API with its CRD controller and a ManualClock.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isNotFound } from '../../../../shared/api/errors.js';
import type { KubeObject, OwnerReference } from '../../../../shared/api/meta.js';
import { ManualClock } from '../../../../shared/clock.js';
import type { ResourceRef } from '../../../../shared/client/client.js';
import { SharedInformerFactory } from '../../../../shared/client/informer-factory.js';
import { bootstrapCluster } from '../../../../daemon/apiserver/bootstrap.js';
import { CrdController } from '../../../../daemon/apiserver/crd/crd-controller.js';
import { LocalClient } from '../../../../daemon/apiserver/local-client.js';
import { GenericRegistry } from '../../../../daemon/apiserver/registry/generic-registry.js';
import { GarbageCollector } from '../../../../daemon/controllers/garbage-collector.js';
import { LevelStore } from '../../../../daemon/store/level-store.js';
import { waitFor } from '../../../helpers/wait-for.js';

const crds = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };
const deployments = { group: 'apps', version: 'v1', resource: 'deployments' };

function crdFor(group: string, plural: string, kind: string): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural, kind },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  };
}

function ownerRef(owner: KubeObject, blockOwnerDeletion = false): OwnerReference {
  return { apiVersion: owner.apiVersion!, kind: owner.kind!, name: owner.metadata.name!, uid: owner.metadata.uid!, ...(blockOwnerDeletion ? { blockOwnerDeletion } : {}) };
}

async function startCluster(t: { after(fn: () => unknown): void }, group: string) {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-gc-crd-'));
  const store = await LevelStore.open(join(dir, 'store'));
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const registry = new GenericRegistry({ store, clock, garbageCollectorEnabled: () => true });
  const client = new LocalClient(registry);
  const crdController = new CrdController(registry, clock);
  crdController.start();
  await bootstrapCluster(client, { address: '127.0.0.1', port: 6443 });
  const informers = new SharedInformerFactory({ client, clock });
  const gc = GarbageCollector.fromContext({ client, clock, informers });
  const abort = new AbortController();
  t.after(async () => {
    abort.abort();
    await informers.stopped();
    await crdController.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  informers.start(abort.signal);
  void gc.start(abort.signal);
  const served = async (ref: ResourceRef): Promise<void> => {
    await waitFor(async () => (await client.list(ref, 'default').catch(() => undefined)) !== undefined, { what: `${ref.resource} served` });
  };
  const gadgets = { group, version: 'v1', resource: 'gadgets' };
  const widgets = { group, version: 'v1', resource: 'widgets' };
  await client.create(crds, undefined, crdFor(group, 'gadgets', 'Gadget'));
  await client.create(crds, undefined, crdFor(group, 'widgets', 'Widget'));
  await served(gadgets);
  await served(widgets);
  await waitFor(() => gc.customResourceMonitors?.monitored().length === 2, { what: 'two custom resource monitors' });
  /** Resolves once the object is gone, stepping the clock for the collector's rate-limited retries. */
  const gone = (ref: ResourceRef, name: string): Promise<unknown> =>
    waitFor(
      async () => {
        clock.step(10);
        return client.get(ref, 'default', name).then(() => false, (err) => isNotFound(err));
      },
      { what: `${ref.resource}/${name} deleted` },
    );
  return { client, clock, gc, gadgets, widgets, gone };
}

test('a custom resource owned by a Deployment goes when the Deployment is deleted in the background', async (t) => {
  const { client, gadgets, gone } = await startCluster(t, 'gc1.kubelab.dev');
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
  const deployment = await client.create(deployments, 'default', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template } });
  await client.create(gadgets, 'default', { apiVersion: 'gc1.kubelab.dev/v1', kind: 'Gadget', metadata: { name: 'owned', ownerReferences: [ownerRef(deployment)] } });
  await client.delete(deployments, 'default', 'web', { propagationPolicy: 'Background' });
  await gone(gadgets, 'owned');
});

test('a custom resource owned by another goes first when its owner is deleted in the foreground', async (t) => {
  const { client, gadgets, widgets, gone } = await startCluster(t, 'gc2.kubelab.dev');
  const owner = await client.create(widgets, 'default', { apiVersion: 'gc2.kubelab.dev/v1', kind: 'Widget', metadata: { name: 'owner' } });
  await client.create(gadgets, 'default', { apiVersion: 'gc2.kubelab.dev/v1', kind: 'Gadget', metadata: { name: 'child', ownerReferences: [ownerRef(owner, true)] } });
  const deleting = await client.delete(widgets, 'default', 'owner', { propagationPolicy: 'Foreground' });
  assert.deepEqual(deleting.metadata.finalizers, ['foregroundDeletion']);
  await gone(gadgets, 'child');
  await gone(widgets, 'owner');
});

test('a custom resource owned by another goes after its owner is deleted in the background; the monitor stops with its CRD', async (t) => {
  const { client, gc, gadgets, widgets, gone } = await startCluster(t, 'gc3.kubelab.dev');
  const owner = await client.create(widgets, 'default', { apiVersion: 'gc3.kubelab.dev/v1', kind: 'Widget', metadata: { name: 'owner' } });
  await client.create(gadgets, 'default', { apiVersion: 'gc3.kubelab.dev/v1', kind: 'Gadget', metadata: { name: 'child', ownerReferences: [ownerRef(owner)] } });
  await client.delete(widgets, 'default', 'owner');
  await gone(gadgets, 'child');
  await client.delete(crds, undefined, 'gadgets.gc3.kubelab.dev');
  await waitFor(() => gc.customResourceMonitors?.monitored().map((info) => info.resource).join() === 'widgets', { what: 'the gadgets monitor stopped' });
});
