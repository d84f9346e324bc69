import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storageClassStrategy } from '../../../../../daemon/apiserver/registry/storageclasses.js';
import { create, update } from './run-strategy.js';

const standard = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'rancher.io/local-path' };

describe('StorageClass', () => {
  it('defaults reclaimPolicy Delete and volumeBindingMode Immediate', () => {
    const { obj, errors } = create(storageClassStrategy, standard, false);
    assert.deepEqual(errors, []);
    assert.deepEqual([obj.reclaimPolicy, obj.volumeBindingMode], ['Delete', 'Immediate']);
  });

  it('requires a provisioner', () => {
    assert.deepEqual(create(storageClassStrategy, { metadata: { name: 'x' } }, false).errors, ['provisioner: Required value']);
  });

  it('forbids changing the provisioner', () => {
    const stored = create(storageClassStrategy, standard, false).obj;
    assert.deepEqual(update(storageClassStrategy, stored, (o) => (o.provisioner = 'example.com/nfs'), false).errors, ['provisioner: Forbidden: updates to provisioner are forbidden.']);
  });
});
