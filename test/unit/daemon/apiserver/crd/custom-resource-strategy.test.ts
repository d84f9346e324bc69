// The registry rules of custom resources: pruning on read after a CRD's schema narrows, and the
// scale subresource's checks of a custom resource, worded as the apiextensions apiserver's
// ValidateScaleSpec / ValidateScaleStatus word them (the path is the CRD's own, leading dot and all).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ManualClock } from '../../../../../shared/clock.js';
import { bootstrapCluster } from '../../../../../daemon/apiserver/bootstrap.js';
import { CrdController } from '../../../../../daemon/apiserver/crd/crd-controller.js';
import { LocalClient } from '../../../../../daemon/apiserver/local-client.js';
import { GenericRegistry } from '../../../../../daemon/apiserver/registry/generic-registry.js';
import { storageKey } from '../../../../../daemon/store/key-layout.js';
import { LevelStore } from '../../../../../daemon/store/level-store.js';
import { fieldErrorString } from '../../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { customResourceStrategy } from '../../../../../daemon/apiserver/crd/custom-resource-strategy.js';
import { serveCrd, stopServingCrd } from '../../../../../daemon/apiserver/crd/served-crds.js';

const group = 'strategy.kubelab.dev';
const crd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `scalers.${group}` },
  spec: {
    group,
    scope: 'Namespaced',
    names: { plural: 'scalers', kind: 'Scaler' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }, subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } } }],
  },
};

function scaleErrors(spec: unknown, status?: unknown): string[] {
  const strategy = customResourceStrategy(group, 'scalers')!;
  const obj: KubeObject = { apiVersion: `${group}/v1`, kind: 'Scaler', metadata: { name: 's' }, spec, status };
  return (strategy.validate?.(obj) ?? []).map(fieldErrorString);
}

test('scale paths that do not hold a replica count are refused with the apiserver words', (t) => {
  serveCrd(crd, false);
  t.after(() => stopServingCrd(crd.metadata.name!));
  assert.deepEqual(scaleErrors({ replicas: 2 }), []);
  assert.deepEqual(scaleErrors({}), []);
  assert.deepEqual(scaleErrors({ replicas: 'two' }), ['.spec.replicas: Invalid value: 0: .spec.replicas accessor error: two is of the type string, expected int64']);
  assert.deepEqual(scaleErrors({ replicas: -1 }), ['.spec.replicas: Invalid value: -1: should be a non-negative integer']);
  assert.deepEqual(scaleErrors({ replicas: 2147483648 }), ['.spec.replicas: Invalid value: 2147483648: should be less than or equal to 2147483647']);
  assert.deepEqual(scaleErrors({ replicas: 1 }, { replicas: -2 }), ['.status.replicas: Invalid value: -2: should be a non-negative integer']);
});

test('a field a narrowed schema drops is gone from reads at once, and from storage at the next write', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-crd-prune-'));
  const store = await LevelStore.open(join(dir, 'store'));
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const registry = new GenericRegistry({ store, clock });
  const client = new LocalClient(registry);
  const controller = new CrdController(registry, clock);
  t.after(async () => {
    await controller.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  controller.start();
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 10; i++) {
      await controller.settled();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await bootstrapCluster(client, { address: '127.0.0.1', port: 6443 });
  const crds = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };
  const gadgets = { group: 'prune.kubelab.dev', version: 'v1', resource: 'gadgets' };
  const specSchema = (properties: Record<string, unknown>) => ({ openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties } } } });
  const gadgetCrd: KubeObject = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'gadgets.prune.kubelab.dev' },
    spec: {
      group: 'prune.kubelab.dev',
      scope: 'Namespaced',
      names: { plural: 'gadgets', kind: 'Gadget' },
      versions: [{ name: 'v1', served: true, storage: true, schema: specSchema({ size: { type: 'integer' }, color: { type: 'string' } }) }],
    },
  };
  await client.create(crds, undefined, gadgetCrd);
  await settle();
  await client.create(gadgets, 'default', { apiVersion: 'prune.kubelab.dev/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { size: 1, color: 'red' } });
  const storedText = (): string => store.get(storageKey('prune.kubelab.dev', 'gadgets', 'default', 'g'))!.json;
  assert.match(storedText(), /"color":"red"/);

  const crd = await client.get(crds, undefined, 'gadgets.prune.kubelab.dev');
  crd.spec.versions[0].schema = specSchema({ size: { type: 'integer' } });
  await client.update(crds, crd);
  await settle();

  assert.deepEqual((await client.get(gadgets, 'default', 'g')).spec, { size: 1 });
  assert.deepEqual((await client.list(gadgets, 'default')).items.map((g) => g.spec), [{ size: 1 }]);
  assert.match(storedText(), /"color":"red"/, 'storage keeps the old text until the next write');

  const read = await client.get(gadgets, 'default', 'g');
  await client.update(gadgets, { ...read, metadata: { ...read.metadata, labels: { touched: 'yes' } } });
  assert.doesNotMatch(storedText(), /color/);
});

test('CEL rules run after the schema check, are blocked by its type errors, and ratchet into warnings', (t) => {
  const ruled: KubeObject = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `ruled.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'ruled', kind: 'Ruled' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { replicas: { type: 'integer' }, min: { type: 'integer' }, note: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: 'self.min <= self.replicas', message: 'replicas below min' }] } } } } }],
    },
  };
  serveCrd(ruled, false);
  t.after(() => stopServingCrd(ruled.metadata.name!));
  const strategy = customResourceStrategy(group, 'ruled')!;
  const obj = (spec: unknown): KubeObject => ({ apiVersion: `${group}/v1`, kind: 'Ruled', metadata: { name: 'r' }, spec });
  const validate = (o: KubeObject, old?: KubeObject, warnings?: string[]): string[] => (strategy.validate?.(o, old, warnings) ?? []).map(fieldErrorString);
  assert.deepEqual(validate(obj({ replicas: 1, min: 3 })), ['spec: Invalid value: "object": replicas below min']);
  assert.deepEqual(validate(obj({ replicas: 'one', min: 3 })), [
    'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    '<nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
  ]);
  const warnings: string[] = [];
  assert.deepEqual(validate(obj({ replicas: 1, min: 3, note: 'x' }), obj({ replicas: 1, min: 3, note: 'x' }), warnings), []);
  assert.deepEqual(warnings, ['spec: Invalid value: "object": replicas below min']);
  // A status write runs the rules in full, without ratcheting.
  const stored = (): KubeObject => ({ ...obj({ replicas: 1, min: 3 }), metadata: { name: 'r', resourceVersion: '7' } });
  const status = (strategy.validateStatusUpdate?.(stored(), stored()) ?? []).map(fieldErrorString);
  assert.deepEqual(status, ['spec: Invalid value: "object": replicas below min']);
});
