import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { persistentVolumeClaimPrinter } from '../../../../shared/printers/persistentvolumeclaims.js';

const now = Date.parse('2024-01-01T12:00:00Z');

function claim(volumeName: string | undefined, phase: string): KubeObject {
  return {
    metadata: { name: 'data', namespace: 'default', creationTimestamp: '2024-01-01T11:59:30Z' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard', volumeMode: 'Filesystem', ...(volumeName ? { volumeName } : {}) },
    status: { phase, ...(volumeName ? { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } : {}) },
  };
}

describe('persistentVolumeClaimPrinter', () => {
  it('declares the PVC columns with VOLUMEMODE wide', () => {
    assert.deepEqual(
      persistentVolumeClaimPrinter.columns.map((c) => `${c.name}:${c.priority}`),
      ['Name:0', 'Status:0', 'Volume:0', 'Capacity:0', 'Access Modes:0', 'StorageClass:0', 'VolumeAttributesClass:0', 'Age:0', 'VolumeMode:1'],
    );
  });

  const cases: { name: string; given: KubeObject; want: unknown[] }[] = [
    { name: 'leaves CAPACITY and ACCESS MODES empty while Pending', given: claim(undefined, 'Pending'), want: ['data', 'Pending', '', '', '', 'standard', '<unset>', '30s', 'Filesystem'] },
    { name: 'prints capacity and modes once bound', given: claim('pvc-1234', 'Bound'), want: ['data', 'Bound', 'pvc-1234', '1Gi', 'RWO', 'standard', '<unset>', '30s', 'Filesystem'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(persistentVolumeClaimPrinter.cells(c.given, now), c.want));
  }
});
