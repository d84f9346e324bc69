// `kubectl apply --server-side`: the PATCH with application/apply-patch+yaml creates a missing
// object and merges into an existing one, as a v1.32 apiserver does (without field ownership).
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../../../shared/clock.js';
import { LevelStore } from '../../../../../daemon/store/level-store.js';
import { GenericRegistry } from '../../../../../daemon/apiserver/registry/generic-registry.js';
import { LocalClient } from '../../../../../daemon/apiserver/local-client.js';
import { bootstrapCluster } from '../../../../../daemon/apiserver/bootstrap.js';
import { newContext } from '../../../../../daemon/apiserver/request-context.js';
import { isApplyPatch, serverSideApply } from '../../../../../daemon/apiserver/handlers/server-side-apply.js';
import { findResource } from '../../../../../shared/api/resources.js';
import { StatusError } from '../../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';

async function registryFor(t: TestContext): Promise<GenericRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-ssa-'));
  const store = await LevelStore.open(join(dir, 'store'));
  const registry = new GenericRegistry({ store, clock: new ManualClock(Date.UTC(2026, 0, 1)), garbageCollectorEnabled: () => false });
  await bootstrapCluster(new LocalClient(registry), { address: '127.0.0.1', port: 6443 });
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return registry;
}

const configMaps = findResource('', 'v1', 'configmaps')!;
const applyUrl = new URL('https://localhost/api/v1/namespaces/default/configmaps/game?fieldManager=kubectl&force=false');

function body(object: unknown): Buffer {
  return Buffer.from(JSON.stringify(object));
}

describe('server-side apply', () => {
  it('recognises kubectl\'s apply media type', () => {
    assert.equal(isApplyPatch('application/apply-patch+yaml'), true);
    assert.equal(isApplyPatch('application/strategic-merge-patch+json'), false);
  });

  it('creates the object when it does not exist, then merges the next apply into it', async (t) => {
    const registry = await registryFor(t);
    const first = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'game', labels: { app: 'game' } }, data: { lives: '3' } };
    const created = await serverSideApply(registry, configMaps, 'default', 'game', body(first), applyUrl, newContext());
    assert.equal(created.created, true);
    assert.deepEqual((created.entry.object as KubeObject).data, { lives: '3' });

    const second = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'game' }, data: { lives: '5', level: '2' } };
    const updated = await serverSideApply(registry, configMaps, 'default', 'game', body(second), applyUrl, newContext());
    assert.equal(updated.created, false);
    const object = updated.entry.object as KubeObject;
    assert.deepEqual(object.data, { lives: '5', level: '2' });
    assert.deepEqual(object.metadata.labels, { app: 'game' });
  });

  it('accepts a YAML body', async (t) => {
    const registry = await registryFor(t);
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: game\ndata:\n  lives: "3"\n';
    const created = await serverSideApply(registry, configMaps, 'default', 'game', Buffer.from(yaml), applyUrl, newContext());
    assert.deepEqual((created.entry.object as KubeObject).data, { lives: '3' });
  });

  it('refuses an apply without a field manager with the apiserver\'s words', async (t) => {
    const registry = await registryFor(t);
    const url = new URL('https://localhost/api/v1/namespaces/default/configmaps/game');
    await assert.rejects(
      serverSideApply(registry, configMaps, 'default', 'game', body({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'game' } }), url, newContext()),
      (err: unknown) => err instanceof StatusError && err.code === 422 && err.message === 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  });

  it('refuses a configuration whose name differs from the URL', async (t) => {
    const registry = await registryFor(t);
    await assert.rejects(
      serverSideApply(registry, configMaps, 'default', 'game', body({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other' } }), applyUrl, newContext()),
      (err: unknown) => err instanceof StatusError && err.code === 400 && err.message === 'the name of the object (other) does not match the name on the URL (game)',
    );
  });
});
