import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { persistentVolumeStrategy } from '../../../../../daemon/apiserver/registry/persistentvolumes.js';
import { create, testTime, update } from './run-strategy.js';

function pv(spec: object): object {
  return { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-data' }, spec };
}

describe('PersistentVolume', () => {
  it('defaults to Retain and Filesystem and starts Pending', () => {
    const { obj, errors } = create(persistentVolumeStrategy, pv({ accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, hostPath: { path: '/data' } }), false);
    assert.deepEqual(errors, []);
    assert.equal(obj.spec.persistentVolumeReclaimPolicy, 'Retain');
    assert.equal(obj.spec.volumeMode, 'Filesystem');
    assert.deepEqual(obj.spec.hostPath, { path: '/data', type: '' });
    assert.deepEqual(obj.status, { phase: 'Pending', lastPhaseTransitionTime: testTime });
  });

  const cases: { name: string; given: object; want: string[] }[] = [
    {
      name: 'requires access modes, capacity and a volume source',
      given: pv({}),
      want: ['spec.accessModes: Required value', 'spec.capacity: Required value', 'spec.capacity: Unsupported value: core.ResourceList{…}: supported values: "storage"', 'spec: Required value: must specify a volume type'],
    },
    {
      name: 'rejects an unknown access mode',
      given: pv({ accessModes: ['ReadWriteAll'], capacity: { storage: '1Gi' }, hostPath: { path: '/data' } }),
      want: ['spec.accessModes: Unsupported value: "ReadWriteAll": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"'],
    },
  ];
  for (const { name, given, want } of cases) it(name, () => assert.deepEqual(create(persistentVolumeStrategy, given, false).errors, want));

  it('keeps the volume mode immutable', () => {
    const stored = create(persistentVolumeStrategy, pv({ accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, hostPath: { path: '/data' } }), false).obj;
    assert.deepEqual(update(persistentVolumeStrategy, stored, (o) => (o.spec.volumeMode = 'Block'), false).errors, ['volumeMode: Invalid value: "Block": field is immutable']);
  });
});
