import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNotFound } from '../../../../shared/api/errors.js';
import { NamespaceController } from '../../../../daemon/controllers/namespace.js';
import { startApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const namespaces = { group: '', version: 'v1', resource: 'namespaces' };
const configmaps = { group: '', version: 'v1', resource: 'configmaps' };
const pods = { group: '', version: 'v1', resource: 'pods' };

test('deletes everything in a terminating namespace, then the namespace itself', async (t) => {
  const api = await startApi(t);
  const controller = NamespaceController.fromContext(api);
  await api.client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab' } });
  await api.client.create(configmaps, 'lab', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
  await api.client.create(pods, 'lab', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  await api.syncInformers();
  const deleting = await api.client.delete(namespaces, undefined, 'lab');
  assert.equal(deleting.status.phase, 'Terminating');
  await waitFor(() => api.informers.informerFor(namespaces).get('lab')?.metadata.deletionTimestamp, { what: 'the informer to see the deletion' });
  await controller.sync('lab');
  await assert.rejects(api.client.get(namespaces, undefined, 'lab'), isNotFound);
  assert.deepEqual((await api.client.list(configmaps, 'lab')).items, []);
  assert.deepEqual((await api.client.list(pods, 'lab')).items, []);
});

test('waits while a pod is still terminating on its node, and says what remains', async (t) => {
  const api = await startApi(t);
  const controller = NamespaceController.fromContext(api);
  await api.client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab' } });
  await api.client.create(pods, 'lab', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'nginx' }] } });
  await api.syncInformers();
  await api.client.delete(namespaces, undefined, 'lab');
  await waitFor(() => api.informers.informerFor(namespaces).get('lab')?.metadata.deletionTimestamp, { what: 'the informer to see the deletion' });
  await controller.sync('lab');
  const ns = await api.client.get(namespaces, undefined, 'lab');
  const remaining = ns.status.conditions.find((c: { type: string }) => c.type === 'NamespaceContentRemaining');
  assert.deepEqual({ status: remaining.status, reason: remaining.reason, message: remaining.message }, {
    status: 'True',
    reason: 'SomeResourcesRemain',
    message: 'Some resources are remaining: pods has 1 resource instances',
  });
  // The kubelet finishes the pod (delete with grace 0); the next sync finalizes the namespace.
  await api.client.delete(pods, 'lab', 'p', { gracePeriodSeconds: 0 });
  await waitFor(() => api.informers.informerFor(namespaces).get('lab')?.status?.conditions, { what: 'the conditions in the cache' });
  await controller.sync('lab');
  await assert.rejects(api.client.get(namespaces, undefined, 'lab'), isNotFound);
});
