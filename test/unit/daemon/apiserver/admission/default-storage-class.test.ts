import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApi } from '../../../../helpers/api.js';

const claims = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };
const classes = { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' };
const spec = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };

test('a claim created without a class gets the default one in the create response; "" and a named class stay', async (t) => {
  const api = await startApi(t);
  const created = await api.client.create(claims, 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec });
  assert.equal(created.spec.storageClassName, 'standard');
  const none = await api.client.create(claims, 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'static' }, spec: { ...spec, storageClassName: '' } });
  assert.equal(none.spec.storageClassName, '');
  const named = await api.client.create(claims, 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'fast' }, spec: { ...spec, storageClassName: 'fast' } });
  assert.equal(named.spec.storageClassName, 'fast');
});

test('with no default class a claim keeps no class', async (t) => {
  const api = await startApi(t);
  await api.client.delete(classes, undefined, 'standard');
  const created = await api.client.create(claims, 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec });
  assert.equal(created.spec.storageClassName, undefined);
});
