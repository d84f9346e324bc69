import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNotFound } from '../../../../shared/api/errors.js';
import { ServiceAccountController } from '../../../../daemon/controllers/serviceaccount.js';
import { startApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const namespaces = { group: '', version: 'v1', resource: 'namespaces' };
const serviceAccounts = { group: '', version: 'v1', resource: 'serviceaccounts' };
const events = { group: '', version: 'v1', resource: 'events' };

test('gives every Active namespace a default ServiceAccount, the system ones included', async (t) => {
  const api = await startApi(t);
  const controller = ServiceAccountController.fromContext(api);
  await api.client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab' } });
  await api.syncInformers();
  assert.deepEqual((await drain(controller.queue)).sort(), ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'lab']);
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'lab']) await controller.sync(ns);

  const sa = await api.client.get(serviceAccounts, 'lab', 'default');
  assert.equal(sa.kind, 'ServiceAccount');
  assert.equal(sa.secrets, undefined, 'no token Secret since 1.24: kubectl shows SECRETS 0');
  const all = await api.client.list(serviceAccounts, undefined);
  assert.deepEqual(all.items.map((s) => `${s.metadata.namespace}/${s.metadata.name}`).sort(), ['default/default', 'kube-node-lease/default', 'kube-public/default', 'kube-system/default', 'lab/default']);
  assert.deepEqual((await api.client.list(events, undefined)).items, [], 'the real controller records no events');
});

test('recreates the default ServiceAccount when it is deleted', async (t) => {
  const api = await startApi(t);
  const controller = ServiceAccountController.fromContext(api);
  await api.syncInformers();
  await controller.sync('default');
  const first = await api.client.get(serviceAccounts, 'default', 'default');
  await waitFor(() => api.informers.informerFor(serviceAccounts).get('default/default'), { what: 'the account in the cache' });
  await drain(controller.queue);

  await api.client.delete(serviceAccounts, 'default', 'default');
  await waitFor(() => !api.informers.informerFor(serviceAccounts).get('default/default'), { what: 'the deletion in the cache' });
  assert.deepEqual(await drain(controller.queue), ['default']);
  await controller.sync('default');
  const again = await api.client.get(serviceAccounts, 'default', 'default');
  assert.notEqual(again.metadata.uid, first.metadata.uid);
});

test('creates nothing in a terminating namespace', async (t) => {
  const api = await startApi(t);
  const controller = ServiceAccountController.fromContext(api);
  await api.client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab' } });
  await api.client.delete(namespaces, undefined, 'lab');
  await api.syncInformers();
  await controller.sync('lab');
  await assert.rejects(api.client.get(serviceAccounts, 'lab', 'default'), isNotFound);
});

/** Takes every queued key, as a worker would, and returns them. */
async function drain(queue: ServiceAccountController['queue']): Promise<string[]> {
  const keys: string[] = [];
  while (queue.len() > 0) {
    const key = (await queue.get())!;
    keys.push(key);
    queue.done(key);
  }
  return keys;
}
