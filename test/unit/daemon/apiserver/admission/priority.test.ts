import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { admitPriorityClass } from '../../../../../daemon/apiserver/admission/priority.js';
import { storageKey } from '../../../../../daemon/store/key-layout.js';
import { LevelStore } from '../../../../../daemon/store/level-store.js';
import { startApi } from '../../../../helpers/api.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const priorityClasses = { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses' };

function pod(name: string, spec: Record<string, unknown> = {}) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } };
}

describe('Priority admission', () => {
  it('gives a pod without a class priority 0 and PreemptLowerPriority', async (t) => {
    const { client } = await startApi(t);
    const created = await client.create(pods, 'default', pod('plain'));
    assert.equal(created.spec.priority, 0);
    assert.equal(created.spec.preemptionPolicy, 'PreemptLowerPriority');
    assert.equal(created.spec.priorityClassName, undefined);
  });

  it('resolves a class to its value and preemption policy', async (t) => {
    const { client } = await startApi(t);
    await client.create(priorityClasses, undefined, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'batch-low' }, value: 10, preemptionPolicy: 'Never' });
    const created = await client.create(pods, 'default', pod('low', { priorityClassName: 'batch-low' }));
    assert.deepEqual([created.spec.priority, created.spec.preemptionPolicy], [10, 'Never']);
    const system = await client.create(pods, 'default', pod('critical', { priorityClassName: 'system-node-critical' }));
    assert.equal(system.spec.priority, 2000001000);
  });

  it('refuses an unknown class with the apiserver message', async (t) => {
    const { client } = await startApi(t);
    await assert.rejects(client.create(pods, 'default', pod('x', { priorityClassName: 'y' })), { message: 'pods "x" is forbidden: no PriorityClass with name y was found' });
  });

  it('applies the globalDefault class to pods without one', async (t) => {
    const { client } = await startApi(t);
    await client.create(priorityClasses, undefined, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'default-low' }, value: 50, globalDefault: true });
    const created = await client.create(pods, 'default', pod('defaulted'));
    assert.deepEqual([created.spec.priorityClassName, created.spec.priority], ['default-low', 50]);
  });

  it('refuses a priority that disagrees with the class', async (t) => {
    const { client } = await startApi(t);
    await assert.rejects(client.create(pods, 'default', pod('x', { priority: 7 })), {
      message: 'pods "x" is forbidden: the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name',
    });
  });
});

describe('admitPriorityClass', () => {
  it('refuses a second globalDefault class and lets the default one be saved again', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-priority-'));
    const store = await LevelStore.open(join(dir, 'store'));
    t.after(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const existing = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'a' }, value: 1, globalDefault: true };
    await store.commit([{ type: 'put', key: storageKey('scheduling.k8s.io', 'priorityclasses', undefined, 'a'), object: existing }]);
    assert.throws(() => admitPriorityClass(store, { metadata: { name: 'b' }, value: 2, globalDefault: true }, 'create'), {
      message: 'priorityclasses.scheduling.k8s.io "b" is forbidden: PriorityClass a is already marked as default. Only one default can exist',
    });
    assert.doesNotThrow(() => admitPriorityClass(store, existing, 'update'));
    assert.doesNotThrow(() => admitPriorityClass(store, { metadata: { name: 'c' }, value: 3 }, 'create'));
  });
});
