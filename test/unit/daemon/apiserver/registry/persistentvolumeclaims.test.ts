import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { persistentVolumeClaimStrategy } from '../../../../../daemon/apiserver/registry/persistentvolumeclaims.js';
import { create, update } from './run-strategy.js';

function pvc(spec: object): object {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'pvc-db' }, spec };
}

const valid = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };

describe('PersistentVolumeClaim', () => {
  it('defaults volumeMode and starts Pending', () => {
    const { obj, errors } = create(persistentVolumeClaimStrategy, pvc(valid));
    assert.deepEqual(errors, []);
    assert.equal(obj.spec.volumeMode, 'Filesystem');
    assert.deepEqual(obj.status, { phase: 'Pending' });
  });

  it('requires access modes and a storage request', () => {
    assert.deepEqual(create(persistentVolumeClaimStrategy, pvc({})).errors, ['spec.accessModes: Required value: at least 1 access mode is required', 'spec.resources[storage]: Required value']);
  });

  it('allows setting the class once when it was unset, and nothing else', () => {
    const stored = create(persistentVolumeClaimStrategy, pvc(valid)).obj;
    assert.deepEqual(update(persistentVolumeClaimStrategy, stored, (o) => (o.spec.storageClassName = 'standard')).errors, []);
    assert.deepEqual(update(persistentVolumeClaimStrategy, stored, (o) => (o.spec.accessModes = ['ReadWriteMany'])).errors, [
      'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n' +
        '  core.PersistentVolumeClaimSpec{\n- \tAccessModes: ["ReadWriteOnce"],\n+ \tAccessModes: ["ReadWriteMany"],\n  }\n',
    ]);
  });
});
