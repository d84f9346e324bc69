import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { accessModes, persistentVolumePrinter } from '../../../../shared/printers/persistentvolumes.js';

const now = Date.parse('2024-01-01T12:00:00Z');

describe('PV ACCESS MODES', () => {
  const cases: { name: string; given: string[]; want: string }[] = [
    { name: 'abbreviates ReadWriteOnce', given: ['ReadWriteOnce'], want: 'RWO' },
    { name: 'keeps the fixed order and drops duplicates', given: ['ReadWriteOncePod', 'ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOnce', 'ReadWriteOnce'], want: 'RWO,ROX,RWX,RWOP' },
    { name: 'prints nothing for no modes', given: [], want: '' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(accessModes(c.given), c.want));
  }
});

describe('persistentVolumePrinter', () => {
  const pv = (extra: Partial<KubeObject> = {}): KubeObject => ({
    metadata: { name: 'pv-1', creationTimestamp: '2024-01-01T11:00:00Z', ...extra.metadata },
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'standard', claimRef: { namespace: 'default', name: 'data' }, volumeMode: 'Filesystem' },
    status: { phase: 'Bound' },
  });

  it('declares the PV columns with VOLUMEMODE wide', () => {
    assert.deepEqual(
      persistentVolumePrinter.columns.map((c) => `${c.name}:${c.priority}`),
      ['Name:0', 'Capacity:0', 'Access Modes:0', 'Reclaim Policy:0', 'Status:0', 'Claim:0', 'StorageClass:0', 'VolumeAttributesClass:0', 'Reason:0', 'Age:0', 'VolumeMode:1'],
    );
  });

  it('prints a bound volume', () => {
    assert.deepEqual(persistentVolumePrinter.cells(pv(), now), ['pv-1', '1Gi', 'RWO', 'Delete', 'Bound', 'default/data', 'standard', '<unset>', '', '60m', 'Filesystem']);
  });

  it('prints Terminating while the volume is being deleted', () => {
    assert.equal(persistentVolumePrinter.cells(pv({ metadata: { deletionTimestamp: '2024-01-01T12:00:00Z' } }), now)[4], 'Terminating');
  });
});
