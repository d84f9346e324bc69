/**
 * The ApiClient contract (shared/client/client.ts), run against every implementation: the
 * in-process client and the HTTP client must answer alike, errors included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { KubeObject, WatchEvent } from '../../shared/api/meta.js';
import { isConflict, isNotFound, isAlreadyExists, isInvalid, StatusError } from '../../shared/api/errors.js';
import { waitFor } from '../helpers/wait-for.js';

const configmaps: ResourceRef = { group: '', version: 'v1', resource: 'configmaps' };
const namespaces: ResourceRef = { group: '', version: 'v1', resource: 'namespaces' };
const deployments: ResourceRef = { group: 'apps', version: 'v1', resource: 'deployments' };

const cm = (name: string, data: Record<string, string> = {}, labels?: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data });

export interface ClientUnderTest {
  client: ApiClient;
  close(): Promise<void>;
}

export function clientContract(name: string, open: () => Promise<ClientUnderTest>): void {
  test(`ApiClient contract: ${name}`, async (t) => {
    const { client, close } = await open();
    t.after(close);
    await client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'contract' } });

    await t.test('create returns the stored object with uid, resourceVersion and creationTimestamp', async () => {
      const created = await client.create(configmaps, 'contract', cm('one', { a: '1' }));
      assert.equal(created.metadata.namespace, 'contract');
      assert.match(created.metadata.uid ?? '', /^[0-9a-f-]{36}$/);
      assert.match(created.metadata.resourceVersion ?? '', /^\d+$/);
      assert.match(String(created.metadata.creationTimestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.deepEqual((await client.get(configmaps, 'contract', 'one')).data, { a: '1' });
    });

    await t.test('a duplicate create is AlreadyExists with the real message', async () => {
      await assert.rejects(client.create(configmaps, 'contract', cm('one')), (err: StatusError) => isAlreadyExists(err) && err.message === 'configmaps "one" already exists');
    });

    await t.test('get of a missing object is NotFound with the real message', async () => {
      await assert.rejects(client.get(deployments, 'contract', 'nope'), (err: StatusError) => isNotFound(err) && err.message === 'deployments.apps "nope" not found');
    });

    await t.test('an update with a stale resourceVersion is a Conflict', async () => {
      const current = await client.get(configmaps, 'contract', 'one');
      await client.update(configmaps, { ...current, data: { a: '2' } });
      await assert.rejects(client.update(configmaps, { ...current, data: { a: '3' } }), (err: StatusError) => isConflict(err));
    });

    await t.test('an invalid object is 422 Invalid', async () => {
      await assert.rejects(client.create(configmaps, 'contract', cm('Not_Valid')), (err: StatusError) => isInvalid(err) && err.code === 422);
    });

    await t.test('list filters by label selector and carries a resourceVersion', async () => {
      await client.create(configmaps, 'contract', cm('red', {}, { color: 'red' }));
      await client.create(configmaps, 'contract', cm('blue', {}, { color: 'blue' }));
      const list = await client.list(configmaps, 'contract', { labelSelector: 'color=red' });
      assert.deepEqual(list.items.map((i) => i.metadata.name), ['red']);
      assert.match(list.metadata.resourceVersion ?? '', /^\d+$/);
      assert.equal(list.kind, 'ConfigMapList');
    });

    await t.test('patch merges, strategic-merges and json-patches', async () => {
      await client.patch(configmaps, 'contract', 'red', 'merge', { data: { x: '1' } });
      await client.patch(configmaps, 'contract', 'red', 'strategic', { metadata: { labels: { shade: 'dark' } } });
      const patched = await client.patch(configmaps, 'contract', 'red', 'json', [{ op: 'add', path: '/data/y', value: '2' }]);
      assert.deepEqual(patched.data, { x: '1', y: '2' });
      assert.deepEqual(patched.metadata.labels, { color: 'red', shade: 'dark' });
    });

    await t.test('watch from a list revision delivers later changes in order, then stops', async () => {
      const list = await client.list(configmaps, 'contract');
      const events: WatchEvent[] = [];
      const handle = await client.watch(configmaps, 'contract', { resourceVersion: list.metadata.resourceVersion }, (e) => events.push(e));
      await client.create(configmaps, 'contract', cm('watched'));
      await client.patch(configmaps, 'contract', 'watched', 'merge', { data: { k: 'v' } });
      await client.delete(configmaps, 'contract', 'watched');
      await waitFor(() => events.length >= 3, { what: 'three watch events', timeout: 5000 });
      handle.stop();
      await handle.done;
      assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED watched', 'MODIFIED watched', 'DELETED watched']);
    });

    await t.test('watch from resourceVersion 0 starts with a synthetic ADDED per object', async () => {
      const events: WatchEvent[] = [];
      const handle = await client.watch(configmaps, 'contract', { resourceVersion: '0', labelSelector: 'color' }, (e) => events.push(e));
      await waitFor(() => events.length >= 2, { what: 'two synthetic events', timeout: 5000 });
      handle.stop();
      assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata.name}`).sort(), ['ADDED blue', 'ADDED red']);
    });

    await t.test('a watch from a revision older than the window gets 410 Expired', async () => {
      for (let i = 0; i < 6; i++) await client.patch(configmaps, 'contract', 'red', 'merge', { data: { n: String(i) } });
      const events: WatchEvent[] = [];
      const handle = await client.watch(configmaps, 'contract', { resourceVersion: '1' }, (e) => events.push(e));
      await handle.done;
      assert.equal(events.length, 1);
      assert.equal(events[0].type, 'ERROR');
      assert.equal((events[0].object as unknown as { code: number }).code, 410);
    });

    await t.test('delete returns the last state and the object is gone', async () => {
      const deleted = await client.delete(configmaps, 'contract', 'blue');
      assert.equal(deleted.metadata.name, 'blue');
      await assert.rejects(client.get(configmaps, 'contract', 'blue'), isNotFound);
    });
  });
}
